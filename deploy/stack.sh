#!/usr/bin/env bash
# The local stack: PostgreSQL in ./data, migrations, the runner and nginx on 127.0.0.1:8080.
#   deploy/stack.sh up [--debug]   install what is missing, build, start (again: reuses the data)
#   deploy/stack.sh down           stop what `up` started
#   deploy/stack.sh status         the runner's per-function status
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

DATA="$REPO/data"
LISTEN="${AGORA_LISTEN:-127.0.0.1:8080}"
PG_PORT="${AGORA_PG_PORT:-54329}"
config=release
[[ "${2:-}" == "--debug" ]] && config=debug

run_dir() { reachable_dir "$DATA/run"; }

up() {
    install_if_missing
    mkdir -p "$DATA"
    chmod 755 "$DATA"
    local bin run
    bin=$(build "$config")
    pg_start "$DATA" "$PG_PORT"
    # The JWT secret is generated once and kept with the data (development mode only).
    if [[ ! -s "$DATA/jwt_secret" ]]; then
        (umask 077; head -c 48 /dev/urandom | base64 | tr -d '\n=' >"$DATA/jwt_secret")
    fi
    run=$(run_dir)
    mkdir -p "$DATA/media"
    export DATABASE_URL
    DATABASE_URL=$(pg_url "$DATA" "$PG_PORT")
    export JWT_SECRET
    JWT_SECRET=$(cat "$DATA/jwt_secret")
    export PUBLIC_BASE_URL="http://$LISTEN" MEDIA_ROOT="$DATA/media" LOG_LEVEL="${LOG_LEVEL:-info}"
    "$bin/agora" migrate --dir "$REPO/db/migrations"
    runner_stop "$run"
    nginx_stop "$run"
    runner_start "$bin" "$run"
    nginx_start "$bin" "$run" "$LISTEN" "$REPO/deploy/docs"
    wait_for "http://$LISTEN/api/health/"
    cat <<TXT
Agora is up.
  API:      http://$LISTEN/api/
  health:   http://$LISTEN/api/health/
  OpenAPI:  http://$LISTEN/api/openapi.json
  docs:     http://$LISTEN/api/docs/
  database: $DATABASE_URL
  logs:     $run/runner.log, $run/nginx-error.log
Stop it with: deploy/stack.sh down
TXT
}

down() {
    local run
    run=$(run_dir)
    nginx_stop "$run"
    runner_stop "$run"
    pg_stop "$DATA"
    say "stopped"
}

status() {
    "$(cd "$REPO" && swift build -c "$config" --show-bin-path)/agora" status --socket-dir "$(run_dir)/sockets"
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    status) status ;;
    *) say "usage: deploy/stack.sh up [--debug] | down | status"; exit 64 ;;
esac
