#!/usr/bin/env bash
# What counting for /metrics costs the blog GET (issue 17: within 3% of the figure without):
# one release stack, durable PostgreSQL (fsync on, synchronous commits), 4 static workers per
# function, and the runner restarted between rounds with AGORA_METRICS=1 (counters, the default)
# or 0 (the worker keeps its scoreboard state only). Rounds alternate on/off ROUNDS times, wrk
# BENCH_SECONDS (10) at 64 connections each; prints each round and the medians, and writes
# bench/results/metrics_cost.md.
#   bench/metrics_cost.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SECONDS_PER_RUN=${BENCH_SECONDS:-10}
ROUNDS=${BENCH_ROUNDS:-3}
BLOGS=${BENCH_BLOGS:-100000}
export BENCH_POOL_WORKERS=${BENCH_WORKERS:-4}
bench_stack_up

bench_seed_blogs 1000 "$BLOGS"

restart_runner() {
    runner_stop "$TMP/run"
    AGORA_METRICS=$1 runner_start "$BIN" "$TMP/run"
    wait_for "$BASE/api/health/"
    # Every worker up and warm before the clock starts.
    wrk -t2 -c16 -d2s "$BASE/api/blogs/4242/" >/dev/null
}

declare -A results=([1]="" [0]="")
for round in $(seq "$ROUNDS"); do
    for metrics in 1 0; do
        restart_runner "$metrics"
        line=$(wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency "$BASE/api/blogs/4242/" | wrk_summary)
        say "round $round, AGORA_METRICS=$metrics: $line (req/s p50 p99 errors)"
        results[$metrics]+="${line%% *} "
    done
done

python3 - "${results[1]}" "${results[0]}" "$ROUNDS" "$SECONDS_PER_RUN" "$REPO/bench/results/metrics_cost.md" <<'PY'
import statistics, subprocess, sys, datetime
on = [float(x) for x in sys.argv[1].split()]
off = [float(x) for x in sys.argv[2].split()]
rounds, seconds, out = sys.argv[3], sys.argv[4], sys.argv[5]
m_on, m_off = statistics.median(on), statistics.median(off)
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
text = f"""# What counting for /metrics costs the blog GET

{datetime.date.today()}, commit {commit}, `bench/metrics_cost.sh`: one release stack, PostgreSQL
durable (fsync on, synchronous commits), 4 static workers per function, 100,000 blogs,
`GET /api/blogs/4242/` with wrk at 64 connections for {seconds} s per round, {rounds} rounds
alternating with counters (AGORA_METRICS=1, the default) and without (AGORA_METRICS=0: the
worker keeps its scoreboard state only), the runner restarted before each round.

| | req/s per round | median |
|---|---|---|
| with counters | {' / '.join('%.0f' % x for x in on)} | {m_on:.0f} |
| without | {' / '.join('%.0f' % x for x in off)} | {m_off:.0f} |

With counters / without: **{m_on / m_off:.3f}** (target ≥ 0.97).
"""
open(out, "w").write(text)
print(text)
PY
