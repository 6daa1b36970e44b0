#!/usr/bin/env bash
# Content at scale: the list queries of the blogs and forums functions at 10,000 and at 1,000,000
# blogs and posts. Builds release, starts its own throwaway PostgreSQL (durable, as in production), seeds with
# INSERT ... SELECT generate_series, and times the real functions in invoke mode
# (`agora-blogs invoke` / `agora-forums invoke` with events from `agora event`):
#   - invoke: wall time of one whole invocation (process start, connection, queries, JSON), and
#   - SQL: the server-side time of that invocation's statements (parse + bind + execute, from
#     log_min_duration_statement = 0, summed per backend), i.e. the real queries with real plans;
#   - execute: the executor part alone (what a warm worker with prepared statements mostly pays).
# Medians of RUNS runs after warm-up; the ratio column is 1M / 10k (target <= 1.5).
#   bench/content_scale.sh                  prints a table (about 3 minutes)
#   RUNS=31 SMALL=10000 LARGE=1000000 bench/content_scale.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${RUNS:-21}
SMALL=${SMALL:-10000}
LARGE=${LARGE:-1000000}

bench_database_up
bin=$BIN
PG_LOG="$(cat "$TMP/data/pg-location")/log/postgres.log"
sql() { "$PG_BIN/psql" "$PG_ADMIN_URL" -XqAt -v ON_ERROR_STOP=1 "$@"; }

# 1,000 authors, one forum with 1,000 threads. Thread 1 gets half of all posts (its deep pages
# are the deep pages measured); the other half is spread over the rest.
sql <<'SQL'
INSERT INTO users (username, email, password_hash)
    SELECT 'bench' || i, 'bench' || i || '@example.com', 'not-a-hash' FROM generate_series(1, 1000) i;
INSERT INTO forums (title) VALUES ('Bench');
INSERT INTO threads (forum_id, author_id, title, content)
    SELECT f.id, i, 'Thread ' || i, 'Thread content ' || i FROM generate_series(1, 1000) i, forums f;
ALTER SYSTEM SET maintenance_work_mem = '256MB';
SQL
sql -c "SELECT pg_reload_conf()" >/dev/null

# Blogs and posts FIRST..LAST (ids follow i in a fresh database), created 15 s apart, ~25 words
# each from a 64-word vocabulary. 'zanzibar' is in 20 blogs, all among the first 10,000: a search
# whose hits stay the same at every size. 'quasar' is in 0.1% of the blogs: its hits grow with the
# table. One blog in ten has views (exact popularity bounds, as views leave them).
seed() {
    local first=$1 last=$2
    sql -v first="$first" -v last="$last" <<'SQL'
INSERT INTO blogs (author_id, title, content, created_at, updated_at)
SELECT 1 + i % 1000,
       'Post ' || i || ' on ' || w[1 + (i * 7) % 64] || ' and ' || w[1 + (i * 11) % 64],
       concat_ws(' ', w[1 + (i * 3) % 64], w[1 + (i * 5) % 64], w[1 + (i * 13) % 64], w[1 + (i * 17) % 64],
                 w[1 + (i * 19) % 64], w[1 + (i * 23) % 64], w[1 + (i * 29) % 64], w[1 + (i * 31) % 64],
                 w[1 + (i * 37) % 64], w[1 + (i * 41) % 64], w[1 + (i * 43) % 64], w[1 + (i * 47) % 64],
                 w[1 + (i * 53) % 64], w[1 + (i * 59) % 64], w[1 + (i * 61) % 64], w[1 + (i * 67) % 64],
                 w[1 + (i * 71) % 64], w[1 + (i * 73) % 64], w[1 + (i * 79) % 64], w[1 + (i * 83) % 64],
                 CASE WHEN i % 1000 = 0 THEN 'quasar' END,
                 CASE WHEN i <= 10000 AND i % 500 = 0 THEN 'zanzibar' END),
       ts, ts
FROM generate_series(:first, :last) i,
     LATERAL (SELECT now() - make_interval(secs => (2000000 - i) * 15) AS ts) t,
     (SELECT ARRAY['swift','server','postgres','index','cursor','page','query','function','worker','socket',
                   'nginx','runner','memory','latency','thread','forum','reply','author','title','content',
                   'search','english','ranking','popular','views','scale','million','benchmark','table','column',
                   'migration','cascade','counter','trigger','transaction','lock','concurrency','cache','plan',
                   'vacuum','analyze','network','request','response','header','token','session','password',
                   'profile','course','quiz','video','comment','upload','stream','message','chat','reaction',
                   'garden','kitchen','travel','music','river','mountain'] AS w) v;
UPDATE blog_stats SET views = 1 + (blog_id * 7919) % 5000,
                      hot_bound = blog_hot_score(1 + (blog_id * 7919) % 5000, created_at, now())
WHERE blog_id BETWEEN :first AND :last AND blog_id % 10 = 0;
INSERT INTO posts (thread_id, author_id, content, created_at, updated_at)
SELECT CASE WHEN i % 2 = 0 THEN 1 ELSE 2 + i % 999 END, 1 + i % 1000, 'Reply ' || i || ' with some words', ts, ts
FROM generate_series(:first, :last) i, LATERAL (SELECT now() - make_interval(secs => (2000000 - i) * 15) AS ts) t;
SQL
    sql -c "VACUUM ANALYZE"
    local count
    count=$(sql -c "SELECT count(*) FROM blogs WHERE id <= $last")
    [[ "$count" == "$last" ]] || { say "seeding went wrong: $count blogs"; return 1; }
}

cat >"$TMP/measure.py" <<'PY'
"""Times each operation RUNS times; prints {name: [invoke, sql, execute]} (median ms) as JSON."""
import base64, hashlib, hmac, json, os, re, statistics, subprocess, sys, time

bin_dir, functions, log_path, runs, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
psql = [os.environ["PG_BIN"] + "/psql", os.environ["PG_ADMIN_URL"], "-XqAt", "-c"]
one = lambda q: subprocess.run(psql + [q], check=True, capture_output=True, text=True).stdout.strip()

# A cursor exactly as the functions sign it (HMACCursorSigner: HMAC-SHA256 under a key derived
# from JWT_SECRET, over the route template, a newline and the sorted position JSON).
key = hmac.new(os.environ["JWT_SECRET"].encode(), b"agora-cursor", hashlib.sha256).digest()
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
def cursor(route, position):
    payload = json.dumps(position, separators=(",", ":"), sort_keys=True).encode()
    return b64(payload) + "." + b64(hmac.new(key, route.encode() + b"\n" + payload, hashlib.sha256).digest()[:16])

middle_post = one("SELECT id FROM posts WHERE thread_id = 1 ORDER BY id OFFSET (SELECT count(*) / 2 FROM posts "
                  "WHERE thread_id = 1) LIMIT 1")
posts = "/api/forums/1/threads/1/posts/"
operations = [
    ("blogs: first page", "blogs", "/api/blogs/"),
    ("blogs: deep page (cursor after the middle id)", "blogs",
     "/api/blogs/?cursor=" + cursor("/api/blogs/", {"id": size // 2})),
    ("blogs: ?author= first page", "blogs", "/api/blogs/?author=7"),
    ("blogs: search, 20 hits at any size", "blogs", "/api/blogs/?search=zanzibar"),
    ("blogs: search, hits = 0.1% of rows", "blogs", "/api/blogs/?search=quasar"),
    ("blogs: popular (limit 10)", "blogs", "/api/blogs/popular/"),
    ("posts: first page (thread of n/2 posts)", "forums", posts),
    ("posts: deep page (cursor after its middle)", "forums",
     posts + "?cursor=" + cursor("/api/forums/{forum_id}/threads/{thread_id}/posts/", {"id": int(middle_post)})),
]
line = re.compile(r"\[(\d+)\] LOG:  duration: ([0-9.]+) ms  (parse|bind|execute) ")
results = {}
for name, function, path in operations:
    event = subprocess.run([bin_dir + "/agora", "event", "GET", path, "--functions", functions],
                           check=True, capture_output=True).stdout
    command = [bin_dir + "/agora-" + function, "invoke"]
    walls = []
    log_offset = os.path.getsize(log_path)
    for run in range(runs + 3):
        began = time.perf_counter()
        out = subprocess.run(command, input=event, check=True, capture_output=True).stdout
        elapsed = (time.perf_counter() - began) * 1000
        response = json.loads(out)
        body = json.loads(response["body"])
        if response["statusCode"] != 200 or not body["results"]:
            sys.exit(f"{name}: unexpected response {response['statusCode']} {response['body'][:300]}")
        if run >= 3:
            walls.append(elapsed)
    time.sleep(0.3)  # the server writes its log lines after answering
    with open(log_path, errors="replace") as log:
        log.seek(log_offset)
        text = log.read()
    per_backend = {}
    for pid, ms, phase in line.findall(text):
        total, execute = per_backend.get(pid, (0.0, 0.0))
        per_backend[pid] = (total + float(ms), execute + (float(ms) if phase == "execute" else 0.0))
    backends = list(per_backend.values())[-runs:]
    results[name] = [statistics.median(walls), statistics.median(t for t, _ in backends),
                     statistics.median(e for _, e in backends)]
json.dump(results, sys.stdout)
PY

measure() {
    local size=$1 out=$2
    sql -c "ALTER SYSTEM SET log_min_duration_statement = 0" -c "SELECT pg_reload_conf()" >/dev/null
    PG_BIN="$PG_BIN" python3 "$TMP/measure.py" "$bin" "$AGORA_FUNCTIONS" "$PG_LOG" "$RUNS" "$size" >"$out"
    sql -c "ALTER SYSTEM SET log_min_duration_statement = -1" -c "SELECT pg_reload_conf()" >/dev/null
}

started=$SECONDS
say "seeding $SMALL blogs and $SMALL posts"
seed 1 "$SMALL"
say "  $((SECONDS - started)) s; measuring"
measure "$SMALL" "$TMP/small.json"
say "seeding up to $LARGE blogs and $LARGE posts"
seed_started=$SECONDS
seed $((SMALL + 1)) "$LARGE"
say "  $((SECONDS - seed_started)) s; measuring"
measure "$LARGE" "$TMP/large.json"

python3 - "$TMP/small.json" "$TMP/large.json" "$SMALL" "$LARGE" "$RUNS" <<'PY'
import json, sys
small, large = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
n1, n2, runs = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
k = lambda n: f"{n // 1000}k" if n < 1_000_000 else f"{n // 1_000_000}M"
print(f"| operation (median of {runs}, ms) | invoke {k(n1)} | invoke {k(n2)} | ratio "
      f"| SQL {k(n1)} | SQL {k(n2)} | ratio | execute {k(n1)} | execute {k(n2)} | ratio |")
print("|---|---|---|---|---|---|---|---|---|---|")
for name in small:
    cells = []
    for a, b in zip(small[name], large[name]):
        cells += [f"{a:.3f}", f"{b:.3f}", f"**{b / a:.2f}**" if b / a > 1.5 else f"{b / a:.2f}"]
    print(f"| {name} | " + " | ".join(cells) + " |")
print(f"\ninvoke: one whole `agora-<function> invoke` (process, connection, queries, JSON). SQL: parse + bind + "
      f"execute of its statements on the server (a fresh backend each time). execute: the executor alone. "
      f"Target: ratio <= 1.5 (bold: above).")
PY
say "total $((SECONDS - started)) s"
