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

# Nobody runs as root but the runner (which starts workers as their manifest user, `agora`) and
# nginx's master: nginx's workers run as AGORA_NGINX_USER, whose group alone reaches the function
# sockets (0660) and in which the workers run. The videos workers run as nginx's user: they read
# the upload files nginx's workers write (0600); functions.json says so (`"user"`).
AGORA_WORKER_USER=agora
AGORA_NGINX_USER=www-data

# Debian packages the build and the stack need; installed with apt-get when missing.
AGORA_APT_PACKAGES=(libfcgi-dev libpq-dev libssl-dev libargon2-dev pkg-config postgresql-15 nginx
    libnginx-mod-nchan curl python3 python3-venv)

# Debian packages only the tests need: a real browser for the docs page test, and a real
# Prometheus server that scrapes /metrics.
AGORA_TEST_APT_PACKAGES=(chromium prometheus)
# The two-nginx real-time test keeps nchan's channels in Redis.
AGORA_REDIS_PACKAGES=(redis-server)

# Installs the given Debian packages (default: AGORA_APT_PACKAGES) that are missing.
install_if_missing() {
    local missing=() wanted=("${AGORA_APT_PACKAGES[@]}")
    (($#)) && wanted=("$@")
    for package in "${wanted[@]}"; do
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
    agora_ensure_user
}

# Creates the system user the workers run as (no home, no login).
agora_ensure_user() {
    if ! id -u "$AGORA_WORKER_USER" >/dev/null 2>&1; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
            "$AGORA_WORKER_USER"
    fi
}

# Builds everything in CONFIG (debug|release), or only PRODUCT; prints the folder of the binaries.
build() {
    local config=${1:-debug} product=${2:-}
    # Tests are built in debug only (@testable imports need it); release builds just the products.
    # Release links the Swift runtime statically: measured on agora-health, 15.0 vs 17.2 MB
    # resident, 4.5 vs 5.1 MB proportional per worker of a pool of 4, and 11.8 vs 14.4 ms per
    # local invocation (fewer libraries to load and relocate at every start).
    local flags=()
    if [[ -n "$product" ]]; then flags=(--product "$product"); elif [[ "$config" == debug ]]; then flags=(--build-tests); fi
    if [[ "$config" == release ]]; then flags+=(--static-swift-stdlib); fi
    local log status=0
    log=$(mktemp)
    # The build's own status decides, whether or not the caller set pipefail.
    if (cd "$REPO" && swift build -c "$config" "${flags[@]}" 2>&1) | tee "$log" | build_progress && ((PIPESTATUS[0] == 0)); then
        status=0
    else
        status=$?
    fi
    grep -E 'error|warning: ' "$log" >&2 || true
    rm -f "$log"
    ((status == 0)) || { say "the build failed"; return 1; }
    (cd "$REPO" && swift build -c "$config" "${flags[@]}" --show-bin-path)
}

# Summarises `swift build` output read on stdin as progress on stderr: on a terminal one line
# rewritten in place, else a line every AGORA_PROGRESS_SECONDS (default 15). A cold build runs
# for minutes; this shows it is moving without printing its thousand lines.
build_progress() {
    local line last="" every=${AGORA_PROGRESS_SECONDS:-15} next=$((SECONDS + ${AGORA_PROGRESS_SECONDS:-15}))
    local tty=0
    [[ -t 2 ]] && tty=1
    while IFS= read -r line; do
        if [[ "$line" == Build*complete* ]]; then
            ((tty)) && printf '\r\033[K' >&2
            say "  $line"
            last=""
            continue
        fi
        [[ "$line" =~ ^\[([0-9]+)/([0-9]+)\]\ (.*)$ ]] || continue
        last="  [${BASH_REMATCH[1]}/${BASH_REMATCH[2]}] ${BASH_REMATCH[3]}"
        if ((tty)); then
            printf '\r\033[K%s' "${last:0:$(( ${COLUMNS:-100} - 1 ))}" >&2
        elif ((SECONDS >= next)); then
            say "$last"
            next=$((SECONDS + every))
        fi
    done
    ((tty)) && [[ -n "$last" ]] && printf '\r\033[K' >&2
    return 0
}

# Python packages the tests use, as module:requirement; the CLIs' options are pinned by version.
AGORA_PY_TEST_PACKAGES=(pytest:pytest requests:requests schemathesis:schemathesis==4.32.5
    openapi_spec_validator:openapi-spec-validator==0.9.0 openapi_python_client:openapi-python-client==0.29.1)

# Puts a python3 with AGORA_PY_TEST_PACKAGES first on PATH: the system's when it has them (at the
# pinned versions), else a venv under .venv.
python_test_tools() {
    local check='import importlib.metadata as m, sys
for spec in sys.argv[1:]:
    module, _, requirement = spec.partition(":")
    __import__(module)
    name, _, version = requirement.partition("==")
    assert not version or m.version(name) == version, spec'
    python3 -c "$check" "${AGORA_PY_TEST_PACKAGES[@]}" 2>/dev/null && return 0
    [[ -x "$REPO/.venv/bin/python" ]] || python3 -m venv "$REPO/.venv"
    if ! "$REPO/.venv/bin/python" -c "$check" "${AGORA_PY_TEST_PACKAGES[@]}" 2>/dev/null; then
        say "installing into .venv: ${AGORA_PY_TEST_PACKAGES[*]#*:}"
        "$REPO/.venv/bin/pip" install -q "${AGORA_PY_TEST_PACKAGES[@]#*:}"
    fi
    PATH="$REPO/.venv/bin:$PATH"
}

# `pip download` with the system's pip, or the venv's where python3 has none (Debian's).
pip_download() {
    if python3 -m pip --version >/dev/null 2>&1; then
        python3 -m pip download "$@"
    else
        [[ -x "$REPO/.venv/bin/pip" ]] || python3 -m venv "$REPO/.venv"
        "$REPO/.venv/bin/pip" download "$@"
    fi
}

# Swagger UI's distribution, from a PyPI package that ships it (no CDN at run time):
# swagger-ui-py 25.7.1 carries Swagger UI 5.24.2 (OpenAPI 3.1). Downloaded once into .deps/.
SWAGGER_UI_PACKAGE=swagger-ui-py==25.7.1
SWAGGER_UI_FILES=(swagger-ui-bundle.js swagger-ui.css favicon-16x16.png favicon-32x32.png LICENSE)

# Prints the folder of Swagger UI's files, fetching the package when it is not there yet.
swagger_ui_dir() {
    local dir="$REPO/.deps/${SWAGGER_UI_PACKAGE/==/-}" tmp
    if [[ ! -s "$dir/swagger_ui/static/swagger-ui-bundle.js" ]]; then
        tmp=$(mktemp -d)
        if ! pip_download -q --no-deps --only-binary=:all: -d "$tmp" "$SWAGGER_UI_PACKAGE" >&2; then
            rm -rf "$tmp"; say "could not download $SWAGGER_UI_PACKAGE"; return 1
        fi
        rm -rf "$dir" && mkdir -p "$dir"
        python3 -m zipfile -e "$tmp"/*.whl "$dir"
        rm -rf "$tmp"
    fi
    printf '%s\n' "$dir/swagger_ui/static"
}

# Fills OUT with what nginx serves at /api/openapi.json and /api/docs/: the OpenAPI document of the
# functions in $AGORA_FUNCTIONS (never the test-only ones of functions.test.json), as the
# executables in BIN declare them, the page in SRC (deploy/docs) and Swagger UI's files.
docs_build() {
    local bin=$1 src=$2 out=$3 swagger file
    swagger=$(swagger_ui_dir) || return 1
    rm -rf "$out" && mkdir -p "$out"
    "$bin/agora" openapi --functions "$AGORA_FUNCTIONS" --exclude "$REPO/functions.test.json" --bin-dir "$bin" \
        >"$out/openapi.json" || { rm -f "$out/openapi.json"; return 1; }
    cp "$src"/* "$out/"
    for file in "${SWAGGER_UI_FILES[@]}"; do cp "$swagger/$file" "$out/"; done
    chmod -R a+rX "$out"
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

# Writes nginx.conf into RUN_DIR for the manifest and the routes its functions (binaries in BIN)
# declare, and starts nginx on LISTEN; with DOCS_SRC (deploy/docs), also serves the OpenAPI
# document and Swagger UI, built into RUN_DIR/docs.
nginx_start() {
    local bin=$1 run_dir=$2 listen=$3 docs_src=${4:-} docs_dir=""
    mkdir -p "$run_dir"/{client_body,fastcgi,proxy,uwsgi,scgi}
    chown www-data "$run_dir"/{client_body,fastcgi,proxy,uwsgi,scgi}
    chmod 755 "$run_dir"
    local args=(nginx-config --functions "$AGORA_FUNCTIONS" --bin-dir "$bin" --listen "$listen"
        --socket-dir "$run_dir/sockets" --runtime-dir "$run_dir" --user www-data)
    if [[ -n "$docs_src" ]]; then
        # A document that cannot be built leaves the API up without docs here; deploy/test.sh
        # checks the document first and fails on it.
        if docs_build "$bin" "$docs_src" "$run_dir/docs"; then
            docs_dir="$run_dir/docs"
        else
            say "warning: the API documentation could not be built; /api/openapi.json and /api/docs/ are off"
        fi
    fi
    [[ -n "$docs_dir" ]] && args+=(--docs-dir "$docs_dir")
    [[ -n "${NGINX_EXTRA_CONF:-}" ]] && args+=(--extra-conf "$NGINX_EXTRA_CONF")
    "$bin/agora" "${args[@]}" >"$run_dir/nginx.conf"
    nginx -t -q -c "$run_dir/nginx.conf" -p "$run_dir" 2>"$run_dir/nginx-test.log" || {
        say "nginx configuration rejected:"; cat "$run_dir/nginx-test.log" >&2; return 1; }
    nginx -c "$run_dir/nginx.conf" -p "$run_dir"
}

nginx_stop() { stop_pid_file "$1/nginx.pid" QUIT 5; }

# Starts the runner in the background with the sockets in RUN_DIR/sockets (0750, and each socket
# 0660, for nginx's group); env passes through. Workers accept request-body files (uploads) only
# from nginx's client-body directory, which nginx_start makes in the same RUN_DIR
# (CLIENT_BODY_DIR). MEDIA_ROOT belongs to the videos workers' user, which writes the uploads.
runner_start() {
    local bin=$1 run_dir=$2
    agora_ensure_user
    mkdir -p "$run_dir/sockets"
    if [[ -n "${MEDIA_ROOT:-}" ]]; then
        # The videos folder is also the group's: the auth workers remove a deleted account's files.
        mkdir -p "$MEDIA_ROOT/videos"
        chown -R "$AGORA_NGINX_USER:$AGORA_NGINX_USER" "$MEDIA_ROOT"
        chmod 755 "$MEDIA_ROOT"
        chmod 2775 "$MEDIA_ROOT/videos"
    fi
    # The workers get the application role's URL only: never the owner's or the superuser's.
    # The commit the binaries were built from goes into /metrics (agora_build_info).
    local commit
    commit=$(git -C "$REPO" rev-parse --short=12 HEAD 2>/dev/null || true)
    if [[ -n "$commit" ]] && ! git -C "$REPO" diff --quiet HEAD -- Sources Package.swift 2>/dev/null; then commit="$commit-dirty"; fi
    env -u MIGRATION_DATABASE_URL -u PG_ADMIN_URL AGORA_GIT_COMMIT="${AGORA_GIT_COMMIT:-$commit}" CLIENT_BODY_DIR="$run_dir/client_body" "$bin/agora" run --functions "$AGORA_FUNCTIONS" --socket-dir "$run_dir/sockets" --bin-dir "$bin" \
        --socket-group "$AGORA_NGINX_USER" --pid-file "$run_dir/runner.pid" >>"$run_dir/runner.log" 2>&1 &
    local tries=0
    until [[ -S "$run_dir/sockets/runner.sock" ]]; do
        tries=$((tries + 1))
        if ((tries > 100)); then say "the runner did not start:"; tail -n 20 "$run_dir/runner.log" >&2; return 1; fi
        sleep 0.1
    done
}

runner_stop() { stop_pid_file "$1/runner.pid" TERM 15; }

# Sends SIGNAL to the process in PID_FILE, waits up to SECONDS for it to end, then SIGKILL.
stop_pid_file() {
    local file=$1 signal=$2 seconds=$3
    [[ -f "$file" ]] || return 0
    local pid
    pid=$(cat "$file")
    kill "-$signal" "$pid" 2>/dev/null || true
    for _ in $(seq $((seconds * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$file"
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
