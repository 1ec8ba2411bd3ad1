"""The state machine of the server actions, through the real services: every
action from every starting state, its HTTP code and, when it is accepted,
the vm_state/task_state/power_state/status it ends in (upstream's rules).

Two starting states are held mid-way: 'building' (its spawn waits) and 'task'
(a pause in progress: the hypervisor's pause waits); they are let go once
every action was tried and the accepted ones that do not wait on them settled."""
import threading

import pytest

from nova_lite.virt import fake
from tests.fakes import glance as fake_glance
from tests.functional import conftest as fx

NANO = '42'
NOSTATE, RUNNING, PAUSED, SHUTDOWN, SUSPENDED = 0, 1, 3, 4, 7
ACTIVE = ('active', RUNNING, 'ACTIVE')
STOPPED = ('stopped', SHUTDOWN, 'SHUTOFF')
SHELVED = ('shelved', SHUTDOWN, 'SHELVED')
OFFLOADED = ('shelved_offloaded', SHUTDOWN, 'SHELVED_OFFLOADED')
SOFT_DELETED = ('soft-delete', SHUTDOWN, 'SOFT_DELETED')
GONE = 'gone'  # deleted for good
HOLD = 60  # seconds a held spawn or pause waits at most

# starting state -> the actions that bring a fresh ACTIVE server there
SETUP = {
    'active': [],
    'stopped': [{'os-stop': None}],
    'paused': [{'pause': None}],
    'suspended': [{'suspend': None}],
    'rescued': [{'rescue': None}],
    'shelved': [{'shelve': None}],  # shelved_offload_time is -1 here
    'shelved_offloaded': [{'shelve': None}, {'shelveOffload': None}],
    'error': [{'os-resetState': {'state': 'error'}}],
    'soft-delete': ['DELETE'],
    'building': [],  # its spawn is held
    'task': [{'pause': None}],  # its pause is held in the hypervisor
}
STATES = list(SETUP)
# the task_state a held server waits in
HELD = {'building': 'spawning', 'task': 'pausing'}
# what a server in each starting state ends as when the action leaves it be (lock,
# unlock, the console log): a held one once it is let go
AS_IS = {
    'active': ACTIVE, 'stopped': STOPPED, 'paused': ('paused', PAUSED, 'PAUSED'),
    'suspended': ('suspended', SUSPENDED, 'SUSPENDED'),
    'rescued': ('rescued', RUNNING, 'RESCUE'), 'shelved': SHELVED,
    'shelved_offloaded': OFFLOADED, 'error': ('error', RUNNING, 'ERROR'),
    'soft-delete': SOFT_DELETED, 'building': ACTIVE, 'task': ('paused', PAUSED, 'PAUSED'),
}
EVERYWHERE = {s: AS_IS[s] for s in STATES}

# action -> {starting state: (vm_state, power_state, status) it ends in, or GONE};
# every other starting state answers 409.
ACCEPTED = {
    'os-stop': {'active': STOPPED, 'error': STOPPED},
    'os-start': {'stopped': ACTIVE},
    'reboot-soft': {'active': ACTIVE},
    'reboot-hard': {s: ACTIVE for s in ('active', 'stopped', 'paused', 'suspended', 'error',
                                        'task')},
    'pause': {'active': ('paused', PAUSED, 'PAUSED')},
    'unpause': {'paused': ACTIVE},
    'suspend': {'active': ('suspended', SUSPENDED, 'SUSPENDED')},
    'resume': {'suspended': ACTIVE},
    'rescue': {s: ('rescued', RUNNING, 'RESCUE') for s in ('active', 'stopped', 'error')},
    'unrescue': {'rescued': ACTIVE},
    'rebuild': {'active': ACTIVE, 'stopped': STOPPED, 'error': ACTIVE},
    'shelve': {s: SHELVED for s in ('active', 'stopped', 'paused', 'suspended')},
    'shelveOffload': {'shelved': OFFLOADED},
    'unshelve': {'shelved': ACTIVE, 'shelved_offloaded': ACTIVE},
    'restore': {'soft-delete': ACTIVE},
    'trigger_crash_dump': {'active': ACTIVE, 'rescued': ('rescued', RUNNING, 'RESCUE'),
                           'error': ('error', RUNNING, 'ERROR')},
    # a snapshot leaves the server as it was
    'createImage': {s: AS_IS[s] for s in ('active', 'stopped', 'paused', 'suspended')},
    'lock': EVERYWHERE,
    'unlock': EVERYWHERE,
    # upstream's forceDelete: any vm_state and task_state
    'forceDelete': {s: GONE for s in STATES},
    # the power state stays; a build let go after it is ACTIVE (its last save lost)
    'os-resetState': dict({s: ('active', AS_IS[s][1], 'ACTIVE') for s in STATES},
                          building=('active', NOSTATE, 'ACTIVE'), task=ACTIVE),
    # soft delete (reclaim_instance_interval here) of a launched server on an up
    # host, in any task (a SOFT_DELETED one again); else deleted at once
    'DELETE': dict({s: SOFT_DELETED for s in STATES},
                   shelved_offloaded=GONE, building=GONE),
    # on a host only; a guest still being spawned has no console yet (404 below)
    'os-getConsoleOutput': {s: AS_IS[s] for s in STATES
                            if s not in ('shelved_offloaded', 'building')},
}
BODIES = {'reboot-soft': {'reboot': {'type': 'SOFT'}},
          'reboot-hard': {'reboot': {'type': 'HARD'}},
          'rebuild': {'rebuild': {'imageRef': fx.IMAGE_ID}},
          'createImage': {'createImage': {'name': 'matrix-snapshot'}},
          'os-resetState': {'os-resetState': {'state': 'active'}},
          'os-getConsoleOutput': {'os-getConsoleOutput': {'length': 1}}}
# upstream's other 409s: a paused guest is not running; an offloaded server has
# no host to act on (check_instance_host comes before the state check)
OTHER_CONFLICTS = {('trigger_crash_dump', 'paused'): 'Instance %s is not running.',
                   ('os-stop', 'shelved_offloaded'): 'Instance %s is not ready',
                   ('os-start', 'shelved_offloaded'): 'Instance %s is not ready',
                   ('trigger_crash_dump', 'shelved_offloaded'): 'Instance %s is not ready',
                   ('os-getConsoleOutput', 'shelved_offloaded'): 'Instance %s is not ready'}
# neither accepted nor a conflict
OTHER_CODES = {('os-getConsoleOutput', 'building'): 404}
# rescue answers the rescue password, the console log its lines, DELETE nothing
SUCCESS = {'rescue': 200, 'os-getConsoleOutput': 200, 'DELETE': 204}
# how upstream's 409 names the action
CONFLICT_NAMES = {'os-stop': 'stop', 'os-start': 'start', 'reboot-soft': 'reboot',
                  'reboot-hard': 'reboot'}
CLOUD = (('reclaim_instance_interval', 3600, None), ('shelved_offload_time', -1, None),
         ('vcpus', 64, 'fake_driver'), ('memory_mb', 65536, 'fake_driver'),
         ('local_gb', 1000, 'fake_driver'),
         ('instances', -1, 'quota'), ('cores', -1, 'quota'), ('ram', -1, 'quota'))


def _body(action):
    return BODIES.get(action, {action: None})


def _act(client, server_id, action):
    if action == 'DELETE':
        return client.delete('/v2.1/servers/%s' % server_id)
    return client.post('/v2.1/servers/%s/action' % server_id, _body(action))


def _servers_in(cloud, client, state, count):
    resp = client.post('/v2.1/servers', {'server': {
        'name': state, 'flavorRef': NANO, 'imageRef': fx.IMAGE_ID, 'min_count': count,
        'max_count': count, 'return_reservation_id': True}})
    assert resp.status == 202, resp
    listed = cloud.admin.get('/v2.1/servers?all_tenants=1&reservation_id=%s' %
                             resp.body['reservation_id'])
    ids = [s['id'] for s in listed.body['servers']]
    assert len(ids) == count
    for server_id in ids:
        if state == 'building':
            fx.wait_for(lambda: _task(cloud, server_id) == 'spawning',
                        'server %s to spawn' % server_id)
        else:
            cloud.wait_for_state(server_id, 'ACTIVE')
    for step in SETUP[state]:
        for server_id in ids:
            if step == 'DELETE':
                resp = cloud.admin.delete('/v2.1/servers/%s' % server_id)
            else:
                resp = cloud.admin.post('/v2.1/servers/%s/action' % server_id, step)
            assert resp.status in (200, 202, 204), resp
        for server_id in ids:
            if state in HELD:
                fx.wait_for(lambda: _task(cloud, server_id) == HELD[state],
                            'server %s to be held' % server_id)
            else:
                fx.wait_for(lambda: _settled(cloud, server_id),
                            'server %s to settle' % server_id)
    return ids


def _task(cloud, server_id):
    return cloud.get_server(server_id)['OS-EXT-STS:task_state']


def _settled(cloud, server_id):
    server = cloud.get_server(server_id)
    return server if server['OS-EXT-STS:task_state'] is None else None


def _settled_or_gone(cloud, server_id, waits_in=None):
    """The server with no task (or still in waits_in), or GONE once deleted."""
    resp = cloud.admin.get('/v2.1/servers/%s' % server_id)
    if resp.status == 404:
        return GONE
    server = resp.body['server']
    return server if server['OS-EXT-STS:task_state'] in (None, waits_in) else None


@pytest.fixture
def held(monkeypatch):
    """Spawns of 'building-*' servers and pauses of 'task-*' ones wait until
    held.set(); set on teardown whatever happened."""
    release = threading.Event()
    spawn, pause = fake.FakeDriver.spawn, fake.FakeDriver.pause

    def held_spawn(self, context, instance, *args, **kwargs):
        if instance.display_name.startswith('building-'):
            release.wait(HOLD)
        return spawn(self, context, instance, *args, **kwargs)

    def held_pause(self, context, instance):
        if instance.display_name.startswith('task-'):
            release.wait(HOLD)
        return pause(self, context, instance)
    monkeypatch.setattr(fake.FakeDriver, 'spawn', held_spawn)
    monkeypatch.setattr(fake.FakeDriver, 'pause', held_pause)
    yield release
    release.set()


@pytest.fixture
def glance_matrix_cloud(make_cloud, max_microversion):
    max_microversion('2.17')  # trigger_crash_dump
    glance = fake_glance.FakeGlance([fake_glance.image(fx.IMAGE_ID)]).start()
    yield make_cloud(CLOUD + (('enabled', True, 'glance'),
                              ('endpoint_override', glance.endpoint, 'glance'),
                              ('auth_type', 'none', 'glance')))
    glance.stop()


def test_every_action_from_every_state(glance_matrix_cloud, held):
    cloud = glance_matrix_cloud
    client = cloud.client('admin', 'admin', microversion='2.17')
    accepted = {}
    for state in STATES:
        ids = _servers_in(cloud, client, state, len(ACCEPTED))
        for server_id, action in zip(ids, ACCEPTED):
            resp = _act(client, server_id, action)
            expected = ACCEPTED[action].get(state)
            if (action, state) in OTHER_CODES:
                assert resp.status == OTHER_CODES[action, state], (action, state, resp)
                accepted[(action, state)] = (server_id, AS_IS[state])
                continue
            assert resp.status == (SUCCESS.get(action, 202) if expected else 409), (
                action, state, resp)
            if expected:
                accepted[(action, state)] = (server_id, expected)
                continue
            message = resp.body['conflictingRequest']['message']
            if (action, state) in OTHER_CONFLICTS:
                assert message == OTHER_CONFLICTS[action, state] % server_id
                continue
            assert message.startswith("Cannot '%s' instance %s while it is in " % (
                CONFLICT_NAMES.get(action, action), server_id)), (action, state, message)
    # what does not wait on a held server settles first; then they are let go
    for (action, state), (server_id, _) in accepted.items():
        fx.wait_for(lambda: _settled_or_gone(cloud, server_id, HELD.get(state)),
                    '%s from %s' % (action, state))
    held.set()
    for (action, state), (server_id, expected) in accepted.items():
        server = fx.wait_for(lambda: _settled_or_gone(cloud, server_id),
                             '%s from %s' % (action, state))
        if expected == GONE:
            assert server == GONE, (action, state, server)
            continue
        assert server != GONE, (action, state)
        assert (server['OS-EXT-STS:vm_state'], server['OS-EXT-STS:task_state'],
                server['OS-EXT-STS:power_state'], server['status']) == (
            expected[0], None, expected[1], expected[2]), (action, state)


@pytest.mark.parametrize('start', ['active', 'stopped'])
def test_stop_twice_gives_upstreams_conflict(cloud, start):
    server = cloud.boot('twice')
    sid = server['id']
    if start == 'stopped':
        assert cloud.admin.post('/v2.1/servers/%s/action' % sid, {'os-stop': None}).status == 202
        cloud.wait_for_state(sid, 'SHUTOFF')
        resp = cloud.admin.post('/v2.1/servers/%s/action' % sid, {'os-stop': None})
        assert resp.status == 409
        assert resp.body['conflictingRequest']['message'] == (
            "Cannot 'stop' instance %s while it is in vm_state stopped" % sid)
    else:
        # two racing stops: the first takes the task, the second finds it taken
        first = cloud.admin.post('/v2.1/servers/%s/action' % sid, {'os-stop': None})
        second = cloud.admin.post('/v2.1/servers/%s/action' % sid, {'os-stop': None})
        assert sorted([first.status, second.status]) in ([202, 409],)
        cloud.wait_for_state(sid, 'SHUTOFF')


def test_a_locked_server_is_the_admins(cloud):
    server = cloud.boot('locked', client=cloud.member)
    sid = server['id']
    assert cloud.admin.post('/v2.1/servers/%s/action' % sid, {'lock': None}).status == 202
    for action in ('os-stop', 'pause', 'suspend', 'rescue', 'shelve', 'reboot-hard'):
        resp = cloud.member.post('/v2.1/servers/%s/action' % sid, _body(action))
        assert resp.status == 409, (action, resp)
        assert resp.body['conflictingRequest']['message'] == 'Instance %s is locked' % sid
    # the owner cannot lift an admin's lock
    assert cloud.member.post('/v2.1/servers/%s/action' % sid, {'unlock': None}).status == 403
    assert cloud.admin.post('/v2.1/servers/%s/action' % sid, {'os-stop': None}).status == 202
    cloud.wait_for_state(sid, 'SHUTOFF')
    assert cloud.admin.post('/v2.1/servers/%s/action' % sid, {'unlock': None}).status == 202
    assert cloud.member.post('/v2.1/servers/%s/action' % sid, {'os-start': None}).status == 202
    cloud.wait_for_state(sid, 'ACTIVE')
