"""The boot flow end to end: API -> conductor -> scheduler -> compute."""
import collections

from nova_lite import objects
from tests.functional import conftest as fx

# upstream servers/server-create-resp.json
CREATE_RESPONSE_KEYS = {'OS-DCF:diskConfig', 'adminPass', 'id', 'links', 'security_groups'}
# upstream servers/server-create-req.json, in the zone every nova-lite host is in
SAMPLE_CREATE_REQUEST = {
    'server': {
        'accessIPv4': '1.2.3.4',
        'accessIPv6': '80fe::',
        'name': 'new-server-test',
        'imageRef': fx.IMAGE_ID,
        'flavorRef': '1',
        'availability_zone': 'nova',
        'OS-DCF:diskConfig': 'AUTO',
        'metadata': {'My Server Name': 'Apache1'},
        'personality': [{'path': '/etc/banner.txt', 'contents': 'ICAgICAgDQoiQSBjbG91ZCBk'}],
        'security_groups': [{'name': 'default'}],
        'user_data': 'IyEvYmluL2Jhc2gKL2Jpbi9zdQplY2hvICJJIGFtIGluIHlvdSEiCg==',
    },
    'OS-SCH-HNT:scheduler_hints': {'same_host': '48e6a9f6-30af-47e0-bc04-acaed113bb4e'},
}
SCHEDULE_EVENT = 'conductor_schedule_and_build_instances'
BUILD_EVENT = 'compute__do_build_and_run_instance'


def test_create_answers_202_with_upstream_keys(cloud):
    resp = cloud.admin.create_server('web-1')

    assert resp.status == 202, resp
    server = resp.body['server']
    assert set(server) == CREATE_RESPONSE_KEYS
    assert [link['rel'] for link in server['links']] == ['self', 'bookmark']
    assert server['links'][0]['href'].endswith('/v2.1/servers/%s' % server['id'])
    assert len(server['adminPass']) >= 8
    assert server['security_groups'] == [{'name': 'default'}]
    cloud.wait_for_state(server['id'], 'ACTIVE')


def test_create_answers_the_named_security_groups_once(cloud):
    # found by tests/integration/test_api_fuzz.py: [{}, {}] was echoed back as is
    resp = cloud.member.create_server('web-2', security_groups=[
        {}, {'name': 'web'}, {'name': 'web'}, {'name': 'ssh'}])
    assert resp.status == 202, resp
    assert resp.body['server']['security_groups'] == [{'name': 'web'}, {'name': 'ssh'}]
    resp = cloud.member.create_server('web-3', security_groups=[{}])
    assert resp.body['server']['security_groups'] == [{'name': 'default'}]


def test_upstream_sample_request_boots(cloud):
    resp = cloud.member.post('/v2.1/servers', SAMPLE_CREATE_REQUEST)
    assert resp.status == 202, resp
    assert set(resp.body['server']) == CREATE_RESPONSE_KEYS
    assert resp.body['server']['OS-DCF:diskConfig'] == 'AUTO'

    server = cloud.wait_for_state(resp.body['server']['id'], 'ACTIVE')
    assert (server['accessIPv4'], server['accessIPv6']) == ('1.2.3.4', '80fe::')
    assert server['metadata'] == {'My Server Name': 'Apache1'}
    assert server['name'] == 'new-server-test'
    assert server['OS-EXT-AZ:availability_zone'] == 'nova'


def test_server_goes_active_on_a_compute_host(cloud):
    resp = cloud.admin.create_server('web-1')
    server = cloud.wait_for_state(resp.body['server']['id'], 'ACTIVE')

    assert server['OS-EXT-SRV-ATTR:host'] in fx.COMPUTE_HOSTS
    assert server['OS-EXT-SRV-ATTR:hypervisor_hostname'] == server['OS-EXT-SRV-ATTR:host']
    assert server['OS-EXT-SRV-ATTR:instance_name'].startswith('instance-')
    assert server['OS-EXT-STS:vm_state'] == 'active'
    assert server['OS-EXT-STS:task_state'] is None
    assert server['OS-EXT-STS:power_state'] == 1
    assert server['OS-SRV-USG:launched_at']
    assert server['OS-EXT-AZ:availability_zone'] == 'nova'
    assert server['hostId']
    assert server['flavor']['id'] == fx.TINY
    assert server['image']['id'] == fx.IMAGE_ID
    assert server['name'] == 'web-1'
    assert 'fault' not in server


def test_member_server_is_active_and_hides_host_attributes(cloud):
    resp = cloud.member.create_server('mine')
    assert resp.status == 202, resp
    server_id = resp.body['server']['id']
    cloud.wait_for_state(server_id, 'ACTIVE')

    server = cloud.member.get('/v2.1/servers/%s' % server_id).body['server']
    assert server['status'] == 'ACTIVE'
    assert server['tenant_id'] == 'demo-project'
    assert server['user_id'] == 'demo'
    assert not [key for key in server if key.startswith('OS-EXT-SRV-ATTR:')]


def test_boots_spread_over_both_hosts_by_free_ram(cloud):
    hosts = []
    for index in range(4):
        server = cloud.boot('spread-%d' % index)
        hosts.append(server['OS-EXT-SRV-ATTR:host'])

    # the RAM weigher sends each boot to the host with more free RAM
    assert hosts[0] != hosts[1]
    assert collections.Counter(hosts) == {'host1': 2, 'host2': 2}
    for host in fx.COMPUTE_HOSTS:
        assert cloud.hypervisor(host)['memory_mb_used'] == fx.RESERVED_MB + 2 * 512


def test_stacks_when_the_ram_weigher_is_negative(make_cloud):
    # the CPU and disk weighers spread too: an operator who stacks turns all three
    cloud = make_cloud([('ram_weight_multiplier', -1.0, 'filter_scheduler'),
                        ('cpu_weight_multiplier', -1.0, 'filter_scheduler'),
                        ('disk_weight_multiplier', -1.0, 'filter_scheduler')])
    hosts = {cloud.boot('stack-%d' % index)['OS-EXT-SRV-ATTR:host'] for index in range(3)}
    assert len(hosts) == 1


def test_create_records_an_action_followed_by_request_id(cloud, ctxt):
    resp = cloud.admin.create_server('traced')
    request_id = resp.headers['x-openstack-request-id']
    assert request_id.startswith('req-')
    server_id = resp.body['server']['id']
    server = cloud.wait_for_state(server_id, 'ACTIVE')

    actions = objects.InstanceActionList.get_by_instance_uuid(ctxt, server_id)
    assert [(a.action, a.request_id) for a in actions] == [('create', request_id)]
    action = actions[0]
    assert (action.user_id, action.project_id) == ('admin', 'admin')

    def finished_events():
        events = objects.InstanceActionEventList.get_by_action(ctxt, action.id)
        return events if all(e.finish_time for e in events) and len(events) == 2 else None

    events = {e.event: e for e in fx.wait_for(finished_events, 'both create events to finish')}
    assert set(events) == {SCHEDULE_EVENT, BUILD_EVENT}
    assert events[SCHEDULE_EVENT].host == fx.CONTROLLER
    assert events[BUILD_EVENT].host == server['OS-EXT-SRV-ATTR:host']
    assert {e.result for e in events.values()} == {'Success'}


def test_multiple_create_with_min_count(cloud):
    resp = cloud.admin.create_server('multi', min_count=2)
    assert resp.status == 202, resp

    servers = cloud.admin.get('/v2.1/servers/detail').body['servers']
    names = sorted(s['name'] for s in servers)
    assert names == ['multi-1', 'multi-2']
    for server in servers:
        cloud.wait_for_state(server['id'], 'ACTIVE')


def test_return_reservation_id(cloud):
    resp = cloud.admin.create_server('reserved', return_reservation_id=True)
    assert resp.status == 202, resp
    assert set(resp.body) == {'reservation_id'}
    assert resp.body['reservation_id'].startswith('r-')
