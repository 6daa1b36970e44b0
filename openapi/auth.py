"""The `auth` function: `/api/auth/...` (API.md sections 2 and 12).

This module is the pattern for the others: component schemas in `SCHEMAS`, one `operation()` per
route of functions.json in `OPERATIONS`, keyed by (method, path) exactly as functions.json writes
them. Request schemas say what the API rejects; response schemas are strict objects.
"""
from .common import (
    ID, OPTIONAL, REQUIRED, TIMESTAMP, error_response, json_body, json_response, no_content, nullable,
    operation, request_object, schema, strict_object, string,
)

TAG = {
    "name": "auth",
    "description": "Accounts, tokens, sessions and password reset. Tokens are JWT (HS256) like "
                   "djangorestframework-simplejwt's, with `ROTATE_REFRESH_TOKENS` and `BLACKLIST_AFTER_ROTATION` "
                   "on: access tokens live 15 minutes, refresh tokens 7 days.",
}

USERNAME = string(3, 30, pattern="^[A-Za-z0-9_.-]+$",
                  description="3-30 of `A-Z a-z 0-9 _ . -`, unique ignoring case.")
EMAIL = string(max_length=254, format="email",
               description="A valid address (surrounding whitespace is trimmed), unique ignoring case; "
                           "kept as typed and compared ignoring case.")
NEW_PASSWORD = string(8, 128, pattern="[^0-9]", description="8-128 characters, not all digits, not a common password "
                                         "(Django's list of 20,000), not containing the username and not equal to "
                                         "the email's local part (ignoring case). A refused password is 400 on "
                                         "this field.")
SECRET = string(1, 4096)
TOKEN = string(1, 4096)

_ACCESS = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0eXAiOiJhY2Nlc3MiLCJzdWIiOiI0MiJ9.c2lnbmF0dXJl"
_REFRESH = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0eXAiOiJyZWZyZXNoIiwic3ViIjoiNDIifQ.c2lnbmF0dXJl"
_USER = {"id": 42, "username": "alice", "email": "alice@example.com", "is_admin": False,
         "date_joined": "2026-11-29T10:15:30.123Z", "last_login": "2026-11-29T10:15:30.123Z"}

SCHEMAS = {
    "PrivateUser": strict_object(
        {
            "id": ID,
            "username": USERNAME,
            "email": string(1, 254, format="email"),
            "is_admin": {"type": "boolean", "description": "Admins are made with the command-line tool only."},
            "date_joined": TIMESTAMP,
            "last_login": nullable(TIMESTAMP) | {"description": "Set at registration and at every login."},
        },
        description="The caller's own account.",
        examples=[_USER],
    ),
    "TokenPair": strict_object(
        {"access": string(1, description="Access token (15 minutes)."),
         "refresh": string(1, description="Refresh token (7 days, single use: every refresh rotates it).")},
        examples=[{"access": _ACCESS, "refresh": _REFRESH}],
    ),
    "AuthResult": strict_object(
        {"user": schema("PrivateUser"), "access": string(1), "refresh": string(1)},
        description="simplejwt's token pair with the user added.",
        examples=[{"user": _USER, "access": _ACCESS, "refresh": _REFRESH}],
    ),
    "Detail": strict_object({"detail": string(1)}, examples=[{"detail": "Your password has been reset."}]),
}

_REFRESH_BODY = json_body(request_object({"refresh": TOKEN}, required=["refresh"]), {"refresh": _REFRESH})

_TAKEN = error_response(409, "The username or the email already belongs to another account (ignoring case); "
                             "`fields` names which.",
                        fields={"username": "A user with that username already exists."})

OPERATIONS = {
    ("POST", "/api/auth/register/"): operation(
        operation_id="auth_register",
        summary="Register a new user",
        description="Creates the account and its empty profile and logs it in (a new session). "
                    "`last_login` is set at registration.",
        tag="auth",
        auth=OPTIONAL,
        body=json_body(
            request_object({"username": USERNAME, "email": EMAIL, "password": NEW_PASSWORD},
                           required=["username", "email", "password"]),
            {"username": "alice", "email": "alice@example.com", "password": "correct horse battery"},
        ),
        responses={201: json_response("The new user, logged in.", schema("AuthResult"),
                                      {"user": _USER, "access": _ACCESS, "refresh": _REFRESH})},
        errors={409: _TAKEN},
    ),
    ("POST", "/api/auth/login/"): operation(
        operation_id="auth_login",
        summary="Log in",
        description="`username` may be the username or the email, both ignoring case. Starts a new session. "
                    "After 10 failed attempts for one account within 15 minutes, further attempts for it "
                    "(even with the right password) get 429 with `Retry-After` until the window passes; a "
                    "success resets the count; unknown names count nothing. Passwords imported from Django "
                    "(`pbkdf2_sha256$...`) are accepted and re-hashed as Argon2id.",
        tag="auth",
        auth=OPTIONAL,
        body=json_body(
            request_object({"username": string(1, 254, description="Username or email."), "password": SECRET},
                           required=["username", "password"]),
            {"username": "alice", "password": "correct horse battery"},
        ),
        responses={200: json_response("Logged in.", schema("AuthResult"),
                                      {"user": _USER, "access": _ACCESS, "refresh": _REFRESH})},
        errors={
            401: error_response(401, "Wrong username or password (`invalid_credentials`, simplejwt's \"No active "
                                     "account found with the given credentials.\"), or a bad `Authorization` "
                                     "header (`token_invalid`, `token_expired`).",
                                codes=["invalid_credentials", "not_authenticated", "token_invalid", "token_expired"],
                                example_code="invalid_credentials"),
            429: error_response(429, "Too many failed logins for this account (or too many requests from this "
                                     "client): wait `Retry-After` seconds."),
        },
    ),
    ("POST", "/api/auth/refresh/"): operation(
        operation_id="auth_refresh",
        summary="Refresh the access token",
        description="Exchanges the session's current refresh token for a new pair: the refresh token is "
                    "rotated and the old one stops working. Presenting an already rotated token ends that "
                    "session (theft detection), its access tokens too; of two concurrent refreshes with the same "
                    "token exactly one succeeds.",
        tag="auth",
        auth=OPTIONAL,
        body=_REFRESH_BODY,
        responses={200: json_response("A new token pair.", schema("TokenPair"),
                                      {"access": _ACCESS, "refresh": _REFRESH})},
    ),
    ("POST", "/api/auth/logout/"): operation(
        operation_id="auth_logout",
        summary="Log out",
        description="Ends the refresh token's session at once: its refresh token and its access tokens stop "
                    "working. Idempotent: an already ended session is 204. Needs no `Authorization` header; a "
                    "malformed or foreign token in `refresh` is 401 `token_invalid`.",
        tag="auth",
        auth=OPTIONAL,
        body=_REFRESH_BODY,
        responses={204: no_content("The session has ended.")},
    ),
    ("GET", "/api/auth/user/"): operation(
        operation_id="auth_user_retrieve",
        summary="Get current user details",
        tag="auth",
        auth=REQUIRED,
        responses={200: json_response("The caller's account.", schema("PrivateUser"), _USER)},
    ),
    ("PUT", "/api/auth/user/"): operation(
        operation_id="auth_user_update",
        summary="Update user details",
        description="Replaces `username` and `email` (both required, as a DRF full update). Changing the "
                    "email or setting `password` needs the right `current_password` (else 400 on "
                    "`current_password`). A new password ends every other session of the user and keeps the "
                    "caller's.",
        tag="auth",
        auth=REQUIRED,
        body=json_body(
            request_object({"username": USERNAME, "email": EMAIL, "password": NEW_PASSWORD,
                            "current_password": string(max_length=4096)},
                           required=["username", "email"]),
            {"username": "alice", "email": "alice@example.org", "current_password": "correct horse battery"},
        ),
        responses={200: json_response("The updated account.", schema("PrivateUser"), _USER)},
        errors={409: _TAKEN},
    ),
    ("DELETE", "/api/auth/user/"): operation(
        operation_id="auth_user_destroy",
        summary="Delete user account",
        description="Needs the account's `password` (a wrong one is 400 on `password`). Deletes the account and "
                    "everything it owns or wrote in one transaction; its tokens stop working at once.",
        tag="auth",
        auth=REQUIRED,
        body=json_body(request_object({"password": SECRET}, required=["password"]),
                       {"password": "correct horse battery"}),
        responses={204: no_content("The account and everything it owned are deleted.")},
    ),
    ("POST", "/api/auth/password-reset/"): operation(
        operation_id="auth_password_reset",
        summary="Request a password reset",
        description="202 for any well-formed email, whether or not an account has it (no account "
                    "enumeration). When one does, a single-use link valid for 1 hour is emailed (written to the "
                    "outbox in the same transaction). A malformed email is 400.",
        tag="auth",
        auth=OPTIONAL,
        body=json_body(request_object({"email": EMAIL}, required=["email"]), {"email": "alice@example.com"}),
        responses={202: json_response(
            "Accepted.", schema("Detail"),
            {"detail": "If an account with that email exists, a password reset link has been sent."})},
    ),
    ("POST", "/api/auth/password-reset/confirm/"): operation(
        operation_id="auth_password_reset_confirm",
        summary="Confirm a password reset",
        description="Sets `new_password` with the token from the email. A bad, used or expired token is 400 "
                    "`token_invalid`; a weak new password is 400 on `new_password` and does not spend the token. "
                    "A reset ends every session of the user and clears the login throttle.",
        tag="auth",
        auth=OPTIONAL,
        body=json_body(
            request_object({"token": string(1, 512, description="The token of the emailed link."),
                            "new_password": NEW_PASSWORD},
                           required=["token", "new_password"]),
            {"token": "q8Xf2Lw7o0nUuQ6y3k1pZJ4m9sTq2bVd8rC5hE1aG0I", "new_password": "a new horse battery"},
        ),
        responses={200: json_response("The password is changed.", schema("Detail"),
                                      {"detail": "Your password has been reset."})},
        errors={400: error_response(400, "Invalid body (`invalid_json`, `validation_failed` with `fields`), or a "
                                         "bad, used or expired token (`token_invalid`).",
                                    codes=["invalid_json", "validation_failed", "token_invalid"])},
    ),
}
