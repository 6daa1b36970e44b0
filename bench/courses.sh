#!/usr/bin/env bash
# Courses and quizzes under load (issue 11), with the ceilings measured in the same run. Release
# build, durable PostgreSQL (fsync on, synchronous commits), wrk through nginx, every run bounded
# (BENCH_SECONDS, default 10 s).
#
# Two stacks run side by side on one PostgreSQL cluster, each with its own database:
#   small: 1,000 users, 1,000 courses, 10,000 enrollments (+100 of the measured user)
#   large: 1,000 users, 100,000 courses, 1,000,000 enrollments (+1,000 of the measured user)
# so that the two sizes are measured in alternation, round after round (BENCH_ROUNDS, default 3),
# and a change of the machine's load (other builds share its two cores) weighs on both alike;
# the report takes the median of the rounds.
#
# Measured: the ceilings (nginx `return 200`; a C + libpq FastCGI responder doing one SELECT by
# id, once per round); GET /api/courses/ first page, anonymous and with a token (the caller's
# enrolled/completed); GET /api/users/{id}/courses/ first page (20 enrollments at either size),
# each at 64 connections (throughput, p50, p99, both sizes in turn) and alone (one connection per
# stack, a request to each in alternation: bench/alternate.py); and, on
# the small stack, POST /api/quizzes/{id}/attempt/ with 20 questions (graded, stored with its 20
# results, committed durably) by 64 enrolled students in turn. Target: each list's time at the
# large size within 1.5x of the small. Writes bench/results/courses.md.
#   bench/courses.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SECONDS_PER_RUN=${BENCH_SECONDS:-10}
ROUNDS=${BENCH_ROUNDS:-3}
WORKERS=${BENCH_WORKERS:-4}
USERS=1000
OUT="$REPO/bench/results"
mkdir -p "$OUT"

export BENCH_POOL_WORKERS=$WORKERS
# Durable, as production runs (bench/lib.sh, the default): fsync on, synchronous commits.
bench_stack_up
SMALL_BASE=$BASE
# Seeding and counting as the superuser; the functions and the C ceiling as the application role.
SMALL_DB=$PG_ADMIN_URL
LARGE_DB=${PG_ADMIN_URL%/*}/agora_large
SMALL_APP=$DATABASE_URL
LARGE_APP=$(pg_url "$TMP/data" "$BENCH_PG_PORT" agora_large)
C_PID=""
cleanup_bench() {
    [[ -n "$C_PID" ]] && { pkill -P "$C_PID" 2>/dev/null || true; kill "$C_PID" 2>/dev/null || true; }
    [[ -d "$TMP/run-large" ]] && { nginx_stop "$TMP/run-large" || true; runner_stop "$TMP/run-large" || true; }
    bench_stack_down
}
trap cleanup_bench EXIT
sql() { local db=$1; shift; psql -XqAt -v ON_ERROR_STOP=1 "$db" "$@"; }

# The large stack: the same binaries, manifest and secret, its own database.
sql "$SMALL_DB" -c "CREATE DATABASE agora_large"
pg_setup_roles "$TMP/data" agora_large
MIGRATION_DATABASE_URL=$(pg_owner_url "$TMP/data" "$BENCH_PG_PORT" agora_large) \
    "$BIN/agora" migrate --dir "$REPO/db/migrations" >/dev/null
LARGE_BASE="http://127.0.0.1:$(free_port)"
DATABASE_URL=$LARGE_APP runner_start "$BIN" "$TMP/run-large"
nginx_start "$BIN" "$TMP/run-large" "${LARGE_BASE#http://}"
wait_for "$LARGE_BASE/api/health/"

# Users 1..1000 (instructors and students), 1,000 blogs (the C ceiling's rows), courses 1..1000
# and 10 enrollments per user (distinct courses: 100k mod 1000 for k < 10).
seed_small() {
    sql "$1" >/dev/null <<SQL
INSERT INTO users (username, email, password_hash)
    SELECT 'user' || g, 'user' || g || '@example.com', 'not-a-hash' FROM generate_series(1, $USERS) g;
INSERT INTO profiles (user_id) SELECT id FROM users;
INSERT INTO blogs (author_id, title, content) SELECT 1 + g % $USERS, 'Blog ' || g, 'Words.' FROM generate_series(1, 1000) g;
INSERT INTO courses (instructor_id, title, description, created_at, updated_at)
    SELECT 1 + c % $USERS, 'Course ' || c, 'What course ' || c || ' teaches, in a sentence or two.',
           now() - make_interval(secs => 200000 - c), now() - make_interval(secs => 200000 - c)
    FROM generate_series(1, 1000) c;
INSERT INTO enrollments (course_id, user_id)
    SELECT 1 + (u + 100 * k) % 1000, u FROM generate_series(1, $USERS) u, generate_series(0, 9) k;
SQL
}

# A user registered through the API (a real session): prints its access token.
register() {
    curl -s -X POST "$1/api/auth/register/" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$2\",\"email\":\"$2@example.com\",\"password\":\"correct horse battery\"}" \
        | python3 -c 'import json,sys;print(json.load(sys.stdin)["access"])'
}

say "seeding: 1,000 courses and 10,000 enrollments in each database"
seed_small "$SMALL_DB"
seed_small "$LARGE_DB"
small_token=$(register "$SMALL_BASE" benchuser)
large_token=$(register "$LARGE_BASE" benchuser)
small_me=$(sql "$SMALL_DB" -c "SELECT id FROM users WHERE username = 'benchuser'")
large_me=$(sql "$LARGE_DB" -c "SELECT id FROM users WHERE username = 'benchuser'")
sql "$SMALL_DB" -c "INSERT INTO enrollments (course_id, user_id) SELECT c, $small_me FROM generate_series(1, 100) c" >/dev/null

say "seeding: up to 100,000 courses and 1,000,000 enrollments in the large one"
seed_started=$SECONDS
sql "$LARGE_DB" >/dev/null <<SQL
INSERT INTO courses (instructor_id, title, description, created_at, updated_at)
    SELECT 1 + c % $USERS, 'Course ' || c, 'What course ' || c || ' teaches, in a sentence or two.',
           now() - make_interval(secs => 200000 - c), now() - make_interval(secs => 200000 - c)
    FROM generate_series(1001, 100000) c;
-- 990 more per user among courses 1001..100000 (distinct: 100k mod 99000 for k < 990).
INSERT INTO enrollments (course_id, user_id)
    SELECT 1001 + (u * 97 + 100 * k) % 99000, u FROM generate_series(1, $USERS) u, generate_series(0, 989) k;
INSERT INTO enrollments (course_id, user_id)
    SELECT c, $large_me FROM generate_series(1, 100) c UNION ALL SELECT c, $large_me FROM generate_series(1001, 1900) c;
SQL
seeded=$((SECONDS - seed_started))

# The small stack's quiz of course 1: 20 questions (10 choice, 10 text), unlimited attempts; the
# body answers 12 right (in capitals), 4 wrong and leaves 4 out. 64 students of course 1 attempt
# in turn, so that no (quiz, user) attempt count is one hot row for every connection.
sql "$SMALL_DB" >/dev/null <<SQL
INSERT INTO quizzes (course_id, title) VALUES (1, 'Bench quiz');
INSERT INTO questions (quiz_id, position, content, kind, choices, correct_answer)
    SELECT q.id, i, 'Question ' || i, CASE WHEN i % 2 = 0 THEN 'choice' ELSE 'text' END,
           CASE WHEN i % 2 = 0 THEN ARRAY['Choice A' || i, 'Choice B' || i, 'Choice C' || i] END,
           CASE WHEN i % 2 = 0 THEN 'Choice B' || i ELSE 'Answer ' || i END
    FROM quizzes q, generate_series(1, 20) i WHERE q.title = 'Bench quiz';
SQL
quiz=$(sql "$SMALL_DB" -c "SELECT id FROM quizzes WHERE title = 'Bench quiz'")
answers=$(sql "$SMALL_DB" -c "
    SELECT json_build_object('answers', json_object_agg(id,
        CASE WHEN position <= 12 THEN upper(correct_answer) ELSE 'wrong' END))
    FROM questions WHERE quiz_id = $quiz AND position <= 16")
students=()
for i in $(seq 1 64); do students+=("$(register "$SMALL_BASE" "student$i")"); done
sql "$SMALL_DB" -c "INSERT INTO enrollments (course_id, user_id) SELECT 1, id FROM users WHERE username LIKE 'student%'" \
    >/dev/null
python3 - "$TMP/attempt.lua" "$answers" "/api/quizzes/$quiz/attempt/" "${students[@]}" <<'PY'
import json, sys
out, body, path, tokens = sys.argv[1], json.dumps(json.loads(sys.argv[2])), sys.argv[3], sys.argv[4:]
open(out, "w").write(f"""local tokens = {{{", ".join(json.dumps(t) for t in tokens)}}}
local body = {json.dumps(body)}
local n = 0
request = function()
    n = n % #tokens + 1
    return wrk.format("POST", {json.dumps(path)}, {{["Content-Type"] = "application/json",
                      ["Authorization"] = "Bearer " .. tokens[n]}}, body)
end
""")
PY
for db in "$SMALL_DB" "$LARGE_DB"; do sql "$db" -c "VACUUM ANALYZE"; sql "$db" -c "CHECKPOINT"; done
counts() {
    sql "$1" -c "SELECT (SELECT count(*) FROM courses) || ' courses, ' || (SELECT count(*) FROM enrollments)
                 || ' enrollments (' || (SELECT count(*) FROM enrollments WHERE user_id = $2) || ' of the measured user)'"
}
small_counts=$(counts "$SMALL_DB" "$small_me")
large_counts=$(counts "$LARGE_DB" "$large_me")
# The counter column against a recount: what the triggers kept through the bulk inserts.
off=$(sql "$LARGE_DB" -c "SELECT count(*) FROM courses c
                          WHERE enrollments_count <> (SELECT count(*) FROM enrollments e WHERE e.course_id = c.id)")
say "  small: $small_counts; large: $large_counts (large seeded in $seeded s; counters off: $off)"

# The C + libpq ceiling, as bench/run.sh starts it (on the small database's blogs).
DATABASE_URL=$SMALL_APP bench_c_ceiling c_responder "$SMALL_BASE"
cat >"$TMP/random_c.lua" <<'LUA'
request = function() return wrk.format(nil, "/bench/c?id=" .. math.random(1, 1000)) end
LUA

# Every scenario answers 2xx before it is measured: a page that errs is not a measurement.
check() {
    local status
    status=$(curl -s -o "$TMP/check.json" -w '%{http_code}' "$@")
    [[ "$status" == 2* ]] || { say "unexpected $status from $*: $(head -c 300 "$TMP/check.json")"; exit 1; }
}
for base in "$SMALL_BASE" "$LARGE_BASE"; do check "$base/api/courses/"; done
check -H "Authorization: Bearer $small_token" "$SMALL_BASE/api/users/$small_me/courses/"
check -H "Authorization: Bearer $large_token" "$LARGE_BASE/api/users/$large_me/courses/"
check -X POST -H "Authorization: Bearer ${students[0]}" -H 'Content-Type: application/json' -d "$answers" \
    "$SMALL_BASE/api/quizzes/$quiz/attempt/"

RESULTS="$TMP/results.tsv"
: >"$RESULTS"
# run ROUND SIZE NAME CONNECTIONS URL [wrk args...]: one bounded wrk run appended to RESULTS.
run() {
    local round=$1 size=$2 name=$3 conns=$4 url=$5 threads=2
    shift 5
    ((conns == 1)) && threads=1
    local summary
    summary=$(wrk -t"$threads" -c"$conns" -d"${SECONDS_PER_RUN}s" --latency "$@" "$url" | wrk_summary)
    printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$size" "$name" "$conns" "$summary" >>"$RESULTS"
    say "round $round $size $name ($conns): $summary"
}

lists() {
    local round=$1 size=$2 base=$3 token=$4 me=$5
    run "$round" "$size" courses_list 64 "$base/api/courses/"
    run "$round" "$size" courses_list_bearer 64 "$base/api/courses/" -H "Authorization: Bearer $token"
    run "$round" "$size" user_courses 64 "$base/api/users/$me/courses/" -H "Authorization: Bearer $token"
}

# The time of one request alone at each size: PAIRS requests to each stack in alternation, on one
# connection each (a wrk run of one size at a time measured mostly the other builds' load).
ALTERNATE="$TMP/alternate.jsonl"
: >"$ALTERNATE"
alternate() {
    local round=$1 name=$2 small_url=$3 large_url=$4
    shift 4
    printf '{"round": %s, "name": "%s", "times": %s}\n' "$round" "$name" \
        "$(python3 "$REPO/bench/alternate.py" "${BENCH_PAIRS:-500}" "$name" "$small_url" "$large_url" "$@")" >>"$ALTERNATE"
    say "round $round $name, one request alone: $(tail -n 1 "$ALTERNATE")"
}

started=$SECONDS
run 0 small ceiling_nginx_static 64 "$SMALL_BASE/bench/static"
run 0 small quiz_attempt_20 64 "$SMALL_BASE/" -s "$TMP/attempt.lua"
run 0 small quiz_attempt_20 1 "$SMALL_BASE/" -s "$TMP/attempt.lua"
attempts=$(sql "$SMALL_DB" -c "SELECT count(*) || ' attempts, ' || (SELECT count(*) FROM quiz_attempt_answers) || ' results'
                              FROM quiz_attempts")
for round in $(seq 1 "$ROUNDS"); do
    run "$round" small ceiling_c_libpq 64 "$SMALL_BASE/bench/c" -s "$TMP/random_c.lua"
    # The platform's own list of the same shape (20 rows, author joined), for reference.
    run "$round" small blogs_list 64 "$SMALL_BASE/api/blogs/"
    # Alternate which size goes first, so neither always follows the other.
    if ((round % 2)); then
        lists "$round" small "$SMALL_BASE" "$small_token" "$small_me"
        lists "$round" large "$LARGE_BASE" "$large_token" "$large_me"
    else
        lists "$round" large "$LARGE_BASE" "$large_token" "$large_me"
        lists "$round" small "$SMALL_BASE" "$small_token" "$small_me"
    fi
    alternate "$round" courses_list "$SMALL_BASE/api/courses/" "$LARGE_BASE/api/courses/"
    alternate "$round" courses_list_bearer "$SMALL_BASE/api/courses/" "$LARGE_BASE/api/courses/" \
        "$small_token" "$large_token"
    alternate "$round" user_courses "$SMALL_BASE/api/users/$small_me/courses/" \
        "$LARGE_BASE/api/users/$large_me/courses/" "$small_token" "$large_token"
done

python3 "$REPO/bench/courses_report.py" "$RESULTS" "$ALTERNATE" "$OUT/courses.md" "$(nproc)" "$WORKERS" "$ROUNDS" \
    "$SECONDS_PER_RUN" "$small_counts" "$large_counts" "$off" "$attempts"
cat "$OUT/courses.md"
say "measured in $((SECONDS - started)) s"
