# shellcheck shell=bash
# A release stack for benchmarks: throwaway PostgreSQL, runner, nginx on a free port; stops what it
# started on exit. Source it, then call bench_stack_up; BASE, BIN, TMP and DATABASE_URL are set.
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/lib/common.sh"

# A release build and a throwaway migrated database (no runner, no nginx): BIN, TMP and
# DATABASE_URL are set; everything stops on exit. PostgreSQL is durable by default, as in
# production (fsync on, synchronous_commit on, full_page_writes on: checked after the start);
# Always: a fast setting is only ever a second pass (bench_pg_fast / bench_pg_durable switch the
# running cluster, both reloadable settings), an extra column beside the durable one.
# AGORA_BIN=DIR uses release binaries already built in DIR instead of building.
bench_database_up() {
    install_if_missing
    command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    command -v hyperfine >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null
    if [[ -n "${AGORA_BIN:-}" ]]; then BIN=$AGORA_BIN; else BIN=$(build release); fi
    TMP=$(mktemp -d /tmp/agora-bench.XXXXXX)
    chmod 755 "$TMP"
    trap bench_stack_down EXIT
    local pg_port
    pg_port=$(free_port)
    PG_FAST=0 pg_start "$TMP/data" "$pg_port"
    # As in production: the functions connect as the application role, migrations run as the
    # owner; the seeding of each benchmark is setup, done as the superuser (PG_ADMIN_URL).
    export DATABASE_URL MIGRATION_DATABASE_URL PG_ADMIN_URL BENCH_PG_PORT=$pg_port
    export JWT_SECRET LOG_LEVEL=warning PUBLIC_BASE_URL=http://bench.local MEDIA_ROOT="$TMP/media"
    DATABASE_URL=$(pg_url "$TMP/data" "$pg_port")
    MIGRATION_DATABASE_URL=$(pg_owner_url "$TMP/data" "$pg_port")
    PG_ADMIN_URL=$(pg_admin_url "$TMP/data")
    JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n=')
    mkdir -p "$MEDIA_ROOT"
    "$BIN/agora" migrate --dir "$REPO/db/migrations" >/dev/null
    BENCH_PG_MODE=$(bench_pg_mode)
    if [[ "$BENCH_PG_MODE" != durable ]]; then
        say "PostgreSQL is not durable ($BENCH_PG_MODE)"; return 1
    fi
}

# "durable" when fsync, synchronous_commit and full_page_writes are all on, else the three values.
bench_pg_mode() {
    local values
    values=$(psql -XAtq "$PG_ADMIN_URL" -c "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings
        WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')")
    if [[ "$values" == "fsync=on full_page_writes=on synchronous_commit=on" ]]; then echo durable; else echo "$values"; fi
}

# Switches the running cluster to fsync off, full_page_writes off (a crash may lose it), or back;
# synchronous_commit stays on (cheap without fsync). Sets BENCH_PG_MODE.
bench_pg_fast() {
    psql -XAtq "$PG_ADMIN_URL" -c "ALTER SYSTEM SET fsync = off" -c "ALTER SYSTEM SET full_page_writes = off" \
        -c "SELECT pg_reload_conf()" >/dev/null
    sleep 0.5
    BENCH_PG_MODE=$(bench_pg_mode)
}
bench_pg_durable() {
    psql -XAtq "$PG_ADMIN_URL" -c "ALTER SYSTEM RESET fsync" -c "ALTER SYSTEM RESET full_page_writes" \
        -c "SELECT pg_reload_conf()" -c "CHECKPOINT" >/dev/null
    sleep 0.5
    BENCH_PG_MODE=$(bench_pg_mode)
}

bench_stack_up() {
    bench_database_up
    local http_port
    # The per-client rate limit would turn a load test into a test of the limit: lift it here.
    export AGORA_FUNCTIONS="$TMP/functions.json"
    python3 - "$REPO/functions.json" "$AGORA_FUNCTIONS" <<'PY'
import json, os, sys
manifest = json.load(open(sys.argv[1]))
manifest.setdefault("http", {})["rate_limit"] = {"requests_per_second": 1000000, "burst": 1000000}
manifest["http"]["fastcgi_keepalive"] = int(os.environ.get("BENCH_KEEPALIVE", manifest["http"].get("fastcgi_keepalive", 0)))
workers = int(os.environ.get("BENCH_POOL_WORKERS", "0"))
if workers:
    # Same worker count as the C ceiling, fixed, so pool growth does not blur the comparison.
    for function in manifest["functions"].values():
        function["pool"] = dict(function.get("pool", {}), mode="static", max_workers=workers)
if os.environ.get("BENCH_MAX_REQUESTS"):
    # A profile follows one worker by its pid: 0 keeps it from being recycled midway.
    for function in manifest["functions"].values():
        function["pool"] = dict(function.get("pool", {}), max_requests=int(os.environ["BENCH_MAX_REQUESTS"]))
json.dump(manifest, open(sys.argv[2], "w"), indent=2)
PY
    http_port=$(free_port)
    BASE="http://127.0.0.1:$http_port"
    runner_start "$BIN" "$TMP/run"
    nginx_start "$BIN" "$TMP/run" "127.0.0.1:$http_port"
    wait_for "$BASE/api/health/"
}

bench_stack_down() {
    [[ -d "$TMP/run" ]] && { nginx_stop "$TMP/run" || true; runner_stop "$TMP/run" || true; }
    pg_stop "$TMP/data" || true
    rm -rf "$TMP"
}

# A C + libpq ceiling behind the stack's nginx: compiles bench/SOURCE.c, starts it with WORKERS
# workers on TMP/run/bench/c.sock (C_PID), and restarts nginx on BASE_URL's address with
# /bench/c and /bench/c/... (the ceiling) and /bench/static (nginx's own `return 200`). The
# environment passes through (DATABASE_URL=... bench_c_ceiling ...; c_responder also reads
# JWT_SECRET).
bench_c_ceiling() {
    local source=$1 base=$2
    cc -O2 -o "$TMP/$source" "$REPO/bench/$source.c" -I/usr/include/postgresql -lfcgi -lpq -lcrypto
    mkdir -p "$TMP/run/bench"
    chmod 755 "$TMP/run/bench"
    "$TMP/$source" "$TMP/run/bench/c.sock" "$WORKERS" &
    C_PID=$!
    cat >"$TMP/run/bench.conf" <<CONF
        location = /bench/static { default_type application/json; return 200 '{"status":"ok","database":"ok"}'; }
        location = /bench/c { include /etc/nginx/fastcgi_params; fastcgi_pass unix:$TMP/run/bench/c.sock; }
        location ^~ /bench/c/ { include /etc/nginx/fastcgi_params; fastcgi_pass unix:$TMP/run/bench/c.sock; }
CONF
    nginx_stop "$TMP/run"
    NGINX_EXTRA_CONF="$TMP/run/bench.conf" nginx_start "$BIN" "$TMP/run" "${base#http://}"
    wait_for "$base/bench/static"
}

# Seeds USERS users (with profiles) and BLOGS blogs, one a second back from now, as the
# superuser (setup, not the functions' work); the blog GET, list and profile benchmarks share it.
bench_seed_blogs() {
    local users=$1 blogs=$2
    say "seeding $users users and $blogs blogs"
    psql -q "$PG_ADMIN_URL" >/dev/null <<SQL
INSERT INTO users (username, email, password_hash)
    SELECT 'user' || g, 'user' || g || '@example.com', 'pbkdf2_sha256\$1\$x\$x' FROM generate_series(1, $users) g;
INSERT INTO profiles (user_id) SELECT id FROM users;
INSERT INTO blogs (author_id, title, content, created_at)
    SELECT 1 + (g % $users), 'Blog post number ' || g,
           'Some words about learning, teaching and community, entry ' || g || '. ' || repeat('Lorem ipsum dolor sit amet. ', 8),
           now() - (g || ' seconds')::interval
    FROM generate_series(1, $blogs) g;
ANALYZE;
SQL
}

# wrk's summary as "requests/s p50 p99 errors" (latencies in ms).
wrk_summary() {
    python3 -c '
import re, sys
text = sys.stdin.read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
def ms(label):
    m = re.search(r"\s" + label + r"\s+([\d.]+)(us|ms|s)", text)
    if not m: return "?"
    v = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    return "%.2f" % v
errors = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors += int(non2xx.group(1)) if non2xx else 0
print(rps, ms("50%"), ms("99%"), errors)'
}

# A wrk script that logs benchuser in (the account bench scripts register).
write_login_lua() {
    cat >"$1" <<'LUA'
wrk.method = "POST"
wrk.body = '{"username":"benchuser","password":"correct horse battery"}'
wrk.headers["Content-Type"] = "application/json"
LUA
}

# The hashing ceiling, with the login's Argon2id parameters (m=19 MiB, t=2, p=1):
#   argon2_bench single     milliseconds of one hash, median of 15;
#   argon2_bench parallel S hashes per second with one process per core hashing at once for S
#                           seconds: measured, not assumed (two hashes at once share the memory
#                           bus and the caches, so this is below cores / one hash's time).
argon2_bench() {
    python3 - "$@" <<'PY'
import ctypes, multiprocessing as mp, os, sys, time

def hasher():
    lib = ctypes.CDLL("libargon2.so.1")
    # The lengths are size_t: without argtypes ctypes passes 32-bit ints and the upper halves are
    # whatever the registers held (the call then fails at once with ARGON2_OUTPUT_TOO_LONG).
    lib.argon2id_hash_raw.argtypes = [ctypes.c_uint32, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_char_p, ctypes.c_size_t,
                                      ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]
    out = ctypes.create_string_buffer(32)
    def hash_once():
        status = lib.argon2id_hash_raw(2, 19456, 1, b"correct horse battery", 21, os.urandom(16), 16, out, 32)
        if status != 0:
            raise SystemExit("argon2id_hash_raw failed: %d" % status)
    return hash_once

def work(start, seconds, results):
    hash_once = hasher()
    while time.time() < start:
        time.sleep(0.001)
    count = 0
    while time.time() < start + seconds:
        hash_once()
        count += 1
    results.put((count, time.time()))

if __name__ == "__main__":
    if sys.argv[1] == "single":
        hash_once, runs = hasher(), []
        for _ in range(15):
            t = time.perf_counter()
            hash_once()
            runs.append(time.perf_counter() - t)
        print("%.3f" % (sorted(runs)[len(runs) // 2] * 1000))
    else:
        seconds, results = float(sys.argv[2]), mp.Queue()
        start = time.time() + 0.5
        workers = [mp.Process(target=work, args=(start, seconds, results)) for _ in range(os.cpu_count())]
        for worker in workers:
            worker.start()
        done = [results.get() for _ in workers]
        for worker in workers:
            worker.join()
        print("%.1f" % (sum(count for count, _ in done) / (max(end for _, end in done) - start)))
PY
}
