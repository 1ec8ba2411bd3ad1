#!/usr/bin/env bash
# Run the whole test suite (unit, functional, integration) on Debian 12 as
# root: installs RabbitMQ, libvirt + QEMU and a virtualenv (.venv) first when they
# are missing, and starts RabbitMQ, virtlogd and libvirtd when they are not running.
#
#   tools/run-tests.sh                 # everything
#   tools/run-tests.sh tests/unit -x   # arguments go to pytest
#   tools/run-tests.sh tests/unit -n 0 # in one process (pdb, -s)
set -euo pipefail
source "$(dirname "$0")/../devstack/lib/functions.sh"
source "$(dirname "$0")/../devstack/lib/libvirt.sh"
cd "$NOVA_LITE_DIR"

VENV=${NOVA_LITE_TEST_VENV:-$NOVA_LITE_DIR/.venv}
# novnc and chromium: a real guest's console is opened in
# headless Chromium through nova-lite-novncproxy (tests/integration/test_libvirt_guest.py);
# curl: stack.sh installs it too, and the tests' stacks, side by side, must not apt-get;
# iproute2: ss (tests/unit/cmd/test_api.py)
install_system_packages rabbitmq-server python3-venv procps iproute2 curl novnc chromium
# PostgreSQL and MariaDB for the tests that run on them (tests/databases.py starts a
# private server of each per run): PostgreSQL without the cluster Debian would create
# and start, MariaDB's server and client programs without its service
if ! dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "install ok installed"; then
    install_system_packages postgresql-common
    sed -ri 's/#(create_main_cluster) .*$/\1 = false/' /etc/postgresql-common/createcluster.conf
fi
install_system_packages postgresql mariadb-server-core mariadb-client
start_rabbitmq
install_libvirt  # tests/integration/test_libvirt_guest.py boots a real QEMU guest
start_libvirt ""
make_venv "$VENV" test

[ $# -gt 0 ] || set -- tests
# a pytest process per core (pytest-xdist), each test file in one of them, where its
# tests share the file's cloud; -n 0 (after these) runs everything in this one
exec "$VENV/bin/python" -m pytest -p no:cacheprovider -n auto --dist loadfile "$@"
