"""Errors nginx raises itself while reading a request (request line, headers, transfer encoding,
HTTP version) are answered in the API envelope too, never in nginx's HTML."""
import json
import socket
from urllib.parse import urlparse

import pytest

from conftest import BASE

HOST, PORT = urlparse(BASE).hostname, urlparse(BASE).port or 80


def raw(request: bytes, timeout=10.0):
    """Sends bytes as they are; the status, the headers (lower-case names) and the body."""
    with socket.create_connection((HOST, PORT), timeout=timeout) as s:
        s.sendall(request)
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, body


def assert_envelope(response, status, code):
    got, headers, body = response
    assert got == status, (got, body[:200])
    assert headers["content-type"].startswith("application/json"), headers
    error = json.loads(body)["error"]
    assert (error["status"], error["code"]) == (status, code)
    assert error["request_id"] == headers["x-request-id"]
    assert headers["x-content-type-options"] == "nosniff"


CASES = {
    "long path": (b"GET /api/blogs/" + b"a" * 9000 + b"/ HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long"),
    "long query": (b"GET /api/blogs/popular/?q=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long"),
    "64 KiB header": (b"GET /api/health/ HTTP/1.1\r\nHost: x\r\nX-A: " + b"a" * 65536 + b"\r\n\r\n",
                      431, "headers_too_large"),
    "2,000 headers": (b"GET /api/health/ HTTP/1.1\r\nHost: x\r\n"
                      + b"".join(b"X-%d: %s\r\n" % (i, b"b" * 100) for i in range(2000)) + b"\r\n",
                      431, "headers_too_large"),
    "big cookie": (b"GET /api/health/ HTTP/1.1\r\nHost: x\r\nCookie: " + b"c" * 9000 + b"\r\n\r\n",
                   431, "headers_too_large"),
    "HTTP/9.9": (b"GET /api/health/ HTTP/9.9\r\nHost: x\r\n\r\n", 505, "http_version_not_supported"),
    "HTTP/2.0 as text": (b"GET /api/health/ HTTP/2.0\r\nHost: x\r\n\r\n", 505, "http_version_not_supported"),
    "gzip transfer encoding": (b"POST /api/blogs/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
                               501, "not_implemented"),
    "garbage request line": (b"\x00\x01 garbage\r\n\r\n", 400, "validation_failed"),
    "no Host": (b"GET /api/health/ HTTP/1.1\r\n\r\n", 400, "validation_failed"),
    "length and chunked": (b"POST /api/blogs/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                           b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, "validation_failed"),
}


@pytest.mark.parametrize("name", CASES)
def test_nginx_protocol_errors_are_the_envelope(name):
    request, status, code = CASES[name]
    assert_envelope(raw(request), status, code)


def test_protocol_error_pages_are_internal(client):
    for status in (400, 414, 494, 501, 505):
        r = client.get(f"/__agora_error_{status}")
        assert r.status_code == 404, status
