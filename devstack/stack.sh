#!/usr/bin/env bash
# Install and start a single-node nova-lite cloud on Debian 12, as root.
#
#   devstack/stack.sh        # idempotent: a second run starts only what is not running
#   devstack/unstack.sh      # stops what this script started
#
# Config:  /etc/nova-lite/nova-lite.conf  (written once; edit it freely)
# Logs:    /var/log/nova-lite/<daemon>.log
# State:   /var/lib/nova-lite (SQLite database), pid files in /run/nova-lite
set -euo pipefail
source "$(dirname "$0")/lib/functions.sh"

VENV=${NOVA_LITE_VENV:-/opt/nova-lite/venv}
ETC=${NOVA_LITE_ETC:-/etc/nova-lite}
STATE=${NOVA_LITE_STATE:-/var/lib/nova-lite}
LOGS=${NOVA_LITE_LOGS:-/var/log/nova-lite}
RUN=${NOVA_LITE_RUN:-/run/nova-lite}
API_PORT=${NOVA_LITE_API_PORT:-8774}

[ "$(id -u)" = 0 ] || die "run me as root"
install_system_packages rabbitmq-server python3-venv curl
mkdir -p "$ETC" "$STATE" "$LOGS" "$RUN"
start_rabbitmq "$RUN/rabbitmq.started-by-stack"
make_venv "$VENV"

if [ ! -f "$ETC/nova-lite.conf" ]; then
    log "writing $ETC/nova-lite.conf"
    cat > "$ETC/nova-lite.conf" <<CONF
[DEFAULT]
transport_url = rabbit://guest:guest@127.0.0.1:5672/
host = $(hostname)
state_path = $STATE
log_dir = $LOGS
osapi_compute_listen = 0.0.0.0
osapi_compute_listen_port = $API_PORT
compute_driver = fake.FakeDriver

[api]
# Keystone comes with the single-node cloud issue; until then tokens are 'user:project'.
auth_strategy = noauth2

[database]
connection = sqlite:///$STATE/nova-lite.sqlite

[wsgi]
api_paste_config = $NOVA_LITE_DIR/etc/nova-lite/api-paste.ini
CONF
fi

"$VENV/bin/nova-lite-manage" --config-file "$ETC/nova-lite.conf" db sync >/dev/null

start_daemon() {
    local name=$1
    local pidfile="$RUN/$name.pid"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        log "$name already running (pid $(cat "$pidfile"))"
        return 0
    fi
    log "starting $name"
    nohup "$VENV/bin/$name" --config-file "$ETC/nova-lite.conf" \
        >>"$LOGS/$name.out" 2>&1 </dev/null &
    echo $! > "$pidfile"
}

for daemon in nova-lite-conductor nova-lite-scheduler nova-lite-compute nova-lite-api; do
    start_daemon "$daemon"
done

ENDPOINT="http://127.0.0.1:$API_PORT/v2.1"
for _ in $(seq 60); do
    curl -sf "$ENDPOINT" >/dev/null && break
    sleep 1
done
curl -sf "$ENDPOINT" >/dev/null || die "the API did not answer on $ENDPOINT; see $LOGS"

log "smoke test: boot a server and delete it"
"$VENV/bin/python" "$NOVA_LITE_DIR/devstack/smoke.py" "$ENDPOINT"

cat <<DONE

nova-lite is running.
  API:     $ENDPOINT   (X-Auth-Token: admin:admin for admin, demo:demo for a user)
  Config:  $ETC/nova-lite.conf
  Logs:    $LOGS
  Stop:    $NOVA_LITE_DIR/devstack/unstack.sh

  curl -s -H 'X-Auth-Token: admin:admin' $ENDPOINT/os-services
DONE
