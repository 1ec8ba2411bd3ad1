"""os-instance-actions: every action recorded with the request that started it;
events for admins (and for members from 2.51), tracebacks for admins only; a
deleted server's actions from 2.21; limit/marker/changes-since from 2.58."""
import urllib.parse

import pytest

from nova_lite import exception
from nova_lite.api import api_version
from nova_lite.virt import fake
from tests.functional import conftest as fx


def _act(cloud, client, server_id, body, status):
    resp = client.post('/v2.1/servers/%s/action' % server_id, body)
    assert resp.status == 202, resp
    cloud.wait_for_state(server_id, status)
    return resp.headers['x-openstack-request-id']


def _actions(client, server_id, query=''):
    resp = client.get('/v2.1/servers/%s/os-instance-actions%s' % (server_id, query))
    assert resp.status == 200, resp
    return resp.body


def _show(client, server_id, request_id):
    resp = client.get('/v2.1/servers/%s/os-instance-actions/%s' % (server_id, request_id))
    assert resp.status == 200, resp
    return resp.body['instanceAction']


def test_reset_state_is_recorded_with_its_request(cloud):
    server = cloud.boot('reset', client=cloud.member)
    resp = cloud.admin.post('/v2.1/servers/%s/action' % server['id'],
                            {'os-resetState': {'state': 'error'}})
    assert resp.status == 202, resp
    request_id = resp.headers['x-openstack-request-id']
    newest = _actions(cloud.member, server['id'])['instanceActions'][0]
    assert (newest['action'], newest['request_id'], newest['user_id'],
            newest['project_id']) == ('resetState', request_id, 'admin', 'admin')
    assert cloud.get_server(server['id'])['status'] == 'ERROR'


@pytest.fixture
def failed_pause(cloud, monkeypatch):
    """A member's server whose pause failed in the hypervisor: (server id, request id)."""
    server = cloud.boot('unpausable', client=cloud.member)

    def broken(self, context, instance):
        raise exception.NovaLiteException('the hypervisor said no')
    monkeypatch.setattr(fake.FakeDriver, 'pause', broken)
    resp = cloud.member.post('/v2.1/servers/%s/action' % server['id'], {'pause': None})
    assert resp.status == 202, resp
    request_id = resp.headers['x-openstack-request-id']

    def failed():
        events = _show(cloud.admin, server['id'], request_id).get('events', [])
        return events if events and events[0]['finish_time'] else None
    fx.wait_for(failed, 'the pause to fail')
    return server['id'], request_id


def test_tracebacks_are_for_admins_and_events_for_members_from_2_51(cloud, failed_pause):
    server_id, request_id = failed_pause
    admin = _show(cloud.admin, server_id, request_id)
    (event,) = admin['events']
    assert (event['event'], event['result']) == ('compute_pause_instance', 'Error')
    assert 'the hypervisor said no' in event['traceback']
    assert 'Traceback' in event['traceback']
    # a member sees no events before 2.51, and never a traceback
    before = _show(cloud.client('demo', 'demo-project', '2.50'), server_id, request_id)
    assert 'events' not in before
    after = _show(cloud.client('demo', 'demo-project', '2.51'), server_id, request_id)
    assert [(e['event'], e['result']) for e in after['events']] == [
        ('compute_pause_instance', 'Error')]
    assert 'traceback' not in after['events'][0]
    assert set(after['events'][0]) == {'event', 'start_time', 'finish_time', 'result'}
    # the server is still ACTIVE (the fault is shown only in ERROR, as upstream)
    cloud.wait_for_state(server_id, 'ACTIVE')


def test_a_deleted_servers_actions_from_2_21(cloud):
    server = cloud.boot('gone', client=cloud.member)
    resp = cloud.member.delete('/v2.1/servers/%s' % server['id'])
    assert resp.status == 204
    delete_request = resp.headers['x-openstack-request-id']
    cloud.wait_for_deleted(server['id'])
    old = cloud.client('demo', 'demo-project', '2.20')
    assert old.get('/v2.1/servers/%s/os-instance-actions' % server['id']).status == 404
    new = cloud.client('demo', 'demo-project', '2.21')
    actions = _actions(new, server['id'])['instanceActions']
    assert [a['action'] for a in actions] == ['delete', 'create']
    assert actions[0]['request_id'] == delete_request
    shown = _show(cloud.client('admin', 'admin', '2.21'), server['id'], delete_request)
    assert [(e['event'], e['result']) for e in shown['events']] == [
        ('compute_terminate_instance', 'Success')]


def _skip_above_max(version):
    if api_version.APIVersionRequest(version) > api_version.APIVersionRequest(
            api_version.MAX_VERSION):
        pytest.skip('%s is above MAX_VERSION %s' % (version, api_version.MAX_VERSION))


def _next(body):
    links = body.get('links')
    if not links:
        return None
    assert [link['rel'] for link in links] == ['next']
    url = urllib.parse.urlsplit(links[0]['href'])
    return urllib.parse.parse_qs(url.query)


def test_paging_from_2_58(cloud):
    _skip_above_max('2.58')
    server = cloud.boot('paged', client=cloud.member)
    member = cloud.member
    requests = {}
    for body, status in (({'os-stop': None}, 'SHUTOFF'), ({'os-start': None}, 'ACTIVE'),
                         ({'pause': None}, 'PAUSED'), ({'unpause': None}, 'ACTIVE')):
        requests[next(iter(body))] = _act(cloud, member, server['id'], body, status)
    paging = cloud.client('demo', 'demo-project', '2.58')
    everything = _actions(paging, server['id'])['instanceActions']
    assert [a['action'] for a in everything] == ['unpause', 'pause', 'start', 'stop',
                                                 'create']
    assert all('updated_at' in a for a in everything)
    pages, query = [], '?limit=2'
    while query:
        body = _actions(paging, server['id'], query)
        pages.append([a['action'] for a in body['instanceActions']])
        params = _next(body)
        query = params and '?limit=%s&marker=%s' % (params['limit'][0], params['marker'][0])
    assert pages == [['unpause', 'pause'], ['start', 'stop'], ['create']]
    assert _next(_actions(paging, server['id'], '?limit=2'))['marker'] == [
        requests['pause']]
    # changes-since: the actions updated since the pause was
    since = next(a for a in everything if a['action'] == 'pause')['updated_at']
    body = _actions(paging, server['id'], '?changes-since=%s' % since)
    assert [a['action'] for a in body['instanceActions']] == ['unpause', 'pause']
    resp = paging.get('/v2.1/servers/%s/os-instance-actions?marker=nope' % server['id'])
    assert resp.status == 400, resp
    # before 2.58 there is no paging: every action, no links
    old = _actions(cloud.client('demo', 'demo-project', '2.57'), server['id'], '?limit=2')
    assert len(old['instanceActions']) == 5 and 'links' not in old
    assert 'updated_at' not in old['instanceActions'][0]


def _events(cloud, server_id, action):
    """{event: event body} of the server's action (as an admin at 2.62: with hosts)."""
    admin = cloud.client('admin', 'admin', '2.62')
    (found,) = [a for a in _actions(admin, server_id)['instanceActions']
                if a['action'] == action]
    return {e['event']: e for e in _show(admin, server_id, found['request_id'])['events']}


def test_the_saves_of_a_build_and_a_delete_record_their_events(cloud):
    """The compute's build and delete record their events' start and end with the
    saves they make anyway: one event each, started, finished, on the compute host."""
    server = cloud.boot('evented', client=cloud.member)
    host = cloud.get_server(server['id'])['OS-EXT-SRV-ATTR:host']
    build = _events(cloud, server['id'], 'create')['compute__do_build_and_run_instance']
    assert (build['result'], build['host']) == ('Success', host)
    assert build['start_time'] <= build['finish_time']
    assert cloud.member.delete('/v2.1/servers/%s' % server['id']).status == 204
    cloud.wait_for_deleted(server['id'])
    events = _events(cloud, server['id'], 'delete')
    assert list(events) == ['compute_terminate_instance']
    assert events['compute_terminate_instance']['result'] == 'Success'
    assert events['compute_terminate_instance']['finish_time']


def test_a_failed_build_ends_its_started_event_in_error(make_cloud):
    cloud = make_cloud([('max_attempts', 1, 'scheduler'),
                        ('fail_spawn_for_names', ['doomed'], 'fake_driver')])
    resp = cloud.admin.create_server('doomed')
    server_id = resp.body['server']['id']
    cloud.wait_for_state(server_id, 'ERROR')
    build = _events(cloud, server_id, 'create')['compute__do_build_and_run_instance']
    assert build['result'] == 'Error' and build['host'] in fx.COMPUTE_HOSTS
    assert build['start_time'] <= build['finish_time']
    assert 'Fake driver failed to spawn doomed' in build['traceback']
