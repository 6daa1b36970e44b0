"""Jobs and internships (API.md sections 4, 10 and 12) over HTTP. One postings module serves both
functions, so every test runs against each board (the `board` fixture): postings that admins write
and anyone reads, search and filters, pages, and users' applications."""
import random
import string
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import Client, assert_error, register

POSTING_KEYS = {"id", "title", "description", "company", "location", "posted_date"}
PASSWORD = "correct horse battery"
MISSING = 999_999_999_999


class Board:
    """The paths and names of one board: `jobs` (`job_id`) or `internships` (`internship_id`)."""

    def __init__(self, plural, singular):
        self.plural, self.singular = plural, singular
        self.collection = f"/api/{plural}/"
        self.id_field = singular + "_id"

    def __repr__(self):
        return self.plural

    def item(self, posting_id):
        return f"{self.collection}{posting_id}/"

    def applications(self, user_id):
        return f"/api/users/{user_id}/{self.plural}/"

    def application(self, user_id, posting_id):
        return f"{self.applications(user_id)}{posting_id}/"


@pytest.fixture(params=[Board("jobs", "job"), Board("internships", "internship")], ids=repr)
def board(request):
    return request.param


def word():
    """A made-up word no other posting contains: search hits and filters belong to one test."""
    return "zq" + "".join(random.choice(string.ascii_lowercase) for _ in range(10))


def new_posting(boss, board, title="Swift developer", description="Build and run our services.", company="Acme",
                location="Remote"):
    r = boss.post(board.collection, {"title": title, "description": description, "company": company,
                                     "location": location})
    assert r.status_code == 201, r.text
    return r.json()


def apply(client, board, user_id, posting_id, **extra):
    return client.post(board.applications(user_id), {board.id_field: posting_id, **extra})


def user_id(body):
    return body["user"]["id"]


def walk(client, path):
    """Every id of a paginated list, following `next`; asserts no page repeats an id."""
    seen, r = [], client.get(path)
    while True:
        assert r.status_code == 200, r.text
        body = r.json()
        assert set(body) == {"results", "next"}
        seen += [item["id"] for item in body["results"]]
        if body["next"] is None:
            break
        r = client.get(body["next"])
    assert len(seen) == len(set(seen)), seen
    return seen


# --- postings: admins write, anyone reads --------------------------------------------------------

def test_admin_posts_and_anyone_reads(client, user, admin, board):
    boss, _ = admin
    me, _ = user
    r = boss.post(board.collection, {"title": "  Backend engineer ", "description": "Swift on Linux.", "company": " Acme ",
                                     "location": "Berlin", "id": 5, "posted_date": "2001-01-01T00:00:00.000Z",
                                     "applications_count": 7})
    assert r.status_code == 201, r.text
    posting = r.json()
    assert set(posting) == POSTING_KEYS | {"applications_count"}
    assert posting["title"] == "Backend engineer" and posting["company"] == "Acme" and posting["location"] == "Berlin"
    assert posting["applications_count"] == 0 and posting["id"] != 5
    assert posting["posted_date"].endswith("Z") and len(posting["posted_date"]) == 24
    assert not posting["posted_date"].startswith("2001")
    public = {k: v for k, v in posting.items() if k != "applications_count"}
    assert client.get(board.item(posting["id"])).json() == public          # the count is for admins only
    assert me.get(board.item(posting["id"])).json() == public
    assert client.get(board.item(posting["id"]).rstrip("/")).json() == public  # the trailing slash is optional
    assert boss.get(board.item(posting["id"])).json() == posting


def test_only_admins_write_postings_in_the_order_of_checks(client, user, admin, board):
    me, _ = user
    boss, _ = admin
    posting = new_posting(boss, board)
    path = board.item(posting["id"])
    body = {"title": "t", "description": "d", "company": "c", "location": "l"}
    assert_error(client.post(board.collection, body), 401, "not_authenticated")
    assert_error(me.post(board.collection, body), 403, "forbidden")
    assert_error(me.post(board.collection, {}), 403, "forbidden")                  # 403 before 400
    assert_error(client.put(path, body), 401, "not_authenticated")
    assert_error(client.delete(board.item(MISSING)), 401, "not_authenticated")    # 401 before 404
    assert_error(me.put(board.item(MISSING), {}), 404, "not_found")               # 404 before 403
    assert_error(me.delete(board.item(MISSING)), 404, "not_found")
    assert_error(me.put(path, {}), 403, "forbidden")                               # 403 before 400
    assert_error(me.put(path, body), 403, "forbidden")
    assert_error(me.delete(path), 403, "forbidden")
    assert client.get(path).json()["title"] == posting["title"]


def test_unsupported_methods_are_405_first(client, user, board):
    me, body = user
    for method, path, allowed in [
        ("PATCH", board.item(MISSING), {"GET", "PUT", "DELETE"}),
        ("DELETE", board.collection, {"GET", "POST"}),
        ("PUT", board.applications(MISSING), {"GET", "POST"}),
        ("PUT", board.application(MISSING, MISSING), {"GET", "DELETE"}),
        ("POST", board.application(user_id(body), MISSING), {"GET", "DELETE"}),
    ]:
        for caller in (client, me):  # 405 before 401, 404 and 403
            r = caller.request(method, path, json_body={})
            assert_error(r, 405, "method_not_allowed")
            assert set(r.headers["Allow"].replace(" ", "").split(",")) == allowed


def test_a_sent_token_must_be_valid_even_on_public_reads(client, board):
    r = client.get(board.collection, token="not-a-token")
    assert_error(r, 401, "token_invalid")
    assert r.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("body,fields", [
    ({}, {"title", "description", "company", "location"}),
    ({"title": "", "description": "d", "company": "c", "location": "l"}, {"title"}),
    ({"title": "t", "description": "  ", "company": "c", "location": "l"}, {"description"}),
    ({"title": "x" * 201, "description": "d" * 10_001, "company": "c" * 201, "location": "l" * 201},
     {"title", "description", "company", "location"}),
    ({"title": 5, "description": ["d"], "company": None, "location": True}, {"title", "description", "company", "location"}),
    ({"title": "t\u0000", "description": "d", "company": "c", "location": "l"}, {"title"}),
])
def test_posting_validation(admin, board, body, fields):
    boss, _ = admin
    assert_error(boss.post(board.collection, body), 400, "validation_failed", fields=fields)


def test_posting_limits_are_inclusive_and_bad_bodies_are_enveloped(admin, board):
    boss, _ = admin
    posting = new_posting(boss, board, "x" * 200, "d" * 10_000, "c" * 200, "l" * 200)
    assert len(posting["title"]) == 200 and len(posting["description"]) == 10_000
    r = boss.request("POST", board.collection, data="{not json", headers={"Content-Type": "application/json"})
    assert_error(r, 400, "invalid_json")
    r = boss.request("POST", board.collection, data="title=t", headers={"Content-Type": "text/plain"})
    assert_error(r, 415, "unsupported_media_type")


def test_put_replaces_every_field_and_keeps_the_date_and_applications(user, admin, board):
    me, body = user
    boss, _ = admin
    posting = new_posting(boss, board)
    path = board.item(posting["id"])
    assert apply(me, board, user_id(body), posting["id"]).status_code == 201
    assert_error(boss.put(path, {"title": "Only a title"}), 400, "validation_failed",
                 fields={"description", "company", "location"})
    r = boss.put(path, {"title": "Renamed", "description": "New", "company": "Initech", "location": "Paris",
                        "posted_date": "2001-01-01T00:00:00.000Z", "applications_count": 0})
    assert r.status_code == 200
    assert r.json() == posting | {"title": "Renamed", "description": "New", "company": "Initech", "location": "Paris",
                                  "applications_count": 1}
    assert me.get(board.application(user_id(body), posting["id"])).json()[board.singular]["title"] == "Renamed"


def test_deleting_a_posting_deletes_its_applications(client, user, admin, board):
    me, body = user
    boss, _ = admin
    posting = new_posting(boss, board)
    assert apply(me, board, user_id(body), posting["id"]).status_code == 201
    r = boss.delete(board.item(posting["id"]))
    assert r.status_code == 204 and r.content == b""
    assert_error(client.get(board.item(posting["id"])), 404, "not_found")
    assert_error(boss.delete(board.item(posting["id"])), 404, "not_found")
    assert_error(me.get(board.application(user_id(body), posting["id"])), 404, "not_found")
    assert me.get(board.applications(user_id(body))).json() == {"results": [], "next": None}


def test_missing_and_non_canonical_ids_are_404(client, board):
    for path in [board.item(MISSING), f"{board.collection}01/", f"{board.collection}abc/", f"{board.collection}0/"]:
        assert_error(client.get(path), 404, "not_found")


# --- list: filters, search, pages ----------------------------------------------------------------

def test_list_is_newest_first(client, admin, board):
    boss, _ = admin
    ids = [new_posting(boss, board)["id"] for _ in range(3)]
    r = client.get(board.collection + "?limit=100")
    assert r.status_code == 200
    results = r.json()["results"]
    assert all(set(p) == POSTING_KEYS for p in results)
    listed = [p["id"] for p in results]
    assert listed == sorted(listed, reverse=True) and listed[:3] == ids[::-1]
    assert all("applications_count" in p for p in boss.get(board.collection + "?limit=5").json()["results"])


def test_company_and_location_match_exactly_ignoring_case_and_combine(client, admin, board):
    boss, _ = admin
    company = "Acme " + word()
    berlin = [new_posting(boss, board, company=company, location="Berlin")["id"] for _ in range(3)]
    remote = [new_posting(boss, board, company=company, location="Remote")["id"] for _ in range(2)]
    longer = new_posting(boss, board, company=company + " Corp", location="Berlin")["id"]
    ids = lambda query: [p["id"] for p in client.get(board.collection + "?" + query).json()["results"]]
    assert ids(f"company={company.upper()}") == (berlin + remote)[::-1]     # exact, ignoring case
    assert ids(f"company=%20{company.lower()}%20") == (berlin + remote)[::-1]  # surrounding spaces ignored
    assert ids(f"company={company}&location=BERLIN") == berlin[::-1]         # AND
    assert ids(f"company={company}%20corp&location=berlin") == [longer]
    assert ids(f"company={company}&location=Paris") == []
    assert ids(f"company={company[:-1]}") == []                               # not a prefix match
    assert len(ids("company=&location=&search=&limit=3")) == 3                # blank is no filter


def test_filtered_pages_repeat_the_filters_and_have_no_gaps_or_repeats(client, admin, board):
    boss, _ = admin
    company = word()
    ids = [new_posting(boss, board, company=company, location="Lyon")["id"] for _ in range(5)]
    seen, added = [], []
    r = client.get(f"{board.collection}?company={company}&location=lyon&limit=2").json()
    while True:
        seen += [p["id"] for p in r["results"]]
        added.append(new_posting(boss, board, company=company, location="Lyon")["id"])  # newer: not in this walk
        if not r["next"]:
            break
        assert r["next"].startswith(board.collection + "?") and "limit=2" in r["next"]
        assert f"company={company}" in r["next"] and "location=lyon" in r["next"]
        r = client.get(r["next"]).json()
    assert seen == ids[::-1]
    assert walk(client, f"{board.collection}?company={company}&limit=3") == sorted(ids + added, reverse=True)


def test_search_needs_every_word_with_english_stemming(client, admin, board):
    boss, _ = admin
    w = word()
    engineer = new_posting(boss, board, title=f"Senior {w} engineer", description="Servers in Swift.")["id"]
    designer = new_posting(boss, board, title="Designer", description=f"Design the {w} app.")["id"]
    hits = lambda q: [p["id"] for p in client.get(f"{board.collection}?search={q}").json()["results"]]
    assert set(hits(w)) == {engineer, designer}
    assert hits(f"{w}+engineers") == [engineer]        # stemming: "engineers" finds "engineer"
    assert hits(f"{w}+engineering") == [engineer]
    assert hits(f"{w}+gardener") == []                 # every word must match
    assert hits(word()) == []                          # a miss
    assert set(hits(f"%20{w.upper()}%20")) == {engineer, designer}


def test_search_covers_the_company_ranks_by_relevance_then_newest_and_combines(client, admin, board):
    boss, _ = admin
    w = word()
    in_description = [new_posting(boss, board, title="Developer", description=f"Join {w} today.")["id"] for _ in range(2)]
    in_company = new_posting(boss, board, title="Developer", company=f"{w} Labs", location="Oslo")["id"]
    in_title = [new_posting(boss, board, title=f"{w} developer")["id"] for _ in range(2)]
    results = client.get(f"{board.collection}?search={w}").json()["results"]
    assert [p["id"] for p in results] == in_title[::-1] + [in_company] + in_description[::-1]
    assert walk(client, f"{board.collection}?search={w}&limit=2") == [p["id"] for p in results]
    r = client.get(f"{board.collection}?search={w}&company={w}+labs&location=oslo").json()
    assert [p["id"] for p in r["results"]] == [in_company]


@pytest.mark.parametrize("query,field", [
    ("limit=0", "limit"), ("limit=101", "limit"), ("limit=x", "limit"), ("cursor=bogus", "cursor"),
    ("search=" + "a" * 201, "search"), ("company=" + "a" * 201, "company"), ("location=" + "a" * 201, "location"),
    ("company=a%00b", "company"), ("search=a%00", "search"),
])
def test_list_bad_parameters_are_400(client, board, query, field):
    assert_error(client.get(board.collection + "?" + query), 400, "validation_failed", fields={field})


def test_an_edited_cursor_is_400(client, admin, board):
    boss, _ = admin
    company = word()
    for _ in range(2):
        new_posting(boss, board, company=company)
    nxt = client.get(f"{board.collection}?company={company}&limit=1").json()["next"]
    cursor = nxt.split("cursor=")[1].split("&")[0]
    payload, mac = cursor.split(".")
    forged = payload[:-1] + ("A" if payload[-1] != "A" else "B") + "." + mac
    assert_error(client.get(f"{board.collection}?company={company}&limit=1&cursor={forged}"), 400, "validation_failed")
    other = "internships" if board.plural == "jobs" else "jobs"
    assert_error(client.get(f"/api/{other}/?cursor={cursor}"), 400, "validation_failed")  # another list's cursor


# --- applications ----------------------------------------------------------------------------------

def test_apply_read_withdraw_and_apply_again(user, admin, board):
    me, body = user
    boss, _ = admin
    posting = new_posting(boss, board)
    uid = user_id(body)
    r = apply(me, board, uid, posting["id"], cover_letter="  I would love to.  ", applied_date="2001-01-01T00:00:00.000Z")
    assert r.status_code == 201, r.text
    application = r.json()
    assert set(application) == {board.singular, "applied_date", "cover_letter"}
    assert application[board.singular] == {k: v for k, v in posting.items() if k != "applications_count"}
    assert application["cover_letter"] == "I would love to."
    assert application["applied_date"].endswith("Z") and not application["applied_date"].startswith("2001")
    path = board.application(uid, posting["id"])
    assert me.get(path).json() == application
    assert me.get(board.applications(uid)).json() == {"results": [application], "next": None}
    assert boss.get(board.item(posting["id"])).json()["applications_count"] == 1
    assert_error(apply(me, board, uid, posting["id"]), 409, "conflict")             # twice
    r = me.delete(path)
    assert r.status_code == 204 and r.content == b""
    assert_error(me.get(path), 404, "not_found")                                    # not applied (any more)
    assert_error(me.delete(path), 404, "not_found")
    assert boss.get(board.item(posting["id"])).json()["applications_count"] == 0
    again = apply(me, board, uid, posting["id"])
    assert again.status_code == 201 and again.json()["cover_letter"] == ""          # re-applying is 201
    assert again.json()["applied_date"] >= application["applied_date"]


def test_twenty_concurrent_applications_give_exactly_one_201(user, admin, board):
    _, body = user
    boss, _ = admin
    posting = new_posting(boss, board)
    token = user_id(body), body["access"]

    def one(_):
        return apply(Client(token=token[1]), board, token[0], posting["id"]).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = sorted(pool.map(one, range(20)))
    assert statuses == [201] + [409] * 19, statuses
    assert boss.get(board.item(posting["id"])).json()["applications_count"] == 1
    assert len(boss.get(board.applications(token[0])).json()["results"]) == 1


def test_another_users_applications_are_403_even_for_ids_that_do_not_exist(client, user, admin, board):
    me, body = user
    other, other_body = register()
    boss, _ = admin
    posting = new_posting(boss, board)
    assert apply(me, board, user_id(body), posting["id"]).status_code == 201
    for owner in (user_id(body), MISSING):
        assert_error(other.get(board.applications(owner)), 403, "forbidden")
        assert_error(other.post(board.applications(owner), {}), 403, "forbidden")      # 403 before 400
        assert_error(apply(other, board, owner, posting["id"]), 403, "forbidden")
        assert_error(other.get(board.application(owner, posting["id"])), 403, "forbidden")
        assert_error(other.get(board.application(owner, MISSING)), 403, "forbidden")
        assert_error(other.delete(board.application(owner, posting["id"])), 403, "forbidden")
    for method in ("GET", "POST"):
        assert_error(client.request(method, board.applications(user_id(body)), json_body={}), 401, "not_authenticated")
    for method in ("GET", "DELETE"):
        assert_error(client.request(method, board.application(MISSING, MISSING)), 401, "not_authenticated")
    assert me.get(board.application(user_id(body), posting["id"])).status_code == 200  # untouched
    assert other.get(board.applications(user_id(other_body))).json() == {"results": [], "next": None}


def test_an_admin_applies_reads_and_withdraws_for_anyone(user, admin, board):
    me, body = user
    boss, _ = admin
    posting = new_posting(boss, board)
    uid = user_id(body)
    r = apply(boss, board, uid, posting["id"], cover_letter="Referred by the team.")
    assert r.status_code == 201
    assert r.json()[board.singular]["applications_count"] == 1                    # the admin's view of the posting
    assert "applications_count" not in me.get(board.application(uid, posting["id"])).json()[board.singular]
    assert [a[board.singular]["id"] for a in boss.get(board.applications(uid)).json()["results"]] == [posting["id"]]
    assert boss.get(board.application(uid, posting["id"])).json()["cover_letter"] == "Referred by the team."
    assert_error(apply(me, board, uid, posting["id"]), 409, "conflict")
    assert boss.delete(board.application(uid, posting["id"])).status_code == 204
    assert_error(me.get(board.application(uid, posting["id"])), 404, "not_found")


def test_unknown_users_and_postings_are_404_for_an_admin(user, admin, board):
    me, body = user
    boss, _ = admin
    posting = new_posting(boss, board)
    assert_error(boss.get(board.applications(MISSING)), 404, "not_found")
    assert_error(boss.post(board.applications(MISSING), {}), 404, "not_found")               # 404 before 400
    assert_error(apply(boss, board, MISSING, posting["id"]), 404, "not_found")
    assert_error(boss.get(board.application(MISSING, posting["id"])), 404, "not_found")
    assert_error(boss.delete(board.application(MISSING, posting["id"])), 404, "not_found")
    assert_error(me.get(board.application(user_id(body), MISSING)), 404, "not_found")        # never applied
    assert_error(me.get(board.application(user_id(body), posting["id"])), 404, "not_found")
    assert_error(me.delete(board.application(user_id(body), posting["id"])), 404, "not_found")


@pytest.mark.parametrize("extra,field", [
    ({}, "posting"), ({"posting": "7"}, "posting"), ({"posting": 0}, "posting"), ({"posting": 1.5}, "posting"),
    ({"posting": MISSING}, "posting"), ({"cover_letter": "x" * 5_001}, "cover_letter"),
    ({"cover_letter": None}, "cover_letter"), ({"cover_letter": 3}, "cover_letter"),
    ({"cover_letter": "a\u0000"}, "cover_letter"),
])
def test_application_validation(user, admin, board, extra, field):
    me, body = user
    boss, _ = admin
    posting = new_posting(boss, board)
    payload = {board.id_field: posting["id"]}
    payload.update({(board.id_field if k == "posting" else k): v for k, v in extra.items()})
    if extra == {}:
        payload = {}
    expected = board.id_field if field == "posting" else field
    assert_error(me.post(board.applications(user_id(body)), payload), 400, "validation_failed", fields={expected})


def test_a_cover_letter_of_5000_characters_is_accepted(user, admin, board):
    me, body = user
    boss, _ = admin
    posting = new_posting(boss, board)
    r = apply(me, board, user_id(body), posting["id"], cover_letter="x" * 5_000)
    assert r.status_code == 201 and len(r.json()["cover_letter"]) == 5_000


def test_a_users_applications_are_newest_first_and_paginated(user, admin, board):
    me, body = user
    boss, _ = admin
    postings = [new_posting(boss, board)["id"] for _ in range(5)]
    for posting_id in postings:
        assert apply(me, board, user_id(body), posting_id).status_code == 201
    seen, r = [], me.get(board.applications(user_id(body)) + "?limit=2")
    while True:
        assert r.status_code == 200
        page = r.json()
        seen += [a[board.singular]["id"] for a in page["results"]]
        if page["next"] is None:
            break
        assert page["next"].startswith(board.applications(user_id(body)) + "?")
        r = me.get(page["next"])
    assert seen == postings[::-1]
    assert_error(me.get(board.applications(user_id(body)) + "?limit=0"), 400, "validation_failed", fields={"limit"})


def test_deleting_a_user_deletes_their_applications(admin, board):
    boss, _ = admin
    me, body = register()
    posting = new_posting(boss, board)
    assert apply(me, board, user_id(body), posting["id"]).status_code == 201
    assert boss.get(board.item(posting["id"])).json()["applications_count"] == 1
    assert me.delete("/api/auth/user/", {"password": PASSWORD}).status_code == 204
    assert boss.get(board.item(posting["id"])).json()["applications_count"] == 0
    assert_error(boss.get(board.applications(user_id(body))), 404, "not_found")


def test_the_boards_are_separate(user, admin):
    """A job id is not an internship id: each function has its own postings and applications."""
    me, body = user
    boss, _ = admin
    jobs, internships = Board("jobs", "job"), Board("internships", "internship")
    job = new_posting(boss, jobs, company="Only jobs " + word())
    assert apply(me, jobs, user_id(body), job["id"]).status_code == 201
    assert me.get(internships.applications(user_id(body))).json()["results"] == []
    assert client_ids(me, internships, job["company"]) == []


def client_ids(client, board, company):
    return [p["id"] for p in client.get(f"{board.collection}?company={company}").json()["results"]]
