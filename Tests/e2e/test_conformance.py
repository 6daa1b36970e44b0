"""Regressions for contract deviations the schemathesis run (Tests/schemathesis.sh) found."""
from conftest import assert_error


def test_trace_is_405_with_allow_listing_the_methods_of_the_path(client):
    # nginx refuses TRACE itself, before any function sees it; the 405 must still carry `Allow`,
    # as the functions' own 405s do.
    for path, allow in [("/api/auth/user/", "GET, PUT, DELETE"), ("/api/users/5/profile", "GET, PUT, PATCH"),
                        ("/api/health/", "GET"), ("/api/auth/login/", "POST")]:
        r = client.request("TRACE", path)
        assert_error(r, 405, "method_not_allowed")
        assert r.headers.get("Allow") == allow, (path, r.headers)
        # The same list a function gives for a method it does not serve.
        if allow != "POST":
            assert client.request("POST", path, json_body={}).headers.get("Allow") == allow, path
