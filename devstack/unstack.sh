#!/usr/bin/env bash
# Stop what devstack/stack.sh started, and nothing else.
set -uo pipefail
source "$(dirname "$0")/lib/functions.sh"
RUN=${NOVA_LITE_RUN:-/run/nova-lite}

for pidfile in "$RUN"/nova-lite-*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
        log "stopping $(basename "$pidfile" .pid) (pid $pid)"
        kill -TERM "$pid"
        for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$pidfile"
done
if [ -f "$RUN/rabbitmq.started-by-stack" ]; then
    log "stopping rabbitmq-server (stack.sh started it)"
    rabbitmqctl -q stop >/dev/null 2>&1 || true
    rm -f "$RUN/rabbitmq.started-by-stack"
fi
