#!/usr/bin/env bash
# Fuzzes a live stack with schemathesis against the OpenAPI document it serves: every response
# must be documented (status, content type, schema), no 5xx, data the document calls invalid
# must be refused and data it calls valid accepted (the exceptions no schema can express are in
# Tests/schemathesis.toml). deploy/test.sh runs it on the test stack; by hand, against `deploy/stack.sh up`:
#   DATABASE_URL=... Tests/schemathesis.sh http://127.0.0.1:8080 [schemathesis run options...]
#
# The caller is a fresh admin (made with `agora users create-admin`, as admins always are) so that
# every write path is reachable rather than mostly refused with 403; the 403 paths are covered by
# Tests/e2e. Its password is random and its refresh token is never shown to the fuzzer, so the
# operations that could end the run's own session (DELETE /api/auth/user/, a password change by
# PUT /api/auth/user/, logout) are fuzzed too: for this caller they can only be refused. Their
# success paths are reached with other accounts (the fuzzer reuses tokens from its own
# registrations) and covered by Tests/e2e/test_auth.py.
#
# Env: DATABASE_URL (needed), AGORA_BIN_DIR (the `agora` tool; default: the debug build),
# AGORA_FUZZ_EXAMPLES (examples per operation and phase, default 50).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
base=${1:?usage: Tests/schemathesis.sh BASE_URL [schemathesis run options...]}
shift
bin=${AGORA_BIN_DIR:-$(cd "$REPO" && swift build -c debug --show-bin-path)}
: "${DATABASE_URL:?DATABASE_URL is needed to create the fuzzing admin}"

name="fuzz_$(date +%s)_$$"
password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
printf '%s\n' "$password" | "$bin/agora" users create-admin --username "$name" --email "$name@fuzz.example.com" >/dev/null
token=$(printf '{"username": "%s", "password": "%s"}' "$name" "$password" |
    curl -sSf -X POST -H 'Content-Type: application/json' --data-binary @- "$base/api/auth/login/" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access"])')

# Anything schemathesis or Hypothesis writes goes to a throwaway folder.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# The fuzzer is one client, so nginx's per-client limit (200/s, burst 400 in functions.json) applies
# to it: it keeps under the limit, as a well-behaved client does, else refusals that come before the
# function (429) would stand where the function's own 401s and 403s are checked.
# Every check schemathesis has (its default; a --checks option here would override the per-operation
# exceptions of Tests/schemathesis.toml). Health checks about the generator, not the API: too_slow,
# and filter_too_much, which registration trips at some seeds since it has a header to fuzz
# (Idempotency-Key): a case that breaks only the header needs a valid body, and the email
# pattern's look-aheads reject most drawn strings. Every example still runs.
fuzz() {
    local bearer=$1 examples=$2
    shift 2
    python3 -m schemathesis.cli --config-file "$REPO/Tests/schemathesis.toml" run "$base/api/openapi.json" \
    --url "$base" \
    --header "Authorization: Bearer $bearer" \
    --phases examples,coverage,fuzzing \
    --max-examples "$examples" \
    --request-timeout 15 \
    --rate-limit "${AGORA_FUZZ_RATE:-150/s}" \
    --warnings off \
    --suppress-health-check too_slow,filter_too_much \
    --no-color \
    "$@"
}

echo "== as an admin"
fuzz "$token" "${AGORA_FUZZ_EXAMPLES:-50}" "$@"

# A second, shorter pass as an ordinary user: the 403s of admin-only and other people's
# resources, and the per-user fields (liked, bookmarked) as a non-admin sees them.
user="fuzzuser_$(date +%s)_$$"
user_token=$(printf '{"username": "%s", "email": "%s@fuzz.example.com", "password": "%s"}' "$user" "$user" "$password" |
    curl -sSf -X POST -H 'Content-Type: application/json' --data-binary @- "$base/api/auth/register/" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access"])')
echo "== as an ordinary user"
fuzz "$user_token" "${AGORA_FUZZ_USER_EXAMPLES:-20}" "$@"
