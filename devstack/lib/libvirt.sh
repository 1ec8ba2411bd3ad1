# libvirt and QEMU for NOVA_LITE_COMPUTE_DRIVER=libvirt (sourced by stack.sh,
# unstack.sh and tools/run-tests.sh). No systemd: the daemons run detached,
# and a marker in $RUN records which ones this script started.
LIBVIRT_PACKAGES=(libvirt-daemon-system libvirt-dev pkg-config qemu-system-x86 qemu-utils
                  gcc python3-dev)

install_libvirt() {
    install_system_packages "${LIBVIRT_PACKAGES[@]}"
}

# start_libvirt [MARKER_DIR]: virtlogd (it writes the serial console logs) and libvirtd,
# each unless it runs; /dev/kvm usable by libvirt's qemu user (no udev here to do it).
start_libvirt() {
    local marker_dir=${1:-${RUN:-}} daemon
    for daemon in virtlogd libvirtd; do
        if ! pgrep -x "$daemon" >/dev/null; then
            log "starting $daemon -d"
            "$daemon" -d || die "$daemon did not start"
            [ -n "$marker_dir" ] && touch "$marker_dir/$daemon.started-by-stack"
        fi
    done
    if [ -e /dev/kvm ]; then
        chgrp kvm /dev/kvm && chmod 0660 /dev/kvm
    fi
    local _
    for _ in $(seq 40); do
        virsh -c qemu:///system version >/dev/null 2>&1 && return 0
        sleep 0.25
    done
    die "libvirtd does not answer on qemu:///system"
}

# stop_libvirt: stop the libvirt daemons start_libvirt started (by their markers).
stop_libvirt() {
    local daemon pid
    for daemon in libvirtd virtlogd; do
        [ -f "$RUN/$daemon.started-by-stack" ] || continue
        pid=$(cat "/run/$daemon.pid" 2>/dev/null) || pid=
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            log "stopping $daemon (stack.sh started it)"
            kill -TERM "$pid"
        fi
        rm -f "$RUN/$daemon.started-by-stack"
    done
}
