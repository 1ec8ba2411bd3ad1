"""A real guest: devstack/stack.sh with NOVA_LITE_COMPUTE_DRIVER=libvirt (QEMU under
TCG, the tiny kernel + busybox image it builds) in a temp folder, on free ports and
its own RabbitMQ vhost; every server action is checked on the real domain with virsh."""
import json
import os
import shutil
import subprocess
import tempfile
import urllib.request
import uuid
from xml.etree import ElementTree

import pytest

from tests.fakes import vnc as fake_vnc
from tests.integration import browser
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


def _show_console_token(stack, token):
    """GET /os-console-auth-tokens/{token} at 2.31 as the admin."""
    request = urllib.request.Request(
        '%s/os-console-auth-tokens/%s' % (stack.compute_url, token),
        headers={'X-Auth-Token': stack.token('admin'),
                 'OpenStack-API-Version': 'compute 2.31'})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())['console']


def test_the_console_of_a_real_guest_opens_in_a_browser_once(libvirt_cloud, tmp_path):
    """openstack console url show --novnc, opened in headless Chromium through
    nova-lite-novncproxy: noVNC connects to QEMU's VNC server and shows the guest's
    screen; the URL's token opens one connection only."""
    stack = libvirt_cloud
    server_id = stack.openstack_json('demo', 'server', 'create', '--image', 'nova-lite-tiny',
                                     '--flavor', 'm1.nano', '--wait', 'console-vm')['id']
    url = stack.openstack_json('demo', 'console', 'url', 'show', '--novnc', server_id)['url']
    assert url.startswith('http://127.0.0.1:%d/vnc_lite.html?path=' % stack.novnc_port)
    token = fake_vnc.console_token(url)
    connection = _show_console_token(stack, token)  # looking at it does not use it up
    assert connection['instance_uuid'] == server_id and connection['host'] == '127.0.0.1'
    graphics = ElementTree.fromstring(virsh('dumpxml', server_id).stdout).find(
        "devices/graphics[@type='vnc']")
    assert int(graphics.get('port')) == connection['port']

    chromium = browser.Chromium()
    try:
        shot = tmp_path / 'console.png'
        status = browser.open_novnc(chromium, url, shot)
        domain = virsh('domname', server_id).stdout.strip()  # QEMU's VNC desktop name
        assert status == 'Connected to QEMU (%s)' % domain, (status, chromium.stderr())
        # the guest's screen (its VGA text on black) under noVNC's bar, not an empty page
        assert len(browser.colors_below(shot, 40)) >= 2
        refused = tmp_path / 'refused.png'
        status = browser.open_novnc(chromium, url, refused)  # again: the token is used
        assert status == 'Something went wrong, connection is closed'
        assert len(browser.colors_below(refused, 40)) == 1
    finally:
        chromium.close()
    status, sock, _ = fake_vnc.websocket_upgrade('127.0.0.1', stack.novnc_port,
                                                 '/?token=' + token)
    sock.close()
    assert status == 403

    stack.openstack('demo', 'server', 'delete', '--wait', server_id)


# Rescue, snapshot, and guests changed behind nova's back: one server goes through
# them all (each test leaves it ACTIVE), to keep the boots under TCG few.

@pytest.fixture(scope='module')
def guest(libvirt_cloud):
    server_id = libvirt_cloud.openstack_json(
        'demo', 'server', 'create', '--image', 'nova-lite-tiny', '--flavor', 'm1.nano',
        '--wait', 'behind-the-back')['id']
    yield server_id
    libvirt_cloud.openstack('demo', 'server', 'delete', '--wait', server_id)


def domain_disks(server_id):
    """{target dev: source file} of the domain's disks."""
    xml = ElementTree.fromstring(virsh('dumpxml', server_id).stdout)
    return {disk.find('target').get('dev'): disk.find('source').get('file')
            for disk in xml.findall('devices/disk')}


def wait_for_boot(stack, server_id, boots_before):
    """Until the console log (appended to at every boot) shows one more boot."""
    harness.wait_until(lambda: console_log(stack, server_id).count(BOOT_LINE) > boots_before,
                       90, interval=1, message='the guest to boot')


def test_rescue_boots_the_rescue_disk_and_unrescue_the_guest_again(libvirt_cloud, guest):
    stack = libvirt_cloud
    original = domain_disks(guest)
    assert list(original) == ['vda']
    boots = console_log(stack, guest).count(BOOT_LINE)
    stack.openstack('demo', 'server', 'rescue', guest)
    wait_for_status(stack, guest, 'RESCUE')
    rescue_disks = domain_disks(guest)
    assert rescue_disks['vda'] == original['vda'] + '.rescue'  # the rescue image's overlay
    assert rescue_disks['vdb'] == original['vda']
    assert domain_state(guest) == 'running'
    wait_for_boot(stack, guest, boots)

    stack.openstack('demo', 'server', 'unrescue', guest)
    wait_for_status(stack, guest, 'ACTIVE')
    assert domain_disks(guest) == original
    assert domain_state(guest) == 'running'


def test_create_image_uploads_an_active_image_that_boots(libvirt_cloud, guest):
    stack = libvirt_cloud
    image = stack.openstack_json('demo', 'server', 'image', 'create', '--name',
                                 'behind-the-back-snapshot', '--wait', guest)
    shown = stack.openstack_json('demo', 'image', 'show', image['id'])
    assert (shown['status'], shown['disk_format']) == ('active', 'qcow2')
    assert shown['properties']['image_type'] == 'snapshot'
    assert shown['properties']['kernel_id']  # from the tiny image: the snapshot boots alike
    wait_for_status(stack, guest, 'ACTIVE')
    assert domain_state(guest) == 'running'  # the cold snapshot restored it

    copy = stack.openstack_json('demo', 'server', 'create', '--image', image['id'],
                                '--flavor', 'm1.nano', '--wait', 'from-snapshot')['id']
    try:
        wait_for_boot(stack, copy, 0)
    finally:
        stack.openstack('demo', 'server', 'delete', '--wait', copy)
        stack.openstack('demo', 'image', 'delete', image['id'])


def test_shelve_snapshots_the_stopped_guest_and_unshelve_boots_it(libvirt_cloud, guest):
    stack = libvirt_cloud
    stack.openstack('demo', 'server', 'shelve', guest)
    wait_for_status(stack, guest, 'SHELVED_OFFLOADED')
    assert domain_state(guest) is None
    stack.openstack('demo', 'server', 'unshelve', guest)
    wait_for_status(stack, guest, 'ACTIVE')
    assert domain_state(guest) == 'running'
    wait_for_boot(stack, guest, 0)  # the offload took the old folder and its console log


def test_a_guest_that_stops_behind_novas_back_makes_its_server_shutoff(libvirt_cloud, guest):
    """The lifecycle event syncs it at once (the periodic sync is 10 minutes away)."""
    stack = libvirt_cloud

    def shut_down_from_inside():
        if domain_state(guest) == 'running':  # acpid may not run yet: press again
            virsh('shutdown', guest, check=False)
        return stack.openstack_json('demo', 'server', 'show', guest)['status'] == 'SHUTOFF'
    harness.wait_until(shut_down_from_inside, 90, interval=2,
                       message='SHUTOFF after the guest powered itself off')
    actions = stack.openstack_json('demo', 'server', 'event', 'list', guest)
    assert 'stop' in [a['Action'] for a in actions]
    stack.openstack('demo', 'server', 'start', guest)
    wait_for_status(stack, guest, 'ACTIVE')

    virsh('destroy', guest)  # the plug pulled
    wait_for_status(stack, guest, 'SHUTOFF', timeout=60)
    assert domain_state(guest) == 'shut off'
    stack.openstack('demo', 'server', 'start', guest)
    wait_for_status(stack, guest, 'ACTIVE')


def test_a_restarted_compute_finds_the_guest_destroyed_while_it_was_dead(libvirt_cloud,
                                                                          guest):
    stack = libvirt_cloud
    cmdline = stack.kill('nova-lite-compute')
    virsh('destroy', guest)
    assert stack.openstack_json('demo', 'server', 'show', guest)['status'] == 'ACTIVE'
    stack.start_again('nova-lite-compute', cmdline)
    wait_for_status(stack, guest, 'SHUTOFF', timeout=90)
    assert domain_state(guest) == 'shut off'
    stack.openstack('demo', 'server', 'start', guest)
    wait_for_status(stack, guest, 'ACTIVE')
