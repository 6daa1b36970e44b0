# shellcheck shell=bash
# A throwaway PostgreSQL 15 cluster for the local stack and the tests.
#
# Source it, then:
#   pg_install_if_missing; pg_ensure_user
#   port=$(free_port); pg_start "$dir" "$port"; export DATABASE_URL=$(pg_url "$dir" "$port")
#   ...; pg_stop "$dir"
#
# The cluster trusts every local connection and listens only on 127.0.0.1 and a unix socket in
# DATA_DIR/run: it is for development and tests, never for production. Safe under
# `set -euo pipefail`. Quiet unless something needs saying (on stderr).
#
# Variables: PG_BIN (server binaries, default /usr/lib/postgresql/15/bin), PG_FAST=1 (fsync off:
# faster, and a crash may lose the cluster), PG_MAX_CONNECTIONS (default 200).

[[ -n "${_AGORA_LIB_POSTGRES:-}" ]] && return 0
_AGORA_LIB_POSTGRES=1

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DATABASE="${PG_DATABASE:-agora}"

_pg_say() { printf 'postgres.sh: %s\n' "$*" >&2; }

_pg_have_libpq() {
    [[ -f /usr/include/postgresql/libpq-fe.h ]] || pkg-config --exists libpq 2>/dev/null
}

# Installs the server and the client headers from apt when either is missing.
pg_install_if_missing() {
    if [[ -x "$PG_BIN/postgres" && -x "$PG_BIN/initdb" ]] && _pg_have_libpq; then
        return 0
    fi
    if [[ "$(id -u)" != 0 ]]; then
        _pg_say "PostgreSQL 15 or libpq-dev is missing; run as root or install postgresql-15 libpq-dev"
        return 1
    fi
    # Debian's package would otherwise create and start a system-wide cluster we do not use.
    if [[ ! -e /etc/postgresql-common/createcluster.conf ]]; then
        mkdir -p /etc/postgresql-common
        printf 'create_main_cluster = false\n' >/etc/postgresql-common/createcluster.conf
    fi
    _pg_say "installing postgresql-15 and libpq-dev"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 libpq-dev >/dev/null
}

# Creates the `postgres` system user the server runs as (it refuses to run as root).
pg_ensure_user() {
    if ! id -u postgres >/dev/null 2>&1; then
        useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql \
            --shell /usr/sbin/nologin postgres
    fi
}

# Prints where the cluster of DATA_DIR lives: DATA_DIR itself when the postgres user can reach
# it, else a folder under /var/tmp (a checkout under /root, for instance, is closed to it).
# The choice is recorded in DATA_DIR/pg-location so that pg_stop finds the same cluster.
_pg_root() {
    local data_dir=$1
    if [[ -f "$data_dir/pg-location" ]]; then
        cat "$data_dir/pg-location"
        return 0
    fi
    if runuser -u postgres -- test -x "$data_dir" 2>/dev/null \
        && runuser -u postgres -- test -r "$data_dir" 2>/dev/null; then
        printf '%s\n' "$data_dir"
    else
        printf '/var/tmp/agora-postgres/%s\n' "$(printf '%s' "$data_dir" | cksum | cut -d' ' -f1)"
    fi
}

# From /, which the postgres user can always enter (the caller's folder may be closed to it).
_pg_ctl() { (cd / && runuser -u postgres -- "$PG_BIN/pg_ctl" "$@"); }

_pg_running() {
    local pgdata=$1
    [[ -f "$pgdata/PG_VERSION" ]] && _pg_ctl -D "$pgdata" status >/dev/null 2>&1
}

# Initialises (first time), configures and starts a cluster for DATA_DIR listening on PORT,
# then creates the `agora` database. Idempotent: a running cluster on another port is restarted.
pg_start() {
    local data_dir=${1:?usage: pg_start DATA_DIR PORT} port=${2:?usage: pg_start DATA_DIR PORT}
    mkdir -p "$data_dir"
    data_dir=$(cd "$data_dir" && pwd -P)

    local root
    root=$(_pg_root "$data_dir")
    if [[ "$root" != "$data_dir" && ! -f "$data_dir/pg-location" ]]; then
        _pg_say "the postgres user cannot reach $data_dir; the cluster lives in $root"
    fi
    mkdir -p "$root"
    printf '%s\n' "$root" >"$data_dir/pg-location"

    local pgdata="$root/pgdata" run="$root/run" log="$root/log"
    mkdir -p "$pgdata" "$run" "$log"
    # DATA_DIR itself stays the caller's: postgres only needs to traverse it.
    chown postgres:postgres "$pgdata" "$run" "$log"
    chmod 700 "$pgdata"

    if [[ ! -f "$pgdata/PG_VERSION" ]]; then
        local locale_args=(--no-locale)
        if locale -a 2>/dev/null | grep -qix 'c.utf-\?8'; then locale_args=(--locale=C.UTF-8); fi
        if ! (cd / && runuser -u postgres -- "$PG_BIN/initdb" -D "$pgdata" --auth=trust --username=postgres \
            -E UTF8 "${locale_args[@]}") >"$log/initdb.log" 2>&1; then
            _pg_say "initdb failed:"; tail -n 20 "$log/initdb.log" >&2
            return 1
        fi
        printf "\ninclude_if_exists = 'agora.conf'\n" >>"$pgdata/postgresql.conf"
    fi

    if _pg_running "$pgdata"; then
        local running_port
        running_port=$(sed -n 4p "$pgdata/postmaster.pid" 2>/dev/null || true)
        if [[ "$running_port" == "$port" ]]; then
            _pg_create_database "$port"
            return 0
        fi
        _pg_ctl -D "$pgdata" -m fast -w stop >/dev/null
    fi

    {
        printf "listen_addresses = '127.0.0.1'\n"
        printf "port = %d\n" "$port"
        printf "unix_socket_directories = '%s'\n" "$run"
        printf "max_connections = %d\n" "${PG_MAX_CONNECTIONS:-200}"
        printf "timezone = 'UTC'\n"
        printf "log_min_messages = warning\n"
        if [[ "${PG_FAST:-0}" == 1 ]]; then
            printf "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
        fi
    } >"$pgdata/agora.conf"
    chown postgres:postgres "$pgdata/agora.conf"

    if ! _pg_ctl -D "$pgdata" -l "$log/postgres.log" -w -t 60 start >/dev/null 2>&1; then
        _pg_say "the server did not start:"; tail -n 20 "$log/postgres.log" >&2
        return 1
    fi
    local tries=0
    until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; do
        tries=$((tries + 1))
        if ((tries > 100)); then _pg_say "the server is not ready on port $port"; return 1; fi
        sleep 0.1
    done
    _pg_create_database "$port"
}

_pg_create_database() {
    local port=$1 exists
    exists=$("$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -XtAq \
        -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")
    if [[ "$exists" != 1 ]]; then
        "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$PG_DATABASE"
    fi
}

# Stops the cluster of DATA_DIR (fast mode: open sessions are disconnected), if it runs.
pg_stop() {
    local data_dir=${1:?usage: pg_stop DATA_DIR}
    [[ -d "$data_dir" ]] || return 0
    data_dir=$(cd "$data_dir" && pwd -P)
    local root
    root=$(_pg_root "$data_dir")
    if _pg_running "$root/pgdata"; then
        _pg_ctl -D "$root/pgdata" -m fast -w -t 60 stop >/dev/null
    fi
}

# Prints the DATABASE_URL of the cluster started by `pg_start DATA_DIR PORT`.
pg_url() {
    local port=${2:?usage: pg_url DATA_DIR PORT}
    printf 'postgresql://postgres@127.0.0.1:%d/%s\n' "$port" "$PG_DATABASE"
}

# Prints a TCP port that is free on 127.0.0.1 right now.
free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            printf '%d\n' "$port"
            return
        fi
    done
}
