#!/usr/bin/env bash
# The whole test suite: builds, checks the OpenAPI document against the functions' routes, starts a
# throwaway stack (its own PostgreSQL cluster in a temporary folder, the runner, nginx on a free
# port), runs `swift test`, the end-to-end suite over HTTP and schemathesis against the live stack,
# stops everything it started, and exits non-zero on any failure. Extra arguments go to pytest;
# AGORA_FUZZ=0 skips schemathesis, AGORA_FUZZ_EXAMPLES sets its examples per operation.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

install_if_missing
install_if_missing "${AGORA_REDIS_PACKAGES[@]}"
install_if_missing "${AGORA_TEST_APT_PACKAGES[@]}" || say "warning: could not install ${AGORA_TEST_APT_PACKAGES[*]}"
python_test_tools

bin=$(build debug)

# Every route the functions declare has its operation and every operation its route; the
# document is valid OpenAPI.
say "== OpenAPI document"
python3 "$REPO/Tests/openapi_check.py" "$REPO/functions.json" --bin-dir "$bin"

TMP=$(mktemp -d /tmp/agora-test.XXXXXX)
chmod 755 "$TMP"
RUN="$TMP/run"
cleanup() {
    local status=$?
    nginx_stop "$RUN" || true
    runner_stop "$RUN" || true
    pg_stop "$TMP/data" || true
    if ((status != 0)); then
        say "--- runner log (tail) ---"; tail -n 40 "$RUN/runner.log" 2>/dev/null >&2 || true
    fi
    rm -rf "$TMP"
    exit "$status"
}
trap cleanup EXIT INT TERM

# The shipped functions plus the test-only ones.
export AGORA_FUNCTIONS="$TMP/functions.json"
python3 - "$REPO/functions.json" "$REPO/functions.test.json" "$AGORA_FUNCTIONS" <<'PY'
import json, sys
manifest = json.load(open(sys.argv[1]))
manifest["functions"].update(json.load(open(sys.argv[2]))["functions"])
manifest["http"]["cors_origins"] = ["https://app.example.com"]
json.dump(manifest, open(sys.argv[3], "w"), indent=2)
PY

pg_port=$(free_port)
PG_FAST=1 pg_start "$TMP/data" "$pg_port"
# The functions and their tests connect as the application role; migrations and the tests of
# the database layer itself (schemas, tables) as the owner role.
export DATABASE_URL MIGRATION_DATABASE_URL
DATABASE_URL=$(pg_url "$TMP/data" "$pg_port")
MIGRATION_DATABASE_URL=$(pg_owner_url "$TMP/data" "$pg_port")
export JWT_SECRET
JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n=')
export PUBLIC_BASE_URL="http://testserver.local" MEDIA_ROOT="$TMP/media" LOG_LEVEL=info
mkdir -p "$MEDIA_ROOT"
"$bin/agora" migrate --dir "$REPO/db/migrations"

say "== swift test"
(cd "$REPO" && AGORA_TEST_DATABASE_URL="$DATABASE_URL" AGORA_TEST_OWNER_DATABASE_URL="$MIGRATION_DATABASE_URL" \
    AGORA_BIN_DIR="$bin" swift test 2>&1) | tee "$TMP/swift-test.log"
swift_passed=$(sed -n 's/.*Test run with \([0-9]*\) tests.* passed.*/\1/p' "$TMP/swift-test.log" | tail -1)

say "== end-to-end over HTTP"
http_port=$(free_port)
runner_start "$bin" "$RUN"
nginx_start "$bin" "$RUN" "127.0.0.1:$http_port" "$REPO/deploy/docs"
wait_for "http://127.0.0.1:$http_port/api/health/"
AGORA_BASE_URL="http://127.0.0.1:$http_port" AGORA_RUN_DIR="$RUN" AGORA_BIN_DIR="$bin" \
    AGORA_PG_DATA="$TMP/data" AGORA_PG_PORT="$pg_port" \
    python3 -m pytest -q -p no:cacheprovider "$REPO/Tests/e2e" "$@" | tee "$TMP/pytest.log"
e2e_passed=$(sed -n 's/^\([0-9]*\) passed.*/\1/p' "$TMP/pytest.log" | tail -1)

if [[ "${AGORA_FUZZ:-1}" != 0 ]]; then
    say "== schemathesis against the live stack"
    sleep 2  # the e2e suite ends by draining the per-client rate limit; let it refill
    AGORA_BIN_DIR="$bin" "$REPO/Tests/schemathesis.sh" "http://127.0.0.1:$http_port"
fi

# One plain closing line for whoever reads only the end of the log.
printf 'agora: %d passed, 0 failed\n' "$(( ${swift_passed:-0} + ${e2e_passed:-0} ))"
