"""Accounts, tokens and sessions over HTTP."""
import base64
import hashlib
import json
import os
import subprocess
import threading
import time

import pytest

from conftest import BIN_DIR, Client, assert_error, register, unique

PASSWORD = "correct horse battery"


def jwt_parts(token):
    header, payload, _ = token.split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)
    return json.loads(base64.urlsafe_b64decode(pad(header))), json.loads(base64.urlsafe_b64decode(pad(payload)))


def forge(claims, secret=None, alg="HS256"):
    """A token with chosen claims; signed with the stack's secret when given."""
    import hmac
    enc = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
    header = enc(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    payload = enc(json.dumps(claims).encode())
    if alg == "none":
        return header + "." + payload + "."
    key = (secret or os.environ["JWT_SECRET"]).encode()
    sig = hmac.new(key, (header + "." + payload).encode(), hashlib.sha256).digest()
    return header + "." + payload + "." + enc(sig)


# --- register -----------------------------------------------------------------------------------

def test_register_returns_user_and_tokens(client):
    name = unique()
    r = client.post("/api/auth/register/", {"username": name, "email": name.upper() + "@Example.com", "password": PASSWORD})
    assert r.status_code == 201
    body = r.json()
    user = body["user"]
    assert set(user) == {"id", "username", "email", "is_admin", "date_joined", "last_login"}
    assert user["username"] == name and user["email"] == name.upper() + "@Example.com"
    assert user["is_admin"] is False
    assert user["date_joined"].endswith("Z") and len(user["date_joined"]) == 24
    assert user["last_login"] is not None
    header, claims = jwt_parts(body["access"])
    assert header["alg"] == "HS256"
    assert claims["typ"] == "access" and claims["sub"] == str(user["id"]) and claims["sid"]
    assert claims["exp"] - claims["iat"] == 15 * 60
    _, refresh = jwt_parts(body["refresh"])
    assert refresh["typ"] == "refresh" and refresh["exp"] - refresh["iat"] == 7 * 24 * 3600


def test_register_ignores_is_admin(client):
    name = unique()
    r = client.post("/api/auth/register/", {"username": name, "email": name + "@example.com", "password": PASSWORD,
                                             "is_admin": True, "id": 1})
    assert r.status_code == 201
    assert r.json()["user"]["is_admin"] is False


@pytest.mark.parametrize("body,fields", [
    ({}, {"username", "email", "password"}),
    ({"username": "ab", "email": "x@example.com", "password": PASSWORD}, {"username"}),
    ({"username": "bad name!", "email": "x@example.com", "password": PASSWORD}, {"username"}),
    ({"username": "a" * 31, "email": "x@example.com", "password": PASSWORD}, {"username"}),
    ({"username": "okname", "email": "not-an-email", "password": PASSWORD}, {"email"}),
    ({"username": "okname", "email": "x@example.com", "password": "short"}, {"password"}),
    ({"username": "okname", "email": "x@example.com", "password": "12345678901"}, {"password"}),
    ({"username": "okname", "email": "x@example.com", "password": "password"}, {"password"}),
    ({"username": "okname", "email": "x@example.com", "password": "iloveyou"}, {"password"}),
    ({"username": "okname", "email": "x@example.com", "password": "123456789"}, {"password"}),
    ({"username": "okname", "email": "x@example.com", "password": "qwertyuiop"}, {"password"}),
    ({"username": "okname", "email": "x@example.com", "password": "xxOKNAMExx1"}, {"password"}),
    ({"username": "okname", "email": "secretword9@example.com", "password": "SecretWord9"}, {"password"}),
    ({"username": "okname", "email": "x@example.com", "password": "a" * 129}, {"password"}),
    ({"username": 123, "email": "x@example.com", "password": PASSWORD}, {"username"}),
])
def test_register_validation(client, body, fields):
    assert_error(client.post("/api/auth/register/", body), 400, "validation_failed", fields=fields)


def test_register_taken_username_or_email_ignoring_case_is_409(client):
    _, body = register()
    name, email = body["user"]["username"], body["user"]["email"]
    r = client.post("/api/auth/register/", {"username": name.upper(), "email": "other" + email, "password": PASSWORD})
    assert_error(r, 409, "conflict", fields={"username"})
    r = client.post("/api/auth/register/", {"username": unique(), "email": email.upper(), "password": PASSWORD})
    assert_error(r, 409, "conflict", fields={"email"})
    r = client.post("/api/auth/register/", {"username": name, "email": email, "password": PASSWORD})
    assert_error(r, 409, "conflict", fields={"username", "email"})


# --- login ----------------------------------------------------------------------------------------

def test_login_by_username_or_email_ignoring_case(client):
    _, body = register()
    for name in [body["user"]["username"], body["user"]["username"].upper(), body["user"]["email"].upper()]:
        r = client.post("/api/auth/login/", {"username": name, "password": PASSWORD})
        assert r.status_code == 200, r.text
        assert set(r.json()) == {"user", "access", "refresh"}


def test_login_sets_last_login(client):
    _, body = register()
    before = body["user"]["last_login"]
    time.sleep(0.01)
    r = client.post("/api/auth/login/", {"username": body["user"]["username"], "password": PASSWORD})
    assert r.json()["user"]["last_login"] > before


def test_login_wrong_password_or_unknown_user_is_401(client):
    _, body = register()
    r = client.post("/api/auth/login/", {"username": body["user"]["username"], "password": "wrong password!"})
    assert_error(r, 401, "invalid_credentials")
    r = client.post("/api/auth/login/", {"username": unique("nobody"), "password": PASSWORD})
    assert_error(r, 401, "invalid_credentials")


def test_login_missing_fields_is_400(client):
    assert_error(client.post("/api/auth/login/", {}), 400, "validation_failed", fields={"username", "password"})


def test_login_throttle_after_ten_failures(client):
    _, body = register()
    name, email = body["user"]["username"], body["user"]["email"]
    for i in range(10):
        # Failures by username and by email count for the same account.
        r = client.post("/api/auth/login/", {"username": name if i % 2 else email, "password": "wrong password!"})
        assert_error(r, 401, "invalid_credentials")
    r = client.post("/api/auth/login/", {"username": name, "password": "wrong password!"})
    assert_error(r, 429, "rate_limited")
    assert 1 <= int(r.headers["Retry-After"]) <= 15 * 60
    # While locked, the right password is refused too.
    r = client.post("/api/auth/login/", {"username": name, "password": PASSWORD})
    assert_error(r, 429, "rate_limited")


def test_login_success_resets_failure_count(client):
    _, body = register()
    name = body["user"]["username"]
    for _ in range(9):
        client.post("/api/auth/login/", {"username": name, "password": "wrong password!"})
    assert client.post("/api/auth/login/", {"username": name, "password": PASSWORD}).status_code == 200
    for _ in range(9):
        assert client.post("/api/auth/login/", {"username": name, "password": "wrong password!"}).status_code == 401
    assert client.post("/api/auth/login/", {"username": name, "password": PASSWORD}).status_code == 200


# --- tokens ---------------------------------------------------------------------------------------

def test_access_token_authenticates(user):
    me, body = user
    r = me.get("/api/auth/user/")
    assert r.status_code == 200
    assert r.json() == body["user"] | {"last_login": r.json()["last_login"]}


def test_missing_token_is_401_not_authenticated(client):
    r = client.get("/api/auth/user/")
    assert_error(r, 401, "not_authenticated")
    assert r.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("token", ["garbage", "a.b.c", "", "Bearer"])
def test_malformed_token_is_401_token_invalid(client, token):
    r = client.get("/api/auth/user/", headers={"Authorization": "Bearer " + token})
    assert_error(r, 401, "token_invalid" if token else "token_invalid")


def test_other_scheme_is_no_token(client):
    # As DRF's JWTAuthentication: another scheme is anonymous, so 401 only where a caller is required.
    assert_error(client.get("/api/auth/user/", headers={"Authorization": "Basic YTpi"}), 401, "not_authenticated")
    assert client.get("/api/health/", headers={"Authorization": "Basic YTpi"}).status_code == 200


def test_refresh_token_is_not_an_access_token(user):
    _, body = user
    assert_error(Client(token=body["refresh"]).get("/api/auth/user/"), 401, "token_invalid")


def test_access_token_is_not_a_refresh_token(client, user):
    _, body = user
    assert_error(client.post("/api/auth/refresh/", {"refresh": body["access"]}), 401, "token_invalid")


def test_alg_none_and_foreign_signature_are_refused(user):
    _, body = user
    _, claims = jwt_parts(body["access"])
    assert_error(Client(token=forge(claims, alg="none")).get("/api/auth/user/"), 401, "token_invalid")
    assert_error(Client(token=forge(claims, secret="x" * 40)).get("/api/auth/user/"), 401, "token_invalid")
    assert_error(Client(token=forge(claims, alg="HS512")).get("/api/auth/user/"), 401, "token_invalid")
    # Re-signing the same claims with the real secret works, so the refusals above are about the signature.
    assert Client(token=forge(claims)).get("/api/auth/user/").status_code == 200


def test_expired_token_is_401_token_expired(user):
    _, body = user
    _, claims = jwt_parts(body["access"])
    claims = dict(claims, iat=claims["iat"] - 3600, exp=int(time.time()) - 5)
    assert_error(Client(token=forge(claims)).get("/api/auth/user/"), 401, "token_expired")


def test_refresh_rotates_and_old_token_stops_working(client, user):
    _, body = user
    r = client.post("/api/auth/refresh/", {"refresh": body["refresh"]})
    assert r.status_code == 200
    pair = r.json()
    assert set(pair) == {"access", "refresh"} and pair["refresh"] != body["refresh"]
    assert Client(token=pair["access"]).get("/api/auth/user/").status_code == 200
    # Reusing the rotated token fails and ends the session: the newest refresh and access fail too.
    assert_error(client.post("/api/auth/refresh/", {"refresh": body["refresh"]}), 401, "token_invalid")
    assert_error(client.post("/api/auth/refresh/", {"refresh": pair["refresh"]}), 401, "token_invalid")
    assert_error(Client(token=pair["access"]).get("/api/auth/user/"), 401, "token_invalid")


def test_concurrent_refreshes_exactly_one_succeeds(user):
    _, body = user
    results = []
    barrier = threading.Barrier(2)

    def go():
        c = Client()
        barrier.wait()
        results.append(c.post("/api/auth/refresh/", {"refresh": body["refresh"]}).status_code)

    threads = [threading.Thread(target=go) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(results) == [200, 401]


def test_refresh_validation(client):
    assert_error(client.post("/api/auth/refresh/", {}), 400, "validation_failed", fields={"refresh"})
    assert_error(client.post("/api/auth/refresh/", {"refresh": "nope"}), 401, "token_invalid")


def test_logout_ends_session_at_once(client, user):
    me, body = user
    assert me.get("/api/auth/user/").status_code == 200
    # No Authorization header is needed.
    assert client.post("/api/auth/logout/", {"refresh": body["refresh"]}).status_code == 204
    assert_error(me.get("/api/auth/user/"), 401, "token_invalid")
    assert_error(client.post("/api/auth/refresh/", {"refresh": body["refresh"]}), 401, "token_invalid")
    # Idempotent.
    assert client.post("/api/auth/logout/", {"refresh": body["refresh"]}).status_code == 204


def test_logout_only_ends_that_session(client, user):
    me, body = user
    other = client.post("/api/auth/login/", {"username": body["user"]["username"], "password": PASSWORD}).json()
    assert client.post("/api/auth/logout/", {"refresh": other["refresh"]}).status_code == 204
    assert me.get("/api/auth/user/").status_code == 200


def test_logout_with_foreign_token_is_401(client, user):
    _, body = user
    assert_error(client.post("/api/auth/logout/", {"refresh": "x.y.z"}), 401, "token_invalid")
    assert_error(client.post("/api/auth/logout/", {"refresh": body["access"]}), 401, "token_invalid")


# --- the current user -----------------------------------------------------------------------------

def test_put_user_changes_username(user):
    me, body = user
    new = unique("renamed")
    r = me.put("/api/auth/user/", {"username": new, "email": body["user"]["email"], "is_admin": True})
    assert r.status_code == 200
    assert r.json()["username"] == new and r.json()["is_admin"] is False


def test_put_user_requires_username_and_email(user):
    me, _ = user
    assert_error(me.put("/api/auth/user/", {}), 400, "validation_failed", fields={"username", "email"})


def test_put_user_email_change_needs_current_password(user):
    me, body = user
    name = body["user"]["username"]
    r = me.put("/api/auth/user/", {"username": name, "email": "new" + body["user"]["email"]})
    assert_error(r, 400, "validation_failed", fields={"current_password"})
    r = me.put("/api/auth/user/", {"username": name, "email": "new" + body["user"]["email"], "current_password": "wrong"})
    assert_error(r, 400, "validation_failed", fields={"current_password"})
    r = me.put("/api/auth/user/", {"username": name, "email": "new" + body["user"]["email"], "current_password": PASSWORD})
    assert r.status_code == 200 and r.json()["email"] == "new" + body["user"]["email"]


def test_put_user_taken_username_is_409(user):
    me, body = user
    _, other = register()
    r = me.put("/api/auth/user/", {"username": other["user"]["username"].upper(), "email": body["user"]["email"]})
    assert_error(r, 409, "conflict", fields={"username"})


def test_password_change_ends_other_sessions_and_keeps_callers(client, user):
    me, body = user
    name = body["user"]["username"]
    other = client.post("/api/auth/login/", {"username": name, "password": PASSWORD}).json()
    r = me.put("/api/auth/user/", {"username": name, "email": body["user"]["email"], "password": "new horse battery",
                                   "current_password": PASSWORD})
    assert r.status_code == 200, r.text
    assert me.get("/api/auth/user/").status_code == 200
    assert_error(Client(token=other["access"]).get("/api/auth/user/"), 401, "token_invalid")
    assert client.post("/api/auth/login/", {"username": name, "password": "new horse battery"}).status_code == 200
    assert_error(client.post("/api/auth/login/", {"username": name, "password": PASSWORD}), 401, "invalid_credentials")


def test_put_user_weak_password_is_400(user):
    me, body = user
    r = me.put("/api/auth/user/", {"username": body["user"]["username"], "email": body["user"]["email"],
                                   "password": "password", "current_password": PASSWORD})
    assert_error(r, 400, "validation_failed", fields={"password"})


def test_delete_user_needs_password_and_ends_everything(client, user):
    me, body = user
    assert_error(me.delete("/api/auth/user/", {"password": "wrong"}), 400, "validation_failed", fields={"password"})
    assert_error(me.delete("/api/auth/user/", {}), 400, "validation_failed", fields={"password"})
    assert me.delete("/api/auth/user/", {"password": PASSWORD}).status_code == 204
    assert_error(me.get("/api/auth/user/"), 401, "token_invalid")
    assert_error(client.post("/api/auth/refresh/", {"refresh": body["refresh"]}), 401, "token_invalid")
    r = client.post("/api/auth/login/", {"username": body["user"]["username"], "password": PASSWORD})
    assert_error(r, 401, "invalid_credentials")


def test_user_endpoint_methods(user):
    me, _ = user
    r = me.patch("/api/auth/user/", {})
    assert_error(r, 405, "method_not_allowed")
    assert set(r.headers["Allow"].split(", ")) == {"GET", "PUT", "DELETE"}


# --- password reset -------------------------------------------------------------------------------

def outbox_token(email):
    out = subprocess.run(["psql", os.environ["DATABASE_URL"], "-qtAc",
                          "SELECT body FROM email_outbox WHERE lower(recipient) = lower('%s') ORDER BY id DESC LIMIT 1" % email],
                         check=True, capture_output=True, text=True).stdout
    assert "http://testserver.local/reset-password?token=" in out
    return out.split("token=")[1].split()[0]


def test_password_reset_flow(client, user):
    me, body = user
    email = body["user"]["email"]
    r = client.post("/api/auth/password-reset/", {"email": email.upper()})
    assert r.status_code == 202 and "detail" in r.json()
    token = outbox_token(email)
    # A weak password is refused and does not spend the token.
    assert_error(client.post("/api/auth/password-reset/confirm/", {"token": token, "new_password": "password"}),
                 400, "validation_failed", fields={"new_password"})
    r = client.post("/api/auth/password-reset/confirm/", {"token": token, "new_password": "brand new horse"})
    assert r.status_code == 200, r.text
    # Every session ended; the token is single-use; the new password works.
    assert_error(me.get("/api/auth/user/"), 401, "token_invalid")
    assert_error(client.post("/api/auth/password-reset/confirm/", {"token": token, "new_password": "another new horse"}),
                 400, "token_invalid")
    assert client.post("/api/auth/login/", {"username": email, "password": "brand new horse"}).status_code == 200


def test_password_reset_unknown_email_is_202_and_malformed_is_400(client):
    r = client.post("/api/auth/password-reset/", {"email": unique() + "@nowhere.example"})
    assert r.status_code == 202 and "detail" in r.json()
    assert_error(client.post("/api/auth/password-reset/", {"email": "not-an-email"}), 400, "validation_failed", fields={"email"})


def test_password_reset_confirm_errors(client):
    assert_error(client.post("/api/auth/password-reset/confirm/", {}), 400, "validation_failed", fields={"token", "new_password"})
    assert_error(client.post("/api/auth/password-reset/confirm/", {"token": "bogus", "new_password": "brand new horse"}),
                 400, "token_invalid")


def test_password_reset_token_is_stored_only_as_hash(client, user):
    _, body = user
    client.post("/api/auth/password-reset/", {"email": body["user"]["email"]})
    token = outbox_token(body["user"]["email"])
    stored = subprocess.run(["psql", os.environ["DATABASE_URL"], "-qtAc",
                             "SELECT encode(token_hash, 'hex') FROM password_reset_tokens ORDER BY created_at DESC LIMIT 1"],
                            check=True, capture_output=True, text=True).stdout.strip()
    assert stored == hashlib.sha256(token.encode()).hexdigest()


# --- reset tokens do not outlive the password or the address they were mailed to ----------------

def request_reset(client, email):
    assert client.post("/api/auth/password-reset/", {"email": email}).status_code == 202
    return outbox_token(email)


def test_a_new_reset_request_spends_the_earlier_link(client, user):
    email = user[1]["user"]["email"]
    first, second = request_reset(client, email), request_reset(client, email)
    assert_error(client.post("/api/auth/password-reset/confirm/", {"token": first, "new_password": "brand new horse"}),
                 400, "token_invalid")
    assert client.post("/api/auth/password-reset/confirm/",
                       {"token": second, "new_password": "brand new horse"}).status_code == 200


def test_a_password_change_spends_outstanding_reset_links(client, user):
    me, body = user
    token = request_reset(client, body["user"]["email"])
    r = me.put("/api/auth/user/", {"username": body["user"]["username"], "email": body["user"]["email"],
                                   "current_password": PASSWORD, "password": "changed horse battery"})
    assert r.status_code == 200, r.text
    assert_error(client.post("/api/auth/password-reset/confirm/", {"token": token, "new_password": "brand new horse"}),
                 400, "token_invalid")


def test_an_email_change_spends_links_mailed_to_the_old_address(client, user):
    me, body = user
    token = request_reset(client, body["user"]["email"])
    r = me.put("/api/auth/user/", {"username": body["user"]["username"], "email": "moved." + body["user"]["email"],
                                   "current_password": PASSWORD})
    assert r.status_code == 200, r.text
    assert_error(client.post("/api/auth/password-reset/confirm/", {"token": token, "new_password": "brand new horse"}),
                 400, "token_invalid")
    # A username-only change keeps an outstanding link working.
    fresh = request_reset(client, "moved." + body["user"]["email"])
    r = me.put("/api/auth/user/", {"username": body["user"]["username"] + "x", "email": "moved." + body["user"]["email"]})
    assert r.status_code == 200, r.text
    assert client.post("/api/auth/password-reset/confirm/", {"token": fresh, "new_password": "brand new horse"}).status_code == 200


# --- memory: the Argon2 arena goes back to the system after each hash ---------------------------

def test_auth_workers_return_the_argon2_arena_after_hashing():
    # Each login hashes in a 19 MiB arena; a worker that kept it would hold it as private memory
    # from its second hash on. Several logins reach every auth worker of the pool.
    _, body = register()
    for _ in range(8):
        assert Client().post("/api/auth/login/", {"username": body["user"]["username"],
                                                  "password": PASSWORD}).status_code == 200
    from conftest import runner_status
    pids = [worker["pid"] for worker in runner_status()["functions"]["auth"]["workers"]]
    assert pids
    for pid in pids:
        status = open("/proc/%d/status" % pid).read()
        anonymous_kb = int(status.split("RssAnon:")[1].split()[0])
        assert anonymous_kb < 12 * 1024, (pid, anonymous_kb)
