"""Videos, uploads, comments and likes over HTTP, through nginx, with real files."""
import glob
import json
import os
import signal
import socket
import struct
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

import pytest
import requests

from conftest import BASE, BIN_DIR, RUN_DIR, Client, assert_error, register
from videofiles import mp4, webm

VIDEO_KEYS = {"id", "title", "description", "url", "uploaded_by", "content_type", "size_bytes", "duration_seconds",
              "width", "height", "created_at", "updated_at", "likes_count"}
COMMENT_KEYS = {"id", "video_id", "content", "author", "created_at", "updated_at", "likes_count"}
MEDIA = os.path.join(os.environ.get("MEDIA_ROOT", ""), "videos")
CLIENT_BODY = os.path.join(RUN_DIR, "client_body")
VIDEO_MAX_BYTES = int(os.environ.get("VIDEO_MAX_BYTES") or 1 << 30)


def upload(client, data, filename="clip.mp4", title="A clip", description="Watch it", mime="video/mp4", extra=None):
    fields = {"title": title, "description": description}
    fields.update(extra or {})
    headers = {"Authorization": f"Bearer {client.token}"} if client.token else {}
    return requests.post(BASE + "/api/videos/", data=fields, files={"file": (filename, data, mime)}, headers=headers,
                         timeout=60)


def media_files():
    return sorted(os.listdir(MEDIA)) if os.path.isdir(MEDIA) else []


def body_files():
    return [p for p in glob.glob(os.path.join(CLIENT_BODY, "**"), recursive=True) if os.path.isfile(p)]


def rows(title):
    out = subprocess.run(["psql", os.environ["DATABASE_URL"], "-qtAc",
                          "SELECT count(*) FROM videos WHERE title = '%s'" % title.replace("'", "''")],
                         check=True, capture_output=True, text=True)
    return int(out.stdout.strip())


def gc(*args):
    out = subprocess.run([os.path.join(BIN_DIR, "agora"), "media", "gc", *args], check=True, capture_output=True,
                         text=True)
    return out.stdout


@pytest.fixture
def owner():
    return register()[0]


@pytest.fixture
def video(owner):
    r = upload(owner, mp4())
    assert r.status_code == 201, r.text
    return r.json()


# --- uploads -----------------------------------------------------------------------------------

def test_an_mp4_is_stored_under_a_generated_name_and_served_with_ranges(owner):
    data = mp4(width=320, height=240, timescale=1000, duration=2500)
    r = upload(owner, data, filename="../../evil name.mp4", title="  Cat  ")
    assert r.status_code == 201, r.text
    video = r.json()
    assert set(video) == VIDEO_KEYS | {"liked"}
    assert video["title"] == "Cat" and video["description"] == "Watch it"
    assert video["content_type"] == "video/mp4" and video["size_bytes"] == len(data)
    assert (video["duration_seconds"], video["width"], video["height"]) == (2.5, 320, 240)
    assert video["likes_count"] == 0 and video["liked"] is False
    name = video["url"].rsplit("/", 1)[1]
    assert video["url"] == "/media/videos/" + name and name.endswith(".mp4") and "evil" not in name
    assert name in media_files()
    with open(os.path.join(MEDIA, name), "rb") as stored:
        assert stored.read() == data

    whole = requests.get(BASE + video["url"])
    assert whole.status_code == 200 and whole.content == data
    assert whole.headers["Content-Type"] == "video/mp4"
    assert whole.headers["X-Content-Type-Options"] == "nosniff"
    assert whole.headers["Accept-Ranges"] == "bytes"
    part = requests.get(BASE + video["url"], headers={"Range": "bytes=4-11"})
    assert part.status_code == 206
    assert part.content == data[4:12] == b"ftypisom"
    assert part.headers["Content-Range"] == "bytes 4-11/%d" % len(data)
    tail = requests.get(BASE + video["url"], headers={"Range": "bytes=-16"})
    assert tail.status_code == 206 and tail.content == data[-16:]
    assert_error(requests.get(BASE + video["url"], headers={"Range": "bytes=%d-" % len(data)}), 416,
                 "range_not_satisfiable")


def test_a_webm_is_accepted_with_its_metadata(owner):
    data = webm(width=640, height=360, duration_ms=4200.0)
    r = upload(owner, data, filename="clip.webm", mime="video/webm")
    assert r.status_code == 201, r.text
    video = r.json()
    assert video["content_type"] == "video/webm" and video["url"].endswith(".webm")
    assert (video["duration_seconds"], video["width"], video["height"]) == (4.2, 640, 360)
    part = requests.get(BASE + video["url"], headers={"Range": "bytes=0-3"})
    assert part.status_code == 206 and part.content == b"\x1a\x45\xdf\xa3"
    assert part.headers["Content-Type"] == "video/webm"


@pytest.mark.parametrize("data, content_type, ext", [
    (mp4(brand=b"qt  "), "video/quicktime", ".mov"),
    (webm(doctype=b"matroska"), "video/x-matroska", ".mkv"),
])
def test_quicktime_and_matroska_are_told_from_their_bytes(owner, data, content_type, ext):
    r = upload(owner, data, filename="clip.bin", mime="application/octet-stream")
    assert r.status_code == 201, r.text
    assert r.json()["content_type"] == content_type and r.json()["url"].endswith(ext)
    assert requests.get(BASE + r.json()["url"]).headers["Content-Type"] == content_type


def test_a_container_without_metadata_has_nulls(owner):
    data = b"\x00\x00\x00\x10ftypisom\x00\x00\x02\x00" + bytes(64)
    r = upload(owner, data)
    assert r.status_code == 201, r.text
    assert (r.json()["duration_seconds"], r.json()["width"], r.json()["height"]) == (None, None, None)


@pytest.mark.parametrize("name, data", [
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 20),
    ("executable", b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + bytes(200)),
    ("text", b"just some text, renamed to look like a video\n" * 10),
    ("empty", b""),
    ("webm-doctype", webm(doctype=b"notavideo")),
])
def test_a_file_that_is_not_a_video_is_415_and_leaves_nothing(owner, name, data):
    before = media_files()
    title = "refused " + name
    r = upload(owner, data, filename="movie.mp4", title=title)
    assert_error(r, 415, "unsupported_media_type")
    assert media_files() == before
    assert rows(title) == 0
    assert body_files() == []


def test_upload_fields_are_validated_like_json(owner):
    r = upload(owner, mp4(), title="")
    assert_error(r, 400, "validation_failed", fields=["title"])
    r = upload(owner, mp4(), title="x" * 201, description="y" * 5001)
    assert_error(r, 400, "validation_failed", fields=["title", "description"])
    r = upload(owner, mp4(), extra={"url": "https://example.com/v.mp4"})
    assert_error(r, 400, "validation_failed", fields=["url"])
    headers = {"Authorization": f"Bearer {owner.token}"}
    r = requests.post(BASE + "/api/videos/", files={"title": (None, "no file")}, headers=headers)
    assert_error(r, 400, "validation_failed", fields=["file"])
    r = requests.post(BASE + "/api/videos/", data=b"--x\r\nnot a part", headers={
        **headers, "Content-Type": "multipart/form-data; boundary=x"})
    assert_error(r, 400, "validation_failed")
    r = requests.post(BASE + "/api/videos/", data=b"hello", headers={**headers, "Content-Type": "text/plain"})
    assert_error(r, 415, "unsupported_media_type")


def test_an_upload_needs_a_token_and_leaves_nothing():
    before = media_files()
    assert_error(upload(Client(), mp4()), 401, "not_authenticated")
    assert media_files() == before


def raw_request(head, body=b"", read=True):
    url = urlparse(BASE)
    with socket.create_connection((url.hostname, url.port), timeout=30) as sock:
        sock.sendall(head + body)
        if not read:
            return None
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def status_and_body(answer):
    head, _, body = answer.partition(b"\r\n\r\n")
    return head.decode("latin-1"), json.loads(body) if body else None


@pytest.mark.parametrize("authorization, code", [("", "not_authenticated"), ("Bearer not.a.token", "token_invalid")])
def test_an_upload_without_a_valid_token_is_refused_before_nginx_reads_its_body(authorization, code):
    # The client announces 200 MB and sends none of it: nginx answers at once from the gate.
    before = media_files()
    head = ("POST /api/videos/ HTTP/1.1\r\nHost: x\r\n%sConnection: close\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: %d\r\n\r\n"
            % ("Authorization: %s\r\n" % authorization if authorization else "", 200 << 20))
    url = urlparse(BASE)
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(head.encode())
        started = time.monotonic()
        answer = sock.recv(65536)
        # The answer comes at once; nginx then only drains what the client still sends.
        assert time.monotonic() - started < 2
    head_text, body = status_and_body(answer)
    assert " 401 " in head_text.split("\r\n")[0], head_text
    assert head_text.lower().count("www-authenticate: bearer") == 1, head_text
    assert body["error"]["code"] == code and body["error"]["status"] == 401
    assert body["error"]["request_id"] in head_text
    assert media_files() == before and body_files() == []


def test_an_upload_with_an_ended_session_is_refused_before_its_body():
    # The gate checks the login session as the pipeline does: a logged-out token is refused.
    _, body = register()
    token = body["access"]
    assert Client().post("/api/auth/logout/", {"refresh": body["refresh"]}).status_code == 204
    head = ("POST /api/videos/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nConnection: close\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: %d\r\n\r\n" % (token, 200 << 20))
    head_text, body = status_and_body(raw_request(head.encode()))
    assert " 401 " in head_text.split("\r\n")[0] and body["error"]["code"] == "token_invalid", head_text


def test_the_gate_answers_only_an_authentication_and_runs_no_handler(owner):
    # What nginx's gate sends: the route's method and path, no body, AGORA_AUTH_ONLY.
    socket_path = os.path.join(RUN_DIR, "sockets", "videos.sock")
    gate = {"REQUEST_METHOD": "POST", "DOCUMENT_URI": "/api/videos/", "REQUEST_URI": "/api/videos/",
            "AGORA_AUTH_ONLY": "1"}
    assert fastcgi(socket_path, gate)[0] == 401
    before = len(owner.get("/api/videos/?uploaded_by=%d" % owner_id(owner)).json()["results"])
    status, body = fastcgi(socket_path, {**gate, "HTTP_AUTHORIZATION": "Bearer " + owner.token})
    assert status == 204 and body == b""
    assert len(owner.get("/api/videos/?uploaded_by=%d" % owner_id(owner)).json()["results"]) == before
    # It authenticates whatever path it is given: nginx chose the location by the normalised path.
    assert fastcgi(socket_path, {**gate, "DOCUMENT_URI": "//api/videos/"})[0] == 401
    # Anonymous listing is not gated (nginx asks the gate only for POST).
    assert Client().get("/api/videos/").status_code == 200


@pytest.mark.parametrize("path", ["/api/videos", "//api/videos/", "/api//videos/", "/api/videos//", "/api/%76ideos/",
                                  "/api/videos/./", "/api/x/../videos/", "/api/videos/?a=b"])
def test_the_gate_holds_for_every_spelling_of_the_upload_path(path):
    url = urlparse(BASE)
    head = ("POST %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: multipart/form-data; boundary=b\r\n"
            "Content-Length: %d\r\n\r\n" % (path, 50 << 20))
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(head.encode())
        answer = sock.recv(65536)
    head_text, body = status_and_body(answer)
    if " 404 " in head_text.split("\r\n")[0]:
        return  # a spelling nginx does not route to the upload location reads no body either
    assert " 401 " in head_text.split("\r\n")[0], (path, head_text)
    assert body["error"]["code"] == "not_authenticated"
    assert body_files() == []


def owner_id(client):
    return client.get("/api/auth/user/").json()["id"]


def test_an_upload_over_the_limit_is_413_before_nginx_stores_it(owner):
    before = media_files()
    length = VIDEO_MAX_BYTES + 64 * 1024 + 1
    head = ("POST /api/videos/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nConnection: close\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: %d\r\n\r\n" % (owner.token, length))
    answer = raw_request(head.encode(), b"--b\r\n")
    status_line, _, rest = answer.partition(b"\r\n")
    assert b" 413 " in status_line, answer[:300]
    assert b'"code":"payload_too_large"' in answer
    assert media_files() == before and body_files() == []


def test_a_client_that_hangs_up_leaves_no_file_and_no_row(owner):
    before = media_files()
    head = ("POST /api/videos/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: %d\r\n\r\n" % (owner.token, 50 << 20))
    body = b'--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nhung up\r\n' \
           b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n\r\n' + mp4(media=1 << 20)
    raw_request(head.encode(), body, read=False)
    time.sleep(0.5)
    assert body_files() == [] and media_files() == before and rows("hung up") == 0


def worker_holding(path_prefix):
    """The pid of the process with a file open whose path starts with path_prefix."""
    for fd_dir in glob.glob("/proc/[0-9]*/fd"):
        try:
            for fd in os.listdir(fd_dir):
                if os.readlink(os.path.join(fd_dir, fd)).startswith(path_prefix):
                    return int(fd_dir.split("/")[2])
        except OSError:
            continue
    return None


def test_a_worker_killed_during_an_upload_leaves_nothing_once_gc_runs(owner, tmp_path):
    source = tmp_path / "big.mp4"
    with open(source, "wb") as out:
        out.write(mp4(media=4096))
        out.truncate(600 << 20)  # sparse: cheap to write, read and send
    before = media_files()
    curl = subprocess.Popen(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H",
                             f"Authorization: Bearer {owner.token}", "-F", "title=killed", "-F", f"file=@{source}",
                             BASE + "/api/videos/"], stdout=subprocess.PIPE, text=True)
    temporary = os.path.join(MEDIA, ".tmp-")
    pid, deadline = None, time.monotonic() + 60
    while pid is None and time.monotonic() < deadline and curl.poll() is None:
        pid = worker_holding(temporary)
    assert pid, "no worker was seen copying the upload"
    os.kill(pid, signal.SIGKILL)
    status = curl.communicate(timeout=60)[0]
    assert status == "502", status
    left = [name for name in media_files() if name not in before]
    assert left and all(name.startswith(".tmp-") for name in left), left
    assert rows("killed") == 0
    out = gc("--grace", "0")
    assert all(("removed %s/%s" % (MEDIA, name)) in out for name in left), out
    assert media_files() == before or set(media_files()) <= set(before)
    assert rows("killed") == 0


def test_gc_removes_files_without_a_row_and_keeps_the_others(video):
    orphan = os.path.join(MEDIA, "AAAAAAAAAAAAAAAAAAAAAA.mp4")
    with open(orphan, "wb") as out:
        out.write(mp4())
    young = os.path.join(MEDIA, "BBBBBBBBBBBBBBBBBBBBBB.webm")
    with open(young, "wb") as out:
        out.write(webm())
    old = time.time() - 3600
    os.utime(orphan, (old, old))
    out = gc("--grace", "60")
    assert "removed %s" % orphan in out
    assert not os.path.exists(orphan) and os.path.exists(young)  # too young: an upload may be about to insert
    assert video["url"].rsplit("/", 1)[1] in media_files()
    gc("--grace", "0")
    assert not os.path.exists(young)
    assert requests.get(BASE + video["url"]).status_code == 200


def fastcgi(socket_path, params, stdin=b""):
    """One request over the FastCGI protocol to a worker socket; returns (status, body)."""
    def record(kind, content, request_id=1):
        return struct.pack(">BBHHBx", 1, kind, request_id, len(content), 0) + content

    def pair(name, value):
        name, value = name.encode(), value.encode()
        def length(n):
            return bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000)
        return length(len(name)) + length(len(value)) + name + value

    message = record(1, struct.pack(">HB5x", 1, 0))
    message += record(4, b"".join(pair(k, v) for k, v in params.items())) + record(4, b"")
    message += (record(5, stdin) if stdin else b"") + record(5, b"")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(30)
        sock.connect(socket_path)
        sock.sendall(message)
        output, data = b"", b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        while len(data) >= 8:
            _, kind, _, size, padding = struct.unpack(">BBHHB", data[:7])
            if kind == 6:
                output += data[8:8 + size]
            data = data[8 + size + padding:]
    head, _, body = output.partition(b"\r\n\r\n")
    return int(head.split(b"Status: ")[1][:3]), body


def test_a_body_file_outside_nginx_client_body_directory_is_refused(owner, tmp_path):
    socket_path = os.path.join(RUN_DIR, "sockets", "videos.sock")
    base = {"REQUEST_METHOD": "POST", "DOCUMENT_URI": "/api/videos/", "REQUEST_URI": "/api/videos/",
            "CONTENT_TYPE": "multipart/form-data; boundary=b", "CONTENT_LENGTH": "100",
            "HTTP_AUTHORIZATION": f"Bearer {owner.token}"}
    for path in ["/etc/passwd", CLIENT_BODY + "/../../../etc/passwd", "relative/file"]:
        status, body = fastcgi(socket_path, {**base, "REQUEST_BODY_FILE": path})
        assert status == 400, body
        assert b"validation_failed" in body
    # A symlink inside the directory that points out of it is refused too.
    link = os.path.join(CLIENT_BODY, "0000000099")
    os.symlink("/etc/passwd", link)
    try:
        status, body = fastcgi(socket_path, {**base, "REQUEST_BODY_FILE": link})
        assert status == 400, body
    finally:
        os.unlink(link)


# --- external videos ---------------------------------------------------------------------------

def test_an_external_video_keeps_its_url_and_has_no_file_fields(owner):
    r = owner.post("/api/videos/", {"title": "Elsewhere", "url": "https://videos.example.com/a.mp4", "likes_count": 9})
    assert r.status_code == 201, r.text
    video = r.json()
    assert video["url"] == "https://videos.example.com/a.mp4" and video["description"] == ""
    assert (video["content_type"], video["size_bytes"], video["duration_seconds"], video["width"],
            video["height"]) == (None,) * 5
    assert video["likes_count"] == 0


@pytest.mark.parametrize("url", ["http://videos.example.com/a.mp4", "javascript:alert(1)", "ftp://x.example.com/a",
                                 "https://", "not a url", 5])
def test_an_external_url_must_be_https(owner, url):
    assert_error(owner.post("/api/videos/", {"title": "T", "url": url}), 400, "validation_failed", fields=["url"])


def test_external_video_body_rules(owner):
    assert_error(owner.post("/api/videos/", {}), 400, "validation_failed", fields=["title", "url"])
    assert_error(Client().post("/api/videos/", {"title": "T", "url": "https://a.example.com/"}), 401,
                 "not_authenticated")
    r = owner.request("POST", "/api/videos/", data=b"{not json", headers={"Content-Type": "application/json"})
    assert_error(r, 400, "invalid_json")
    big = '{"title": "T", "url": "https://a.example.com/", "description": "%s"}' % ("x" * (1 << 20))
    r = owner.request("POST", "/api/videos/", data=big, headers={"Content-Type": "application/json"})
    assert_error(r, 413, "payload_too_large")


# --- reading, changing, deleting ---------------------------------------------------------------

def test_list_is_newest_first_with_likes_and_the_callers_liked(owner, video):
    other = owner.post("/api/videos/", {"title": "Second", "url": "https://a.example.com/2"}).json()
    fan, _ = register()
    assert fan.post(f"/api/videos/{video['id']}/like/").json() == {"liked": True, "likes_count": 1}
    mine = owner.get("/api/videos/", params={"uploaded_by": video["uploaded_by"]["id"]}).json()
    assert [v["id"] for v in mine["results"]] == [other["id"], video["id"]]
    seen = fan.get("/api/videos/", params={"uploaded_by": video["uploaded_by"]["id"]}).json()["results"]
    assert [(v["liked"], v["likes_count"]) for v in seen] == [(False, 0), (True, 1)]
    anonymous = Client().get("/api/videos/", params={"limit": 1}).json()
    assert "liked" not in anonymous["results"][0] and anonymous["next"].startswith("/api/videos/")
    assert_error(Client().get("/api/videos/?uploaded_by=abc"), 400, "validation_failed", fields=["uploaded_by"])
    assert_error(Client().get("/api/videos/?limit=0"), 400, "validation_failed", fields=["limit"])


def test_retrieve_and_404(video):
    r = Client().get(f"/api/videos/{video['id']}/")
    assert r.status_code == 200 and set(r.json()) == VIDEO_KEYS
    assert_error(Client().get("/api/videos/999999999/"), 404, "not_found")
    assert_error(Client().get("/api/videos/01/"), 404, "not_found")


def test_only_the_owner_or_an_admin_changes_a_video(owner, video, admin):
    path = f"/api/videos/{video['id']}/"
    stranger, _ = register()
    assert_error(stranger.put(path, {"title": "Mine now"}), 403, "forbidden")
    assert_error(stranger.patch(path, {"title": "Mine now"}), 403, "forbidden")
    assert_error(stranger.delete(path), 403, "forbidden")
    assert_error(Client().patch(path, {"title": "x"}), 401, "not_authenticated")
    assert_error(stranger.put("/api/videos/999999999/", {"title": "x"}), 404, "not_found")
    r = owner.patch(path, {"title": " Renamed ", "url": "https://evil.example.com/", "size_bytes": 1})
    assert r.status_code == 200, r.text
    assert r.json()["title"] == "Renamed" and r.json()["description"] == "Watch it"
    assert r.json()["url"] == video["url"] and r.json()["size_bytes"] == video["size_bytes"]
    r = owner.put(path, {"title": "Replaced"})
    assert r.json()["description"] == "" and r.json()["title"] == "Replaced"
    assert_error(owner.put(path, {"description": "no title"}), 400, "validation_failed", fields=["title"])
    assert_error(owner.patch(path, {"title": ""}), 400, "validation_failed", fields=["title"])
    boss, _ = admin
    assert boss.patch(path, {"description": "By an admin"}).json()["description"] == "By an admin"


def test_deleting_a_video_removes_the_row_the_file_the_comments_and_the_likes(owner, video):
    path = f"/api/videos/{video['id']}/"
    fan, _ = register()
    comment = fan.post(path + "comments/", {"content": "Hi"}).json()
    fan.post(path + "like/")
    fan.post(path + f"comments/{comment['id']}/like/")
    name = video["url"].rsplit("/", 1)[1]
    assert owner.delete(path).status_code == 204
    assert_error(Client().get(path), 404, "not_found")
    assert_error(Client().get(path + f"comments/{comment['id']}/"), 404, "not_found")
    assert name not in media_files()
    assert_error(requests.get(BASE + video["url"]), 404, "not_found")
    assert_error(owner.delete(path), 404, "not_found")


def test_media_is_read_only_and_only_videos_are_served(video):
    assert_error(requests.post(BASE + video["url"], data=b"x"), 405, "method_not_allowed")
    assert_error(requests.get(BASE + "/media/videos/nothing.mp4"), 404, "not_found")
    assert_error(requests.get(BASE + "/media/"), 404, "not_found")
    hidden = os.path.join(MEDIA, ".tmp-CCCCCCCCCCCCCCCCCCCCCC.mp4")
    with open(hidden, "wb") as out:
        out.write(mp4())
    try:
        assert_error(requests.get(BASE + "/media/videos/.tmp-CCCCCCCCCCCCCCCCCCCCCC.mp4"), 404, "not_found")
    finally:
        os.unlink(hidden)


# --- likes -------------------------------------------------------------------------------------

def test_video_likes_are_idempotent(video):
    path = f"/api/videos/{video['id']}/like/"
    fan, _ = register()
    assert fan.post(path).json() == {"liked": True, "likes_count": 1}
    assert fan.post(path).json() == {"liked": True, "likes_count": 1}
    assert fan.delete(path).json() == {"liked": False, "likes_count": 0}
    assert fan.delete(path).json() == {"liked": False, "likes_count": 0}
    assert_error(Client().post(path), 401, "not_authenticated")
    assert_error(fan.post("/api/videos/999999999/like/"), 404, "not_found")


def test_concurrent_likes_are_counted_exactly(video):
    fans = [register()[0] for _ in range(12)]
    path = f"/api/videos/{video['id']}/like/"
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda c: (c.post(path).status_code, c.post(path).status_code), fans))
    assert all(s == (200, 200) for s in statuses)
    assert Client().get(f"/api/videos/{video['id']}/").json()["likes_count"] == 12
    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(lambda c: c.delete(path), fans[:5]))
    assert Client().get(f"/api/videos/{video['id']}/").json()["likes_count"] == 7


# --- comments ----------------------------------------------------------------------------------

def test_comments_are_oldest_first_and_validated(video):
    path = f"/api/videos/{video['id']}/comments/"
    fan, _ = register()
    first = fan.post(path, {"content": "  First  ", "likes_count": 5})
    assert first.status_code == 201, first.text
    assert set(first.json()) == COMMENT_KEYS | {"liked"}
    assert first.json()["content"] == "First" and first.json()["likes_count"] == 0
    second = fan.post(path, {"content": "Second"}).json()
    listed = Client().get(path).json()
    assert [c["id"] for c in listed["results"]] == [first.json()["id"], second["id"]]
    assert "liked" not in listed["results"][0]
    assert_error(fan.post(path, {"content": ""}), 400, "validation_failed", fields=["content"])
    assert_error(fan.post(path, {"content": "x" * 2001}), 400, "validation_failed", fields=["content"])
    assert fan.post(path, {"content": "x" * 2000}).status_code == 201
    assert_error(Client().post(path, {"content": "anon"}), 401, "not_authenticated")
    assert_error(fan.post("/api/videos/999999999/comments/", {"content": "x"}), 404, "not_found")
    assert_error(Client().get("/api/videos/999999999/comments/"), 404, "not_found")


def test_a_comment_of_another_video_is_404(owner, video):
    other = owner.post("/api/videos/", {"title": "Other", "url": "https://a.example.com/o"}).json()
    comment = owner.post(f"/api/videos/{video['id']}/comments/", {"content": "Here"}).json()
    wrong = f"/api/videos/{other['id']}/comments/{comment['id']}/"
    assert_error(Client().get(wrong), 404, "not_found")
    assert_error(owner.put(wrong, {"content": "x"}), 404, "not_found")
    assert_error(owner.delete(wrong), 404, "not_found")
    assert_error(owner.post(wrong + "like/"), 404, "not_found")


def test_the_author_or_an_admin_edits_and_the_video_owner_only_deletes(owner, video, admin):
    path = f"/api/videos/{video['id']}/comments/"
    author, _ = register()
    stranger, _ = register()
    boss, _ = admin
    comment = author.post(path, {"content": "Original"}).json()
    one = path + f"{comment['id']}/"
    assert Client().get(one).json()["content"] == "Original"
    assert_error(owner.put(one, {"content": "Owner words"}), 403, "forbidden")
    assert_error(stranger.put(one, {"content": "Stranger words"}), 403, "forbidden")
    assert_error(Client().put(one, {"content": "x"}), 401, "not_authenticated")
    assert_error(author.put(one, {}), 400, "validation_failed", fields=["content"])
    edited = author.put(one, {"content": "Edited"})
    assert edited.status_code == 200 and edited.json()["content"] == "Edited"
    assert boss.put(one, {"content": "Moderated"}).json()["content"] == "Moderated"
    assert_error(stranger.delete(one), 403, "forbidden")
    assert owner.delete(one).status_code == 204
    assert_error(Client().get(one), 404, "not_found")
    mine = author.post(path, {"content": "Mine"}).json()
    assert author.delete(path + f"{mine['id']}/").status_code == 204
    theirs = author.post(path, {"content": "Theirs"}).json()
    assert boss.delete(path + f"{theirs['id']}/").status_code == 204


def test_comment_likes_are_idempotent_and_exact_under_concurrency(video):
    path = f"/api/videos/{video['id']}/comments/"
    author, _ = register()
    comment = author.post(path, {"content": "Like me"}).json()
    like = path + f"{comment['id']}/like/"
    assert author.post(like).json() == {"liked": True, "likes_count": 1}
    assert author.post(like).json() == {"liked": True, "likes_count": 1}
    assert author.get(path + f"{comment['id']}/").json()["liked"] is True
    assert author.delete(like).json() == {"liked": False, "likes_count": 0}
    assert author.delete(like).json() == {"liked": False, "likes_count": 0}
    fans = [register()[0] for _ in range(10)]
    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(lambda c: (c.post(like), c.post(like)), fans))
    assert Client().get(path + f"{comment['id']}/").json()["likes_count"] == 10
    assert_error(Client().delete(like), 401, "not_authenticated")


# --- every route: 401 without a token (writes), 401 with a bad token (reads too), 404 ---------

def routes(video_id, comment_id):
    v, c = f"/api/videos/{video_id}/", f"/api/videos/{video_id}/comments/{comment_id}/"
    return [("GET", "/api/videos/", False), ("POST", "/api/videos/", True), ("GET", v, False), ("PUT", v, True),
            ("PATCH", v, True), ("DELETE", v, True), ("POST", v + "like/", True), ("DELETE", v + "like/", True),
            ("GET", v + "comments/", False), ("POST", v + "comments/", True), ("GET", c, False), ("PUT", c, True),
            ("DELETE", c, True), ("POST", c + "like/", True), ("DELETE", c + "like/", True)]


def test_every_route_checks_the_token_and_its_ids(owner, video):
    comment = owner.post(f"/api/videos/{video['id']}/comments/", {"content": "x"}).json()
    for method, path, write in routes(video["id"], comment["id"]):
        body = {"title": "T", "content": "C"} if method in ("POST", "PUT", "PATCH") else None
        if write:
            assert_error(Client().request(method, path, json_body=body), 401, "not_authenticated")
        assert_error(Client(token="not.a.token").request(method, path, json_body=body), 401, "token_invalid")
    for method, path, _ in routes(999999999, 999999999):
        if path == "/api/videos/":
            continue
        body = {"title": "T", "content": "C"} if method in ("POST", "PUT", "PATCH") else None
        assert_error(owner.request(method, path, json_body=body), 404, "not_found")
    assert_error(Client().get(f"/api/videos/{video['id']}/comments/?limit=101"), 400, "validation_failed",
                 fields=["limit"])
    assert Client().get(f"/api/videos/{video['id']}/").status_code == 200  # nothing above changed it


# --- found by the outside review ----------------------------------------------------------------

def test_deleting_the_account_removes_its_uploaded_files():
    me, _ = register()
    r = upload(me, mp4())
    assert r.status_code == 201, r.text
    url = r.json()["url"]
    name = url.rsplit("/", 1)[1]
    assert name in media_files()
    assert me.delete("/api/auth/user/", {"password": "correct horse battery"}).status_code == 204
    assert name not in media_files()
    assert_error(requests.get(BASE + url, timeout=10), 404, "not_found")


def test_media_folder_and_other_methods_answer_in_the_envelope(video):
    assert_error(requests.get(BASE + "/media/videos/", timeout=10), 404, "not_found")
    r = requests.post(BASE + video["url"], timeout=10)
    assert_error(r, 405, "method_not_allowed")
    assert r.headers["Allow"] == "GET, HEAD"


def test_a_huge_64_bit_box_size_does_not_kill_the_worker(owner):
    ftyp = struct.pack(">I", 20) + b"ftypisom" + struct.pack(">I", 512) + b"isom"
    huge = struct.pack(">I", 1) + b"moov" + struct.pack(">Q", 0x7FFFFFFFFFFFFFFF)
    r = upload(owner, ftyp + huge + b"\0" * 64)
    assert r.status_code == 201, r.text
    assert r.json()["duration_seconds"] is None


def test_long_transport_padding_is_refused_at_once(owner):
    body = b"--bnd" + b" " * 2_000_000 + b"\r\n"
    started = time.monotonic()
    r = requests.post(BASE + "/api/videos/", data=body, timeout=60,
                      headers={"Authorization": f"Bearer {owner.token}",
                               "Content-Type": "multipart/form-data; boundary=bnd"})
    assert_error(r, 400, "validation_failed")
    assert time.monotonic() - started < 2
