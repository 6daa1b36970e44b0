"""Fault test: hostile input (issue 15, "Show").

Several hundred requests, generated from the tables below, over raw sockets (bytes as they are)
and over HTTP: oversized, deeply nested, invalid UTF-8 and NUL-laden bodies, paths, queries and
headers; huge numbers as ids and limits; long paths and queries; thousands of headers; bad HTTP
versions; conflicting and duplicate lengths; bad chunk sizes; wrong content types; JSON with
duplicate keys, a BOM, trailing garbage or lone surrogates; on public and authenticated routes of
every function. Whatever the answer, it is never a 5xx other than 503 and its body is the error
envelope (a success's body is JSON; HEAD and 204 have none). A connection nginx closes without
an answer is counted and reported, not a failure. Slowloris has its own test: a client sending
its headers a byte a second is cut off within nginx's header timeout and takes no worker.
"""
import json
import os
import re
import select
import socket
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

import pytest
import requests

from conftest import BASE, RUN_DIR, make_admin, register, unique

HOST, PORT = urlparse(BASE).hostname, urlparse(BASE).port or 80
MIB = 1 << 20
# nginx's client_header_timeout (NginxConfig): a slow client is cut off after it.
HEADER_TIMEOUT = 10


# ---------------------------------------------------------------------------------------------
# Raw HTTP: send bytes, read every response on the connection until nginx closes it.

def read_responses(sock, methods, timeout):
    """The responses on the connection (status, headers, body), until EOF, to requests of these
    `methods` in order; `None` for a read that timed out with nothing (a hang) and `[]` for a
    close without an answer. An HTTP/0.9 answer (no status line) is one body with status "0.9"."""
    sock.settimeout(timeout)
    data = b""
    timed_out = False
    while True:
        try:
            chunk = sock.recv(1 << 16)
        except socket.timeout:
            timed_out = True
            break
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    responses = []
    rest = data
    if rest and not rest.startswith(b"HTTP/"):
        return [("0.9", {}, rest)]
    while rest:
        head_request = methods[min(len(responses), len(methods) - 1)] == b"HEAD"
        head, sep, rest = rest.partition(b"\r\n\r\n")
        if not sep:
            responses.append((None, {}, head))  # a truncated or unparsable answer
            break
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        if status is not None and 100 <= status < 200:
            continue  # 100 Continue: the real answer follows
        if head_request or status in (204, 304):
            body = b""
        elif "chunked" in ",".join(headers.get("transfer-encoding", [])).lower():
            body = b""
            while True:
                size_line, _, rest = rest.partition(b"\r\n")
                try:
                    size = int(size_line.split(b";")[0], 16)
                except ValueError:
                    body, rest = None, b""
                    break
                if size == 0:
                    _, _, rest = rest.partition(b"\r\n")
                    break
                body, rest = body + rest[:size], rest[size + 2:]
        elif "content-length" in headers:
            size = int(headers["content-length"][0])
            body, rest = rest[:size], rest[size:]
        else:
            body, rest = rest, b""
        responses.append((status, headers, body))
    if timed_out and not responses:
        return None
    return responses


def request_methods(request):
    """The method of each request in `request` (several when pipelined)."""
    return re.findall(rb"(?:^|\r\n\r\n)([A-Za-z]+) ", request) or [b"?"]


def raw(request, timeout=8.0):
    with socket.create_connection((HOST, PORT), timeout=timeout) as sock:
        try:
            sock.sendall(request)
        except (BrokenPipeError, ConnectionResetError):
            pass  # nginx answered and closed before reading everything: the answer is still there
        return read_responses(sock, request_methods(request), timeout)


def http(method, target, headers=(), body=None, version=b"HTTP/1.1", host=b"agora.test", length=True):
    """A request's bytes; `Connection: close` so that nginx closes once it answered."""
    lines = [method + b" " + target + b" " + version]
    if host is not None:
        lines.append(b"Host: " + host)
    lines.append(b"Connection: close")
    lines.extend(headers)
    if body is not None and length:
        lines.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(lines) + b"\r\n\r\n" + (body or b"")


# ---------------------------------------------------------------------------------------------
# What every answer must be.

def problems_of(method, status, headers, body):
    """What is wrong with one answer (empty when it is acceptable)."""
    if status is None:
        return ["unparsable answer %r" % body[:120]]
    if status == "0.9":  # nginx answers an HTTP/0.9 request with the body alone
        try:
            json.loads(body)
            return []
        except ValueError:
            return ["HTTP/0.9 answer not JSON: %r" % body[:120]]
    # 501 (a transfer encoding other than chunked) and 505 (an HTTP version other than 1.x) are
    # the client's fault, as API.md gives them: allowed, in the envelope; any other 5xx but 503
    # is a server failure.
    if status >= 500 and status not in (501, 503, 505):
        return ["status %d" % status]
    if method == b"HEAD" or status in (204, 304):
        return [] if not body else ["a body on %s/%d" % (method.decode(), status)]
    if body is None:
        return ["broken chunked body"]
    try:
        document = json.loads(body)
    except ValueError:
        return ["not JSON: %r" % body[:120]]
    if status >= 400:
        error = document.get("error") if isinstance(document, dict) else None
        if not isinstance(error, dict) or set(document) != {"error"} or not isinstance(error.get("code"), str) \
                or error.get("status") != status or not isinstance(error.get("message"), str):
            return ["not the envelope: %r" % body[:200]]
        if not ",".join(headers.get("content-type", [])).startswith("application/json"):
            return ["envelope typed %r" % headers.get("content-type")]
        if status in (429, 503) and "retry-after" not in headers:
            return ["%d without Retry-After" % status]
        if status == 405 and "allow" not in headers:
            return ["405 without Allow"]
    return []


class Tally:
    """Answers by status, connections closed without an answer, and every problem found."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.statuses = Counter()
        self.closed = []
        self.problems = []
        self.answers = {}

    def record(self, name, methods, responses):
        with self.lock:
            self.requests += 1
            self.answers[name] = None if responses is None else [r[0] for r in responses]
            if responses is None:
                self.problems.append((name, "no answer within the client's timeout (a hang)"))
                return
            if not responses:
                self.statuses["closed"] += 1
                self.closed.append(name)
                return
            for index, (status, headers, body) in enumerate(responses):
                self.statuses[status] += 1
                method = methods[min(index, len(methods) - 1)]
                for problem in problems_of(method, status, headers, body):
                    self.problems.append((name, problem))

    def record_http(self, name, method, response):
        """An answer read by `requests` (decoded framing), or the exception it raised."""
        if isinstance(response, Exception):
            with self.lock:
                self.requests += 1
                if isinstance(response, requests.ConnectionError) and not isinstance(response, requests.Timeout):
                    self.statuses["closed"] += 1
                    self.closed.append(name)
                else:
                    self.problems.append((name, repr(response)[:200]))
            return
        headers = {k.lower(): [v] for k, v in response.headers.items()}
        self.record(name, [method], [(response.status_code, headers, response.content)])


# ---------------------------------------------------------------------------------------------
# The tables.

DEEP = 100_000
HUGE_NUMBERS = [b"1e400", b"-1e400", b"18446744073709551616", b"18446744073709551615", b"-0", b"-0.0",
                b"99999999999999999999", b"9223372036854775808", b"-9223372036854775809", b"1.5", b"0x10", b"1e2"]

# Body payloads (bytes) for every write route, sent with Content-Type: application/json unless
# the name says otherwise.
BODIES = {
    "oversized 1.1 MiB": b'{"title":"t","content":"' + b"a" * (MIB + MIB // 10) + b'"}',
    "oversized just above 1 MiB": b'{"content":"' + b"b" * MIB + b'"}',
    "just below 1 MiB": b'{"title":"t","content":"' + b"c" * (MIB - 4096) + b'"}',
    "100k [": b"[" * DEEP,
    "100k [ closed": b"[" * DEEP + b"]" * DEEP,
    "100k {": b'{"a":' * DEEP,
    "100k nested in a field": b'{"title":' + b"[" * DEEP + b"]" * DEEP + b',"content":"x"}',
    "invalid UTF-8 in a string": b'{"title":"\xff\xfe\xfd","content":"x"}',
    "overlong UTF-8": b'{"title":"\xc0\xaf\xe0\x80\xaf","content":"x"}',
    "UTF-8 surrogate bytes": b'{"title":"\xed\xa0\x80","content":"x"}',
    "truncated UTF-8": b'{"title":"\xe2\x82","content":"x"}',
    "invalid UTF-8 outside strings": b'{"title":"t",\xff"content":"x"}',
    "raw NUL in a string": b'{"title":"a\x00b","content":"x"}',
    "escaped NUL in a string": b'{"title":"a\\u0000b","content":"x\\u0000"}',
    "NUL between tokens": b'{"title":"t",\x00"content":"x"}',
    "NUL after the object": b'{"title":"t","content":"x"}\x00',
    "lone high surrogate": b'{"title":"\\ud800","content":"x"}',
    "lone low surrogate": b'{"title":"\\udc00","content":"x"}',
    "reversed surrogates": b'{"title":"\\udc00\\ud800","content":"x"}',
    "surrogate then text": b'{"title":"\\ud800abc","content":"x"}',
    "duplicate keys": b'{"title":"one","title":"two","content":"x","content":"y"}',
    "BOM": b'\xef\xbb\xbf{"title":"t","content":"x"}',
    "trailing garbage": b'{"title":"t","content":"x"} garbage',
    "two objects": b'{"title":"t","content":"x"}{"title":"t"}',
    "trailing comma": b'{"title":"t","content":"x",}',
    "single quotes": b"{'title':'t'}",
    "empty": b"",
    "null": b"null",
    "array": b"[]",
    "number": b"1e400",
    "string": b'"x"',
    "huge numbers as fields": b'{"title":1e400,"content":18446744073709551616,"forum_id":-0,"limit":99999999999999999999}',
    "huge numbers as ids": b'{"title":"t","content":"x","id":1e400,"author":18446744073709551616,"user_id":-0}',
    "huge exponent": b'{"title":"t","content":"x","n":1e999999999999}',
    "long number": b'{"title":"t","content":"x","n":' + b"9" * 100_000 + b"}",
    "wrong types": b'{"title":{"a":[1,2]},"content":[true],"username":1,"email":null,"password":{}}',
    "control characters": b'{"title":"a\x01\x1fb","content":"\ttab"}',
    "invalid escape": b'{"title":"\\x41","content":"\\u12"}',
    "unterminated": b'{"title":"t","content":"x',
    "text/plain": b'{"title":"t","content":"x"}',
    "form-urlencoded": b"title=t&content=x",
    "multipart": b'--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nt\r\n--b--\r\n',
    "no content type": b'{"title":"t","content":"x"}',
    "content type with NUL": b'{"title":"t","content":"x"}',
    "charset latin-1": b'{"title":"caf\xe9","content":"x"}',
}
CONTENT_TYPES = {
    "text/plain": "text/plain", "form-urlencoded": "application/x-www-form-urlencoded",
    "multipart": "multipart/form-data; boundary=b", "no content type": None,
    "content type with NUL": "application/json\x00; charset=utf-8", "charset latin-1": "application/json; charset=latin-1",
}

# Numbers and junk where a path id goes (each is URL-safe as it stands or already escaped).
PATH_IDS = HUGE_NUMBERS + [b"0", b"-1", b"9223372036854775807", b"%00", b"1%00", b"%ff%fe", b"%c0%af", b"1%0a2",
                           b"%2e%2e", b"..%2f..%2f", b"a" * 2000, b"%e2%80%ae1", b"1;2", b"%20", b"1%20"]
# Raw bytes in the path and the query (sent without escaping, as a hostile client would).
RAW_PATHS = [b"/api/blogs/\x00/", b"/api/blogs/\xff\xfe/", b"/api/blogs/1\x00/", b"/api/health/\xc3\x28",
             b"/api/\xff/", b"/api/blogs/?limit=\xff", b"/api/blogs/?cursor=\x00", b"/api/users/?q=\xed\xa0\x80",
             b"/api/blogs/%", b"/api/blogs/%zz/", b"/api/blogs//1/", b"/api/blogs/./1/", b"/api/blogs/../health/",
             b"/%2e%2e/%2e%2e/etc/passwd", b"/api/blogs/" + b"1/" * 2000, b"/api/" + b"a" * 4000 + b"/",
             b"/api/blogs/?" + b"a=1&" * 1500, b"/api/blogs/?limit=1&limit=2&limit=1e400", b"*", b"http://evil.test/api/health/",
             b"/api/blogs/\t/", b"/api/blogs/\x7f/", b"/API/BLOGS/", b"/api/blogs"]
LIMITS = HUGE_NUMBERS + [b"0", b"-1", b"101", b"%00", b"1%00", b"%ff", b"", b"1%20", b"NaN", b"Infinity", b"1e2", b"0100"]
CURSORS = [b"%00", b"%ff%fe", b"garbage", b"MTIz.q8Xf2Lw", b"." * 200, b"a" * 4000, b"%ed%a0%80", b"99999999999999999999.x",
           b"LTE.AAAA", b"%2e"]
SEARCHES = [b"%00", b"%ff%fe", b"%ed%a0%80", b"%25", b"'%20OR%201=1--", b"a" * 3000, b"%5c", b"\\u0000"]

# Paths ending like files: nginx types a response by extension unless told otherwise.
EXTENSION_PATHS = [b"/nope.html", b"/nope.jpg", b"/api/blogs/1.html", b"/api/docs/x.html", b"/api/docs/x.gif",
                   b"/media/videos/x.html", b"/media/videos/.tmp-x.mp4", b"/media/videos/%00.mp4", b"/api/openapi.json.html",
                   b"/api/health/index.html", b"/media/", b"/media/videos/", b"/media/videos/../../etc/passwd"]
# What nginx serves itself (docs, document, media), with every method.
STATIC_PATHS = [b"/api/docs/", b"/api/docs", b"/api/docs/swagger-ui.css", b"/api/openapi.json", b"/media/videos/x.mp4"]
# Chat stream ids (the location takes up to 19 digits, more than an Int64 holds).
STREAM_IDS = [b"1", b"9223372036854775807", b"9223372036854775808", b"9999999999999999999", b"0", b"1e400",
              b"99999999999999999999", b"%00", b"1?token=%00", b"1?token=\xff\xfe", b"1?token=" + b"a" * 5000]

# Header lines (raw bytes) sent on a public and on an authenticated route.
HEADER_CASES = {
    "Authorization invalid UTF-8": [b"Authorization: Bearer \xff\xfe.\xfd"],
    "Authorization with NUL": [b"Authorization: Bearer a\x00b"],
    "Authorization %00": [b"Authorization: Bearer %00"],
    "Authorization huge": [b"Authorization: Bearer " + b"a" * 7000],
    "Authorization empty": [b"Authorization: Bearer "],
    "Authorization Basic": [b"Authorization: Basic Zm9vOmJhcg=="],
    "Authorization twice": [b"Authorization: Bearer a", b"Authorization: Bearer b"],
    "X-Request-ID invalid UTF-8": [b"X-Request-ID: \xff\xfe"],
    "X-Request-ID NUL": [b"X-Request-ID: a\x00b"],
    "X-Request-ID long": [b"X-Request-ID: " + b"r" * 4000],
    "X-Request-ID twice": [b"X-Request-ID: a", b"X-Request-ID: b"],
    "Origin invalid UTF-8": [b"Origin: https://\xff.test"],
    "header name invalid": [b"X-\xff\xfe: 1"],
    "header without colon": [b"NoColonHere"],
    "header with space before colon": [b"X-A : 1"],
    "obsolete line folding": [b"X-A: 1", b" folded"],
    "1,000 small headers": [b"X-%d: %d" % (i, i) for i in range(1000)],
    "3,000 tiny headers": [b"X%d:" % i for i in range(3000)],
    "5,000 headers": [b"X-%d: v" % i for i in range(5000)],
    "2,000 Cookie headers": [b"Cookie: c%d=1" % i for i in range(2000)],
    "900 headers (all reach the function)": [b"X-%d: %d" % (i, i) for i in range(900)],
    "header of 7 KiB": [b"X-Big: " + b"x" * 7000],
    "Accept-Encoding junk": [b"Accept-Encoding: \xff, gzip;q=1e400"],
    "Content-Type junk on GET": [b"Content-Type: application/json; charset=\xff"],
    "Idempotency-Key invalid UTF-8": [b"Idempotency-Key: \xff\xfe"],
    "Range on JSON": [b"Range: bytes=0-1,5-6,99999999999999999999-"],
    "If-Modified-Since junk": [b"If-Modified-Since: \x00"],
    "Host invalid": [b"Host: \xff"],
    "Expect junk": [b"Expect: 999-nope"],
}

# Requests broken at the protocol level (the whole bytes).
P = b"POST /api/blogs/ "
PROTOCOL_CASES = {
    "HTTP/9.9": b"GET /api/health/ HTTP/9.9\r\nHost: x\r\n\r\n",
    "HTTP/1.2": b"GET /api/health/ HTTP/1.2\r\nHost: x\r\nConnection: close\r\n\r\n",
    "HTTP/0.9": b"GET /api/health/\r\n\r\n",
    "HTTP/1.10": b"GET /api/health/ HTTP/1.10\r\nHost: x\r\n\r\n",
    "HTTP/ 1.1": b"GET /api/health/ HTTP/ 1.1\r\nHost: x\r\n\r\n",
    "lowercase http": b"GET /api/health/ http/1.1\r\nHost: x\r\n\r\n",
    "HTTP/1.1.1": b"GET /api/health/ HTTP/1.1.1\r\nHost: x\r\n\r\n",
    "HTTP/2 preface": b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    "HTTP/1.0 no Host": b"GET /api/health/ HTTP/1.0\r\n\r\n",
    "HTTP/1.1 no Host": b"GET /api/health/ HTTP/1.1\r\n\r\n",
    "two Hosts": b"GET /api/health/ HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
    "LF only": b"GET /api/health/ HTTP/1.1\nHost: x\nConnection: close\n\n",
    "bare CR": b"GET /api/health/ HTTP/1.1\rHost: x\r\n\r\n",
    "unknown method": b"FOO /api/health/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "long method": b"A" * 5000 + b" /api/health/ HTTP/1.1\r\nHost: x\r\n\r\n",
    "lowercase method": b"get /api/health/ HTTP/1.1\r\nHost: x\r\n\r\n",
    "TRACE": b"TRACE /api/health/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "CONNECT": b"CONNECT agora.test:443 HTTP/1.1\r\nHost: x\r\n\r\n",
    "OPTIONS *": b"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
    "absolute URI": b"GET http://agora.test/api/health/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "NUL in request line": b"GET /api/health/\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
    "NUL in header name": b"GET /api/health/ HTTP/1.1\r\nHost: x\r\nX-\x00: 1\r\n\r\n",
    "NUL in header value": b"GET /api/health/ HTTP/1.1\r\nHost: x\r\nX-A: 1\x00\r\nConnection: close\r\n\r\n",
    "garbage": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(64) + b"\r\n\r\n",
    "only CRLFs": b"\r\n" * 100,  # nginx waits for a request line: closed after its header timeout
    "length and chunked": P + b"HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "chunked and length": P + b"HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 100\r\n\r\n0\r\n\r\n",
    "two lengths differing": P + b"HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 4\r\n\r\n{}{}",
    "two lengths equal": P + b"HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
    "length list": P + b"HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 2\r\n\r\n{}",
    "negative length": P + b"HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n{}",
    "huge length": P + b"HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n{}",
    "2^64 length": P + b"HTTP/1.1\r\nHost: x\r\nContent-Length: 18446744073709551616\r\n\r\n{}",
    "plus length": P + b"HTTP/1.1\r\nHost: x\r\nContent-Length: +2\r\n\r\n{}",
    "hex length": P + b"HTTP/1.1\r\nHost: x\r\nContent-Length: 0x2\r\n\r\n{}",
    "length over the limit": P + b"HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n{}",
    "chunk size junk": P + b"HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
    "chunk size huge": P + b"HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n{}\r\n0\r\n\r\n",
    "chunk size negative": P + b"HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-2\r\n{}\r\n0\r\n\r\n",
    "chunk size too small": P + b"HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{}\r\n0\r\n\r\n",
    "chunks over the limit": P + b"HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                             + (b"10000\r\n" + b"a" * 0x10000 + b"\r\n") * 20 + b"0\r\n\r\n",
    "chunk extension": P + b"HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                       b"2;ext=\xff\r\n{}\r\n0\r\n\r\n",
    "chunked with NUL data": P + b"HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                             b"3\r\n{\x00}\r\n0\r\n\r\n",
    "chunked, chunked": P + b"HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
    "identity transfer encoding": P + b"HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n",
    "gzip, chunked": P + b"HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
    "chunked on HTTP/1.0": P + b"HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "Expect 100-continue over the limit": P + b"HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000000\r\n\r\n",
    "smuggled second request": P + b"HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                              b"GET /api/health/\x00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "pipelined hostile requests": (b"GET /api/blogs/?limit=1e400 HTTP/1.1\r\nHost: x\r\n\r\n"
                                   b"GET /api/blogs/99999999999999999999/ HTTP/1.1\r\nHost: x\r\n\r\n"
                                   b"HEAD /api/health/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    "long URI": b"GET /api/blogs/?q=" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    "long path": b"GET /" + b"a/" * 10000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    "64 KiB header": b"GET /api/health/ HTTP/1.1\r\nHost: x\r\nX-A: " + b"a" * 65536 + b"\r\n\r\n",
    "10,000 headers": b"GET /api/health/ HTTP/1.1\r\nHost: x\r\n" + b"X: 1\r\n" * 10000 + b"\r\n",
}

SLOW_CASES = {"protocol: only CRLFs"}


@pytest.fixture(scope="module")
def world():
    """A user with a token, and one item of each kind it owns or can reach."""
    boss, boss_body = register(username=unique("hboss"))
    make_admin(boss_body["user"]["id"])
    me, body = register(username=unique("hostile"))
    blog = me.post("/api/blogs/", {"title": "hostile", "content": "target"})
    forum = boss.post("/api/forums/", {"title": "Hostile", "description": "target"})
    assert blog.status_code == 201 and forum.status_code == 201, (blog.text, forum.text)
    thread = me.post(f"/api/forums/{forum.json()['id']}/threads/", {"title": "t", "content": "c"})
    course = me.post("/api/courses/", {"title": "Hostile", "description": "target"})
    assert thread.status_code == 201 and course.status_code == 201, (thread.text, course.text)
    quiz = me.post("/api/quizzes/", {"course_id": course.json()["id"], "title": "Hostile"})
    assert quiz.status_code == 201, quiz.text
    return {"token": body["access"], "user": body["user"]["id"], "blog": blog.json()["id"],
            "forum": forum.json()["id"], "thread": thread.json()["id"], "course": course.json()["id"],
            "quiz": quiz.json()["id"]}


def id_fields(w):
    """(method, path, body with `%s` where a hostile number goes) for the id and number fields of bodies."""
    return [
        ("POST", "/api/chats/", b'{"participants":[%s]}'), ("POST", "/api/chats/", b'{"participants":[1,%s,%s]}'),
        ("POST", f"/api/users/{w['user']}/courses/", b'{"course_id":%s}'),
        ("POST", f"/api/users/{w['user']}/jobs/", b'{"job_id":%s}'),
        ("POST", f"/api/users/{w['user']}/internships/", b'{"internship_id":%s}'),
        ("POST", "/api/quizzes/", b'{"course_id":%s,"title":"q"}'),
        ("POST", "/api/quizzes/", b'{"course_id":%d,"title":"q","pass_mark":%%s}' % w["course"]),
        ("POST", f"/api/quizzes/{w['quiz']}/questions/", b'{"text":"q","answer":"a","position":%s}'),
        ("POST", f"/api/quizzes/{w['quiz']}/attempt/", b'{"answers":{"%s":"a"}}'),
        ("POST", f"/api/quizzes/{w['quiz']}/attempt/", b'{"answers":{"1":%s}}'),
        ("PATCH", f"/api/users/{w['user']}/profile/", b'{"social_links":{"x":%s}}'),
    ]


def write_targets(w):
    """(method, path, authenticated) of routes that read a JSON body."""
    return [
        ("POST", "/api/blogs/", True), ("PUT", f"/api/blogs/{w['blog']}/", True),
        ("POST", f"/api/forums/{w['forum']}/threads/", True),
        ("POST", f"/api/forums/{w['forum']}/threads/{w['thread']}/posts/", True),
        ("PATCH", f"/api/users/{w['user']}/profile/", True), ("PUT", "/api/auth/user/", True),
        ("POST", "/api/auth/login/", False), ("POST", "/api/auth/register/", False),
        ("POST", "/api/auth/password-reset/confirm/", False), ("POST", "/api/jobs/", True), ("POST", "/api/chats/", True),
        ("POST", "/api/courses/", True), ("POST", "/api/quizzes/", True), ("POST", "/api/test/echo/", False),
    ]


def id_targets(w):
    """Path templates with one id replaced by `{}`."""
    return [
        "/api/blogs/{}/", "/api/forums/{}/", f"/api/forums/{w['forum']}/threads/{{}}/",
        f"/api/forums/{{}}/threads/{w['thread']}/posts/", "/api/users/{}/profile/", "/api/jobs/{}/",
        "/api/courses/{}/", "/api/quizzes/{}/", "/api/chats/{}/", "/api/videos/{}/", "/api/test/items/{}/",
    ]


LIST_ROUTES = ["/api/blogs/", "/api/forums/", "/api/users/", "/api/jobs/", "/api/internships/", "/api/courses/",
               "/api/quizzes/", "/api/chats/", "/api/videos/", "/api/blogs/popular/"]


def cases(w):
    """Every case: (name, kind, payload) with kind "http" (method, path, headers, body) or "raw" (bytes)."""
    auth = ("Authorization", "Bearer " + w["token"])
    raw_auth = b"Authorization: Bearer " + w["token"].encode()
    out = []
    for method, path, authenticated in write_targets(w):
        for name, body in BODIES.items():
            headers = dict([auth] if authenticated else [])
            content_type = CONTENT_TYPES.get(name, "application/json")
            if content_type is not None:
                headers["Content-Type"] = content_type
            out.append((f"{method} {path} body: {name}", "http", (method, path, headers, body)))
    for method, path, template in id_fields(w):
        for value in HUGE_NUMBERS + [b'"1"', b"null", b"true", b"[]", b'"\\u0000"', b'"\\ud800"']:
            if template is None:
                continue
            body = template.replace(b"%s", value)
            out.append((f"{method} {path} ids: {body[:60]!r}", "http",
                        (method, path, {"Authorization": "Bearer " + w["token"], "Content-Type": "application/json"}, body)))
    for template in id_targets(w):
        for value in PATH_IDS:
            for authenticated in (False, True):
                path = template.replace("{}", value.decode())
                out.append((f"GET {path[:80]} auth={authenticated}", "raw",
                            http(b"GET", path.encode(), [raw_auth] if authenticated else [])))
        out.append((f"DELETE {template} 2^64", "raw",
                    http(b"DELETE", template.replace("{}", "18446744073709551616").encode(), [raw_auth])))
        out.append((f"HEAD {template} 1e400", "raw", http(b"HEAD", template.replace("{}", "1e400").encode(), [raw_auth])))
    for path in RAW_PATHS:
        for authenticated in (False, True):
            out.append((f"raw path {path[:60]!r} auth={authenticated}", "raw",
                        http(b"GET", path, [raw_auth] if authenticated else [])))
    for route in LIST_ROUTES:
        for value in LIMITS:
            out.append((f"GET {route}?limit={value[:20]!r}", "raw", http(b"GET", route.encode() + b"?limit=" + value, [raw_auth])))
        for value in CURSORS:
            out.append((f"GET {route}?cursor={value[:20]!r}", "raw", http(b"GET", route.encode() + b"?cursor=" + value, [raw_auth])))
    for route in ("/api/blogs/", "/api/jobs/", "/api/users/", "/api/internships/"):
        for value in SEARCHES:
            out.append((f"GET {route}?search={value[:20]!r}", "raw",
                        http(b"GET", route.encode() + b"?search=" + value + b"&q=" + value, [raw_auth])))
    for name, lines in HEADER_CASES.items():
        token = [] if name.startswith("Authorization") else [raw_auth]  # nginx refuses two
        for method, path, extra in ((b"GET", b"/api/health/", []), (b"GET", b"/api/blogs/", token),
                                    (b"POST", b"/api/blogs/", token + [b"Content-Type: application/json"])):
            body = b'{"title":"h","content":"headers"}' if method == b"POST" else None
            host = None if name == "Host invalid" else b"agora.test"
            out.append((f"{method.decode()} {path.decode()} header: {name}", "raw",
                        http(method, path, extra + lines, body=body, host=host)))
    for path in EXTENSION_PATHS:
        for method in (b"GET", b"POST", b"DELETE"):
            out.append((f"{method.decode()} {path.decode()}", "raw", http(method, path, [raw_auth], body=b"{}")))
    for path in STATIC_PATHS:
        for method in (b"HEAD", b"POST", b"PUT", b"DELETE", b"PATCH", b"TRACE"):
            out.append((f"{method.decode()} {path.decode()}", "raw", http(method, path, body=b"{}" if method != b"HEAD" else None)))
    for value in STREAM_IDS:
        for headers in ([b"Accept: text/event-stream"], [b"Accept: text/event-stream", raw_auth],
                        [b"Upgrade: websocket", b"Connection: Upgrade", b"Sec-WebSocket-Version: 13",
                         b"Sec-WebSocket-Key: \xff\xff"]):
            out.append((f"stream {value!r} {headers[-1][:20]!r}", "raw", http(b"GET", b"/api/chats/" + value + b"/stream/", headers)))
    for name, request in PROTOCOL_CASES.items():
        out.append((f"protocol: {name}", "raw", request))
    return out


def run_case(case, tally, session):
    name, kind, payload = case
    if kind == "raw":
        # A request nginx is still waiting on the rest of is closed after its header timeout.
        timeout = HEADER_TIMEOUT + 4 if name in SLOW_CASES else 8.0
        try:
            tally.record(name, request_methods(payload), raw(payload, timeout))
        except OSError as error:
            with tally.lock:
                tally.requests += 1
                tally.problems.append((name, repr(error)))
        return
    method, path, headers, body = payload
    try:
        response = session.request(method, BASE + path, data=body, headers=headers, timeout=(3, 10))
    except requests.RequestException as error:
        response = error
    tally.record_http(name, method.encode(), response)


def runner_log_size():
    try:
        return os.path.getsize(os.path.join(RUN_DIR, "runner.log"))
    except OSError:
        return 0


def worker_crashes(since):
    """The runner's "worker died" lines written after byte `since` of its log."""
    with open(os.path.join(RUN_DIR, "runner.log"), "rb") as log:
        log.seek(since)
        lines = log.read().decode("utf-8", "replace").splitlines()
    return [line for line in lines if '"msg":"worker died' in line]


def test_hostile_input(world):
    all_cases = cases(world)
    assert len(all_cases) >= 300, len(all_cases)
    tally = Tally()
    log_start = runner_log_size()
    started = time.monotonic()
    local = threading.local()

    def one(case):
        if not hasattr(local, "session"):
            local.session = requests.Session()
        run_case(case, tally, local.session)
        time.sleep(0.02)  # 4 clients, well under the per-client rate limit

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(one, all_cases))
    crashes = worker_crashes(log_start)
    report = {
        "requests": tally.requests, "seconds": round(time.monotonic() - started, 1),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items(), key=lambda kv: str(kv[0]))},
        "closed_without_answer": len(tally.closed), "closed_cases": tally.closed,
        "problems": len(tally.problems), "worker_crashes": len(crashes),
    }
    print("\nHostile input:", json.dumps(report))
    with open(os.path.join(RUN_DIR, "faults-hostile.json"), "w") as out:
        json.dump(dict(report, problem_list=tally.problems, crash_lines=crashes, answers=tally.answers), out, indent=2)
    assert tally.requests >= 300
    assert not tally.problems, "\n".join("%s: %s" % p for p in tally.problems[:40])
    assert not crashes, crashes[:5]
    # Nothing above left a function unable to answer.
    assert requests.get(BASE + "/api/health/", timeout=5).status_code == 200


def test_slowloris_is_cut_off_without_taking_a_worker():
    """Clients sending their headers a byte a second are closed by nginx within its header timeout
    (it answers nothing: nginx never sends a 408), and meanwhile everyone else is served, even by
    the health function's single worker."""
    request = b"GET /api/health/ HTTP/1.1\r\nHost: agora.test\r\nX-Slow: " + b"s" * 100
    slow_clients, results = 8, []

    def slow():
        sock = socket.create_connection((HOST, PORT), timeout=HEADER_TIMEOUT + 10)
        opened, sent, answer, closed = time.monotonic(), 0, b"", False
        try:
            for byte in request:
                sock.sendall(bytes([byte]))
                sent += 1
                # Up to a second for nginx to speak or close, then the next byte.
                readable, _, _ = select.select([sock], [], [], 1.0)
                if readable:
                    answer = sock.recv(4096)
                    closed = True
                    break
                if time.monotonic() - opened > HEADER_TIMEOUT + 8:
                    break
        except (BrokenPipeError, ConnectionResetError):
            closed = True
        results.append((time.monotonic() - opened, sent, answer, closed))
        sock.close()

    threads = [threading.Thread(target=slow, daemon=True) for _ in range(slow_clients)]
    for t in threads:
        t.start()
    served, latencies = Counter(), []
    deadline = time.monotonic() + HEADER_TIMEOUT + 2
    while time.monotonic() < deadline:
        t0 = time.monotonic()
        for path in ("/api/health/", "/api/blogs/"):
            served[requests.get(BASE + path, timeout=5).status_code] += 1
        latencies.append(time.monotonic() - t0)
        time.sleep(0.2)
    for t in threads:
        t.join(timeout=HEADER_TIMEOUT + 15)
    report = {"slow_clients": slow_clients, "cut_off_after_s": sorted(round(r[0], 1) for r in results),
              "bytes_sent_before_cut": sorted(r[1] for r in results), "answers": [r[2][:40].decode("latin-1") for r in results],
              "others_served": dict(served), "others_max_latency_s": round(max(latencies), 3)}
    print("\nSlowloris:", json.dumps(report))
    with open(os.path.join(RUN_DIR, "faults-slowloris.json"), "w") as out:
        json.dump(report, out, indent=2)
    assert len(results) == slow_clients
    # Cut off by nginx within its header timeout (plus the second a byte takes), not by the test.
    assert all(closed and seconds <= HEADER_TIMEOUT + 2 and sent < len(request)
               for seconds, sent, _, closed in results), report
    assert all(answer == b"" for _, _, answer, _ in results), report
    assert set(served) == {200} and served[200] >= 20, report
    assert max(latencies) < 1.0, report
