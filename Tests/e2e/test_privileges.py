"""Least privilege at every boundary (issue 15, findings 5 and 6): unprivileged workers, sockets
only nginx's group reaches, no request-body file outside upload routes, and a database the
functions reach as a role that can change rows but not the schema."""
import json
import os
import grp
import pwd
import stat
import subprocess
from urllib.parse import urlparse

import pytest

from conftest import REPO, RUN_DIR, assert_error, register
from test_videos import fastcgi

SOCKETS = os.path.join(RUN_DIR, "sockets")
NGINX_GROUP = "www-data"


def manifest_users():
    manifest = json.load(open(os.environ.get("AGORA_FUNCTIONS", os.path.join(REPO, "functions.json"))))
    default = manifest.get("defaults", {}).get("user")
    return {name: spec.get("user", default) for name, spec in manifest["functions"].items()}


def runner_children():
    runner = int(open(os.path.join(RUN_DIR, "runner.pid")).read())
    out = subprocess.run(["ps", "-ww", "-o", "pid=,uid=,gid=,args=", "--ppid", str(runner)], check=True,
                         capture_output=True, text=True).stdout
    rows = [line.split()[:4] for line in out.splitlines() if line.strip()]
    return [(pid, uid, gid, os.path.basename(command)) for pid, uid, gid, command in rows]


def as_user(user, code):
    """Runs python CODE as USER; its stdout. The system's python, which every user can run (the
    tests' own may live in a virtual environment under a folder closed to USER)."""
    python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else "python3"
    out = subprocess.run(["runuser", "-u", user, "--", python, "-c", code], capture_output=True,
                         text=True, timeout=20, cwd="/")
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


CONNECT = """
import socket, sys
s = socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1] if len(sys.argv) > 1 else %r)
    print("connected")
except PermissionError:
    print("denied")
except OSError as e:
    print("error", e.errno)
"""


# --- processes ---------------------------------------------------------------------------------

def test_workers_run_as_their_manifest_user_never_root():
    users = manifest_users()
    children = runner_children()
    assert children
    nginx_gid = grp.getgrnam(NGINX_GROUP).gr_gid
    for pid, uid, gid, command in children:
        function = command.removeprefix("agora-")
        assert int(uid) != 0 and int(gid) != 0, (pid, command)
        assert int(uid) == pwd.getpwnam(users[function]).pw_uid, (command, uid, users[function])
        assert int(gid) == nginx_gid, (command, gid)
        # Nothing can take root back, and no supplementary group is kept.
        status = open("/proc/%s/status" % pid).read()
        ids = {line.split(":")[0]: line.split()[1:] for line in status.splitlines()
               if line.startswith(("Uid", "Gid", "Groups"))}
        assert set(ids["Uid"]) == {uid} and set(ids["Gid"]) == {gid}, ids
        assert ids["Groups"] in ([], [gid]), ids
        assert "NoNewPrivs:\t1" in status, (command, "no-new-privileges is not set")


def test_videos_workers_share_nginx_user_to_read_its_upload_files_and_others_do_not():
    users = manifest_users()
    assert users["videos"] == NGINX_GROUP
    assert all(user == "agora" for name, user in users.items() if name != "videos"), users


# --- sockets -----------------------------------------------------------------------------------

def test_function_sockets_are_0660_for_nginx_group_in_a_0750_folder():
    folder = os.stat(SOCKETS)
    assert stat.S_IMODE(folder.st_mode) == 0o750
    assert folder.st_gid == grp.getgrnam(NGINX_GROUP).gr_gid
    for name in manifest_users():
        info = os.stat(os.path.join(SOCKETS, name + ".sock"))
        assert stat.S_ISSOCK(info.st_mode)
        assert stat.S_IMODE(info.st_mode) == 0o660, name
        assert info.st_gid == grp.getgrnam(NGINX_GROUP).gr_gid, name


@pytest.mark.parametrize("socket_name", ["health.sock", "auth.sock", "publish.sock", "runner.sock"])
def test_another_local_user_cannot_reach_a_worker_the_publisher_or_the_runner(socket_name):
    path = os.path.join(SOCKETS, socket_name)
    if not os.path.exists(path):
        pytest.skip("no " + socket_name)
    assert as_user("nobody", CONNECT % path) == "denied"
    # nginx's user does reach the function sockets and the publisher (its own).
    if socket_name != "runner.sock":
        assert as_user(NGINX_GROUP, CONNECT % path) == "connected"


def test_a_body_file_on_a_route_that_takes_none_is_refused_unread():
    _, body = register()
    status, answer = fastcgi(os.path.join(SOCKETS, "blogs.sock"), {
        "REQUEST_METHOD": "POST", "DOCUMENT_URI": "/api/blogs/", "REQUEST_URI": "/api/blogs/",
        "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": "40", "REQUEST_BODY_FILE": "/etc/shadow",
        "HTTP_AUTHORIZATION": "Bearer " + body["access"]})
    assert status == 400, answer
    error = json.loads(answer)["error"]
    assert error["code"] == "validation_failed" and "file" in error["message"], error


# --- the database ------------------------------------------------------------------------------

def psql(url, sql, password=True):
    env = dict(os.environ)
    if not password:
        parts = urlparse(url)
        url = parts._replace(netloc="%s@%s:%d" % (parts.username, parts.hostname, parts.port)).geturl()
        env.pop("PGPASSWORD", None)
        env["PGPASSFILE"] = "/nonexistent"
    return subprocess.run(["psql", url, "-XqtA", "-v", "ON_ERROR_STOP=1", "-c", sql], capture_output=True,
                          text=True, env=env, timeout=20)


def test_the_functions_role_reads_and_writes_rows_but_cannot_change_the_schema():
    url = os.environ["DATABASE_URL"]
    assert urlparse(url).username == "agora_app"
    who = psql(url, "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user")
    assert who.stdout.strip() == "f|f|f", who
    assert psql(url, "SELECT count(*) >= 0 FROM users").stdout.strip() == "t"
    for statement in ["CREATE TABLE agora_intruder (id int)", "ALTER TABLE users ADD COLUMN intruder int",
                      "DROP TABLE blogs", "TRUNCATE blogs", "CREATE FUNCTION agora_intruder() RETURNS int "
                      "LANGUAGE sql AS 'SELECT 1'", "ALTER ROLE agora_app SUPERUSER", "CREATE ROLE intruder"]:
        result = psql(url, statement)
        assert result.returncode != 0 and ("permission denied" in result.stderr or "must be" in result.stderr), \
            (statement, result.stderr)


def test_the_owner_role_runs_migrations_and_is_no_superuser():
    url = os.environ["MIGRATION_DATABASE_URL"]
    assert urlparse(url).username == "agora_owner"
    who = psql(url, "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user")
    assert who.stdout.strip() == "f|f|f", who
    owners = psql(url, "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class c JOIN pg_namespace n "
                       "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND relkind = 'r'")
    assert owners.stdout.split() == ["agora_owner"], owners


def test_no_role_gets_in_without_a_password():
    url = os.environ["DATABASE_URL"]
    for role in ["agora_app", "agora_owner", "postgres"]:
        parts = urlparse(url)
        target = parts._replace(netloc="%s@%s:%d" % (role, parts.hostname, parts.port)).geturl()
        result = psql(target, "SELECT 1", password=False)
        assert result.returncode != 0, role
        assert "password" in result.stderr, (role, result.stderr)
    # A wrong password is refused too.
    parts = urlparse(url)
    wrong = parts._replace(netloc="agora_app:wrong@%s:%d" % (parts.hostname, parts.port)).geturl()
    assert "password authentication failed" in psql(wrong, "SELECT 1").stderr


# --- the systemd units (a production host has no runner started as here) ----------------------

def unit(name):
    settings = {}
    for line in open(os.path.join(REPO, "deploy", "systemd", name)):
        if "=" in line and not line.startswith("#"):
            key, value = line.strip().split("=", 1)
            settings.setdefault(key, []).append(value)
    return settings


SANDBOX = ["NoNewPrivileges", "ProtectSystem", "ProtectHome", "PrivateTmp", "PrivateDevices", "ProtectKernelTunables",
           "ProtectKernelModules", "ProtectControlGroups", "RestrictAddressFamilies", "RestrictNamespaces",
           "RestrictSUIDSGID", "LockPersonality", "MemoryDenyWriteExecute", "SystemCallFilter", "CapabilityBoundingSet"]


def test_systemd_workers_are_unprivileged_and_sandboxed_and_their_sockets_0660():
    worker = unit("agora-function@.service")
    assert worker["User"] == ["agora"] and worker["Group"] == [NGINX_GROUP]
    assert worker["CapabilityBoundingSet"] == [""]
    runner = unit("agora-runner.service")
    assert "--socket-group " + NGINX_GROUP in runner["ExecStart"][0]
    assert set(runner["CapabilityBoundingSet"][0].split()) == {"CAP_SETUID", "CAP_SETGID", "CAP_CHOWN", "CAP_KILL"}
    for settings in (worker, runner):
        assert all(key in settings for key in SANDBOX), [key for key in SANDBOX if key not in settings]
        assert settings["ProtectSystem"] == ["strict"] and settings["NoNewPrivileges"] == ["yes"]
    socket = unit("agora-function@.socket")
    assert socket["SocketMode"] == ["0660"] and socket["SocketGroup"] == [NGINX_GROUP]
