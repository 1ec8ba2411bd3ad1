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
    # await_startup fails at once while the node has not registered with epmd yet
    # (the first second or so after -detached), so it is retried until the deadline.
    local deadline=$((SECONDS + 120))
    until rabbitmqctl -q --timeout 10 await_startup >/dev/null 2>&1; do
        if [ $SECONDS -ge $deadline ]; then
            tail -n 30 /var/log/rabbitmq/*.log >&2 2>/dev/null || true
            die "RabbitMQ did not start within 120 s (see /var/log/rabbitmq)"
        fi
        sleep 1
    done
}

# with_lock PATH CMD...: run CMD holding an exclusive lock on PATH.lock, so two
# scripts sharing a virtualenv (a stack.sh and a test run) never install into it at once.
with_lock() {
    local path=$1 fd
    shift
    mkdir -p "$(dirname "$path")"
    exec {fd}>"$path.lock"
    flock "$fd"
    local rc=0
    "$@" || rc=$?
    exec {fd}>&-
    return $rc
}

_new_venv() {
    local venv=$1
    log "creating virtualenv $venv"
    "$PYTHON" -m venv "$venv" 2>/dev/null || {
        install_system_packages python3-venv
        "$PYTHON" -m venv "$venv"
    }
    "$venv/bin/pip" install -q --upgrade pip >"$venv/pip-install.log" 2>&1 || true
}

_pip_install() {
    local venv=$1
    shift
    local pip_log="$venv/pip-install.log"
    "$venv/bin/pip" install -q "$@" >"$pip_log" 2>&1 \
        || { cat "$pip_log" >&2; die "pip install $* into $venv failed"; }
}

_make_venv() {
    local venv=$1 extras=$2
    # An editable install follows the checkout's code by itself; only a change of
    # pyproject.toml (dependencies, entry points), extras or checkout needs pip again.
    local stamp
    stamp="$NOVA_LITE_DIR [$extras] $(sha256sum <"$NOVA_LITE_DIR/pyproject.toml")"
    if [ -x "$venv/bin/nova-lite-manage" ] && [ "$(cat "$venv/.nova-lite-installed" 2>/dev/null)" = "$stamp" ]; then
        return 0
    fi
    [ -x "$venv/bin/python" ] || _new_venv "$venv"
    log "installing nova-lite${extras:+[$extras]} into $venv"
    _pip_install "$venv" -e "$NOVA_LITE_DIR${extras:+[$extras]}"
    echo "$stamp" >"$venv/.nova-lite-installed"
}

# make_venv DIR EXTRAS: a virtualenv with nova-lite installed (editable) from this checkout.
make_venv() {
    with_lock "$1" _make_venv "$1" "${2:-}"
}

# venv_has_pins DIR PKG==VERSION...: true when DIR has every pinned version installed.
venv_has_pins() {
    local venv=$1
    shift
    [ -x "$venv/bin/python" ] || return 1
    "$venv/bin/python" - "$@" <<'PY' 2>/dev/null
import sys
from importlib import metadata

for pin in sys.argv[1:]:
    name, _, version = pin.partition('==')
    try:
        if metadata.version(name) != version:
            sys.exit(1)
    except metadata.PackageNotFoundError:
        sys.exit(1)
PY
}

_make_pinned_venv() {
    local venv=$1
    shift
    venv_has_pins "$venv" "$@" && return 0
    [ -x "$venv/bin/python" ] || _new_venv "$venv"
    log "installing $* into $venv (a few minutes the first time)"
    _pip_install "$venv" "$@"
}

# make_pinned_venv DIR PKG==VERSION...: a virtualenv with these exact versions from
# PyPI; one that already has them is reused as it is (no pip run at all).
make_pinned_venv() {
    local venv=$1
    shift
    with_lock "$venv" _make_pinned_venv "$venv" "$@"
}

# process_running PIDFILE: the process of PIDFILE is alive (not a zombie), and is ours: it
# is at least as old as its pid file (a pid reused later by another process is younger).
process_running() {
    local pidfile=$1 pid age elapsed state
    pid=$(cat "$pidfile" 2>/dev/null) && [ -n "$pid" ] || return 1
    read -r elapsed state < <(ps -o etimes=,stat= -p "$pid" 2>/dev/null) || return 1
    [ "${state:0:1}" != Z ] || return 1
    age=$(( $(date +%s) - $(stat -c %Y "$pidfile") ))
    [ "$elapsed" -ge $((age - 2)) ]
}

# group_alive PGID: a live (not zombie) process is left in process group PGID.
group_alive() {
    ps -e -o pgid=,stat= | awk -v pgid="$1" '$1 == pgid && $2 !~ /^Z/ {found = 1} END {exit !found}'
}

# port_answers PORT: something accepts connections on $SERVICE_HOST:PORT.
port_answers() {
    (exec 3<>"/dev/tcp/${SERVICE_HOST:-127.0.0.1}/$1") 2>/dev/null
}

# start_process PIDFILE OUTFILE PORT CONFIGS CMD...: CMD in the background, detached into
# its own session and process group (its workers can be stopped with it), pid in PIDFILE.
# A running process is left alone, unless one of its CONFIGS (files separated by ':', or
# '-') changed after it started: then it is restarted. PORT ('-': none) must be free.
start_process() {
    local pidfile=$1 out=$2 port=$3 configs=$4 name config
    shift 4
    name=$(basename "$pidfile" .pid)
    if process_running "$pidfile"; then
        local changed=
        IFS=: read -ra config <<<"$configs"
        for config in "${config[@]}"; do
            [ "$config" != - ] && [ "$config" -nt "$pidfile" ] && changed=$config
        done
        if [ -z "$changed" ]; then
            log "$name already running (pid $(cat "$pidfile"))"
            return 0
        fi
        log "restarting $name: $changed changed"
        stop_process "$pidfile"
    fi
    if [ "$port" != - ] && port_answers "$port"; then
        die "cannot start $name: port $port is taken by a process that stack.sh did not start (with this NOVA_LITE_RUN); stop it or choose other ports"
    fi
    log "starting $name"
    # a background job of a script is not a group leader, so setsid needs no fork and $! is CMD
    setsid "$@" >>"$out" 2>&1 </dev/null &
    echo $! >"$pidfile"
}

# stop_process PIDFILE: SIGTERM to the process (a gunicorn master stops its workers
# itself), then, after 20 s, SIGKILL to whatever is left of its process group
# (start_process made it a group leader, so its workers are in its group).
stop_process() {
    local pidfile=$1 name pid own_group=
    name=$(basename "$pidfile" .pid)
    if process_running "$pidfile"; then
        pid=$(cat "$pidfile")
        [ "$(ps -o pgid= -p "$pid" | tr -d ' ')" = "$pid" ] && own_group=1
        log "stopping $name (pid $pid)"
        kill -TERM "$pid" 2>/dev/null
        for _ in $(seq 80); do
            if [ -n "$own_group" ]; then
                group_alive "$pid" || break
            else
                process_running "$pidfile" || break
            fi
            sleep 0.25
        done
        if [ -n "$own_group" ] && group_alive "$pid"; then
            log "killing what is left of $name"
            kill -KILL -- "-$pid"
        elif [ -z "$own_group" ] && process_running "$pidfile"; then
            log "killing $name"
            kill -KILL "$pid"
        fi
    fi
    rm -f "$pidfile"
}

# wait_for_http NAME URL [SECONDS] [PIDFILE]: until URL answers any HTTP status
# below 500; fails early when the process of PIDFILE died.
wait_for_http() {
    local name=$1 url=$2 seconds=${3:-90} pidfile=${4:-} code
    local deadline=$((SECONDS + seconds))
    while [ $SECONDS -lt $deadline ]; do
        code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$url" || true)
        [ "$code" != 000 ] && [ "$code" -lt 500 ] && return 0
        if [ -n "$pidfile" ] && ! process_running "$pidfile"; then
            die "$name died at start; see ${LOGS:-its log}/$name.out and .log"
        fi
        sleep 0.25
    done
    die "$name did not answer on $url within ${seconds}s; see ${LOGS:-its log}"
}

# Configuration files carry this line while stack.sh owns them. Without it (a file
# written by hand, or the line deleted to keep local edits), stack.sh leaves the file alone.
MANAGED_MARKER="# Managed by nova-lite devstack/stack.sh, which rewrites this file on every run; delete this line to keep your edits."

# write_managed_file FILE [OLD_MARKER]: FILE gets stdin (after the marker line) when
# FILE is missing or ours; OLD_MARKER also counts as ours (a file an older stack.sh wrote).
write_managed_file() {
    local file=$1 old_marker=${2:-} tmp
    if [ -f "$file" ] && ! grep -qxF "$MANAGED_MARKER" "$file" \
            && { [ -z "$old_marker" ] || ! grep -qF "$old_marker" "$file"; }; then
        log "keeping $file: not written by stack.sh"
        cat >/dev/null
        return 0
    fi
    mkdir -p "$(dirname "$file")"
    tmp=$(mktemp "$file.XXXXXX")  # mode 0600: these files hold passwords
    { echo "$MANAGED_MARKER"; cat; } >"$tmp"
    if cmp -s "$tmp" "$file"; then
        rm -f "$tmp"
        return 0
    fi
    mv "$tmp" "$file"
    log "wrote $file"
}

# start_wsgi NAME PORT VENV APP CONFIG [VAR=VALUE...]: serve the WSGI app APP of VENV
# on PORT, configured by CONFIG, pid in $RUN/NAME.pid, output in $LOGS/NAME.out. The server is gunicorn: pure
# Python (uwsgi needs a compiler), and its gthread worker runs requests on native threads
# with no monkey patching, the model Keystone and Glance now run on (uwsgi would need
# --enable-threads and its chunked-input options for the same). SIGTERM to the master
# stops its workers. Its settings are in gunicorn.conf.py beside CONFIG; gunicorn reads it
# from its working folder, because Keystone parses the process's command line as its own.
start_wsgi() {
    local name=$1 port=$2 venv=$3 app=$4 config=$5 confdir
    shift 5
    confdir=$(dirname "$config")
    write_managed_file "$confdir/gunicorn.conf.py" <<CONF
wsgi_app = '$app'
proc_name = '$name'
bind = '$BIND_HOST:$port'
workers = $WSGI_WORKERS
worker_class = 'gthread'
threads = 8
timeout = 300
graceful_timeout = 10
accesslog = '-'
errorlog = '-'
CONF
    start_process "$RUN/$name.pid" "$LOGS/$name.out" "$port" "$confdir/gunicorn.conf.py:$config" \
        env --chdir="$confdir" "$@" \
        "$venv/bin/gunicorn"
}
