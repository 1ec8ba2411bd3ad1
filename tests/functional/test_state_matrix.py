"""The state machine of the server actions, through the real services: every
action from every starting state, its HTTP code and, when it is accepted,
the vm_state/task_state/power_state/status it ends in (upstream's rules)."""
import pytest

from tests.functional import conftest as fx

NANO = '42'
RUNNING, SHUTDOWN, PAUSED, SUSPENDED = 1, 4, 3, 7
ACTIVE = ('active', RUNNING, 'ACTIVE')
STOPPED = ('stopped', SHUTDOWN, 'SHUTOFF')
OFFLOADED = ('shelved_offloaded', SHUTDOWN, 'SHELVED_OFFLOADED')

# starting state -> the actions that bring a fresh ACTIVE server there
SETUP = {
    'active': [],
    'stopped': [{'os-stop': None}],
    'paused': [{'pause': None}],
    'suspended': [{'suspend': None}],
    'rescued': [{'rescue': None}],
    'shelved_offloaded': [{'shelve': None}],
    'error': [{'os-resetState': {'state': 'error'}}],
    'soft-delete': ['DELETE'],
}
STATES = list(SETUP)

# action -> {starting state: (vm_state, power_state, status) it ends in}; every
# other starting state answers 409.
ACCEPTED = {
    'os-stop': {'active': STOPPED, 'error': STOPPED},
    'os-start': {'stopped': ACTIVE},
    'reboot-soft': {'active': ACTIVE},
    'reboot-hard': {s: ACTIVE for s in ('active', 'stopped', 'paused', 'suspended', 'error')},
    'pause': {'active': ('paused', PAUSED, 'PAUSED')},
    'unpause': {'paused': ACTIVE},
    'suspend': {'active': ('suspended', SUSPENDED, 'SUSPENDED')},
    'resume': {'suspended': ACTIVE},
    'rescue': {s: ('rescued', RUNNING, 'RESCUE') for s in ('active', 'stopped', 'error')},
    'unrescue': {'rescued': ACTIVE},
    'rebuild': {'active': ACTIVE, 'stopped': STOPPED, 'error': ACTIVE},
    'shelve': {s: OFFLOADED for s in ('active', 'stopped', 'paused', 'suspended')},
    'shelveOffload': {},
    'unshelve': {'shelved_offloaded': ACTIVE},
    'restore': {'soft-delete': ACTIVE},
    'trigger_crash_dump': {'active': ACTIVE, 'rescued': ('rescued', RUNNING, 'RESCUE'),
                           'error': ('error', RUNNING, 'ERROR')},
}
BODIES = {'reboot-soft': {'reboot': {'type': 'SOFT'}},
          'reboot-hard': {'reboot': {'type': 'HARD'}},
          'rebuild': {'rebuild': {'imageRef': fx.IMAGE_ID}}}
# upstream's other 409s: a paused guest is not running; an offloaded server has
# no host to stop or start it (check_instance_host comes before the state check)
OTHER_CONFLICTS = {('trigger_crash_dump', 'paused'): 'Instance %s is not running.',
                   ('os-stop', 'shelved_offloaded'): 'Instance %s is not ready',
                   ('os-start', 'shelved_offloaded'): 'Instance %s is not ready'}
SUCCESS = {'rescue': 200}  # rescue answers the rescue password
# how upstream's 409 names the action
CONFLICT_NAMES = {'os-stop': 'stop', 'os-start': 'start', 'reboot-soft': 'reboot',
                  'reboot-hard': 'reboot'}
CLOUD = (('reclaim_instance_interval', 3600, None), ('vcpus', 64, 'fake_driver'),
         ('memory_mb', 65536, 'fake_driver'), ('instances', -1, 'quota'),
         ('cores', -1, 'quota'), ('ram', -1, 'quota'))


def _body(action):
    return BODIES.get(action, {action: None})


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
        cloud.wait_for_state(server_id, 'ACTIVE')
    for step in SETUP[state]:
        for server_id in ids:
            if step == 'DELETE':
                assert client.delete('/v2.1/servers/%s' % server_id).status == 204
            else:
                resp = cloud.admin.post('/v2.1/servers/%s/action' % server_id, step)
                assert resp.status in (200, 202), resp
        for server_id in ids:
            fx.wait_for(lambda: _settled(cloud, server_id), 'server %s to settle' % server_id)
    return ids


def _settled(cloud, server_id):
    server = cloud.get_server(server_id)
    return server if server['OS-EXT-STS:task_state'] is None else None


def test_every_action_from_every_state(make_cloud, max_microversion):
    max_microversion('2.17')  # trigger_crash_dump
    cloud = make_cloud(CLOUD)
    client = cloud.client('admin', 'admin', microversion='2.17')
    accepted = {}
    for state in STATES:
        ids = _servers_in(cloud, client, state, len(ACCEPTED))
        for server_id, action in zip(ids, ACCEPTED):
            resp = client.post('/v2.1/servers/%s/action' % server_id, _body(action))
            expected = ACCEPTED[action].get(state)
            assert resp.status == (SUCCESS.get(action, 202) if expected else 409), (
                action, state, resp)
            if expected:
                accepted[(action, state)] = (server_id, expected)
            else:
                message = resp.body['conflictingRequest']['message']
                if (action, state) in OTHER_CONFLICTS:
                    assert message == OTHER_CONFLICTS[action, state] % server_id
                    continue
                assert message.startswith("Cannot '%s' instance %s while it is in " % (
                    CONFLICT_NAMES.get(action, action), server_id)), (action, state, message)
    for (action, state), (server_id, (vm_state, power, status)) in accepted.items():
        server = fx.wait_for(lambda: _settled(cloud, server_id), '%s from %s' % (action, state))
        assert (server['OS-EXT-STS:vm_state'], server['OS-EXT-STS:power_state'],
                server['status']) == (vm_state, power, status), (action, state)


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
