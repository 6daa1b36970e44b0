#!/usr/bin/env bash
# Videos under load (issue 14): uploads through nginx and the list at a million rows. Release
# build, durable PostgreSQL (fsync on, synchronous commits), every run bounded.
#
# Measured:
#   - one 1 GiB upload (an MP4 header, then random bytes) through nginx, ROUNDS times: its wall
#     time as curl sees it (the body sent, stored by nginx, scanned, copied and fdatasync'ed by the
#     worker, the row inserted), beside `cp` of the same file on the same disk, and `cp` followed
#     by `sync` of the copy (the worker makes its copy durable before it answers); the peak RSS
#     (VmHWM from /proc) of every videos worker, read after the uploads;
#   - 10 concurrent 100 MB uploads: wall time, each upload's time, aggregate throughput;
#   - GET /api/videos/ first page with 1,000,000 video rows (generate_series), anonymous and with
#     a token (the caller's `liked`), wrk at 64 connections for BENCH_SECONDS (default 10).
# Writes bench/results/videos.md.
#   bench/videos.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SECONDS_PER_RUN=${BENCH_SECONDS:-10}
ROUNDS=${BENCH_ROUNDS:-3}
OUT="$REPO/bench/results"
mkdir -p "$OUT"

bench_stack_up
sql() { psql -XqAt -v ON_ERROR_STOP=1 "$PG_ADMIN_URL" "$@"; }
token=$(curl -s -X POST "$BASE/api/auth/register/" -H 'Content-Type: application/json' \
    -d '{"username":"benchuser","email":"benchuser@example.com","password":"correct horse battery"}' \
    | python3 -c 'import json,sys;print(json.load(sys.stdin)["access"])')
me=$(sql -c "SELECT id FROM users WHERE username = 'benchuser'")

# A file of SIZE bytes: a real MP4 header (ftyp, moov) and random bytes after it.
make_video() {
    local path=$1 size=$2
    python3 - "$path" <<'PY'
import struct, sys
def box(kind, payload): return struct.pack(">I", 8 + len(payload)) + kind + payload
tkhd = box(b"tkhd", struct.pack(">I", 3) + bytes(72) + struct.pack(">II", 1920 << 16, 1080 << 16))
mvhd = box(b"mvhd", struct.pack(">IIIII", 0, 0, 0, 1000, 600000) + bytes(80))
open(sys.argv[1], "wb").write(box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2")
                             + box(b"moov", mvhd + box(b"trak", tkhd)))
PY
    head -c $((size - $(stat -c %s "$path"))) /dev/urandom >>"$path"
}

# The pids of the videos workers of this stack's runner.
video_workers() {
    local runner pid
    runner=$(cat "$TMP/run/runner.pid")
    for pid in $(pgrep -P "$runner"); do
        [[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" == */agora-videos ]] && echo "$pid"
    done
}
peak_rss_mb() {
    local pid max=0 kb
    for pid in $(video_workers); do
        kb=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
        ((kb > max)) && max=$kb
    done
    awk -v kb="$max" 'BEGIN { printf "%.1f", kb / 1024 }'
}

# One upload of FILE (as the token's user, or anonymous with "-"): prints "seconds status id".
upload() {
    local answer auth=(-H "Authorization: Bearer $token")
    [[ "${2:-}" == - ]] && auth=()
    answer=$(mktemp "$TMP/answer.XXXXXX")
    curl -s -o "$answer" -w '%{time_total} %{http_code}' "${auth[@]}" \
        -F "title=bench" -F "file=@$1;type=video/mp4" "$BASE/api/videos/"
    printf ' %s\n' "$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1])).get("id",0))' "$answer")"
    rm -f "$answer"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }

say "writing a 1 GiB and a 100 MB video"
make_video "$TMP/big.mp4" $((1 << 30))
make_video "$TMP/100mb.mp4" $((100 * 1000 * 1000))
cat "$TMP/big.mp4" "$TMP/100mb.mp4" >/dev/null  # in the page cache for the upload and cp alike

rss_before=$(peak_rss_mb)
: >"$TMP/upload.times"; : >"$TMP/cp.times"; : >"$TMP/cpsync.times"; : >"$TMP/nginx.times"
for round in $(seq "$ROUNDS"); do
    read -r seconds status id < <(upload "$TMP/big.mp4")
    [[ "$status" == 201 ]] || { say "upload answered $status"; exit 1; }
    echo "$seconds" >>"$TMP/upload.times"
    # The same body without a token: nginx receives and stores all of it, then the worker
    # answers 401 at once, so this is the share of the transport and of nginx's own write.
    read -r stored status _ < <(upload "$TMP/big.mp4" -)
    [[ "$status" == 401 ]] || { say "anonymous upload answered $status"; exit 1; }
    echo "$stored" >>"$TMP/nginx.times"
    curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $token" "$BASE/api/videos/$id/"
    start=$(now); cp "$TMP/big.mp4" "$MEDIA_ROOT/copy.mp4"; end=$(now)
    echo "$end - $start" | bc -l >>"$TMP/cp.times"
    rm -f "$MEDIA_ROOT/copy.mp4"
    start=$(now); cp "$TMP/big.mp4" "$MEDIA_ROOT/copy.mp4"; sync "$MEDIA_ROOT/copy.mp4"; end=$(now)
    echo "$end - $start" | bc -l >>"$TMP/cpsync.times"
    rm -f "$MEDIA_ROOT/copy.mp4"
    say "round $round: upload $seconds s (nginx alone $stored s), cp $(tail -1 "$TMP/cp.times") s, cp+sync $(tail -1 "$TMP/cpsync.times") s"
done
rss_after=$(peak_rss_mb)
upload_s=$(median <"$TMP/upload.times"); nginx_s=$(median <"$TMP/nginx.times"); cp_s=$(median <"$TMP/cp.times"); cpsync_s=$(median <"$TMP/cpsync.times")

say "10 concurrent 100 MB uploads"
start=$(now)
pids=()
for i in $(seq 10); do upload "$TMP/100mb.mp4" >"$TMP/concurrent.$i" & pids+=($!); done
wait "${pids[@]}"  # not a bare wait: the runner is a background child too
end=$(now)
wall=$(echo "$end - $start" | bc -l)
cat "$TMP"/concurrent.* >"$TMP/concurrent.all"
ok=$(awk '$2 == 201' "$TMP/concurrent.all" | wc -l)
each_median=$(awk '{print $1}' "$TMP/concurrent.all" | median)
each_max=$(awk '{print $1}' "$TMP/concurrent.all" | sort -g | tail -1)
rss_concurrent=$(peak_rss_mb)
stored=$(sql -c "SELECT count(*) FROM videos WHERE file_name IS NOT NULL")
say "  $ok/10 created in $wall s"

say "seeding 1,000,000 videos"
seed_started=$SECONDS
sql >/dev/null <<SQL
INSERT INTO users (username, email, password_hash)
    SELECT 'user' || g, 'user' || g || '@example.com', 'not-a-hash' FROM generate_series(1, 1000) g;
INSERT INTO videos (owner_id, title, description, external_url, likes_count, created_at, updated_at)
    SELECT (SELECT min(id) FROM users) + g % 1000, 'Video ' || g, 'What video ' || g || ' shows.',
           'https://videos.example.com/' || g || '.mp4', g % 50,
           now() - make_interval(secs => 2000000 - g), now() - make_interval(secs => 2000000 - g)
    FROM generate_series(1, 1000000) g;
INSERT INTO video_likes (video_id, user_id) SELECT id, $me FROM videos ORDER BY id DESC LIMIT 10;
VACUUM ANALYZE;
CHECKPOINT;
SQL
seeded=$((SECONDS - seed_started))
rows=$(sql -c "SELECT count(*) FROM videos")
curl -sf -o /dev/null "$BASE/api/videos/"
run() {
    wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency "$@" "$BASE/api/videos/" | wrk_summary
}
read -r anon_rps anon_p50 anon_p99 anon_err < <(run)
read -r auth_rps auth_p50 auth_p99 auth_err < <(run -H "Authorization: Bearer $token")
single=$(for _ in $(seq 50); do curl -s -o /dev/null -w '%{time_total}\n' "$BASE/api/videos/"; done | median)

python3 - "$OUT/videos.md" <<PY
import sys
ratio = $upload_s / $cp_s
open(sys.argv[1], "w").write(f"""# Videos benchmark

Measured by \`bench/videos.sh\` on this machine ($(nproc) cores, shared with other builds), release build,
PostgreSQL durable (fsync on, synchronous commits), everything on one disk (\`$(df --output=source "$TMP" | tail -1)\`).
Medians of $ROUNDS rounds.

## One 1 GiB upload through nginx

| what | time |
|---|---|
| upload (curl \`-F file=@\`, 1 GiB, answered 201) | {$upload_s:.2f} s |
| of which nginx receiving and storing the body (the same upload without a token: 401) | {$nginx_s:.2f} s |
| of which the worker: scan, kernel copy, \`fdatasync\`, rename, insert | {$upload_s - $nginx_s:.2f} s |
| \`cp\` of the same file on the same disk | {$cp_s:.2f} s |
| \`cp\` then \`sync\` of the copy | {$cpsync_s:.2f} s |
| upload / cp | {ratio:.2f}x (target <= 2x) |
| upload / (cp + sync) | {$upload_s / $cpsync_s:.2f}x |

Peak RSS (VmHWM) of the videos workers: {$rss_before} MB before the uploads, {$rss_after} MB after the
1 GiB uploads, {$rss_concurrent} MB after the concurrent ones (target <= 30 MB).

## 10 concurrent 100 MB uploads

$ok of 10 answered 201 in {$wall:.2f} s wall time ({10 * 100 / $wall:.0f} MB/s together); each took
{$each_median:.2f} s (median), {$each_max:.2f} s at most. Stored files: $stored.

## GET /api/videos/ first page at {int("$rows"):,} videos

Seeded in $seeded s. wrk, 64 connections, {$SECONDS_PER_RUN} s:

| caller | requests/s | p50 ms | p99 ms | errors |
|---|---|---|---|---|
| anonymous | $anon_rps | $anon_p50 | $anon_p99 | $anon_err |
| with a token (\`liked\`) | $auth_rps | $auth_p50 | $auth_p99 | $auth_err |

One request alone (curl, median of 50): {$single * 1000:.1f} ms.
""")
PY
cat "$OUT/videos.md"
