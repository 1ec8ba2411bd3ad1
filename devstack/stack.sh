#!/usr/bin/env bash
# Install and start a single-node nova-lite cloud on Debian 12, as root:
# RabbitMQ, Keystone and Glance (PyPI releases, each in its own virtualenv),
# nova-lite's daemons, a catalog (projects, users, services, endpoints), flavors
# and a small image.
#
#   devstack/stack.sh        # idempotent: a second run starts only what is not running
#   devstack/unstack.sh      # stops what this script started (same environment)
#
# Every path, port and the RabbitMQ URL come from the environment (defaults below),
# so a test can run a second cloud beside this one. Files that stack.sh writes carry
# a "Managed by nova-lite devstack/stack.sh" line and are rewritten on every run;
# delete that line from a file to keep your edits. A process whose config file changed
# since it started is restarted; the others are left running.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib/functions.sh"

VENV=${NOVA_LITE_VENV:-/opt/nova-lite/venv}
KEYSTONE_VENV=${NOVA_LITE_KEYSTONE_VENV:-/opt/nova-lite/keystone}
GLANCE_VENV=${NOVA_LITE_GLANCE_VENV:-/opt/nova-lite/glance}
ETC=${NOVA_LITE_ETC:-/etc/nova-lite}
STATE=${NOVA_LITE_STATE:-/var/lib/nova-lite}
LOGS=${NOVA_LITE_LOGS:-/var/log/nova-lite}
RUN=${NOVA_LITE_RUN:-/run/nova-lite}
API_PORT=${NOVA_LITE_API_PORT:-8774}
KEYSTONE_PORT=${NOVA_LITE_KEYSTONE_PORT:-5000}
GLANCE_PORT=${NOVA_LITE_GLANCE_PORT:-9292}
NOVNC_PORT=${NOVA_LITE_NOVNC_PORT:-6080}
TRANSPORT_URL=${NOVA_LITE_TRANSPORT_URL:-rabbit://guest:guest@127.0.0.1:5672/}
# one password for the admin, the service users and the demo users: a development cloud
NOVA_LITE_PASSWORD=${NOVA_LITE_PASSWORD:-nova-lite-dev}
SERVICE_HOST=${NOVA_LITE_SERVICE_HOST:-127.0.0.1}  # in the endpoint URLs
BIND_HOST=${NOVA_LITE_BIND_HOST:-0.0.0.0}          # where the APIs listen
REGION=RegionOne
WSGI_WORKERS=${NOVA_LITE_WSGI_WORKERS:-1}
GUNICORN_PIN=gunicorn==23.0.0
# the image uploaded to Glance; empty NOVA_LITE_IMAGE_FILE: a 1 MiB raw disk made here
IMAGE_NAME=${NOVA_LITE_IMAGE_NAME:-nova-lite-tiny}
IMAGE_FILE=${NOVA_LITE_IMAGE_FILE:-}
IMAGE_DISK_FORMAT=${NOVA_LITE_IMAGE_DISK_FORMAT:-raw}
# clouds.yaml is also copied here (when that file is missing or ours); empty: nowhere.
# Only the default cloud (default ETC) claims /etc/openstack unless told otherwise.
[ "$ETC" = /etc/nova-lite ] && default_copy=/etc/openstack/clouds.yaml || default_copy=
CLOUDS_YAML_COPY=${NOVA_LITE_CLOUDS_YAML_COPY-$default_copy}
SMOKE_TEST=${NOVA_LITE_SMOKE_TEST:-1}  # 0: do not boot a test server at the end
# libvirt (real QEMU guests; the image is a tiny kernel + busybox guest built here) or
# fake (guests in memory, no hypervisor)
COMPUTE_DRIVER=${NOVA_LITE_COMPUTE_DRIVER:-libvirt}
LIBVIRT_TYPE=${NOVA_LITE_LIBVIRT_TYPE:-qemu}  # kvm on a host where /dev/kvm works
INSTANCE_NAME_TEMPLATE=${NOVA_LITE_INSTANCE_NAME_TEMPLATE:-instance-%08x}

source "$HERE/lib/keystone.sh"
source "$HERE/lib/glance.sh"
source "$HERE/lib/libvirt.sh"
COMPUTE_URL=http://$SERVICE_HOST:$API_PORT/v2.1

[ "$(id -u)" = 0 ] || die "run me as root"
started=$SECONDS
# novnc: the noVNC client (/usr/share/novnc) that nova-lite-novncproxy serves
install_system_packages rabbitmq-server python3-venv curl procps novnc
mkdir -p "$ETC" "$STATE" "$LOGS" "$RUN"
start_rabbitmq "$RUN/rabbitmq.started-by-stack"
case $COMPUTE_DRIVER in
    fake) NOVA_LITE_EXTRAS=test; DRIVER_CLASS=fake.FakeDriver ;;
    libvirt) NOVA_LITE_EXTRAS=test,libvirt; DRIVER_CLASS=libvirt.LibvirtDriver
             install_libvirt; start_libvirt ;;
    *) die "NOVA_LITE_COMPUTE_DRIVER must be fake or libvirt, not $COMPUTE_DRIVER" ;;
esac

# The three virtualenvs install in parallel (minutes when cold, a second when warm).
# nova-lite gets its test extra too: the openstack CLI and openstacksdk for the smoke test.
pids=()
make_venv "$VENV" "$NOVA_LITE_EXTRAS" & pids+=($!)
install_keystone & pids+=($!)
install_glance & pids+=($!)
for pid in "${pids[@]}"; do
    wait "$pid" || die "an install failed; see the messages above"
done

# Keystone, Glance and nova-lite start together; each waits for what it needs later.
configure_keystone
init_keystone
start_keystone
configure_glance
init_glance
start_glance

# an older stack.sh wrote the config without the marker; this line of it says it was ours
OLD_NOVA_LITE_CONF_LINE="# Keystone comes with the single-node cloud issue; until then tokens are 'user:project'."
write_managed_file "$ETC/nova-lite.conf" "$OLD_NOVA_LITE_CONF_LINE" <<CONF
[DEFAULT]
transport_url = $TRANSPORT_URL
host = $(hostname)
state_path = $STATE
log_dir = $LOGS
osapi_compute_listen = $BIND_HOST
osapi_compute_listen_port = $API_PORT
compute_driver = $DRIVER_CLASS
instance_name_template = $INSTANCE_NAME_TEMPLATE

[libvirt]
virt_type = $LIBVIRT_TYPE

[vnc]
novncproxy_base_url = http://$SERVICE_HOST:$NOVNC_PORT/vnc_lite.html
novncproxy_host = $BIND_HOST
novncproxy_port = $NOVNC_PORT

[api]
auth_strategy = keystone

[database]
connection = sqlite:///$STATE/nova-lite.sqlite

[wsgi]
api_paste_config = $NOVA_LITE_DIR/etc/nova-lite/api-paste.ini

[keystone_authtoken]
www_authenticate_uri = $KEYSTONE_URL
auth_url = $KEYSTONE_URL
auth_type = password
username = nova
password = $NOVA_LITE_PASSWORD
project_name = service
user_domain_name = Default
project_domain_name = Default

[glance]
enabled = true
auth_type = password
auth_url = $KEYSTONE_URL
username = nova
password = $NOVA_LITE_PASSWORD
project_name = service
user_domain_name = Default
project_domain_name = Default
region_name = $REGION
valid_interfaces = public
CONF

# the schema and the default flavors (m1.nano ... m1.xlarge)
"$VENV/bin/nova-lite-manage" --config-file "$ETC/nova-lite.conf" db sync \
    >>"$LOGS/nova-lite-manage.out" 2>&1 || die "db sync failed; see $LOGS/nova-lite-manage.out"
for daemon in nova-lite-conductor nova-lite-scheduler nova-lite-compute nova-lite-api \
        nova-lite-novncproxy; do
    port=-
    [ $daemon = nova-lite-api ] && port=$API_PORT
    [ $daemon = nova-lite-novncproxy ] && port=$NOVNC_PORT
    start_process "$RUN/$daemon.pid" "$LOGS/$daemon.out" "$port" "$ETC/nova-lite.conf" \
        "$VENV/bin/$daemon" --config-file "$ETC/nova-lite.conf"
done

wait_for_http keystone "$KEYSTONE_URL" 90 "$KEYSTONE_PIDFILE"
export OS_AUTH_URL=$KEYSTONE_URL OS_PASSWORD=$NOVA_LITE_PASSWORD NOVA_LITE_PASSWORD
"$VENV/bin/python" "$HERE/bootstrap.py" --region "$REGION" catalog \
    --compute-url "$COMPUTE_URL" --image-url "$GLANCE_URL"

wait_for_http glance-api "$GLANCE_URL/versions" 90 "$GLANCE_PIDFILE"
image_args=()
if [ -z "$IMAGE_FILE" ] && [ "$COMPUTE_DRIVER" = libvirt ]; then
    # a real guest: kernel (aki) and ramdisk (ari) images, and a disk image naming them
    tiny=$STATE/devstack/tiny-image
    "$HERE/lib/tiny-image.sh" "$tiny" || die "building the tiny guest image failed"
    upload() {
        "$VENV/bin/python" "$HERE/bootstrap.py" --region "$REGION" image "$@"
    }
    kernel_id=$(upload "$tiny/vmlinuz" --name "$IMAGE_NAME-kernel" --disk-format aki \
        --container-format aki)
    ramdisk_id=$(upload "$tiny/initrd.img" --name "$IMAGE_NAME-ramdisk" --disk-format ari \
        --container-format ari)
    IMAGE_FILE=$tiny/disk.raw
    image_args=(--property "kernel_id=$kernel_id" --property "ramdisk_id=$ramdisk_id")
fi
if [ -z "$IMAGE_FILE" ]; then
    IMAGE_FILE=$STATE/devstack/$IMAGE_NAME.raw
    mkdir -p "$(dirname "$IMAGE_FILE")"
    [ -f "$IMAGE_FILE" ] || truncate -s 1M "$IMAGE_FILE"
fi
IMAGE_ID=$("$VENV/bin/python" "$HERE/bootstrap.py" --region "$REGION" image "$IMAGE_FILE" \
    --name "$IMAGE_NAME" --disk-format "$IMAGE_DISK_FORMAT" "${image_args[@]}")

wait_for_http nova-lite-api "$COMPUTE_URL" 60 "$RUN/nova-lite-api.pid"
wait_for_http nova-lite-novncproxy "http://$SERVICE_HOST:$NOVNC_PORT/vnc_lite.html" 60 \
    "$RUN/nova-lite-novncproxy.pid"
for daemon in nova-lite-conductor nova-lite-scheduler nova-lite-compute; do
    process_running "$RUN/$daemon.pid" || die "$daemon died at start; see $LOGS/$daemon.out"
done

# clouds.yaml and openrc files for admin, demo and alt_demo (user = project)
yaml_quote() { local q="'"; printf "'%s'" "${1//$q/$q$q}"; }
clouds_yaml=$(
    echo "clouds:"
    for cloud in admin demo alt_demo; do
        cat <<YAML
  $cloud:
    auth:
      auth_url: $KEYSTONE_URL
      username: $cloud
      password: $(yaml_quote "$NOVA_LITE_PASSWORD")
      project_name: $cloud
      user_domain_name: Default
      project_domain_name: Default
    region_name: $REGION
    identity_api_version: 3
    interface: public
YAML
    done
)
write_managed_file "$ETC/clouds.yaml" <<<"$clouds_yaml"
[ -z "$CLOUDS_YAML_COPY" ] || write_managed_file "$CLOUDS_YAML_COPY" <<<"$clouds_yaml"
for cloud in admin demo alt_demo; do
    write_managed_file "$ETC/$cloud-openrc" <<RC
export OS_AUTH_URL=$(printf %q "$KEYSTONE_URL")
export OS_USERNAME=$cloud
export OS_PASSWORD=$(printf %q "$NOVA_LITE_PASSWORD")
export OS_PROJECT_NAME=$cloud
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_REGION_NAME=$REGION
export OS_IDENTITY_API_VERSION=3
export OS_INTERFACE=public
unset OS_CLOUD
RC
done

if [ "$SMOKE_TEST" != 0 ]; then
    log "smoke test: boot a server as demo and delete it"
    OS_CLIENT_CONFIG_FILE=$ETC/clouds.yaml "$VENV/bin/python" "$HERE/smoke.py" "$IMAGE_NAME"
fi

cat <<DONE

nova-lite is running ($((SECONDS - started))s).
  Compute API: $COMPUTE_URL
  Identity:    $KEYSTONE_URL   (users admin, demo, alt_demo; password \$NOVA_LITE_PASSWORD)
  Image:       $GLANCE_URL   (image $IMAGE_NAME: $IMAGE_ID)
  Consoles:    nova-lite-novncproxy on $SERVICE_HOST:$NOVNC_PORT   (openstack console url show --novnc SERVER)
  Clouds:      $ETC/clouds.yaml${CLOUDS_YAML_COPY:+ and $CLOUDS_YAML_COPY}, or: source $ETC/demo-openrc
  Config:      $ETC/nova-lite.conf, $KEYSTONE_ETC/keystone.conf, $GLANCE_ETC/glance-api.conf
  Logs:        $LOGS
  Stop:        $HERE/unstack.sh

  export OS_CLIENT_CONFIG_FILE=$ETC/clouds.yaml PATH=$VENV/bin:\$PATH
  openstack --os-cloud demo image list
  openstack --os-cloud admin compute service list
DONE
