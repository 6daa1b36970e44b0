#!/usr/bin/env bash
# Foundation numbers: an idle worker's resident memory and the mean time of one local invocation
# of GET /api/health/ (process start, configuration, database connection, query, exit), with
# hyperfine. Builds release; starts its own throwaway PostgreSQL; stops what it started.
#   bench/foundation.sh            prints a small table
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_database_up
bin=$BIN
worker_pid=""
trap '[[ -n "$worker_pid" ]] && kill "$worker_pid" 2>/dev/null; bench_stack_down' EXIT

event="$TMP/health.json"
"$bin/agora" event GET /api/health/ --functions "$REPO/functions.json" >"$event"

# Idle workers: four FastCGI workers on socket paths, at rest (a pool shares its libraries).
others=()
for i in 2 3 4; do "$bin/agora-health" --listen "$TMP/health$i.sock" 2>/dev/null & others+=($!); done
"$bin/agora-health" --listen "$TMP/health.sock" 2>/dev/null &
worker_pid=$!
sleep 1
rss_start=$(awk '/VmRSS/ {print $2}' "/proc/$worker_pid/status")
# RSS counts every shared-library page the process touched; PSS divides shared pages among the
# processes that map them, and USS (private pages) is what one more worker really adds.
pss=$(awk '/^Pss:/ {print $2}' "/proc/$worker_pid/smaps_rollup")
uss=$(awk '/^Private_(Clean|Dirty):/ {s += $2} END {print s}' "/proc/$worker_pid/smaps_rollup")
kill "${others[@]}" 2>/dev/null || true

hyperfine --warmup 5 --runs 100 --export-json "$TMP/invoke.json" -N \
    "$bin/agora-health invoke --event $event" >/dev/null
mean_ms=$(python3 -c "import json;print('%.2f' % (json.load(open('$TMP/invoke.json'))['results'][0]['mean']*1000))")
stddev_ms=$(python3 -c "import json;print('%.2f' % (json.load(open('$TMP/invoke.json'))['results'][0]['stddev']*1000))")

printf '| measure | value | target |\n|---|---|---|\n'
printf '| idle worker memory (agora-health, FastCGI, one of 4 at rest) | RSS %s KiB, PSS %s KiB, private %s KiB | <= 12 MB |\n' "$rss_start" "$pss" "$uss"
printf '| local invocation GET /api/health/, mean of 100 (hyperfine -N) | %s ms (sd %s) | <= 15 ms |\n' "$mean_ms" "$stddev_ms"
