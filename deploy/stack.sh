#!/usr/bin/env bash
# The local stack: PostgreSQL in ./data, migrations, the runner and nginx on 127.0.0.1:8080.
#   deploy/stack.sh up [--debug]   install what is missing, build, start (again: reuses the data)
#   deploy/stack.sh down           stop what `up` started
#   deploy/stack.sh status         the runner's per-function status
#   deploy/stack.sh agora ARGS...  the `agora` tool with the stack's environment (DATABASE_URL, ...)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

DATA="$REPO/data"
LISTEN="${AGORA_LISTEN:-127.0.0.1:8080}"
PG_PORT="${AGORA_PG_PORT:-54329}"
STARTED=$SECONDS

run_dir() { reachable_dir "$DATA/run"; }

# One line on stderr before each phase of `up`, with the time since the command started.
phase() { printf '[%d:%02d] %s\n' $(((SECONDS - STARTED) / 60)) $(((SECONDS - STARTED) % 60)) "$*" >&2; }

# The environment of the stack's processes and of `deploy/stack.sh agora`.
stack_env() {
    # The functions connect as the application role; migrations run as the owner role.
    export DATABASE_URL MIGRATION_DATABASE_URL
    DATABASE_URL=$(pg_url "$DATA" "$PG_PORT")
    MIGRATION_DATABASE_URL=$(pg_owner_url "$DATA" "$PG_PORT")
    if [[ -s "$DATA/jwt_secret" ]]; then
        export JWT_SECRET
        JWT_SECRET=$(cat "$DATA/jwt_secret")
    fi
    # nginx's workers serve /media/videos/ from it: a folder they can reach.
    export PUBLIC_BASE_URL="http://$LISTEN" MEDIA_ROOT LOG_LEVEL="${LOG_LEVEL:-info}"
    MEDIA_ROOT=$(reachable_dir "$DATA/media")
}

up() {
    local config=release
    [[ "${1:-}" == "--debug" ]] && config=debug
    phase "checking the Debian packages (installing any that are missing)"
    install_if_missing
    mkdir -p "$DATA"
    chmod 755 "$DATA"
    local bin run
    phase "building ($config): the first build takes several minutes, later ones seconds"
    bin=$(build "$config")
    # `deploy/stack.sh agora` runs the tool of the build the stack runs.
    printf '%s\n' "$bin" >"$DATA/bin-dir"
    phase "starting PostgreSQL on 127.0.0.1:$PG_PORT (cluster in $DATA)"
    pg_start "$DATA" "$PG_PORT"
    # The JWT secret is generated once and kept with the data (development mode only).
    if [[ ! -s "$DATA/jwt_secret" ]]; then
        (umask 077; head -c 48 /dev/urandom | base64 | tr -d '\n=' >"$DATA/jwt_secret")
    fi
    run=$(run_dir)
    mkdir -p "$DATA/media"
    stack_env
    phase "migrating the database"
    "$bin/agora" migrate --dir "$REPO/db/migrations"
    runner_stop "$run"
    nginx_stop "$run"
    phase "starting the runner (one pool of FastCGI workers per function)"
    runner_start "$bin" "$run"
    phase "building the API documentation and starting nginx on $LISTEN"
    nginx_start "$bin" "$run" "$LISTEN" "$REPO/deploy/docs"
    wait_for "http://$LISTEN/api/health/"
    local took=$((SECONDS - STARTED))
    cat <<TXT
Agora is up (took $((took / 60))m$((took % 60))s).
  API:      http://$LISTEN/api/
  health:   http://$LISTEN/api/health/
  OpenAPI:  http://$LISTEN/api/openapi.json
  docs:     http://$LISTEN/api/docs/
  database: $(printf '%s' "$DATABASE_URL" | sed 's#//\([^:/]*\):[^@]*@#//\1@#') (password in $DATA/db-app.password)
  logs:     $run/runner.log, $run/nginx-error.log
  the tool: deploy/stack.sh agora --help
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

# The folder of the `agora` binary: the one `up` last built, else a release build of the tool.
agora_bin() {
    local bin
    bin=$(cat "$DATA/bin-dir" 2>/dev/null || true)
    if [[ -z "$bin" || ! -x "$bin/agora" ]]; then
        say "building the agora tool (release) first"
        bin=$(build release agora)
    fi
    printf '%s\n' "$bin"
}

# Whether the argument list ARGS... holds OPTION (as `--opt value` or `--opt=value`).
has_option() {
    local option=$1 arg
    shift
    for arg in "$@"; do [[ "$arg" == "$option" || "$arg" == "$option="* ]] && return 0; done
    return 1
}

# `agora ARGS...` with the stack's environment, from the caller's folder; the stack's files
# where the tool would look relative to it.
agora() {
    local bin args=("$@")
    bin=$(agora_bin)
    stack_env
    case "${1:-}" in
        migrate | users | outbox)
            if ! [[ -x "$PG_BIN/pg_isready" ]] || ! "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
                say "agora: the local database (127.0.0.1:$PG_PORT) is not running; start it with: deploy/stack.sh up"
                exit 1
            fi
            ;;
    esac
    case "${1:-}" in
        migrate) has_option --dir "$@" || args+=(--dir "$REPO/db/migrations") ;;
        status) has_option --socket-dir "$@" || args+=(--socket-dir "$(run_dir)/sockets") ;;
        event | nginx-config | run) has_option --functions "$@" || args+=(--functions "$AGORA_FUNCTIONS") ;;
    esac
    exec "$bin/agora" "${args[@]}"
}

case "${1:-}" in
    up) up "${2:-}" ;;
    down) down ;;
    status) agora status ;;
    agora) shift; agora "$@" ;;
    *) say "usage: deploy/stack.sh up [--debug] | down | status | agora ARGS..."; exit 64 ;;
esac
