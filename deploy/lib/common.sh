# shellcheck shell=bash
# Shared by deploy/stack.sh and deploy/test.sh: installing what is missing, building, nginx and
# the runner. Source it; quiet unless something needs saying (on stderr).

[[ -n "${_AGORA_LIB_COMMON:-}" ]] && return 0
_AGORA_LIB_COMMON=1

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=deploy/lib/postgres.sh
source "$REPO/deploy/lib/postgres.sh"

# The manifest the runner and nginx use (the tests add the test-only functions to a copy).
AGORA_FUNCTIONS="${AGORA_FUNCTIONS:-$REPO/functions.json}"

say() { printf '%s\n' "$*" >&2; }

# Debian packages the build and the stack need; installed with apt-get when missing.
AGORA_APT_PACKAGES=(libfcgi-dev libpq-dev libssl-dev libargon2-dev pkg-config postgresql-15 nginx
    libnginx-mod-nchan curl python3 python3-venv)

install_if_missing() {
    local missing=()
    for package in "${AGORA_APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
    done
    if ((${#missing[@]})); then
        [[ "$(id -u)" == 0 ]] || { say "missing packages: ${missing[*]} (run as root to install them)"; return 1; }
        # Debian's postgresql package would otherwise create and start a cluster we do not use.
        if [[ ! -e /etc/postgresql-common/createcluster.conf ]]; then
            mkdir -p /etc/postgresql-common
            printf 'create_main_cluster = false\n' >/etc/postgresql-common/createcluster.conf
        fi
        say "installing: ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        # Installing nginx must not start the system's own nginx on port 80.
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
        rm -f /usr/sbin/policy-rc.d
    fi
    pg_ensure_user
}

# Builds everything in CONFIG (debug|release); prints the folder of the binaries.
build() {
    local config=${1:-debug}
    # Tests are built in debug only (@testable imports need it); release builds just the products.
    local tests=()
    [[ "$config" == debug ]] && tests=(--build-tests)
    local log status=0
    log=$(mktemp)
    (cd "$REPO" && swift build -c "$config" "${tests[@]}" >"$log" 2>&1) || status=$?
    grep -E 'error|warning: ' "$log" >&2 || true
    rm -f "$log"
    ((status == 0)) || { say "the build failed"; return 1; }
    (cd "$REPO" && swift build -c "$config" --show-bin-path)
}

# A folder nginx's workers (www-data) can traverse: DIR itself when they can, else one under /tmp.
reachable_dir() {
    local dir=$1
    mkdir -p "$dir"
    if runuser -u www-data -- test -x "$dir" 2>/dev/null; then
        printf '%s\n' "$dir"
    else
        local alt
        alt="/tmp/agora-$(printf '%s' "$dir" | cksum | cut -d' ' -f1)"
        mkdir -p "$alt"
        printf '%s\n' "$alt"
    fi
}

# Writes nginx.conf into RUN_DIR for the manifest and starts nginx on LISTEN.
nginx_start() {
    local bin=$1 run_dir=$2 listen=$3 docs_dir=${4:-}
    mkdir -p "$run_dir"/{client_body,fastcgi,proxy,uwsgi,scgi}
    chown www-data "$run_dir"/{client_body,fastcgi,proxy,uwsgi,scgi}
    chmod 755 "$run_dir"
    local args=(nginx-config --functions "$AGORA_FUNCTIONS" --listen "$listen" --socket-dir "$run_dir/sockets"
        --runtime-dir "$run_dir" --user www-data)
    [[ -n "$docs_dir" ]] && args+=(--docs-dir "$docs_dir")
    [[ -n "${NGINX_EXTRA_CONF:-}" ]] && args+=(--extra-conf "$NGINX_EXTRA_CONF")
    "$bin/agora" "${args[@]}" >"$run_dir/nginx.conf"
    nginx -t -q -c "$run_dir/nginx.conf" -p "$run_dir" 2>"$run_dir/nginx-test.log" || {
        say "nginx configuration rejected:"; cat "$run_dir/nginx-test.log" >&2; return 1; }
    nginx -c "$run_dir/nginx.conf" -p "$run_dir"
}

nginx_stop() {
    local run_dir=$1
    [[ -f "$run_dir/nginx.pid" ]] || return 0
    local pid
    pid=$(cat "$run_dir/nginx.pid")
    kill -QUIT "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$run_dir/nginx.pid"
}

# Starts the runner in the background with the sockets in RUN_DIR/sockets; env passes through.
runner_start() {
    local bin=$1 run_dir=$2
    mkdir -p "$run_dir/sockets"
    chmod 755 "$run_dir/sockets"
    "$bin/agora" run --functions "$AGORA_FUNCTIONS" --socket-dir "$run_dir/sockets" --bin-dir "$bin" \
        --pid-file "$run_dir/runner.pid" >>"$run_dir/runner.log" 2>&1 &
    local tries=0
    until [[ -S "$run_dir/sockets/runner.sock" ]]; do
        tries=$((tries + 1))
        if ((tries > 100)); then say "the runner did not start:"; tail -n 20 "$run_dir/runner.log" >&2; return 1; fi
        sleep 0.1
    done
}

runner_stop() {
    local run_dir=$1
    [[ -f "$run_dir/runner.pid" ]] || return 0
    local pid
    pid=$(cat "$run_dir/runner.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$run_dir/runner.pid"
}

# Waits until URL answers with STATUS (default 200).
wait_for() {
    local url=$1 status=${2:-200} tries=0
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" == "$status" ]]; do
        tries=$((tries + 1))
        if ((tries > 100)); then say "$url did not answer $status"; return 1; fi
        sleep 0.1
    done
}
