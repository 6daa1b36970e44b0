#!/usr/bin/env bash
# The benchmark suite of issue 7: builds release, starts a stack with seeded data (1,000 users,
# 100,000 blogs), measures the ceilings and every scenario in the same run, and writes
# bench/results/latest.json and bench/results/latest.md (requests/s, p50, p99, errors, ratio to
# the ceiling). Every load is bounded: wrk runs 10 s (BENCH_SECONDS), 64 connections unless stated.
#   bench/run.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SECONDS_PER_RUN=${BENCH_SECONDS:-10}
WORKERS=${BENCH_WORKERS:-4}
USERS=1000
BLOGS=${BENCH_BLOGS:-100000}
OUT="$REPO/bench/results"
mkdir -p "$OUT"

# The scenarios' functions get a static pool of WORKERS, like the C responder.
export BENCH_POOL_WORKERS=$WORKERS
bench_stack_up
C_PID=""
cleanup_bench() {
    [[ -n "$C_PID" ]] && { pkill -P "$C_PID" 2>/dev/null || true; kill "$C_PID" 2>/dev/null || true; }
    bench_stack_down
}
trap cleanup_bench EXIT

say "seeding $USERS users and $BLOGS blogs"
psql -q "$PG_ADMIN_URL" >/dev/null <<SQL
INSERT INTO users (username, email, password_hash)
    SELECT 'user' || g, 'user' || g || '@example.com', 'pbkdf2_sha256\$1\$x\$x' FROM generate_series(1, $USERS) g;
INSERT INTO profiles (user_id) SELECT id FROM users;
INSERT INTO blogs (author_id, title, content, created_at)
    SELECT 1 + (g % $USERS), 'Blog post number ' || g,
           'Some words about learning, teaching and community, entry ' || g || '. ' || repeat('Lorem ipsum dolor sit amet. ', 8),
           now() - (g || ' seconds')::interval
    FROM generate_series(1, $BLOGS) g;
ANALYZE;
SQL

# The C + libpq ceiling: same nginx, same worker count, one prepared SELECT by primary key.
bench_c_ceiling c_responder "$BASE"

token=$(curl -s -X POST "$BASE/api/auth/register/" -H 'Content-Type: application/json' \
    -d '{"username":"benchuser","email":"bench@example.com","password":"correct horse battery"}' \
    | python3 -c 'import json,sys;print(json.load(sys.stdin)["access"])')

cat >"$TMP/random_blog.lua" <<LUA
local n = $BLOGS
request = function() return wrk.format(nil, "/api/blogs/" .. math.random(1, n) .. "/") end
LUA
cat >"$TMP/random_c.lua" <<LUA
local n = $BLOGS
request = function() return wrk.format(nil, "/bench/c?id=" .. math.random(1, n)) end
LUA
cat >"$TMP/post_blog.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"title":"A benchmark post","content":"Written by wrk to measure POST /api/blogs/."}'
wrk.headers["Content-Type"] = "application/json"
LUA
write_login_lua "$TMP/login.lua"

RESULTS="$TMP/results.tsv"
: >"$RESULTS"
# run NAME CONNECTIONS URL [wrk args...]: one bounded wrk run, its summary appended to RESULTS.
run() {
    local name=$1 conns=$2 url=$3
    shift 3
    local summary
    summary=$(wrk -t2 -c"$conns" -d"${SECONDS_PER_RUN}s" --latency "$@" "$url" | wrk_summary)
    printf '%s\t%s\t%s\n' "$name" "$conns" "$summary" >>"$RESULTS"
    say "$name: $summary"
}

run ceiling_nginx_static 64 "$BASE/bench/static"
run ceiling_c_libpq 64 "$BASE/bench/c" -s "$TMP/random_c.lua"
run blog_get_random 64 "$BASE/" -s "$TMP/random_blog.lua"
run blog_list_first_page 64 "$BASE/api/blogs/"
run auth_user_bearer 64 "$BASE/api/auth/user/" -H "Authorization: Bearer $token"
run blog_post_bearer 64 "$BASE/api/blogs/" -s "$TMP/post_blog.lua" -H "Authorization: Bearer $token"
run auth_login 4 "$BASE/api/auth/login/" -s "$TMP/login.lua"

# The hashing ceiling: cores / the time of one Argon2id hash with the same parameters.
hash_ms=$(argon2_hash_ms)

# Local invocation of GET /api/blogs/{id}/, database connection included.
"$BIN/agora" event GET /api/blogs/1/ --functions "$REPO/functions.json" >"$TMP/blog_event.json"
hyperfine -N --warmup 5 --runs 100 --export-json "$TMP/invoke.json" \
    "$BIN/agora-blogs invoke --event $TMP/blog_event.json" >/dev/null 2>&1

# Instructions per request in invocation mode (deterministic on a noisy machine).
instructions=""
if command -v valgrind >/dev/null; then
    valgrind --tool=callgrind --callgrind-out-file="$TMP/callgrind.out" \
        "$BIN/agora-blogs" invoke --event "$TMP/blog_event.json" >/dev/null 2>"$TMP/callgrind.log" || true
    instructions=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$TMP/callgrind.log" | head -1)
fi

# Resident memory of the blogs workers: idle, after 10,000 and after 50,000 requests.
rss() { "$BIN/agora" status --json --socket-dir "$TMP/run/sockets" \
    | python3 -c 'import json,sys;w=json.load(sys.stdin)["functions"]["blogs"]["workers"];print(max(x["rss_kb"] for x in w))'; }
"$BIN/agora" status --json --socket-dir "$TMP/run/sockets" >/dev/null
runner_stop "$TMP/run"
runner_start "$BIN" "$TMP/run"
wait_for "$BASE/api/blogs/1/"
sleep 1
rss_idle=$(rss)
wrk -t2 -c8 -d60s --latency -s "$TMP/random_blog.lua" "$BASE/" >/dev/null &
wrk_pid=$!
served() { "$BIN/agora" status --json --socket-dir "$TMP/run/sockets" \
    | python3 -c 'import json,sys;print(json.load(sys.stdin)["functions"]["blogs"]["accepted_requests"])'; }
until (( $(served) >= 10000 )); do sleep 0.2; done
rss_10k=$(rss)
until (( $(served) >= 50000 )) || ! kill -0 "$wrk_pid" 2>/dev/null; do sleep 0.2; done
rss_50k=$(rss)
served_total=$(served)
kill "$wrk_pid" 2>/dev/null || true
wait "$wrk_pid" 2>/dev/null || true

python3 "$REPO/bench/report.py" "$RESULTS" "$TMP/invoke.json" "$hash_ms" "$(nproc)" "$instructions" \
    "$rss_idle" "$rss_10k" "$rss_50k" "$served_total" "$WORKERS" "$BLOGS" "$OUT"
cat "$OUT/latest.md"
