# Glance for devstack/stack.sh: PyPI release in its own virtualenv, SQLite
# database and a file store under $STATE, tokens checked against Keystone by
# keystonemiddleware as the `glance` service user, served by gunicorn on $GLANCE_PORT.
# Uses stack.sh's variables and lib/keystone.sh's KEYSTONE_URL.

GLANCE_PINS=(glance==33.0.0 "$GUNICORN_PIN")
GLANCE_ETC=$ETC/glance
GLANCE_STATE=$STATE/glance
GLANCE_PIDFILE=$RUN/glance-api.pid
GLANCE_URL=http://$SERVICE_HOST:$GLANCE_PORT

install_glance() {
    make_pinned_venv "$GLANCE_VENV" "${GLANCE_PINS[@]}"
}

configure_glance() {
    mkdir -p "$GLANCE_STATE"/{images,staging,tasks,cache,locks}
    # glance.wsgi.api reads glance-api.conf from $OS_GLANCE_CONFIG_DIR
    write_managed_file "$GLANCE_ETC/glance-api.conf" <<CONF
[DEFAULT]
log_file = $LOGS/glance-api.log
enabled_backends = file:file
image_cache_dir = $GLANCE_STATE/cache

[database]
connection = sqlite:///$STATE/glance.sqlite

[glance_store]
default_backend = file

[file]
filesystem_store_datadir = $GLANCE_STATE/images/

[os_glance_staging_store]
filesystem_store_datadir = $GLANCE_STATE/staging/

[os_glance_tasks_store]
filesystem_store_datadir = $GLANCE_STATE/tasks/

[oslo_concurrency]
lock_path = $GLANCE_STATE/locks

[paste_deploy]
flavor = keystone
config_file = $GLANCE_VENV/etc/glance/glance-api-paste.ini

[keystone_authtoken]
www_authenticate_uri = $KEYSTONE_URL
auth_url = $KEYSTONE_URL
auth_type = password
username = glance
password = $NOVA_LITE_PASSWORD
project_name = service
user_domain_name = Default
project_domain_name = Default
CONF
}

init_glance() {
    local synced="$GLANCE_STATE/db-synced"
    if [ ! -f "$STATE/glance.sqlite" ] || [ "$(cat "$synced" 2>/dev/null)" != "${GLANCE_PINS[0]}" ]; then
        log "glance-manage db_sync"
        "$GLANCE_VENV/bin/glance-manage" --config-file "$GLANCE_ETC/glance-api.conf" db_sync \
            >>"$LOGS/glance-manage.out" 2>&1 \
            || die "glance-manage db_sync failed; see $LOGS/glance-manage.out"
        echo "${GLANCE_PINS[0]}" >"$synced"
    fi
}

start_glance() {
    start_wsgi glance-api "$GLANCE_PORT" "$GLANCE_VENV" glance.wsgi.api:application \
        "$GLANCE_ETC/glance-api.conf" OS_GLANCE_CONFIG_DIR="$GLANCE_ETC"
}
