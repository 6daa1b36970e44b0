# shellcheck shell=bash
# A throwaway PostgreSQL 15 cluster for the local stack and the tests.
#
# Source it, then:
#   pg_install_if_missing; pg_ensure_user
#   port=$(free_port); pg_start "$dir" "$port"; export DATABASE_URL=$(pg_url "$dir" "$port")
#   ...; pg_stop "$dir"
#
# Least privilege, as in production: the `agora` database belongs to the owner role
# (`agora_owner`, which runs the migrations: `pg_owner_url`); the functions connect as the
# application role (`agora_app`: rows only, no schema changes, not a superuser: `pg_url`). Both
# log in with a password (SCRAM), kept in DATA_DIR (db-owner.password, db-app.password, 0600,
# beside the JWT secret); the `postgres` superuser gets in only by peer authentication on the
# unix socket in the cluster's run folder (`pg_admin_psql`). The cluster listens only on
# 127.0.0.1 and that socket. Safe under `set -euo pipefail`. Quiet unless something needs saying.
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
        if ! (cd / && runuser -u postgres -- "$PG_BIN/initdb" -D "$pgdata" --auth-local=peer --auth-host=scram-sha-256 --username=postgres \
            -E UTF8 "${locale_args[@]}") >"$log/initdb.log" 2>&1; then
            _pg_say "initdb failed:"; tail -n 20 "$log/initdb.log" >&2
            return 1
        fi
        printf "\ninclude_if_exists = 'agora.conf'\n" >>"$pgdata/postgresql.conf"
    fi

    _pg_write_hba "$pgdata"
    if _pg_running "$pgdata"; then
        local running_port
        running_port=$(sed -n 4p "$pgdata/postmaster.pid" 2>/dev/null || true)
        if [[ "$running_port" == "$port" ]]; then
            _pg_ctl -D "$pgdata" reload >/dev/null
            _pg_create_database "$data_dir" "$port"
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
            # Commits stay synchronous (cheap without fsync): the tests see what a commit waits for.
            printf "fsync = off\nfull_page_writes = off\n"
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
    _pg_create_database "$data_dir" "$port"
}

# Who may connect how: the superuser by peer on the unix socket only (the system users postgres
# and root, which runs these scripts), every role by password (SCRAM) on loopback. Nothing is
# trusted.
_pg_write_hba() {
    local pgdata=$1
    cat >"$pgdata/pg_hba.conf" <<'HBA'
# Written by deploy/lib/postgres.sh on every start.
local   all   postgres                  peer map=agora_admins
local   all   all                       scram-sha-256
host    all   all        127.0.0.1/32   scram-sha-256
host    all   all        ::1/128        scram-sha-256
HBA
    cat >"$pgdata/pg_ident.conf" <<'IDENT'
# Written by deploy/lib/postgres.sh: who may be the superuser over the unix socket.
agora_admins   postgres   postgres
agora_admins   root       postgres
IDENT
    chown postgres:postgres "$pgdata/pg_hba.conf" "$pgdata/pg_ident.conf"
    chmod 600 "$pgdata/pg_hba.conf" "$pgdata/pg_ident.conf"
}

# The superuser's URL for the cluster of DATA_DIR: over its unix socket, by peer authentication
# (for root and postgres only), in database DB (default: agora). Setup and benchmarks' seeding.
pg_admin_url() {
    local data_dir=${1:?usage: pg_admin_url DATA_DIR [DB]} root port
    data_dir=$(cd "$data_dir" && pwd -P)
    root=$(_pg_root "$data_dir")
    port=$(sed -n 4p "$root/pgdata/postmaster.pid")
    printf 'postgresql://postgres@%s:%d/%s\n' "$(printf '%s' "$root/run" | sed 's#/#%2F#g')" "$port" "${2:-$PG_DATABASE}"
}

# psql as the superuser (pg_admin_url) in the agora database: pg_admin_psql DATA_DIR [-d DB] ARGS...
pg_admin_psql() {
    local data_dir=${1:?usage: pg_admin_psql DATA_DIR [-d DB] ARGS...} db=$PG_DATABASE
    shift
    if [[ "${1:-}" == -d ]]; then db=$2; shift 2; fi
    "$PG_BIN/psql" "$(pg_admin_url "$data_dir" "$db")" -XqAt -v ON_ERROR_STOP=1 "$@"
}

# The password of ROLE (owner or app) for DATA_DIR, made on first use (0600, beside the JWT secret).
_pg_password() {
    local data_dir=$1 role=$2 file
    file="$data_dir/db-$role.password"
    if [[ ! -s "$file" ]]; then
        (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$file")
    fi
    cat "$file"
}

# Creates database DB (default: agora) if missing, then the roles and their privileges
# (idempotent; also moves a database made before the roles existed to the owner role).
_pg_create_database() {
    local data_dir=$1 port=$2 db=${3:-$PG_DATABASE} exists
    exists=$(pg_admin_psql "$data_dir" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")
    if [[ "$exists" != 1 ]]; then
        pg_admin_psql "$data_dir" -d postgres -c "CREATE DATABASE \"$db\""
    fi
    pg_setup_roles "$data_dir" "$db"
}

# The owner and application roles of database DB, with their passwords from DATA_DIR.
pg_setup_roles() {
    local data_dir=${1:?usage: pg_setup_roles DATA_DIR [DB]} db=${2:-$PG_DATABASE}
    data_dir=$(cd "$data_dir" && pwd -P)
    _pg_password "$data_dir" owner >/dev/null
    _pg_password "$data_dir" app >/dev/null
    # The passwords go from their files into psql variables inside psql (on stdin), never on a
    # command line, where any local user could read them in /proc.
    { printf '\\set owner `cat %s`\n\\set app `cat %s`\n' "$data_dir/db-owner.password" "$data_dir/db-app.password"
      cat <<'SQL'
SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'agora_owner') AS make_owner,
       NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'agora_app') AS make_app \gset
\if :make_owner
CREATE ROLE agora_owner;
\endif
\if :make_app
CREATE ROLE agora_app;
\endif
ALTER ROLE agora_owner WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'owner';
ALTER ROLE agora_app WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'app';
ALTER DATABASE :"db" OWNER TO agora_owner;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO agora_app;
-- A database migrated before the roles existed: its objects move to the owner.
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
               AND pg_get_userbyid(c.relowner) <> 'agora_owner' LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO agora_owner', r.name);
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> 'agora_owner' LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO agora_owner', r.name);
    END LOOP;
END $$;
GRANT USAGE ON SCHEMA public TO agora_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO agora_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO agora_app;
ALTER DEFAULT PRIVILEGES FOR ROLE agora_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO agora_app;
ALTER DEFAULT PRIVILEGES FOR ROLE agora_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO agora_app;
SQL
    } | pg_admin_psql "$data_dir" -d "$db" -v db="$db" >/dev/null
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

# Prints the DATABASE_URL of the cluster started by `pg_start DATA_DIR PORT`: the application
# role, which the functions use (DB: another database of the cluster, default agora).
pg_url() {
    local data_dir=${1:?usage: pg_url DATA_DIR PORT [DB]} port=${2:?usage: pg_url DATA_DIR PORT [DB]}
    printf 'postgresql://agora_app:%s@127.0.0.1:%d/%s\n' "$(_pg_password "$data_dir" app)" "$port" "${3:-$PG_DATABASE}"
}

# The same for the owner role, which runs the migrations.
pg_owner_url() {
    local data_dir=${1:?usage: pg_owner_url DATA_DIR PORT [DB]} port=${2:?usage: pg_owner_url DATA_DIR PORT [DB]}
    printf 'postgresql://agora_owner:%s@127.0.0.1:%d/%s\n' "$(_pg_password "$data_dir" owner)" "$port" "${3:-$PG_DATABASE}"
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
