#!/usr/bin/env bash
# Stop what devstack/stack.sh started, and nothing else: the processes of the pid
# files in $NOVA_LITE_RUN (run it with the environment stack.sh had), each with its
# process group (gunicorn's workers), and RabbitMQ only if stack.sh started it.
set -uo pipefail
source "$(dirname "$0")/lib/functions.sh"
source "$(dirname "$0")/lib/libvirt.sh"
RUN=${NOVA_LITE_RUN:-/run/nova-lite}

# in parallel (each takes seconds), the conductor after the services that call it
for phase in "nova-lite-api nova-lite-novncproxy nova-lite-compute nova-lite-scheduler" \
             "nova-lite-conductor glance-api keystone"; do
    for name in $phase; do
        stop_process "$RUN/$name.pid" &
    done
    wait
done
for pidfile in "$RUN"/*.pid; do
    [ -f "$pidfile" ] && stop_process "$pidfile"
done
if [ -f "$RUN/rabbitmq.started-by-stack" ]; then
    log "stopping rabbitmq-server (stack.sh started it)"
    rabbitmqctl -q stop >/dev/null 2>&1 || true
    rm -f "$RUN/rabbitmq.started-by-stack"
fi
stop_libvirt
