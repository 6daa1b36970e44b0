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
write_login_lua "$TMP/login.lua"
# The login throttle only counts failures, and every login here succeeds.
login=$(wrk -t2 -c4 -d10s --latency -s "$TMP/login.lua" "$BASE/api/auth/login/" | wrk_summary)
user=$(wrk -t2 -c64 -d10s --latency -H "Authorization: Bearer $token" "$BASE/api/auth/user/" | wrk_summary)
hash_ms=$(argon2_bench single)
ceiling=$(python3 -c "print('%.1f' % ($(nproc) / ($hash_ms / 1000)))")
printf '| scenario | req/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|\n'
read -r rps p50 p99 err <<<"$login"
printf '| POST /api/auth/login/ (4 conns) | %s | %s | %s | %s |\n' "$rps" "$p50" "$p99" "$err"
read -r rps p50 p99 err <<<"$user"
printf '| GET /api/auth/user/ (64 conns) | %s | %s | %s | %s |\n' "$rps" "$p50" "$p99" "$err"
printf '\nOne Argon2id hash (m=19 MiB, t=2, p=1), median of 15: %s ms; hashing ceiling = %s cores / hash = %s logins/s\n' \
    "$hash_ms" "$(nproc)" "$ceiling"
