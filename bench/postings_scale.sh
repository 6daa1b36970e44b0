#!/usr/bin/env bash
# Postings at scale: the jobs list at 10,000 and at 1,000,000 jobs. Builds release, starts its own
# throwaway PostgreSQL running durably (fsync on, synchronous commits, as in production), seeds two
# databases of the one cluster with INSERT ... SELECT generate_series (the large one holds the small
# one's rows and more), and times the real function in invoke mode (`agora-jobs invoke` with events
# from `agora event`), as bench/content_scale.sh does for blogs and posts:
#   - invoke: wall time of one whole invocation (process start, connection, queries, JSON);
#   - SQL: the server-side time of that invocation's statements (parse + bind + execute, from
#     log_min_duration_statement = 0, summed per backend): the real queries with their real plans;
#   - execute: the executor part alone (what a warm worker with prepared statements mostly pays).
# The two sizes are measured in alternation, run by run, so that the load of whatever else shares
# the machine falls on both alike; medians of RUNS runs after warm-up, ratio = LARGE / SMALL. The
# issue's target: the first page, a company filter and a search with a fixed number of hits each
# stay within 1.5x. Internships run the same module on tables of the same shape: jobs stand for both.
#   bench/postings_scale.sh                 prints a table (about 5 minutes)
#   RUNS=31 SMALL=10000 LARGE=1000000 bench/postings_scale.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${RUNS:-21}
SMALL=${SMALL:-10000}
LARGE=${LARGE:-1000000}

bench_database_up
bin=$BIN
PG_LOG="$(cat "$TMP/data/pg-location")/log/postgres.log"
# The functions read as the application role; seeding and settings are the superuser's.
SMALL_URL=$DATABASE_URL
LARGE_URL=$(pg_url "$TMP/data" "$BENCH_PG_PORT" agora_large)
sql() { "$PG_BIN/psql" "$PG_ADMIN_URL" -XqAt -v ON_ERROR_STOP=1 "$@"; }
# The superuser's URL of the database an application URL names.
admin_url() { printf '%s/%s\n' "${PG_ADMIN_URL%/*}" "${1##*/}"; }
[[ "$(sql -c 'SHOW fsync')" == on && "$(sql -c 'SHOW synchronous_commit')" == on ]] || {
    say "PostgreSQL is not running durably"; exit 1; }
sql -c "CREATE DATABASE agora_large"
pg_setup_roles "$TMP/data" agora_large
MIGRATION_DATABASE_URL=$(pg_owner_url "$TMP/data" "$BENCH_PG_PORT" agora_large) \
    "$BIN/agora" migrate --dir "$REPO/db/migrations" >/dev/null
# The database's name on every log line, to tell the two sizes' statements apart.
sql -c "ALTER SYSTEM SET maintenance_work_mem = '256MB'" -c "ALTER SYSTEM SET log_line_prefix = '%m [%p] %d '" \
    -c "SELECT pg_reload_conf()" >/dev/null

# Jobs FIRST..LAST into the database of URL (ids follow i in a fresh database), posted 15 s apart,
# ~22 words each from a 64-word vocabulary; 100 companies ("Company 0".."Company 99", so ?company=
# matches 1% of the rows at every size) and 20 locations (by hundreds of ids, so that each company
# is in each location). 'zanzibar' is in 20 jobs, all among the first 10,000: a search whose hits
# stay the same at every size. 'quasar' is in 0.1% of the jobs: its hits grow with the table.
seed() {
    local url=$1 first=$2 last=$3
    "$PG_BIN/psql" "$(admin_url "$url")" -XqAt -v ON_ERROR_STOP=1 -v first="$first" -v last="$last" <<'SQL'
INSERT INTO jobs (title, description, company, location, posted_date)
SELECT initcap(w[1 + (i * 7) % 64]) || ' ' || w[1 + (i * 11) % 64] || ' engineer',
       concat_ws(' ', w[1 + (i * 3) % 64], w[1 + (i * 5) % 64], w[1 + (i * 13) % 64], w[1 + (i * 17) % 64],
                 w[1 + (i * 19) % 64], w[1 + (i * 23) % 64], w[1 + (i * 29) % 64], w[1 + (i * 31) % 64],
                 w[1 + (i * 37) % 64], w[1 + (i * 41) % 64], w[1 + (i * 43) % 64], w[1 + (i * 47) % 64],
                 w[1 + (i * 53) % 64], w[1 + (i * 59) % 64], w[1 + (i * 61) % 64], w[1 + (i * 67) % 64],
                 w[1 + (i * 71) % 64], w[1 + (i * 73) % 64], w[1 + (i * 79) % 64], w[1 + (i * 83) % 64],
                 CASE WHEN i % 1000 = 0 THEN 'quasar' END,
                 CASE WHEN i <= 10000 AND i % 500 = 0 THEN 'zanzibar' END),
       'Company ' || i % 100,
       (ARRAY['Berlin','Paris','London','Remote','Lisbon','Madrid','Rome','Vienna','Prague','Warsaw',
              'Oslo','Dublin','Zurich','Munich','Lyon','Milan','Porto','Ghent','Turin','Riga'])[1 + (i / 100) % 20],
       ts
FROM generate_series(:first, :last) i,
     LATERAL (SELECT now() - make_interval(secs => (2000000 - i) * 15) AS ts) t,
     (SELECT ARRAY['swift','server','postgres','index','cursor','page','query','function','worker','socket',
                   'nginx','runner','memory','latency','thread','forum','reply','author','title','content',
                   'search','english','ranking','popular','views','scale','million','benchmark','table','column',
                   'migration','cascade','counter','trigger','transaction','lock','concurrency','cache','plan',
                   'vacuum','analyze','network','request','response','header','token','session','password',
                   'profile','course','quiz','video','comment','upload','stream','message','chat','reaction',
                   'garden','kitchen','travel','music','river','mountain'] AS w) v;
SQL
    "$PG_BIN/psql" "$(admin_url "$url")" -XqAt -c "VACUUM ANALYZE jobs"
    local count
    count=$("$PG_BIN/psql" "$(admin_url "$url")" -XqAt -c "SELECT count(*) FROM jobs WHERE id <= $last")
    [[ "$count" == "$last" ]] || { say "seeding went wrong: $count jobs"; return 1; }
}

cat >"$TMP/measure.py" <<'PY'
"""Times each operation RUNS times at both sizes, alternating; prints {name: {size: [invoke, sql, execute,
rows]}} (medians, ms) as JSON."""
import base64, hashlib, hmac, json, os, re, statistics, subprocess, sys, time

bin_dir, functions, log_path, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sizes = {"small": (int(sys.argv[5]), sys.argv[6]), "large": (int(sys.argv[7]), sys.argv[8])}

# A cursor exactly as the functions sign it (HMAC-SHA256 under a key derived from JWT_SECRET, over
# the route template, a newline and the sorted position JSON).
key = hmac.new(os.environ["JWT_SECRET"].encode(), b"agora-cursor", hashlib.sha256).digest()
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
def cursor(route, position):
    payload = json.dumps(position, separators=(",", ":"), sort_keys=True).encode()
    return b64(payload) + "." + b64(hmac.new(key, route.encode() + b"\n" + payload, hashlib.sha256).digest()[:16])

operations = [
    ("first page", lambda n: "/api/jobs/"),
    ("?company= first page (1% of rows)", lambda n: "/api/jobs/?company=company%207"),
    ("?search=, 20 hits at any size", lambda n: "/api/jobs/?search=zanzibar"),
    ("?location= first page (5% of rows)", lambda n: "/api/jobs/?location=berlin"),
    ("?company= & ?location= first page", lambda n: "/api/jobs/?company=Company%207&location=Berlin"),
    ("?search= & ?company= (20 hits, 1 company)", lambda n: "/api/jobs/?search=zanzibar&company=Company%200"),
    ("deep page (cursor after the middle id)", lambda n: "/api/jobs/?cursor=" + cursor("/api/jobs/", {"id": n // 2})),
    ("?search=, hits = 0.1% of rows", lambda n: "/api/jobs/?search=quasar"),
]
line = re.compile(r"\[(\d+)\] (\w+) LOG:  duration: ([0-9.]+) ms  (parse|bind|execute) ")
database = {url.rsplit("/", 1)[1]: size for size, (_, url) in sizes.items()}
results = {}
for name, path in operations:
    events = {size: subprocess.run([bin_dir + "/agora", "event", "GET", path(n), "--functions", functions],
                                   check=True, capture_output=True, timeout=60).stdout
              for size, (n, _) in sizes.items()}
    walls = {size: [] for size in sizes}
    rows = {}
    log_offset = os.path.getsize(log_path)
    for run in range(runs + 3):
        # Alternate which size goes first, so neither always follows the other.
        for size in (["small", "large"] if run % 2 == 0 else ["large", "small"]):
            env = dict(os.environ, DATABASE_URL=sizes[size][1])
            began = time.perf_counter()
            out = subprocess.run([bin_dir + "/agora-jobs", "invoke"], input=events[size], env=env, check=True,
                                 capture_output=True, timeout=60).stdout
            elapsed = (time.perf_counter() - began) * 1000
            response = json.loads(out)
            body = json.loads(response["body"])
            if response["statusCode"] != 200 or not body["results"]:
                sys.exit(f"{name} ({size}): unexpected response {response['statusCode']} {response['body'][:300]}")
            rows[size] = len(body["results"])
            if run >= 3:
                walls[size].append(elapsed)
    time.sleep(0.3)  # the server writes its log lines after answering
    with open(log_path, errors="replace") as log:
        log.seek(log_offset)
        text = log.read()
    per_backend = {size: {} for size in sizes}
    for pid, db, ms, phase in line.findall(text):
        if db not in database:
            continue
        backends = per_backend[database[db]]
        total, execute = backends.get(pid, (0.0, 0.0))
        backends[pid] = (total + float(ms), execute + (float(ms) if phase == "execute" else 0.0))
    results[name] = {}
    for size in sizes:
        backends = list(per_backend[size].values())[-runs:]
        results[name][size] = [statistics.median(walls[size]), statistics.median(t for t, _ in backends),
                               statistics.median(e for _, e in backends), rows[size]]
json.dump(results, sys.stdout)
PY

started=$SECONDS
say "seeding $SMALL jobs, and $LARGE in the large database"
seed "$SMALL_URL" 1 "$SMALL"
seed "$LARGE_URL" 1 "$LARGE"
say "  $((SECONDS - started)) s; measuring both, in alternation"
sql -c "ALTER SYSTEM SET log_min_duration_statement = 0" -c "SELECT pg_reload_conf()" >/dev/null
PG_BIN="$PG_BIN" python3 "$TMP/measure.py" "$bin" "$AGORA_FUNCTIONS" "$PG_LOG" "$RUNS" \
    "$SMALL" "$SMALL_URL" "$LARGE" "$LARGE_URL" >"$TMP/results.json"
sql -c "ALTER SYSTEM SET log_min_duration_statement = -1" -c "SELECT pg_reload_conf()" >/dev/null

python3 - "$TMP/results.json" "$SMALL" "$LARGE" "$RUNS" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
n1, n2, runs = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
k = lambda n: f"{n // 1000}k" if n < 1_000_000 else f"{n // 1_000_000}M"
targeted = {"first page", "?company= first page (1% of rows)", "?search=, 20 hits at any size"}
print(f"| GET /api/jobs/ (median of {runs}, ms) | rows | invoke {k(n1)} | invoke {k(n2)} | ratio "
      f"| SQL {k(n1)} | SQL {k(n2)} | ratio | execute {k(n1)} | execute {k(n2)} | ratio |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for name, by_size in results.items():
    small, large = by_size["small"], by_size["large"]
    cells = [f"{small[3]}/{large[3]}"]
    for a, b in zip(small[:3], large[:3]):
        cells += [f"{a:.3f}", f"{b:.3f}", f"**{b / a:.2f}**" if b / a > 1.5 else f"{b / a:.2f}"]
    print(f"| {name}{' (target)' if name in targeted else ''} | " + " | ".join(cells) + " |")
print(f"\nPostgreSQL durable (fsync on, synchronous_commit on); the two sizes measured in alternation. invoke: one "
      f"whole `agora-jobs invoke` (process, connection, queries, JSON). SQL: parse + bind + execute of its statements "
      f"on the server (a fresh backend each time). execute: the executor alone. rows: results on the page at "
      f"{k(n1)}/{k(n2)}. Target: ratio <= 1.5 for the rows marked (target); bold: above 1.5.")
PY
say "total $((SECONDS - started)) s"
