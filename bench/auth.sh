#!/usr/bin/env bash
# Login and authenticated-request throughput through nginx (release build), with wrk:
#   POST /api/auth/login/   4 connections, 10 s (Argon2id-bound: compare with cores / one hash)
#   GET  /api/auth/user/    64 connections, 10 s (JWT signature + one session lookup)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_stack_up

curl -s -X POST "$BASE/api/auth/register/" -H 'Content-Type: application/json' \
    -d '{"username":"benchuser","email":"bench@example.com","password":"correct horse battery"}' >"$TMP/reg.json"
token=$(python3 -c "import json;print(json.load(open('$TMP/reg.json'))['access'])")
cat >"$TMP/login.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"username":"benchuser","password":"correct horse battery"}'
wrk.headers["Content-Type"] = "application/json"
LUA
# The login throttle only counts failures, and every login here succeeds.
login=$(wrk -t2 -c4 -d10s --latency -s "$TMP/login.lua" "$BASE/api/auth/login/" | wrk_summary)
user=$(wrk -t2 -c64 -d10s --latency -H "Authorization: Bearer $token" "$BASE/api/auth/user/" | wrk_summary)
hash_ms=$(python3 - <<'PY'
import ctypes, time, os
lib = ctypes.CDLL("libargon2.so.1")
out = ctypes.create_string_buffer(32)
runs = []
for _ in range(10):
    t = time.perf_counter()
    lib.argon2id_hash_raw(2, 19456, 1, b"correct horse battery", 21, os.urandom(16), 16, out, 32)
    runs.append(time.perf_counter() - t)
runs.sort()
print("%.2f" % (runs[len(runs) // 2] * 1000))
PY
)
ceiling=$(python3 -c "print('%.1f' % ($(nproc) / ($hash_ms / 1000)))")
printf '| scenario | req/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|\n'
read -r rps p50 p99 err <<<"$login"
printf '| POST /api/auth/login/ (4 conns) | %s | %s | %s | %s |\n' "$rps" "$p50" "$p99" "$err"
read -r rps p50 p99 err <<<"$user"
printf '| GET /api/auth/user/ (64 conns) | %s | %s | %s | %s |\n' "$rps" "$p50" "$p99" "$err"
printf '\nOne Argon2id hash (m=19 MiB, t=2, p=1), median of 10: %s ms; hashing ceiling = %s cores / hash = %s logins/s\n' \
    "$hash_ms" "$(nproc)" "$ceiling"
