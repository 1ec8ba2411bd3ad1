# Shared by devstack/stack.sh, devstack/unstack.sh and tools/run-tests.sh.
# Debian 12, as root, no systemd running.

NOVA_LITE_DIR=${NOVA_LITE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
PYTHON=${PYTHON:-python3}

log() { printf '[nova-lite] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# install_system_packages PKG...: apt-get install what is missing (apt-get update first).
install_system_packages() {
    local missing=()
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" = 0 ] || die "need root to apt-get install ${missing[*]}"
    log "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# start_rabbitmq: start the broker detached unless it already runs; records
# whether we started it so that unstack stops only what stack started.
start_rabbitmq() {
    local marker=${1:-}
    if rabbitmqctl -q status >/dev/null 2>&1; then
        return 0
    fi
    log "starting rabbitmq-server -detached"
    rabbitmq-server -detached
    [ -n "$marker" ] && touch "$marker"
    rabbitmqctl -q --timeout 120 await_startup >/dev/null 2>&1 \
        || die "RabbitMQ did not start (see /var/log/rabbitmq)"
}

# make_venv DIR EXTRAS: a virtualenv with nova-lite installed from this checkout.
make_venv() {
    local venv=$1 extras=${2:-}
    if [ ! -x "$venv/bin/python" ]; then
        log "creating virtualenv $venv"
        "$PYTHON" -m venv "$venv" 2>/dev/null || {
            install_system_packages python3-venv
            "$PYTHON" -m venv "$venv"
        }
        "$venv/bin/pip" install -q --upgrade pip
    fi
    log "installing nova-lite${extras:+[$extras]} into $venv"
    local pip_log="$venv/pip-install.log"
    "$venv/bin/pip" install -q -e "$NOVA_LITE_DIR${extras:+[$extras]}" >"$pip_log" 2>&1 \
        || { cat "$pip_log" >&2; die "pip install failed"; }
}
