#!/usr/bin/env bash
# The benchmark suite of issue 7: builds release, starts a stack with seeded data (1,000 users,
# 100,000 blogs), measures the ceilings and every scenario in the same run, and writes
# bench/results/latest.json and bench/results/latest.md (requests/s, p50, p99, errors, ratio to
# the ceiling). Every load is bounded: wrk runs 10 s (BENCH_SECONDS), 64 connections unless stated.
# PostgreSQL is durable, as in production (fsync, synchronous_commit, full_page_writes on).
# Ceilings for the same work (issue 16), behind the same nginx with the same worker count: the
# C + libpq responder (bench/c_responder.c) running the blogs list's SQL and JSON (GET
# /bench/c/blogs/) and the blog INSERT with JWT and session check (POST /bench/c/blogs/).
#   bench/run.sh
#   BENCH_FAST=1 bench/run.sh      adds a second pass of the database scenarios with fsync and
#                                  full_page_writes off (extra columns, never instead)
#   BENCH_SECONDS=3 BENCH_BLOGS=10000 BENCH_RSS_SECONDS=10 bench/run.sh      a smoke run
#   AGORA_BIN=.build/release bench/run.sh                                    no build
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

bench_seed_blogs "$USERS" "$BLOGS"

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

# The same-work ceilings must do the same work: the list's body byte for byte (same rows, same
# JSON, same signed cursor), the write's answer with the same members.
same_list=$(cmp -s <(curl -s "$BASE/api/blogs/") <(curl -s "$BASE/bench/c/blogs/") && echo true || echo false)
same_write=$(python3 - "$BASE" "$token" <<'PY'
import json, sys, urllib.request
base, token = sys.argv[1:3]
def post(path):
    request = urllib.request.Request(base + path, method="POST", data=json.dumps({"title": " T\u00e9 \"q\" ", "content": "a\nb\\c"}).encode(),
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return response.status, json.load(response)
try:
    (s1, a), (s2, b) = post("/api/blogs/"), post("/bench/c/blogs/")
    same = s1 == s2 == 201 and a.keys() == b.keys() and all(a[k] == b[k] for k in ("title", "content", "author", "views"))
except Exception as error:  # a check, never the end of the run
    print(error, file=sys.stderr)
    same = False
print("true" if same else "false")
PY
)
[[ "$same_list" == true ]] || say "warning: the C list ceiling's body differs from GET /api/blogs/"
[[ "$same_write" == true ]] || say "warning: the C write ceiling's answer differs from POST /api/blogs/"
clear_posts() { psql -q "$PG_ADMIN_URL" -c "DELETE FROM blogs WHERE id > $BLOGS" -c "VACUUM ANALYZE blogs, blog_stats" >/dev/null; }
clear_posts

RESULTS="$TMP/results.tsv"
: >"$RESULTS"
# run NAME CONNECTIONS URL [wrk args...]: one bounded wrk run, its summary appended to RESULTS
# with the PostgreSQL mode of the pass (durable, or fast in the second pass).
run() {
    local name=$1 conns=$2 url=$3
    shift 3
    local summary
    summary=$(wrk -t2 -c"$conns" -d"${SECONDS_PER_RUN}s" --latency "$@" "$url" | wrk_summary)
    printf '%s\t%s\t%s\t%s\n' "$name" "$PASS" "$conns" "$summary" >>"$RESULTS"
    say "$name ($PASS): $summary"
}

# The scenarios that reach PostgreSQL, each next to its ceiling; the writes' rows are removed
# after each pass so that every pass lists the same first page.
database_scenarios() {
    run ceiling_c_libpq 64 "$BASE/bench/c" -s "$TMP/random_c.lua"
    run blog_get_random 64 "$BASE/" -s "$TMP/random_blog.lua"
    run ceiling_c_list 64 "$BASE/bench/c/blogs/"
    run blog_list_first_page 64 "$BASE/api/blogs/"
    run auth_user_bearer 64 "$BASE/api/auth/user/" -H "Authorization: Bearer $token"
    run ceiling_c_write 64 "$BASE/bench/c/blogs/" -s "$TMP/post_blog.lua" -H "Authorization: Bearer $token"
    run blog_post_bearer 64 "$BASE/api/blogs/" -s "$TMP/post_blog.lua" -H "Authorization: Bearer $token"
    clear_posts
}

PASS=durable
run ceiling_nginx_static 64 "$BASE/bench/static"
database_scenarios
run auth_login 4 "$BASE/api/auth/login/" -s "$TMP/login.lua"
if [[ "${BENCH_FAST:-0}" == 1 ]]; then
    bench_pg_fast
    PASS=fast
    say "second pass, PostgreSQL $BENCH_PG_MODE"
    # A fresh token: the first pass may have outlived a good part of the access token's 15 minutes.
    token=$(curl -s -X POST "$BASE/api/auth/login/" -H 'Content-Type: application/json' \
        -d '{"username":"benchuser","password":"correct horse battery"}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["access"])')
    database_scenarios
    bench_pg_durable
    PASS=durable
fi

# The hashing ceiling: as many processes as cores hashing at once with the same parameters, 10 s
# (measured); one hash alone is timed too, for the bound it would give.
hash_ms=$(argon2_bench single)
hash_parallel=$(argon2_bench parallel 10)

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
wrk -t2 -c8 -d"${BENCH_RSS_SECONDS:-60}s" --latency -s "$TMP/random_blog.lua" "$BASE/" >/dev/null &
wrk_pid=$!
served() { "$BIN/agora" status --json --socket-dir "$TMP/run/sockets" \
    | python3 -c 'import json,sys;print(json.load(sys.stdin)["functions"]["blogs"]["accepted_requests"])'; }
until (( $(served) >= 10000 )) || ! kill -0 "$wrk_pid" 2>/dev/null; do sleep 0.2; done
rss_10k=$(rss)
until (( $(served) >= 50000 )) || ! kill -0 "$wrk_pid" 2>/dev/null; do sleep 0.2; done
rss_50k=$(rss)
served_total=$(served)
kill "$wrk_pid" 2>/dev/null || true
wait "$wrk_pid" 2>/dev/null || true

python3 "$REPO/bench/report.py" "$RESULTS" "$TMP/invoke.json" "$hash_ms" "$(nproc)" "$instructions" \
    "$rss_idle" "$rss_10k" "$rss_50k" "$served_total" "$WORKERS" "$BLOGS" "$OUT" "$same_list" "$same_write" "$hash_parallel"
cat "$OUT/latest.md"
