#!/usr/bin/env bash
# Chats under load (issue 13), with the ceilings measured in the same run. Release build, durable
# PostgreSQL (fsync on, synchronous commits), wrk through nginx, every run bounded (BENCH_SECONDS,
# default 10 s), in rounds (BENCH_ROUNDS, default 3) that alternate the platform and its ceilings
# so that the machine's load (other builds share its two cores) weighs on both alike.
#
# Data: 1,000 users in 1,000 two-person chats with 1,000 messages each (1,000,000 messages); 64
# registered senders, sender i in chat i (and sender 1 in every chat: a user with 1,000 chats);
# 50 of them in one more chat, the fan-out chat.
#
# Measured:
#   - nginx `return 200` and a C + libpq FastCGI responder running the same INSERT + UPDATE
#     statement as POST /api/chats/{id}/messages/ (bench/c_message_responder.c), 64 connections;
#   - POST /api/chats/{id}/messages/ by the 64 senders in their own chats (target ≥ 0.7 of C);
#   - GET /api/chats/{id}/messages/ and GET /api/chats/ first pages (sender 1: 1,000+ messages,
#     1,000 chats);
#   - fan-out: 1,000 SSE subscribers of one chat, 20 messages posted one by one; the delay from
#     the POST's 201 to each delivery (target p99 ≤ 50 ms), by bench/subscribers.py;
#   - 10,000 idle SSE subscribers held open, with nginx's memory (PSS) before and after.
# Writes bench/results/chats.md.
#   bench/chats.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SECONDS_PER_RUN=${BENCH_SECONDS:-10}
ROUNDS=${BENCH_ROUNDS:-3}
WORKERS=${BENCH_WORKERS:-4}
FANOUT=${BENCH_FANOUT:-1000}
IDLE=${BENCH_IDLE:-10000}
OUT="$REPO/bench/results"
mkdir -p "$OUT"

export BENCH_POOL_WORKERS=$WORKERS
bench_stack_up
C_PID=""
cleanup_bench() {
    [[ -n "$C_PID" ]] && { pkill -P "$C_PID" 2>/dev/null || true; kill "$C_PID" 2>/dev/null || true; }
    bench_stack_down
}
trap cleanup_bench EXIT
sql() { psql -XqAt -v ON_ERROR_STOP=1 "$PG_ADMIN_URL" "$@"; }
ulimit -n 20000

register() {
    curl -s -X POST "$BASE/api/auth/register/" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$1\",\"email\":\"$1@example.com\",\"password\":\"correct horse battery\"}" \
        | python3 -c 'import json,sys;print(json.load(sys.stdin)["access"])'
}

say "seeding: 1,000 users, 1,000 chats, 1,000,000 messages"
seed_started=$SECONDS
sql >/dev/null <<'SQL'
INSERT INTO users (username, email, password_hash)
    SELECT 'user' || g, 'user' || g || '@example.com', 'not-a-hash' FROM generate_series(1, 1000) g;
INSERT INTO profiles (user_id) SELECT id FROM users;
INSERT INTO chats (title, created_by, created_at, last_message_at)
    SELECT 'Chat ' || c, c, now() - interval '30 days', now() - make_interval(secs => 1000 - c) FROM generate_series(1, 1000) c;
INSERT INTO chat_participants (chat_id, user_id, activity_at)
    SELECT c, c, now() - make_interval(secs => 1000 - c) FROM generate_series(1, 1000) c
    UNION ALL SELECT c, 1 + c % 1000, now() - make_interval(secs => 1000 - c) FROM generate_series(1, 1000) c;
INSERT INTO messages (chat_id, sender_id, content, created_at)
    SELECT 1 + g % 1000, CASE WHEN g % 2 = 0 THEN 1 + g % 1000 ELSE 1 + (1 + g % 1000) % 1000 END,
           'Message ' || g || ', about as long as a chat line.', now() - make_interval(secs => 1000000 - g)
    FROM generate_series(1, 1000000) g;
SQL
seeded=$((SECONDS - seed_started))

senders=()
for i in $(seq 1 64); do senders+=("$(register "sender$i")"); done
sql >/dev/null <<'SQL'
-- Sender i takes part in chat i; sender 1 in every chat; senders 1..50 in the fan-out chat.
INSERT INTO chat_participants (chat_id, user_id, activity_at)
    SELECT substring(u.username FROM 7)::int, u.id, now() FROM users u
    WHERE u.username LIKE 'sender%' AND u.username <> 'sender1';
INSERT INTO chat_participants (chat_id, user_id, activity_at)
    SELECT c.id, u.id, c.last_message_at FROM chats c, users u WHERE u.username = 'sender1';
INSERT INTO chats (title, created_by) SELECT 'Fan-out', id FROM users WHERE username = 'sender1';
INSERT INTO chat_participants (chat_id, user_id, activity_at)
    SELECT (SELECT id FROM chats WHERE title = 'Fan-out'), u.id, now() FROM users u
    WHERE u.username LIKE 'sender%' AND substring(u.username FROM 7)::int <= 50;
VACUUM ANALYZE;
CHECKPOINT;
SQL
fanout_chat=$(sql -c "SELECT id FROM chats WHERE title = 'Fan-out'")
sender_ids=$(sql -c "SELECT string_agg(id::text, ' ' ORDER BY substring(username FROM 7)::int) FROM users WHERE username LIKE 'sender%'")
read -r -a sender_ids <<<"$sender_ids"
counts=$(sql -c "SELECT (SELECT count(*) FROM users) || ' users, ' || (SELECT count(*) FROM chats) || ' chats, '
                 || (SELECT count(*) FROM messages) || ' messages'")
say "  $counts (seeded in $seeded s)"
# The chat list must not sort a user's chats: a backward range of the activity index, cut at the page.
sender1=${sender_ids[0]}
plan=$(sql -c "EXPLAIN (COSTS OFF) SELECT me.chat_id FROM chat_participants me JOIN chats c ON c.id = me.chat_id
               WHERE me.user_id = $sender1 ORDER BY me.activity_at DESC, me.chat_id DESC LIMIT 21" | tr '\n' ' ')
say "  chat list plan (a user with 1,000 chats): $plan"

# POST by the 64 senders in their own chats; the C ceiling sends the same (chat, sender) pairs.
python3 - "$TMP/post.lua" "$TMP/post_c.lua" "${senders[@]}" -- "${sender_ids[@]}" <<'PY'
import json, sys
args = sys.argv[3:]
cut = args.index("--")
tokens, ids = args[:cut], args[cut + 1:]
body = json.dumps({"content": "A benchmark message, about as long as a chat line."})
open(sys.argv[1], "w").write(f"""local tokens = {{{", ".join(json.dumps(t) for t in tokens)}}}
local n = 0
request = function()
    n = n % #tokens + 1
    return wrk.format("POST", "/api/chats/" .. n .. "/messages/", {{["Content-Type"] = "application/json",
                      ["Authorization"] = "Bearer " .. tokens[n]}}, {json.dumps(body)})
end
""")
open(sys.argv[2], "w").write(f"""local ids = {{{", ".join(ids)}}}
local n = 0
request = function()
    n = n % #ids + 1
    return wrk.format("POST", "/bench/c?chat=" .. n .. "&sender=" .. ids[n])
end
""")
PY

bench_c_ceiling c_message_responder "$BASE"

check() {
    local status
    status=$(curl -s -o "$TMP/check.json" -w '%{http_code}' "$@")
    [[ "$status" == 2* ]] || { say "unexpected $status from $*: $(head -c 300 "$TMP/check.json")"; exit 1; }
}
check -X POST "$BASE/bench/c?chat=1&sender=${sender_ids[0]}"
check -X POST -H "Authorization: Bearer ${senders[0]}" -H 'Content-Type: application/json' -d '{"content":"hi"}' \
    "$BASE/api/chats/1/messages/"
check -H "Authorization: Bearer ${senders[0]}" "$BASE/api/chats/1/messages/"
check -H "Authorization: Bearer ${senders[0]}" "$BASE/api/chats/"

RESULTS="$TMP/results.tsv"
: >"$RESULTS"
run() {
    local round=$1 name=$2 conns=$3 url=$4 threads=2
    shift 4
    ((conns == 1)) && threads=1
    local summary
    summary=$(wrk -t"$threads" -c"$conns" -d"${SECONDS_PER_RUN}s" --latency "$@" "$url" | wrk_summary)
    printf '%s\t%s\t%s\t%s\n' "$round" "$name" "$conns" "$summary" >>"$RESULTS"
    say "round $round $name ($conns): $summary"
}

started=$SECONDS
run 0 ceiling_nginx_static 64 "$BASE/bench/static"
for round in $(seq 1 "$ROUNDS"); do
    run "$round" ceiling_c_insert_update 64 "$BASE/" -s "$TMP/post_c.lua"
    run "$round" messages_create 64 "$BASE/" -s "$TMP/post.lua"
    run "$round" messages_list 64 "$BASE/api/chats/1/messages/" -H "Authorization: Bearer ${senders[0]}"
    run "$round" chats_list 64 "$BASE/api/chats/" -H "Authorization: Bearer ${senders[0]}"
done
run 0 messages_create 1 "$BASE/" -s "$TMP/post.lua"
run 0 ceiling_c_insert_update 1 "$BASE/" -s "$TMP/post_c.lua"

stream_token() {
    curl -s -X POST -H "Authorization: Bearer $1" "$BASE/api/chats/$2/stream-token/" \
        | python3 -c 'import json,sys;print(json.load(sys.stdin)["token"])'
}
say "fan-out: $FANOUT SSE subscribers of one chat, 20 messages"
: >"$TMP/fanout_tokens"
for i in $(seq 0 49); do stream_token "${senders[$i]}" "$fanout_chat" >>"$TMP/fanout_tokens"; done
fanout=$(python3 "$REPO/bench/subscribers.py" fanout "$BASE" "$fanout_chat" "$TMP/fanout_tokens" "$FANOUT" 20 "${senders[0]}")
say "  $fanout"

say "idle: $IDLE SSE subscribers held open"
: >"$TMP/idle_tokens"
for i in $(seq 0 63); do printf '%s %s\n' "$((i + 1))" "$(stream_token "${senders[$i]}" "$((i + 1))")" >>"$TMP/idle_tokens"; done
idle=$(python3 "$REPO/bench/subscribers.py" idle "$BASE" "$TMP/idle_tokens" "$IDLE" "$TMP/run/nginx.pid")
say "  $idle"
elapsed=$((SECONDS - started))

python3 - "$RESULTS" "$OUT/chats.md" "$counts" "$seeded" "$WORKERS" "$SECONDS_PER_RUN" "$ROUNDS" "$elapsed" \
    "$fanout" "$idle" "$(nproc)" "$(cat /proc/loadavg)" "$plan" <<'PY'
import json, statistics, sys
from collections import defaultdict
results, out, counts, seeded, workers, seconds, rounds, elapsed, fanout, idle, cores, load, plan = sys.argv[1:]
fanout, idle = json.loads(fanout), json.loads(idle)
runs = defaultdict(list)
for line in open(results):
    _, name, conns, rps, p50, p99, errors = line.split()
    runs[(name, int(conns))].append((float(rps), p50, p99, int(errors)))
def row(name, conns):
    r = runs[(name, conns)]
    rps = statistics.median(x[0] for x in r)
    mid = sorted(r)[len(r) // 2]
    return rps, mid[1], mid[2], sum(x[3] for x in r)
lines = [
    "# Chats benchmark (bench/chats.sh)", "",
    f"Release build, {cores} cores (load at the end: {load.split()[0]}), PostgreSQL durable (fsync on, synchronous "
    f"commits), {workers} static workers, wrk through nginx, {seconds} s per run, median of {rounds} rounds that "
    f"alternate the platform and its ceilings. Data: {counts} (seeded in {seeded} s).", "",
    "| scenario | connections | requests/s | p50 ms | p99 ms | errors |", "|---|---|---|---|---|---|",
]
order = [("ceiling_nginx_static", 64), ("ceiling_c_insert_update", 64), ("messages_create", 64),
         ("ceiling_c_insert_update", 1), ("messages_create", 1), ("messages_list", 64), ("chats_list", 64)]
for name, conns in order:
    if (name, conns) in runs:
        rps, p50, p99, errors = row(name, conns)
        lines.append(f"| {name} | {conns} | {rps:.0f} | {p50} | {p99} | {errors} |")
ratio = row("messages_create", 64)[0] / row("ceiling_c_insert_update", 64)[0]
lines += ["", f"POST /api/chats/{{id}}/messages/ reaches **{ratio:.2f}** of the C ceiling running the same statement "
          "(target ≥ 0.7).", "",
          f"Fan-out: {fanout['subscribers']} SSE subscribers of one chat, {fanout['messages']} messages posted one by one: "
          f"{fanout['deliveries']} deliveries, {fanout['missing']} missing; delay from the POST's 201 to the event read by "
          f"its subscriber: p50 {fanout['p50_ms']} ms, p99 **{fanout['p99_ms']} ms** (target ≤ 50 ms), max "
          f"{fanout['max_ms']} ms. (A negative delay: delivered before the 201 was read. The subscribers are read by one "
          f"Python thread, whose own pace is part of these numbers.)", "",
          f"Idle: {idle['subscribers']} SSE subscribers held open (opened in {idle['open_seconds']} s, each authorised by "
          f"the chats function): nginx ({idle['nginx_workers']} workers and master) PSS {idle['nginx_pss_before_mib']} MiB "
          f"before, {idle['nginx_pss_after_mib']} MiB after: **{idle['kib_per_subscriber']} KiB per subscriber**.", "",
          f"The chat list's plan for a user with 1,000 chats: `{plan.strip()}`.", ""]
open(out, "w").write("\n".join(lines))
print("\n".join(lines))
PY
