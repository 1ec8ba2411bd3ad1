# Keystone for devstack/stack.sh: PyPI release in its own virtualenv, SQLite
# database and fernet keys under $STATE, served by gunicorn on $KEYSTONE_PORT.
# Uses stack.sh's variables (ETC, STATE, LOGS, RUN, ports, NOVA_LITE_PASSWORD ...).

KEYSTONE_PINS=(keystone==30.0.0 "$GUNICORN_PIN")
KEYSTONE_ETC=$ETC/keystone
KEYSTONE_STATE=$STATE/keystone
KEYSTONE_PIDFILE=$RUN/keystone.pid
KEYSTONE_URL=http://$SERVICE_HOST:$KEYSTONE_PORT/v3

install_keystone() {
    make_pinned_venv "$KEYSTONE_VENV" "${KEYSTONE_PINS[@]}"
}

configure_keystone() {
    mkdir -p "$KEYSTONE_STATE"
    write_managed_file "$KEYSTONE_ETC/keystone.conf" <<CONF
[DEFAULT]
log_file = $LOGS/keystone.log

[identity]
# a development cloud: cheap password hashes keep each token request fast (0.2 s at 12)
password_hash_rounds = 4

[database]
connection = sqlite:///$STATE/keystone.sqlite

[token]
provider = fernet

[fernet_tokens]
key_repository = $KEYSTONE_STATE/fernet-keys

[credential]
key_repository = $KEYSTONE_STATE/credential-keys
CONF
}

keystone_manage() {
    "$KEYSTONE_VENV/bin/keystone-manage" --config-file "$KEYSTONE_ETC/keystone.conf" "$@" \
        >>"$LOGS/keystone-manage.out" 2>&1 \
        || die "keystone-manage $1 failed; see $LOGS/keystone-manage.out"
}

# init_keystone: schema, keys and the bootstrap admin; each step only when its
# inputs changed since the last run (keystone-manage costs seconds per call).
init_keystone() {
    local synced="$KEYSTONE_STATE/db-synced" bootstrapped="$KEYSTONE_STATE/bootstrapped" stamp
    if [ ! -f "$STATE/keystone.sqlite" ] || [ "$(cat "$synced" 2>/dev/null)" != "${KEYSTONE_PINS[0]}" ]; then
        log "keystone-manage db_sync"
        keystone_manage db_sync
        echo "${KEYSTONE_PINS[0]}" >"$synced"
        rm -f "$bootstrapped"
    fi
    if [ -z "$(ls -A "$KEYSTONE_STATE/fernet-keys" 2>/dev/null)" ]; then
        keystone_manage fernet_setup --keystone-user root --keystone-group root
    fi
    if [ -z "$(ls -A "$KEYSTONE_STATE/credential-keys" 2>/dev/null)" ]; then
        keystone_manage credential_setup --keystone-user root --keystone-group root
    fi
    # a changed password or URL reruns bootstrap, which resets both
    stamp=$(printf '%s\n' "$NOVA_LITE_PASSWORD" "$KEYSTONE_URL" "$REGION" | sha256sum)
    if [ "$(cat "$bootstrapped" 2>/dev/null)" != "$stamp" ]; then
        log "keystone-manage bootstrap (admin user and project, $REGION, identity endpoints)"
        keystone_manage bootstrap --bootstrap-password "$NOVA_LITE_PASSWORD" \
            --bootstrap-username admin --bootstrap-project-name admin \
            --bootstrap-role-name admin --bootstrap-service-name keystone \
            --bootstrap-region-id "$REGION" \
            --bootstrap-admin-url "$KEYSTONE_URL" \
            --bootstrap-internal-url "$KEYSTONE_URL" \
            --bootstrap-public-url "$KEYSTONE_URL"
        echo "$stamp" >"$bootstrapped"
    fi
}

start_keystone() {
    start_wsgi keystone "$KEYSTONE_PORT" "$KEYSTONE_VENV" \
        'keystone.server.wsgi:initialize_public_application()' "$KEYSTONE_ETC/keystone.conf" \
        OS_KEYSTONE_CONFIG_DIR="$KEYSTONE_ETC"
}
