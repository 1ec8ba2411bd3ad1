"""A real guest: devstack/stack.sh with NOVA_LITE_COMPUTE_DRIVER=libvirt (QEMU under
TCG, the tiny kernel + busybox image it builds) in a temp folder, on free ports and
its own RabbitMQ vhost; every server action is checked on the real domain with virsh."""
import os
import shutil
import subprocess
import tempfile
import uuid

import pytest

from tests.integration import devstack_cloud
from tests.integration import harness

BOOT_LINE = 'nova-lite tiny guest booted'
INSTALL_HINT = ('libvirt and QEMU are needed: apt-get install --no-install-recommends '
                'libvirt-daemon-system libvirt-dev pkg-config qemu-system-x86 qemu-utils, '
                'then virtlogd -d; libvirtd -d (tools/run-tests.sh does all this)')


def virsh(*args, check=True):
    result = subprocess.run(['virsh', '-c', 'qemu:///system', *args], capture_output=True,
                            text=True, timeout=60)
    if check:
        assert result.returncode == 0, 'virsh %s: %s' % (' '.join(args), result.stderr)
    return result


@pytest.fixture(scope='module')
def libvirt_cloud(rabbit_vhost, tmp_path_factory):
    if not shutil.which('virsh') or virsh('version', check=False).returncode != 0:
        pytest.fail('libvirtd is not reachable on qemu:///system. ' + INSTALL_HINT)
    # a name template of its own: other clouds may have domains on the same libvirtd
    template = 'nltest-%s-%%08x' % uuid.uuid4().hex[:6]
    # QEMU runs as libvirt-qemu: the disks must be under folders it can enter (pytest's
    # are root-only)
    state = tempfile.mkdtemp(prefix='nova-lite-libvirt-')
    os.chmod(state, 0o711)
    try:
        with devstack_cloud.running(tmp_path_factory.mktemp('libvirt'), rabbit_vhost.url,
                                    NOVA_LITE_STATE=state,
                                    NOVA_LITE_COMPUTE_DRIVER='libvirt',
                                    NOVA_LITE_LIBVIRT_TYPE='qemu',
                                    NOVA_LITE_INSTANCE_NAME_TEMPLATE=template) as stack:
            yield stack
    finally:
        shutil.rmtree(state, ignore_errors=True)


def domain_state(server_id):
    """'running', 'paused', 'shut off' ... or None when the domain is gone."""
    result = virsh('domstate', server_id, check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def wait_for_status(stack, server_id, status, timeout=180):
    def reached():
        server = stack.openstack_json('demo', 'server', 'show', server_id)
        assert server['status'] != 'ERROR', server
        return server['status'] == status
    harness.wait_until(reached, timeout, interval=1, message='server %s' % status)


def console_log(stack, server_id):
    return stack.openstack('demo', 'console', 'log', 'show', server_id).stdout


def test_a_real_guest_boots_and_follows_every_action(libvirt_cloud):
    stack = libvirt_cloud
    server = stack.openstack_json('demo', 'server', 'create', '--image', 'nova-lite-tiny',
                                  '--flavor', 'm1.nano', '--wait', 'real-vm')
    server_id = server['id']
    assert server['status'] == 'ACTIVE'
    assert domain_state(server_id) == 'running'
    harness.wait_until(lambda: BOOT_LINE in console_log(stack, server_id), 90, interval=1,
                       message='the boot line on the console')
    xml = virsh('dumpxml', server_id).stdout
    assert "<kernel>" in xml and "<initrd>" in xml and "console=ttyS0" in xml

    stack.openstack('demo', 'server', 'stop', server_id)
    wait_for_status(stack, server_id, 'SHUTOFF')
    assert domain_state(server_id) == 'shut off'
    stack.openstack('demo', 'server', 'start', server_id)
    wait_for_status(stack, server_id, 'ACTIVE')
    assert domain_state(server_id) == 'running'

    stack.openstack('demo', 'server', 'pause', server_id)
    wait_for_status(stack, server_id, 'PAUSED')
    assert domain_state(server_id) == 'paused'
    stack.openstack('demo', 'server', 'unpause', server_id)
    wait_for_status(stack, server_id, 'ACTIVE')
    assert domain_state(server_id) == 'running'

    stack.openstack('demo', 'server', 'suspend', server_id)
    wait_for_status(stack, server_id, 'SUSPENDED')
    assert domain_state(server_id) == 'shut off'
    assert virsh('dominfo', server_id).stdout.split('Managed save:')[1].split()[0] == 'yes'
    stack.openstack('demo', 'server', 'resume', server_id)
    wait_for_status(stack, server_id, 'ACTIVE')
    assert domain_state(server_id) == 'running'

    for kind in ('--soft', '--hard'):
        boots = console_log(stack, server_id).count(BOOT_LINE)
        stack.openstack('demo', 'server', 'reboot', kind, '--wait', server_id)
        wait_for_status(stack, server_id, 'ACTIVE')
        assert domain_state(server_id) == 'running'
        # the console log is appended to: one more boot line is a real new boot
        harness.wait_until(lambda: console_log(stack, server_id).count(BOOT_LINE) > boots,
                           90, interval=1, message='the guest to boot again (%s)' % kind)

    stack.openstack('demo', 'server', 'delete', '--wait', server_id)
    assert domain_state(server_id) is None
    assert stack.openstack_json('demo', 'server', 'list') == []
