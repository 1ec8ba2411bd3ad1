"""The server lifecycle on real daemons over RabbitMQ, driven by the unmodified
`openstack` CLI: stop/start, reboot, pause/unpause, suspend/resume, rebuild,
shelve/unshelve, lock, soft delete/restore, each one visible in
`openstack server event list`.

The API runs noauth2, so the CLI needs no Keystone: `--os-auth-type
admin_token`, the API as `--os-endpoint`, the token 'user:project'. The CLI
looks images up through the API's /images proxy, so a Glance-shaped fake
(tests/fakes/glance.py) serves the image, takes the snapshots and deletes them.
"""
import json
import subprocess

import pytest

from tests.fakes import glance as fake_glance
from tests.integration import harness

OSC = harness.BIN / 'openstack'
IMAGE_ID = '70a599e0-31e7-49b7-b260-868f441e862b'
OTHER_IMAGE_ID = '9b1a4a0e-8f0c-4e5d-9c3b-2a1f0e9d8c7b'
DEMO = 'demo:demo-project'


@pytest.fixture(scope='module')
def glance():
    fake = fake_glance.FakeGlance([fake_glance.image(IMAGE_ID, name='cirros'),
                                   fake_glance.image(OTHER_IMAGE_ID, name='other')]).start()
    yield fake
    fake.stop()


@pytest.fixture(scope='module')
def cloud(rabbit_vhost, tmp_path_factory, glance):
    """One compute; deletes are soft (restorable for an hour); shelve offloads at once."""
    cloud = harness.Cloud(tmp_path_factory.mktemp('lifecycle'), rabbit_vhost.url,
                          compute_hosts=('compute1',), extra_conf={
                              'DEFAULT': {'reclaim_instance_interval': '3600',
                                          'shelved_offload_time': '0'},
                              'glance': {'enabled': 'true',
                                         'endpoint_override': glance.endpoint}})
    with harness.running(cloud):
        yield cloud


@pytest.fixture(scope='module')
def osc(cloud):
    if not OSC.exists():
        pytest.fail('The openstack CLI is needed: %s -m pip install python-openstackclient'
                    % harness.sys.executable)

    def run(*args, token='admin:admin', check=True):
        command = [str(OSC), '--os-auth-type', 'admin_token', '--os-endpoint', cloud.endpoint,
                   '--os-token', token, '--os-compute-api-version', '2.1', *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=180)
        if check and result.returncode != 0:
            raise AssertionError('openstack %s failed: %s\n%s' % (
                ' '.join(args), result.stderr, cloud.logs()))
        return result

    def run_json(*args, **kwargs):
        out = run(*args, '-f', 'json', **kwargs).stdout
        # --wait prints 'Complete' before the document
        return json.loads(out[min(i for i in (out.find('{'), out.find('[')) if i >= 0):])
    run.json = run_json
    return run


def _settled(osc, server_id, status, token='admin:admin'):
    """`server show` until status with no task running; returns the server."""
    def _check():
        server = osc.json('server', 'show', server_id, token=token)
        if server['status'] == status and not server['OS-EXT-STS:task_state']:
            return server
        return None
    return harness.wait_until(_check, 60, message='server %s to be %s' % (server_id, status))


def _actions(osc, server_id, token='admin:admin'):
    """The actions of `server event list`, oldest first."""
    rows = osc.json('server', 'event', 'list', server_id, token=token)
    return [row['Action'] for row in sorted(rows, key=lambda r: r['Start Time'])]


def _boot(osc, name, token='admin:admin'):
    server = osc.json('server', 'create', '--flavor', '1', '--image', 'cirros', '--wait',
                      name, token=token)
    assert server['status'] == 'ACTIVE', server
    return server['id']


def test_power_actions(osc):
    server_id = _boot(osc, 'cli-power')
    steps = [(('server', 'stop'), 'SHUTOFF', 4), (('server', 'start'), 'ACTIVE', 1),
             (('server', 'reboot', '--soft'), 'ACTIVE', 1),
             (('server', 'reboot', '--hard'), 'ACTIVE', 1),
             (('server', 'pause'), 'PAUSED', 3), (('server', 'unpause'), 'ACTIVE', 1),
             (('server', 'suspend'), 'SUSPENDED', 7), (('server', 'resume'), 'ACTIVE', 1)]
    # _settled, not the CLI's --wait (its first look is 5 s after the request)
    for command, status, power in steps:
        osc(*command, server_id)
        assert _settled(osc, server_id, status)['OS-EXT-STS:power_state'] in (
            power, power_state_name(power)), command
    assert _actions(osc, server_id) == ['create', 'stop', 'start', 'reboot', 'reboot',
                                        'pause', 'unpause', 'suspend', 'resume']
    # a conflict is the API's 409 in upstream's words
    result = osc('server', 'unpause', server_id, check=False)
    assert result.returncode != 0
    assert "Cannot 'unpause' instance %s while it is in vm_state active" % server_id in (
        result.stderr)
    events = osc.json('server', 'event', 'show', server_id,
                      osc.json('server', 'event', 'list', server_id)[0]['Request ID'])
    assert [(e['event'], e['result']) for e in events['events']] == [
        ('compute_resume_instance', 'Success')]


def power_state_name(power):
    """The CLI shows power states by name."""
    return {1: 'Running', 3: 'Paused', 4: 'Shutdown', 7: 'Suspended'}[power]


def test_rebuild_keeps_the_id(osc):
    server_id = _boot(osc, 'cli-rebuild')
    rebuilt = osc.json('server', 'rebuild', '--image', 'other', '--name', 'cli-rebuilt',
                       '--property', 'role=db', '--wait', server_id)
    assert rebuilt['id'] == server_id
    server = _settled(osc, server_id, 'ACTIVE')
    assert server['name'] == 'cli-rebuilt'
    assert server['properties'] == {'role': 'db'}
    assert OTHER_IMAGE_ID in server['image']
    assert _actions(osc, server_id) == ['create', 'rebuild']


def test_shelve_and_unshelve(osc, glance):
    server_id = _boot(osc, 'cli-shelve')
    osc('server', 'shelve', server_id)
    shelved = _settled(osc, server_id, 'SHELVED_OFFLOADED')
    assert not shelved['OS-EXT-SRV-ATTR:host']
    snapshots = [i for i in glance.images.values() if i.get('instance_uuid') == server_id]
    assert [(i['name'], i['status']) for i in snapshots] == [('cli-shelve-shelved',
                                                              'active')]
    osc('server', 'unshelve', server_id)
    server = _settled(osc, server_id, 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host']
    # the shelved snapshot is not needed any more
    assert snapshots[0]['id'] not in glance.images
    assert _actions(osc, server_id) == ['create', 'shelve', 'unshelve']


def test_lock_keeps_the_owner_out_until_unlocked(osc):
    server_id = _boot(osc, 'cli-lock', token=DEMO)
    osc('server', 'lock', server_id, token=DEMO)
    refused = osc('server', 'stop', server_id, token=DEMO, check=False)
    assert refused.returncode != 0
    assert 'is locked' in refused.stderr
    osc('server', 'unlock', server_id, token=DEMO)
    osc('server', 'stop', server_id, token=DEMO)
    _settled(osc, server_id, 'SHUTOFF', token=DEMO)
    assert _actions(osc, server_id, token=DEMO) == ['create', 'lock', 'unlock', 'stop']


def test_soft_delete_and_restore(osc):
    server_id = _boot(osc, 'cli-soft-delete')
    osc('server', 'delete', server_id)
    _settled(osc, server_id, 'SOFT_DELETED')
    osc('server', 'restore', server_id)
    _settled(osc, server_id, 'ACTIVE')
    assert _actions(osc, server_id) == ['create', 'delete', 'restore']
    osc('server', 'delete', server_id)
    _settled(osc, server_id, 'SOFT_DELETED')
    osc('server', 'delete', '--force', '--wait', server_id)
    assert osc('server', 'show', server_id, check=False).returncode != 0
