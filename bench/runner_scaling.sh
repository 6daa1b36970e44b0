#!/usr/bin/env bash
# Runner scaling numbers, with the test-only function agora-testfn spoken to over its socket
# (cgi-fcgi, no nginx):
#   1. a dynamic pool (start 1, max 8) hit by a burst of 16 concurrent 1 s requests: time from
#      the burst to the first extra worker and to max_workers, and the burst's total time;
#   2. an ondemand pool: a request's time when no worker runs (cold start, as the first client
#      sees it) against the same request with a worker running (warm), median of 5 each.
#   bench/runner_scaling.sh              builds release, prints a small table
#   AGORA_BIN=DIR bench/runner_scaling.sh uses binaries already built in DIR
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
if [[ -z "${AGORA_BIN:-}" ]]; then
    source "$REPO/deploy/lib/common.sh"
    install_if_missing
    AGORA_BIN=$(build release)
fi
command -v cgi-fcgi >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libfcgi-bin >/dev/null
command -v jq >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null
[[ -x "$AGORA_BIN/agora-testfn" ]] || { echo "no $AGORA_BIN/agora-testfn" >&2; exit 1; }

TMP=$(mktemp -d /tmp/agora-bench-runner.XXXXXX)
runner_pid=""
stop_runner() {
    [[ -n "$runner_pid" ]] || return 0
    kill -TERM "$runner_pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$runner_pid" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$runner_pid" 2>/dev/null || true
    runner_pid=""
}
trap 'stop_runner; rm -rf "$TMP"' EXIT
export DATABASE_URL=postgres://agora@127.0.0.1:1/unused JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n=')
export LOG_LEVEL=warning

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
status() { "$AGORA_BIN/agora" status --socket-dir "$TMP/sock" --json; }
request() {  # PATH [QUERY]: one GET; prints nothing, fails on no answer
    REQUEST_METHOD=GET DOCUMENT_URI=$1 REQUEST_URI=$1 SCRIPT_NAME=$1 QUERY_STRING=${2:-} \
        timeout 10 cgi-fcgi -bind -connect "$TMP/sock/testfn.sock" >/dev/null
}
start_runner() {  # POOL-JSON
    printf '{"functions":{"testfn":{"pool":%s}}}\n' "$1" >"$TMP/functions.json"
    "$AGORA_BIN/agora" run --functions "$TMP/functions.json" --socket-dir "$TMP/sock" --bin-dir "$AGORA_BIN" \
        --grace 2 2>>"$TMP/runner.log" &
    runner_pid=$!
    until [[ -S "$TMP/sock/runner.sock" ]]; do sleep 0.02; done
}
live_workers() { status | jq '.functions.testfn | .idle + .busy + .starting'; }
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# 1. Dynamic pool under a burst.
start_runner '{"mode":"dynamic","max_workers":8,"start_workers":1,"min_spare":1,"max_spare":2,"max_requests":0}'
until [[ "$(status | jq '.functions.testfn.idle')" == 1 ]]; do sleep 0.02; done
burst_start=$(now_ms)
clients=()
for _ in $(seq 16); do request /api/test/slow/ ms=1000 & clients+=($!); done
first_extra="" at_max=""
while [[ -z "$at_max" ]]; do
    live=$(live_workers)
    [[ -z "$first_extra" && "$live" -ge 2 ]] && first_extra=$(( $(now_ms) - burst_start ))
    [[ "$live" -ge 8 ]] && at_max=$(( $(now_ms) - burst_start ))
    (( $(now_ms) - burst_start > 10000 )) && at_max="(not reached)"
    sleep 0.005
done
failed=0
for client in "${clients[@]}"; do wait "$client" || failed=$((failed + 1)); done
burst_total=$(( $(now_ms) - burst_start ))
maxed=$(status | jq '.functions.testfn.max_children_reached')
stop_runner

# 2. Ondemand cold start against warm.
start_runner '{"mode":"ondemand","max_workers":2,"idle_timeout":0.5}'
cold=() warm=()
for _ in $(seq 5); do
    until [[ "$(status | jq '.functions.testfn.total')" == 0 ]]; do sleep 0.05; done
    t0=$(now_ms); request /api/test/ok/; cold+=($(( $(now_ms) - t0 )))
    t0=$(now_ms); request /api/test/ok/; warm+=($(( $(now_ms) - t0 )))
done
stop_runner
cold_median=$(printf '%s\n' "${cold[@]}" | median)
warm_median=$(printf '%s\n' "${warm[@]}" | median)

printf '| measure | value |\n|---|---|\n'
printf '| dynamic (start 1, max 8), burst of 16 x 1 s: first extra worker after | %s ms |\n' "$first_extra"
printf '| dynamic: max_workers (8) reached after | %s ms |\n' "$at_max"
printf '| dynamic: burst done (16 x 1 s on <= 8 workers, ideal 2000 ms) | %s ms (%s failed; max_workers reached %s times) |\n' "$burst_total" "$failed" "$maxed"
printf '| ondemand: first request with no worker (cold start), median of 5 | %s ms |\n' "$cold_median"
printf '| ondemand: same request with a worker running (warm), median of 5 | %s ms |\n' "$warm_median"
printf '| ondemand cold start cost seen by the first client | %s ms |\n' "$(( cold_median - warm_median ))"
