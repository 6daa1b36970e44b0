#!/usr/bin/env bash
# Per-request costs (issue 16): where the user-space instructions, the system calls and the CPU
# of one blog GET go, next to the C + libpq responder doing its nearest work, plus start-up
# costs and the private memory of every worker. One release stack (PostgreSQL durable, one
# static worker per function and one C worker, so that one process serves every request it is
# measured on), wrk through nginx with 4 connections stopping after N answers (and bounded in
# time). Writes bench/results/profile.md and bench/results/profile.json.
#
#   bench/profile.sh                                   N=20000 requests per measure
#   PROFILE_N=2000 PROFILE_CALLGRIND_N=300 PROFILE_MIXED_N=2000 BENCH_BLOGS=10000 bench/profile.sh   smoke
#   AGORA_BIN=.build/release bench/profile.sh          no build
#   PROFILE_KEEP=/tmp/profile bench/profile.sh         keeps callgrind, perf and strace outputs there
#
# Measures, each its own run of N requests (the tools perturb one another):
#   cpu        utime+stime of the worker and of the runner (/proc/PID/stat) over N, per request;
#   perf       `perf stat -e instructions:u -p PID`; where the machine has no hardware counters
#              (a VM), `perf record -e cpu-clock` samples instead: user/kernel split and top symbols;
#   strace     `strace -c -f -p PID`: system calls per request, per call;
#   callgrind  user-space instructions per request: the worker alone under valgrind (the runner
#              stopped, the worker listening on the socket nginx knows), (Ir after N - Ir after 0) / N,
#              and its top functions (inclusive and self);
#   startup    `agora-blogs routes`, `agora-health invoke` (an event on stdin) and bench/c_select1.c
#              (libpq connect + SELECT 1): hyperfine, 50 runs, medians; then, for `agora-blogs
#              routes`: LD_DEBUG=statistics (relocations, loader time), /usr/bin/time -v (page
#              faults, max RSS), callgrind (instructions, top functions), binary and library sizes;
#   memory     Private_Dirty (smaps_rollup) of every worker after PROFILE_MIXED_N requests of mixed kinds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=${PROFILE_N:-20000}
CALLGRIND_N=${PROFILE_CALLGRIND_N:-2000}
MIXED_N=${PROFILE_MIXED_N:-10000}
LIMIT_SECONDS=${PROFILE_SECONDS:-120}     # every load stops after N answers or this many seconds
WORKERS=1
USERS=100
BLOGS=${BENCH_BLOGS:-100000}
OUT="$REPO/bench/results"
mkdir -p "$OUT"
command -v strace >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq strace >/dev/null
command -v valgrind >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
command -v perf >/dev/null || say "no perf: the perf measures are skipped"

export BENCH_POOL_WORKERS=$WORKERS
# Measures follow one worker by its pid: it must not be recycled after max_requests.
export BENCH_MAX_REQUESTS=0
bench_stack_up
C_PID=""
VG_PID=""
# Everything this script started, by PID; the stack itself stops with bench_stack_down.
cleanup_profile() {
    [[ -n "$VG_PID" ]] && { kill "$VG_PID" 2>/dev/null || true; }
    [[ -n "$C_PID" ]] && { pkill -P "$C_PID" 2>/dev/null || true; kill "$C_PID" 2>/dev/null || true; }
    bench_stack_down
}
trap cleanup_profile EXIT
P="$TMP/profile"
mkdir -p "$P"

bench_seed_blogs "$USERS" "$BLOGS"
bench_c_ceiling c_responder "$BASE"
C_WORKER=$(pgrep -P "$C_PID" | head -1)
token=$(curl -s -X POST "$BASE/api/auth/register/" -H 'Content-Type: application/json' \
    -d '{"username":"benchuser","email":"bench@example.com","password":"correct horse battery"}' \
    | python3 -c 'import json,sys;print(json.load(sys.stdin)["access"])')

status_json() { "$BIN/agora" status --json --socket-dir "$TMP/run/sockets"; }
worker_pid() { status_json | python3 -c "import json,sys;print(json.load(sys.stdin)['functions']['$1']['workers'][0]['pid'])"; }
runner_pid() { cat "$TMP/run/runner.pid"; }

# The end of a counted wrk script: after LIMIT answers it prints how many and how many were not
# 2xx, and exits at once (wrk's thread:stop() would still wait out the whole -d).
COUNTED_END='
local answered, failed = 0, 0
response = function(status, headers, body)
    answered = answered + 1
    if status >= 300 then failed = failed + 1 end
    if answered >= limit then
        io.write(string.format("answered %d failed %d\n", answered, failed))
        io.flush()
        os.exit(0)
    end
end'
# A wrk script: requests of one kind (PATH, a Lua expression), stopping after LIMIT answers.
counted_lua() {
    local file=$1 path=$2 limit=$3
    cat >"$file" <<LUA
local limit, blogs = $limit, $BLOGS
request = function() return wrk.format(nil, $path) end
$COUNTED_END
LUA
}
counted_lua "$P/blog.lua" '"/api/blogs/" .. math.random(1, blogs) .. "/"' "$N"
counted_lua "$P/c.lua" '"/bench/c?id=" .. math.random(1, blogs)' "$N"
counted_lua "$P/blog_cg.lua" '"/api/blogs/" .. math.random(1, blogs) .. "/"' "$CALLGRIND_N"
counted_lua "$P/c_cg.lua" '"/bench/c?id=" .. math.random(1, blogs)' "$CALLGRIND_N"
counted_lua "$P/blog_few.lua" '"/api/blogs/" .. math.random(1, blogs) .. "/"' 20
counted_lua "$P/c_few.lua" '"/bench/c?id=" .. math.random(1, blogs)' 20

# load LUA: one bounded run (1 thread, 4 connections); prints the number of answers (wrk's own
# count when the time bound came first).
load() {
    wrk -t1 -c4 -d"${LIMIT_SECONDS}s" -s "$1" "$BASE/" >"$P/wrk.out" 2>&1 || true
    local answered failed
    read -r answered failed < <(sed -n 's/^answered \([0-9]*\) failed \([0-9]*\)$/\1 \2/p' "$P/wrk.out")
    if [[ -z "${answered:-}" ]]; then
        say "warning: $(basename "$1") ran out of time"
        answered=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$P/wrk.out")
    fi
    ((${failed:-0} == 0)) || say "warning: $(basename "$1"): $failed answers not 2xx"
    echo "$answered"
}
# Clock ticks of PID (utime + stime).
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)

RESULTS="$P/results.json"
echo '{}' >"$RESULTS"
# put KEY JSON: records one value in RESULTS.
put() { python3 - "$RESULTS" "$1" "$2" <<'PY'
import json, sys
path, key, value = sys.argv[1:4]
doc = json.load(open(path))
node = doc
*parents, last = key.split(".")
for p in parents: node = node.setdefault(p, {})
node[last] = json.loads(value)
json.dump(doc, open(path, "w"), indent=1)
PY
}

SWIFT_WORKER=$(worker_pid blogs)
say "workers: blogs $SWIFT_WORKER, C $C_WORKER, runner $(runner_pid)"
load "$P/blog.lua" >/dev/null   # warm-up: the statements prepared, the caches filled
load "$P/c.lua" >/dev/null

# --- cpu: utime+stime per request of the worker, the runner, nginx's workers and the database ---
# The application role's backends (the functions' and the C responder's connections) and nginx's
# worker processes, summed.
backend_pids() { psql -XAtq "$PG_ADMIN_URL" -c "SELECT pid FROM pg_stat_activity WHERE usename = 'agora_app'"; }
nginx_pids() { pgrep -P "$(cat "$TMP/run/nginx.pid")"; }
sum_ticks() { local total=0 pid; for pid in "$@"; do [[ -r /proc/$pid/stat ]] && total=$((total + $(ticks "$pid"))); done; echo "$total"; }
for target in blog c; do
    pid=$([[ $target == blog ]] && echo "$SWIFT_WORKER" || echo "$C_WORKER")
    mapfile -t backends < <(backend_pids)
    mapfile -t nginxes < <(nginx_pids)
    w0=$(ticks "$pid"); r0=$(ticks "$(runner_pid)"); b0=$(sum_ticks "${backends[@]}"); x0=$(sum_ticks "${nginxes[@]}"); t0=$(date +%s.%N)
    answered=$(load "$P/$target.lua")
    w1=$(ticks "$pid"); r1=$(ticks "$(runner_pid)"); b1=$(sum_ticks "${backends[@]}"); x1=$(sum_ticks "${nginxes[@]}"); t1=$(date +%s.%N)
    put "cpu.$target" "$(python3 -c "
import json
n, hz = $answered, $HZ
us = lambda ticks: round(ticks * 1e6 / hz / n, 1)
print(json.dumps({'requests': n, 'seconds': round($t1 - $t0, 2), 'worker_us_per_request': us($w1 - $w0),
                  'runner_us_per_request': us($r1 - $r0), 'postgres_us_per_request': us($b1 - $b0),
                  'nginx_us_per_request': us($x1 - $x0)}))")"
    say "cpu $target: $(python3 -c "import json;print(json.load(open('$RESULTS'))['cpu']['$target'])")"
done

# --- perf: hardware instructions when the machine has counters, else cpu-clock samples ---
if command -v perf >/dev/null; then
    if perf stat -e instructions:u true 2>&1 | grep -q 'not supported\|<not counted>'; then
        put perf.hardware_counters false
        for target in blog c; do
            pid=$([[ $target == blog ]] && echo "$SWIFT_WORKER" || echo "$C_WORKER")
            perf record -q -e cpu-clock -F 2000 -g -p "$pid" -o "$P/perf-$target.data" >/dev/null 2>&1 &
            perf_pid=$!
            # nginx's workers too: what the gateway spends on an API location and on /bench/c.
            perf record -q -e cpu-clock -F 2000 -p "$(nginx_pids | paste -sd,)" -o "$P/perf-nginx-$target.data" >/dev/null 2>&1 &
            perf_nginx_pid=$!
            sleep 0.5
            answered=$(load "$P/$target.lua")
            kill -INT "$perf_pid" "$perf_nginx_pid" 2>/dev/null || true
            wait "$perf_pid" 2>/dev/null || true
            wait "$perf_nginx_pid" 2>/dev/null || true
            perf report -i "$P/perf-nginx-$target.data" --stdio --no-children -g none --sort dso,sym 2>/dev/null \
                | grep -v '^#' | grep '%' | head -25 >"$P/perf-nginx-$target.top" || true
            perf report -i "$P/perf-nginx-$target.data" --stdio --no-children -g none --sort dso 2>/dev/null \
                | grep -v '^#' | grep '%' | head -10 >"$P/perf-nginx-$target.dso" || true
            put "perf.nginx_$target" "$(python3 - "$P/perf-nginx-$target.top" "$P/perf-nginx-$target.dso" "$(perf script -F time -i "$P/perf-nginx-$target.data" 2>/dev/null | wc -l)" "$answered" <<'PY'
import json, re, sys
top, dso, samples, n = sys.argv[1], sys.argv[2], int(sys.argv[3] or 0), int(sys.argv[4] or 0)
def rows(path, fields):
    out = []
    for line in open(path):
        m = re.match(r"\s*([\d.]+)%\s+(.*)", line)
        if m: out.append(dict(zip(["percent"] + fields, [float(m.group(1))] + [x.strip() for x in re.split(r"\s{2,}", m.group(2), maxsplit=len(fields) - 1)])))
    return out
# cpu-clock at 2000 Hz: one sample is 500 µs of CPU.
print(json.dumps({"requests": n, "samples": samples, "us_per_request": round(samples * 500 / n, 1) if n else None,
                  "by_dso": rows(dso, ["dso"]), "top_symbols": rows(top, ["dso", "symbol"])[:20]}))
PY
)"
            # The split between user space and the kernel, and the top symbols by self time.
            perf report -i "$P/perf-$target.data" --stdio --no-children -g none --sort dso,sym 2>/dev/null \
                | grep -v '^#' | grep '%' | grep -v '^ *|' | grep -v '^ *-' | head -40 >"$P/perf-$target.top" || true
            perf report -i "$P/perf-$target.data" --stdio --no-children -g none --sort dso 2>/dev/null \
                | grep -v '^#' | grep '%' | grep -v '^ *|' | grep -v '^ *-' | head -15 >"$P/perf-$target.dso" || true
            put "perf.$target" "$(python3 - "$P/perf-$target.top" "$P/perf-$target.dso" "$answered" <<'PY'
import json, re, sys
top, dso, n = sys.argv[1], sys.argv[2], int(sys.argv[3] or 0)
def rows(path, fields):
    out = []
    for line in open(path):
        m = re.match(r"\s*([\d.]+)%\s+(.*)", line)
        if m: out.append(dict(zip(["percent"] + fields, [float(m.group(1))] + [x.strip() for x in re.split(r"\s{2,}", m.group(2), maxsplit=len(fields) - 1)])))
    return out
symbols = rows(top, ["dso", "symbol"])
kernel = sum(r["percent"] for r in symbols if r["symbol"].startswith("[k]"))
print(json.dumps({"requests": n, "kernel_percent_of_top40": round(kernel, 1), "by_dso": rows(dso, ["dso"])[:12],
                  "top_symbols": symbols[:25]}))
PY
)"
            say "perf $target: $(head -5 "$P/perf-$target.dso" | tr -s ' ' | tr '\n' ';')"
        done
    else
        put perf.hardware_counters true
        for target in blog c; do
            pid=$([[ $target == blog ]] && echo "$SWIFT_WORKER" || echo "$C_WORKER")
            perf stat -x, -e instructions:u,instructions:k,task-clock,context-switches -p "$pid" -o "$P/perfstat-$target.csv" &
            perf_pid=$!
            sleep 0.5
            answered=$(load "$P/$target.lua")
            kill -INT "$perf_pid" 2>/dev/null || true
            wait "$perf_pid" 2>/dev/null || true
            put "perf.$target" "$(python3 - "$P/perfstat-$target.csv" "$answered" <<'PY'
import json, sys
n = int(sys.argv[2])
values = {}
for line in open(sys.argv[1]):
    parts = line.strip().split(",")
    if len(parts) > 2 and parts[0].replace(".", "").isdigit(): values[parts[2]] = float(parts[0])
print(json.dumps({"requests": n, **{k + "_per_request": round(v / n, 1) for k, v in values.items()}}))
PY
)"
        done
    fi
fi

# --- strace: system calls per request ---
for target in blog c; do
    pid=$([[ $target == blog ]] && echo "$SWIFT_WORKER" || echo "$C_WORKER")
    strace -c -f -p "$pid" -o "$P/strace-$target.txt" 2>/dev/null &
    strace_pid=$!
    sleep 0.5
    answered=$(load "$P/$target.lua")
    kill -INT "$strace_pid" 2>/dev/null || true
    wait "$strace_pid" 2>/dev/null || true
    put "strace.$target" "$(python3 - "$P/strace-$target.txt" "$answered" <<'PY'
import json, sys
n = int(sys.argv[2])
calls = {}
for line in open(sys.argv[1]):
    parts = line.split()
    # % time, seconds, usecs/call, calls, [errors], syscall
    if len(parts) >= 5 and parts[0][0].isdigit() and parts[-1] != "total":
        calls[parts[-1]] = int(parts[3])
total = sum(calls.values())
print(json.dumps({"requests": n, "syscalls_per_request": round(total / n, 2),
                  "per_call": {k: round(v / n, 2) for k, v in sorted(calls.items(), key=lambda kv: -kv[1])}}))
PY
)"
    say "strace $target: $(python3 -c "import json;d=json.load(open('$RESULTS'))['strace']['$target'];print(d['syscalls_per_request'], d['per_call'])")"
done

# One request's system calls in order (the 10th of 20, from its accept to the next accept).
for target in blog c; do
    pid=$([[ $target == blog ]] && echo "$SWIFT_WORKER" || echo "$C_WORKER")
    strace -f -s 60 -o "$P/trace-$target.txt" -p "$pid" 2>/dev/null &
    strace_pid=$!
    sleep 0.5
    load "$P/${target}_few.lua" >/dev/null
    kill -INT "$strace_pid" 2>/dev/null || true
    wait "$strace_pid" 2>/dev/null || true
    put "strace.$target.one_request" "$(python3 - "$P/trace-$target.txt" <<'PY'
import json, re, sys
lines = [re.sub(r"^\d+\s+", "", l.rstrip("\n")) for l in open(sys.argv[1])]
starts = [i for i, l in enumerate(lines) if re.match(r"(accept4?|<\.\.\. accept4? resumed>)", l) and "resumed" not in l]
if len(starts) >= 11:
    print(json.dumps([l[:160] for l in lines[starts[9]:starts[10]]]))
else:
    print(json.dumps([l[:160] for l in lines[:40]]))
PY
)"
done

# --- memory: Private_Dirty of every worker after requests of mixed kinds ---
cat >"$P/mixed.lua" <<LUA
local limit, blogs = $MIXED_N, $BLOGS
local token = "$token"
local i = 0
local kinds = {
    function() return wrk.format("GET", "/api/blogs/" .. math.random(1, blogs) .. "/") end,
    function() return wrk.format("GET", "/api/blogs/") end,
    function() return wrk.format("GET", "/api/auth/user/", {["Authorization"] = "Bearer " .. token}) end,
    function() return wrk.format("POST", "/api/blogs/", {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"},
        '{"title":"A profile post","content":"Written by wrk to profile the workers."}') end,
    function() return wrk.format("GET", "/api/health/") end,
    function() return wrk.format("GET", "/api/jobs/") end,
    function() return wrk.format("GET", "/api/forums/") end,
    function() return wrk.format("GET", "/api/courses/") end,
    function() return wrk.format("GET", "/bench/c?id=" .. math.random(1, blogs)) end,
    function() return wrk.format("GET", "/bench/c/blogs/") end,
}
request = function() i = i + 1; return kinds[(i % #kinds) + 1]() end
$COUNTED_END
LUA
answered=$(load "$P/mixed.lua")
status_json >"$P/status.json"
python3 - "$P/status.json" "$C_WORKER" "$answered" >"$P/memory.json" <<'PY'
import json, sys
status, c_worker, n = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3])
def rollup(pid):
    values = {}
    try:
        for line in open("/proc/%s/smaps_rollup" % pid):
            parts = line.split()
            if len(parts) >= 3 and parts[-1] == "kB": values[parts[0].rstrip(":")] = int(parts[1])
    except OSError:
        return None
    return {k: values.get(k) for k in ("Rss", "Pss", "Private_Dirty", "Private_Clean")}
workers = []
for name, function in sorted(status["functions"].items()):
    for w in function.get("workers", []):
        workers.append(dict(function=name, pid=w["pid"], requests=w.get("requests"), **(rollup(w["pid"]) or {})))
workers.append(dict(function="C responder", pid=int(c_worker), requests=None, **(rollup(c_worker) or {})))
print(json.dumps({"mixed_requests": n, "workers": workers}))
PY
put memory "$(cat "$P/memory.json")"

# --- startup: agora-blogs routes, agora-health invoke (event on stdin), C libpq SELECT 1 ---
cc -O2 -o "$P/c_select1" "$REPO/bench/c_select1.c" -I/usr/include/postgresql -lpq
"$BIN/agora" event GET /api/health/ --functions "$REPO/functions.json" >"$P/health_event.json"
# Through sh (hyperfine subtracts the shell's own start), so that the event reaches stdin.
hyperfine --warmup 5 --runs 50 --export-json "$P/startup.json" \
    -n "agora-blogs routes" "$BIN/agora-blogs routes" \
    -n "agora-health invoke (event on stdin)" "$BIN/agora-health invoke <$P/health_event.json" \
    -n "c_select1 (libpq connect + SELECT 1)" "$P/c_select1" >/dev/null 2>&1
put startup.hyperfine "$(python3 -c "
import json
r = json.load(open('$P/startup.json'))['results']
print(json.dumps({x['command']: {'median_ms': round(x['median'] * 1000, 2), 'mean_ms': round(x['mean'] * 1000, 2),
                                 'user_ms': round(x['user'] * 1000, 2), 'system_ms': round(x['system'] * 1000, 2)} for x in r}))")"
# Where the time of a connection goes (c_select1: libpq connect, SCRAM, SELECT 1).
valgrind --tool=callgrind --callgrind-out-file="$P/callgrind-select1.out" "$P/c_select1" >/dev/null 2>"$P/callgrind-select1.log" || true
callgrind_annotate --inclusive=yes "$P/callgrind-select1.out" 2>/dev/null | head -60 >"$P/callgrind-select1.inclusive" || true
put startup.c_select1 "$(python3 - "$P" <<'PY'
import json, os, re, sys
p = sys.argv[1]
ir = re.search(r"Collected : (\d+)", open(os.path.join(p, "callgrind-select1.log")).read())
top = []
for line in open(os.path.join(p, "callgrind-select1.inclusive")):
    m = re.match(r"\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(.*)", line)
    if m and "PROGRAM TOTALS" not in line: top.append({"ir": int(m.group(1).replace(",", "")), "percent": float(m.group(2)), "function": m.group(3)[:160]})
print(json.dumps({"instructions": int(ir.group(1)) if ir else None, "top_inclusive": top[:20]}))
PY
)"
# Where the time of `agora-blogs routes` goes.
LD_DEBUG=statistics "$BIN/agora-blogs" routes 2>"$P/ld_statistics.txt" >/dev/null || true
/usr/bin/time -v "$BIN/agora-blogs" routes 2>"$P/time_v.txt" >/dev/null || true
strace -c -f -o "$P/strace-routes.txt" "$BIN/agora-blogs" routes >/dev/null 2>&1 || true
valgrind --tool=callgrind --callgrind-out-file="$P/callgrind-routes.out" "$BIN/agora-blogs" routes >/dev/null 2>"$P/callgrind-routes.log" || true
callgrind_annotate --inclusive=no "$P/callgrind-routes.out" 2>/dev/null | head -40 >"$P/callgrind-routes.self" || true
ldd "$BIN/agora-blogs" >"$P/ldd.txt" 2>&1 || true
put startup.routes "$(python3 - "$P" "$BIN/agora-blogs" <<'PY'
import json, os, re, sys
p, binary = sys.argv[1:3]
text = open(os.path.join(p, "ld_statistics.txt")).read()
def find(pattern, cast=str):
    m = re.search(pattern, text)
    return cast(m.group(1).replace(",", "")) if m else None
tv = open(os.path.join(p, "time_v.txt")).read()
def tv_value(label):
    m = re.search(re.escape(label) + r":\s*(.+)", tv)
    return m.group(1).strip() if m else None
libs = []
for line in open(os.path.join(p, "ldd.txt")):
    m = re.match(r"\s*(\S+)\s+=>\s+(\S+)", line)
    if m and os.path.exists(m.group(2)):
        libs.append({"name": m.group(1), "bytes": os.path.getsize(os.path.realpath(m.group(2)))})
log = open(os.path.join(p, "callgrind-routes.log")).read()
ir = re.search(r"Collected : (\d+)", log)
syscalls = {}
for line in open(os.path.join(p, "strace-routes.txt")):
    parts = line.split()
    if len(parts) >= 5 and parts[0][0].isdigit() and parts[-1] != "total": syscalls[parts[-1]] = int(parts[3])
top = []
for line in open(os.path.join(p, "callgrind-routes.self")):
    m = re.match(r"\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(.*)", line)
    if m: top.append({"ir": int(m.group(1).replace(",", "")), "percent": float(m.group(2)), "function": m.group(3)[:160]})
print(json.dumps({
    "loader_total_cycles": find(r"total startup time in dynamic loader:\s*([\d,]+)"),
    "relocations": find(r"number of relocations:\s*(\d+)", int),
    "relocations_from_cache": find(r"number of relocations from cache:\s*(\d+)", int),
    "relative_relocations": find(r"number of relative relocations:\s*(\d+)", int),
    "objects_loaded": find(r"final number of loaded objects:\s*(\d+)", int),
    "minor_page_faults": tv_value("Minor (reclaiming a frame) page faults"),
    "major_page_faults": tv_value("Major (requiring I/O) page faults"),
    "max_rss_kb": tv_value("Maximum resident set size (kbytes)"),
    "binary_bytes": os.path.getsize(binary), "libraries": libs,
    "libraries_bytes": sum(l["bytes"] for l in libs),
    "instructions": int(ir.group(1)) if ir else None, "top_functions_self": top[:15],
    "syscalls": dict(sorted(syscalls.items(), key=lambda kv: -kv[1])),
}))
PY
)"

# --- callgrind: user-space instructions per request, the worker alone under valgrind ---
# (Ir of a run of N requests - Ir of a run of one request) / (N - 1): start, connection, the first
# request's statement preparation and exit cancel out.
callgrind_worker() {  # NAME COMMAND...: starts COMMAND under callgrind as VG_PID
    local name=$1
    shift
    valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$P/cg-$name.%p.out" "$@" 2>"$P/cg-$name.log" &
    VG_PID=$!
}
callgrind_stop() {
    # The forked C worker first (its parent waits for it), then the process valgrind started.
    pkill -TERM -P "$VG_PID" 2>/dev/null || true
    kill -TERM "$VG_PID" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$VG_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$VG_PID" 2>/dev/null || true
    wait "$VG_PID" 2>/dev/null || true
    VG_PID=""
}
# The Ir of the busiest profile a run wrote (a C run writes its parent's and its worker's).
callgrind_ir() { python3 - "$P" "$1" <<'PY'
import glob, re, sys
best = (0, "")
for path in glob.glob("%s/cg-%s.*.out" % (sys.argv[1], sys.argv[2])):
    for line in open(path):
        if line.startswith("summary:") or line.startswith("totals:"):
            best = max(best, (int(line.split()[1]), path))
            break
print(best[0], best[1])
PY
}
wait_socket() { for _ in $(seq 600); do [[ -S "$1" ]] && return 0; sleep 0.1; done; say "no socket $1"; return 1; }

socket="$TMP/run/sockets/blogs.sock"
env_worker=(env -u MIGRATION_DATABASE_URL -u PG_ADMIN_URL CLIENT_BODY_DIR="$TMP/run/client_body")
runner_stop "$TMP/run"
for n in 0 "$CALLGRIND_N"; do
    rm -f "$socket"
    callgrind_worker "blog$n" "${env_worker[@]}" "$BIN/agora-blogs" --listen "$socket"
    wait_socket "$socket"
    chmod 666 "$socket"
    if ((n > 0)); then answered=$(load "$P/blog_cg.lua"); else answered=1; curl -s -o /dev/null "$BASE/api/blogs/1/"; fi
    callgrind_stop
    printf '%s %s\n' "$answered" "$(callgrind_ir "blog$n")" >>"$P/cg-blog.runs"
done
# The C responder: its own socket, one worker.
c_socket="$TMP/run/bench/c.sock"
kill "$C_WORKER" 2>/dev/null || true
kill "$C_PID" 2>/dev/null || true
wait "$C_PID" 2>/dev/null || true
C_PID=""
for n in 0 "$CALLGRIND_N"; do
    rm -f "$c_socket"
    callgrind_worker "c$n" "$TMP/c_responder" "$c_socket" 1
    wait_socket "$c_socket"
    if ((n > 0)); then answered=$(load "$P/c_cg.lua"); else answered=1; curl -s -o /dev/null "$BASE/bench/c?id=1"; fi
    callgrind_stop
    printf '%s %s\n' "$answered" "$(callgrind_ir "c$n")" >>"$P/cg-c.runs"
done
for target in blog c; do
    read -r n0 ir0 _ <"$P/cg-$target.runs"
    read -r n1 ir1 file1 < <(tail -1 "$P/cg-$target.runs")
    # Every function's Ir in both runs: their difference over N - 1 is its cost per request.
    file0=$(sed -n 1p "$P/cg-$target.runs" | awk '{print $3}')
    for run in 0 1; do
        f=$([[ $run == 0 ]] && echo "$file0" || echo "$file1")
        callgrind_annotate --inclusive=no --threshold=100 "$f" >"$P/cg-$target.$run.self" 2>/dev/null || true
        callgrind_annotate --inclusive=yes --threshold=100 "$f" >"$P/cg-$target.$run.inclusive" 2>/dev/null || true
    done
    put "callgrind.$target" "$(python3 - "$P/cg-$target" "$n1" "$ir0" "$ir1" "$n0" <<'PY'
import json, re, sys
prefix, n, ir0, ir1, n0 = sys.argv[1], int(sys.argv[2] or 0), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
def costs(path):
    out = {}
    for line in open(path):
        m = re.match(r"\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(.*)", line)
        # Only the functions' own lines: "=> callee (Nx)" lines are call edges, keyed by a count.
        if m and "PROGRAM TOTALS" not in line and not m.group(3).lstrip().startswith(("=>", "*", "<")) \
                and "events annotated" not in line:
            name = re.sub(r"\s+", " ", m.group(3)).strip()
            out[name] = out.get(name, 0) + int(m.group(1).replace(",", ""))
    return out
def per_request(kind, count):
    before, after = costs("%s.0.%s" % (prefix, kind)), costs("%s.1.%s" % (prefix, kind))
    rows = [(after[k] - before.get(k, 0), k) for k in after]
    rows.sort(reverse=True)
    return [{"ir_per_request": round(d / (n - n0)), "function": k[:220]} for d, k in rows[:count] if d > 0]
per = round((ir1 - ir0) / (n - n0)) if n > n0 else None
print(json.dumps({"requests": n, "ir_one_request_run": ir0, "ir_total": ir1, "instructions_per_request": per,
                  "top_self": per_request("self", 60), "top_inclusive": per_request("inclusive", 150)}))
PY
)"
    say "callgrind $target: $(python3 -c "import json;print(json.load(open('$RESULTS'))['callgrind']['$target']['instructions_per_request'])") instructions per request"
done

put meta "$(python3 -c "
import json, datetime, os
print(json.dumps({'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'), 'cores': os.cpu_count(),
                  'n': $N, 'callgrind_n': $CALLGRIND_N, 'mixed_n': $MIXED_N, 'blogs': $BLOGS, 'postgres': '$BENCH_PG_MODE',
                  'load': open('/proc/loadavg').read().split()[0]}))")"
python3 "$REPO/bench/profile_report.py" --portable "$RESULTS" "$OUT/profile.json"
# PROFILE_KEEP=DIR keeps the raw material (callgrind outputs, perf data, strace logs) for a closer look.
[[ -n "${PROFILE_KEEP:-}" ]] && { mkdir -p "$PROFILE_KEEP"; cp -a "$P/." "$PROFILE_KEEP/"; }
python3 "$REPO/bench/profile_report.py" "$OUT/profile.json" >"$OUT/profile.md"
cat "$OUT/profile.md"
