"""The command-line tool: admins, Django imports and the outbox, against the live stack."""
import base64
import hashlib
import json
import os
import subprocess
import tempfile

import pytest
from conftest import BIN_DIR, Client, assert_error, psql, register, unique

AGORA = os.path.join(BIN_DIR, "agora")


def django_hash(password, salt="seasalt", iterations=260000):
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return "pbkdf2_sha256$%d$%s$%s" % (iterations, salt, base64.b64encode(digest).decode())


def test_create_admin_reads_password_from_stdin_and_makes_an_admin(client):
    name = unique("boss")
    out = subprocess.run([AGORA, "users", "create-admin", "--username", name, "--email", name + "@example.com"],
                         input="sturdy admin passphrase\n", capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    r = client.post("/api/auth/login/", {"username": name, "password": "sturdy admin passphrase"})
    assert r.status_code == 200 and r.json()["user"]["is_admin"] is True


def test_create_admin_refuses_a_weak_password():
    name = unique("boss")
    out = subprocess.run([AGORA, "users", "create-admin", "--username", name, "--email", name + "@example.com"],
                         input="password\n", capture_output=True, text=True)
    assert out.returncode != 0 and "common" in out.stderr
    assert psql("SELECT count(*) FROM users WHERE username = '%s'" % name) == "0"


def create_admin(username, email, password="sturdy admin passphrase", env=None):
    return subprocess.run([AGORA, "users", "create-admin", "--username", username, "--email", email],
                          input=password + "\n", capture_output=True, text=True, env=env)


def test_create_admin_refuses_a_taken_username_or_email_in_one_line():
    name = unique("boss")
    assert create_admin(name, name + "@example.com").returncode == 0
    # Taken ignoring case, as the unique indexes compare.
    for username, email, taken in [(name.upper(), unique("other") + "@example.com", "username"),
                                   (unique("boss"), name.upper() + "@Example.com", "email")]:
        out = create_admin(username, email)
        assert out.returncode == 1, out
        assert out.stderr == "agora: a user with that %s already exists\n" % taken, out.stderr
    assert psql("SELECT count(*) FROM users WHERE lower(email) = lower('%s@example.com')" % name) == "1"


@pytest.mark.parametrize("args", [["outbox"], ["migrate", "--status"], ["users", "create-admin", "--username",
                                                                         "nobody1", "--email", "n@example.com"]])
def test_commands_report_an_unreachable_database_in_one_line(args):
    env = dict(os.environ, DATABASE_URL="postgresql://postgres@127.0.0.1:1/agora")
    env.pop("MIGRATION_DATABASE_URL", None)
    out = subprocess.run([AGORA] + args, input="sturdy admin passphrase\n", capture_output=True, text=True, env=env)
    assert out.returncode == 1, out
    assert out.stderr.startswith("agora: cannot connect to the database (DATABASE_URL): "), out.stderr
    assert out.stderr.count("\n") == 1 and "PostgresError" not in out.stderr and "Usage" not in out.stderr


def test_import_django_keeps_hash_and_rehashes_to_argon2id_at_first_login(client):
    name = unique("dj")
    records = [
        {"model": "auth.user", "pk": 900000 + os.getpid() % 90000, "fields": {
            "username": name, "email": name + "@example.com", "password": django_hash("old django secret"),
            "is_superuser": False, "is_staff": False, "date_joined": "2020-01-02T03:04:05.678Z", "last_login": None}},
        {"model": "auth.user", "pk": 7, "fields": {"username": "has space", "email": "x@example.com",
                                                   "password": django_hash("x"), "date_joined": "2020-01-01T00:00:00Z"}},
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(records, f)
    out = subprocess.run([AGORA, "users", "import-django", f.name], capture_output=True, text=True)
    os.unlink(f.name)
    assert out.returncode == 0, out.stderr
    assert "imported 1 users, skipped 1" in out.stdout
    assert psql("SELECT password_hash FROM users WHERE username = '%s'" % name).startswith("pbkdf2_sha256$")
    assert_error(client.post("/api/auth/login/", {"username": name, "password": "wrong"}), 401, "invalid_credentials")
    r = client.post("/api/auth/login/", {"username": name, "password": "old django secret"})
    assert r.status_code == 200, r.text
    assert r.json()["user"]["date_joined"] == "2020-01-02T03:04:05.678Z"
    assert psql("SELECT password_hash FROM users WHERE username = '%s'" % name).startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert client.post("/api/auth/login/", {"username": name, "password": "old django secret"}).status_code == 200
    # Registration after an import with explicit ids still gets fresh ids.
    register()


def test_outbox_lists_waiting_reset_emails(client):
    _, body = register()
    client.post("/api/auth/password-reset/", {"email": body["user"]["email"]})
    out = subprocess.run([AGORA, "outbox"], capture_output=True, text=True, check=True).stdout
    assert body["user"]["email"] in out and "Reset your Agora password" in out


def test_help_is_printed_with_status_0():
    for args in (["--help"], ["event", "--help"], ["users", "create-admin", "--help"]):
        result = subprocess.run([AGORA, *args], capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, (args, result.stderr)
        assert "USAGE:" in result.stdout and "CommandError" not in result.stdout + result.stderr, args
