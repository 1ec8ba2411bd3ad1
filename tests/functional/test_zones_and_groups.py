"""os-aggregates, os-availability-zone, os-server-groups, and booting into a
zone or a group, shaped as upstream's samples."""
import threading

import pytest

from nova_lite import objects
from tests.functional import conftest as fx

AGG_KEYS = {'availability_zone', 'created_at', 'deleted', 'deleted_at', 'id', 'name',
            'updated_at'}


def _aggregate(cloud, name, zone=None, hosts=()):
    resp = cloud.admin.post('/v2.1/os-aggregates',
                            {'aggregate': {'name': name, 'availability_zone': zone}})
    assert resp.status == 200, resp
    agg = resp.body['aggregate']
    for host in hosts:
        resp = cloud.admin.post('/v2.1/os-aggregates/%s/action' % agg['id'],
                                {'add_host': {'host': host}})
        assert resp.status == 200, resp
    return agg


def test_aggregate_lifecycle(cloud, max_microversion):
    created = _aggregate(cloud, 'name', 'london')
    # upstream os-aggregates/aggregate-post-resp.json
    assert set(created) == AGG_KEYS
    assert (created['availability_zone'], created['deleted'], created['deleted_at']) == (
        'london', False, None)
    path = '/v2.1/os-aggregates/%s' % created['id']
    resp = cloud.admin.post(path + '/action', {'add_host': {'host': 'host1'}})
    assert resp.body['aggregate']['hosts'] == ['host1']
    assert resp.body['aggregate']['metadata'] == {'availability_zone': 'london'}
    resp = cloud.admin.post(path + '/action', {'set_metadata': {'metadata': {'key': 'value'}}})
    assert resp.body['aggregate']['metadata'] == {'availability_zone': 'london',
                                                  'key': 'value'}
    resp = cloud.admin.post(path + '/action', {'set_metadata': {'metadata': {'key': None}}})
    assert resp.body['aggregate']['metadata'] == {'availability_zone': 'london'}
    resp = cloud.admin.request('PUT', path, body={'aggregate': {'name': 'newname'}})
    assert resp.status == 200 and resp.body['aggregate']['name'] == 'newname'
    listed = cloud.admin.get('/v2.1/os-aggregates').body['aggregates']
    assert [a['name'] for a in listed] == ['newname']
    max_microversion('2.41')
    assert 'uuid' in cloud.client('admin', 'admin', '2.41').get(path).body['aggregate']

    resp = cloud.admin.delete(path)
    assert resp.status == 400  # not empty
    cloud.admin.post(path + '/action', {'remove_host': {'host': 'host1'}})
    assert cloud.admin.delete(path).status == 200
    assert cloud.admin.get(path).status == 404


def test_aggregate_errors(cloud):
    agg = _aggregate(cloud, 'a1', 'zone-a', hosts=['host1'])
    path = '/v2.1/os-aggregates/%s' % agg['id']
    resp = cloud.admin.post('/v2.1/os-aggregates', {'aggregate': {'name': 'a1'}})
    assert resp.status == 409
    assert resp.body['conflictingRequest']['message'] == 'Aggregate a1 already exists.'
    # a host is in one zone at most
    other = _aggregate(cloud, 'a2', 'zone-b')
    resp = cloud.admin.post('/v2.1/os-aggregates/%s/action' % other['id'],
                            {'add_host': {'host': 'host1'}})
    assert resp.status == 409
    assert resp.body['conflictingRequest']['message'] == (
        "Cannot add host to aggregate %s. Reason: One or more hosts already in "
        "availability zone(s) ['zone-a']." % other['id'])
    resp = cloud.admin.post(path + '/action', {'add_host': {'host': 'host1'}})
    assert resp.status == 409
    resp = cloud.admin.post(path + '/action', {'add_host': {'host': 'nowhere'}})
    assert resp.status == 404
    assert resp.body['itemNotFound']['message'] == 'Compute host nowhere could not be found.'
    # upstream's message whether the host or the aggregate is missing
    for agg_id, host in ((agg['id'], 'host2'), (999, 'host1')):
        resp = cloud.admin.post('/v2.1/os-aggregates/%s/action' % agg_id,
                                {'remove_host': {'host': host}})
        assert resp.status == 404
        assert resp.body['itemNotFound']['message'] == (
            'Cannot remove host %s in aggregate %s' % (host, agg_id))
    # as upstream's update: a zone refused is 400, a name in use 409
    resp = cloud.admin.request('PUT', path, body={'aggregate': {'availability_zone':
                                                                 'internal'}})
    assert resp.status == 400
    assert resp.body['badRequest']['message'] == (
        'Cannot update aggregate %s. Reason: Availability zone internal is the zone of '
        'internal services.' % agg['id'])
    resp = cloud.admin.post(path + '/action', {'set_metadata': {'metadata': {
        'availability_zone': 'internal'}}})
    assert resp.status == 400
    assert resp.body['badRequest']['message'].startswith(
        'Cannot update metadata of aggregate %s. Reason: ' % agg['id'])
    resp = cloud.admin.request('PUT', path, body={'aggregate': {'name': 'a2'}})
    assert resp.status == 409
    assert resp.body['conflictingRequest']['message'] == 'Aggregate a2 already exists.'
    assert cloud.admin.get(path).body['aggregate']['name'] == 'a1'
    assert cloud.admin.post('/v2.1/os-aggregates', {'aggregate': {
        'name': 'x', 'availability_zone': 'a:b'}}).status == 400
    assert cloud.admin.post('/v2.1/os-aggregates', {'aggregate': {}}).status == 400
    assert cloud.member.get('/v2.1/os-aggregates').status == 403
    assert cloud.admin.get('/v2.1/os-aggregates/999').status == 404


def test_availability_zones_and_booting_into_one(cloud):
    # upstream os-availability-zone/availability-zone-list-resp.json
    assert cloud.member.get('/v2.1/os-availability-zone').body == {'availabilityZoneInfo': [
        {'zoneName': 'nova', 'zoneState': {'available': True}, 'hosts': None}]}
    _aggregate(cloud, 'west', 'west', hosts=['host2'])
    zones = cloud.member.get('/v2.1/os-availability-zone').body['availabilityZoneInfo']
    assert [z['zoneName'] for z in zones] == ['nova', 'west']
    detail = cloud.admin.get('/v2.1/os-availability-zone/detail').body['availabilityZoneInfo']
    hosts = {z['zoneName']: z['hosts'] for z in detail}
    assert set(hosts) == {'internal', 'nova', 'west'}
    assert set(hosts['west']) == {'host2'}
    assert set(hosts['west']['host2']['nova-compute']) == {'available', 'active', 'updated_at'}
    assert cloud.member.get('/v2.1/os-availability-zone/detail').status == 403
    services = cloud.admin.get('/v2.1/os-services?host=host2').body['services']
    assert services[0]['zone'] == 'west'

    for _ in range(3):
        resp = cloud.member.create_server('in-west', availability_zone='west')
        server = cloud.wait_for_state(resp.body['server']['id'], 'ACTIVE')
        assert (server['OS-EXT-AZ:availability_zone'], server['OS-EXT-SRV-ATTR:host']) == (
            'west', 'host2')
    server = cloud.boot('anywhere')
    assert server['OS-EXT-AZ:availability_zone'] == (
        'west' if server['OS-EXT-SRV-ATTR:host'] == 'host2' else 'nova')
    resp = cloud.member.create_server('nowhere', availability_zone='east')
    assert resp.status == 400
    assert resp.body['badRequest']['message'] == (
        'The requested availability zone is not available')


def test_forced_host_is_for_admins(cloud):
    resp = cloud.admin.create_server('forced', availability_zone='nova:host1')
    server = cloud.wait_for_state(resp.body['server']['id'], 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == 'host1'
    resp = cloud.member.create_server('forced', availability_zone='nova:host1')
    assert resp.status == 403


@pytest.mark.parametrize('zone, host', [('nova:host2:host2', 'host2'),
                                        ('nova::host1', 'host1'),  # the node alone
                                        ('nova:host1', 'host1')])
def test_forced_zone_host_node(cloud, zone, host):
    for index in range(2):  # not where the weighers would spread the second one
        resp = cloud.admin.create_server('forced-%d' % index, availability_zone=zone)
        assert resp.status == 202, resp
        server = cloud.wait_for_state(resp.body['server']['id'], 'ACTIVE')
        assert (server['OS-EXT-SRV-ATTR:host'],
                server['OS-EXT-SRV-ATTR:hypervisor_hostname']) == (host, host)


def test_forced_to_an_unknown_node_is_no_valid_host(cloud):
    resp = cloud.admin.create_server('lost', availability_zone='nova:host1:nosuchnode')
    server = cloud.wait_for_state(resp.body['server']['id'], 'ERROR')
    assert server['fault']['message'].startswith('No valid host was found.')


@pytest.mark.parametrize('version, request_body, expected', [
    # upstream os-server-groups/server-groups-post-req.json / -resp.json, v2.13, v2.64
    ('2.1', {'name': 'test', 'policies': ['anti-affinity']},
     {'name': 'test', 'policies': ['anti-affinity'], 'members': [], 'metadata': {}}),
    ('2.13', {'name': 'test', 'policies': ['anti-affinity']},
     {'name': 'test', 'policies': ['anti-affinity'], 'members': [], 'metadata': {},
      'project_id': 'demo-project', 'user_id': 'demo'}),
    # 2.15: the soft policies, in the 2.13 shape
    ('2.15', {'name': 'test', 'policies': ['soft-affinity']},
     {'name': 'test', 'policies': ['soft-affinity'], 'members': [], 'metadata': {},
      'project_id': 'demo-project', 'user_id': 'demo'}),
    ('2.15', {'name': 'test', 'policies': ['soft-anti-affinity']},
     {'name': 'test', 'policies': ['soft-anti-affinity'], 'members': [], 'metadata': {},
      'project_id': 'demo-project', 'user_id': 'demo'}),
    ('2.64', {'name': 'test', 'policy': 'anti-affinity', 'rules': {'max_server_per_host': 3}},
     {'name': 'test', 'policy': 'anti-affinity', 'rules': {'max_server_per_host': 3},
      'members': [], 'project_id': 'demo-project', 'user_id': 'demo'}),
])
def test_server_group_shapes(cloud, max_microversion, version, request_body, expected):
    max_microversion('2.64')
    client = cloud.client('demo', 'demo-project', version)
    resp = client.post('/v2.1/os-server-groups', {'server_group': request_body})
    assert resp.status == 200, resp
    group = resp.body['server_group']
    assert {k: v for k, v in group.items() if k != 'id'} == expected
    assert client.get('/v2.1/os-server-groups/%s' % group['id']).body == {'server_group': group}
    assert client.get('/v2.1/os-server-groups').body == {'server_groups': [group]}
    # as upstream: another project's group is not found (nor can it be booted into)
    assert cloud.other.get('/v2.1/os-server-groups/%s' % group['id']).status == 404
    assert client.delete('/v2.1/os-server-groups/%s' % group['id']).status == 204
    assert client.get('/v2.1/os-server-groups/%s' % group['id']).status == 404


def test_server_group_errors(cloud, max_microversion):
    post = cloud.member.post
    assert post('/v2.1/os-server-groups', {'server_group': {
        'name': 'g', 'policies': ['soft-affinity']}}).status == 400  # from 2.15
    assert post('/v2.1/os-server-groups', {'server_group': {
        'name': 'g', 'policies': ['affinity', 'anti-affinity']}}).status == 400
    assert post('/v2.1/os-server-groups', {'server_group': {'name': 'g'}}).status == 400
    max_microversion('2.64')
    resp = cloud.client('demo', 'demo-project', '2.64').post('/v2.1/os-server-groups', {
        'server_group': {'name': 'g', 'policy': 'affinity',
                         'rules': {'max_server_per_host': 2}}})
    assert resp.status == 400
    assert cloud.member.get('/v2.1/os-server-groups/%s' % ('0' * 36)).status == 404
    assert cloud.member.get('/v2.1/os-server-groups?all_projects=True').status == 200


def _group(cloud, policy):
    resp = cloud.member.post('/v2.1/os-server-groups',
                             {'server_group': {'name': policy, 'policies': [policy]}})
    return resp.body['server_group']['id']


@pytest.mark.parametrize('policy, distinct_hosts', [('anti-affinity', 2), ('affinity', 1)])
def test_boot_into_a_group(cloud, policy, distinct_hosts):
    group_id = _group(cloud, policy)
    resp = cloud.member.post('/v2.1/servers', {
        'server': {'name': 'grouped', 'flavorRef': '1',
                   'imageRef': '70a599e0-31e7-49b7-b260-868f441e862b',
                   'min_count': 2, 'max_count': 2, 'return_reservation_id': True},
        'os:scheduler_hints': {'group': group_id}})
    assert resp.status == 202, resp
    members = cloud.member.get('/v2.1/os-server-groups/%s' % group_id).body[
        'server_group']['members']
    assert len(members) == 2
    hosts = {cloud.wait_for_state(uuid, 'ACTIVE')['OS-EXT-SRV-ATTR:host'] for uuid in members}
    assert len(hosts) == distinct_hosts
    # a third member of an anti-affinity group has no host left
    if policy == 'anti-affinity':
        resp = cloud.member.post('/v2.1/servers', {
            'server': {'name': 'third', 'flavorRef': '1',
                       'imageRef': '70a599e0-31e7-49b7-b260-868f441e862b'},
            'os:scheduler_hints': {'group': group_id}})
        third = cloud.wait_for_state(resp.body['server']['id'], 'ERROR')
        assert third['fault']['message'] == (
            'No valid host was found. There are not enough hosts available.')


def test_group_member_quota_and_unknown_group(cloud):
    group_id = _group(cloud, 'affinity')
    cloud.admin.request('PUT', '/v2.1/os-quota-sets/demo-project',
                        body={'quota_set': {'server_group_members': 1}})
    hints = {'os:scheduler_hints': {'group': group_id}}
    server = {'name': 's', 'flavorRef': '1', 'imageRef': '70a599e0-31e7-49b7-b260-868f441e862b'}
    assert cloud.member.post('/v2.1/servers', dict(hints, server=server)).status == 202
    resp = cloud.member.post('/v2.1/servers', dict(hints, server=server))
    assert resp.status == 403
    assert resp.body['forbidden']['message'] == 'Quota exceeded, too many servers in group'
    resp = cloud.member.post('/v2.1/servers', {'server': server, 'os:scheduler_hints': {
        'group': '9d0f1d5c-0000-4000-8000-000000000000'}})
    assert resp.status == 400
    assert resp.body['badRequest']['message'] == (
        'Instance group 9d0f1d5c-0000-4000-8000-000000000000 could not be found.')


def test_nobody_boots_into_another_projects_group(cloud):
    group = cloud.member.post('/v2.1/os-server-groups', {'server_group': {
        'name': 'mine', 'policies': ['affinity']}}).body['server_group']
    resp = cloud.other.post('/v2.1/servers', {
        'server': {'name': 'intruder', 'flavorRef': fx.TINY, 'imageRef': fx.IMAGE_ID},
        'os:scheduler_hints': {'group': group['id']}})
    assert resp.status == 400, resp  # was 202: the server joined the group
    members = cloud.member.get('/v2.1/os-server-groups/%s' % group['id'])
    assert members.body['server_group']['members'] == []


def _group_at(client, policy):
    resp = client.post('/v2.1/os-server-groups',
                       {'server_group': {'name': policy, 'policies': [policy]}})
    assert resp.status == 200, resp
    return resp.body['server_group']['id']


def _boot_into(client, group_id, name, flavor_ref=fx.TINY):
    resp = client.post('/v2.1/servers', {
        'server': {'name': name, 'flavorRef': flavor_ref, 'imageRef': fx.IMAGE_ID},
        'os:scheduler_hints': {'group': group_id}})
    assert resp.status == 202, resp
    return resp.body['server']['id']


def test_soft_anti_affinity_shares_hosts_when_it_must(cloud):
    client = cloud.client('demo', 'demo-project', '2.15')
    group_id = _group_at(client, 'soft-anti-affinity')
    hosts = [cloud.wait_for_state(_boot_into(client, group_id, 'spread-%d' % index),
                                  'ACTIVE')['OS-EXT-SRV-ATTR:host'] for index in range(3)]
    assert sorted(hosts.count(host) for host in fx.COMPUTE_HOSTS) == [1, 2]


MEDIUM = '3'  # 4096 MB: one fits beside the reserved memory of a fake host, not two


@pytest.mark.parametrize('policy', ['soft-affinity', 'affinity'])
def test_affinity_with_no_room_left_beside_the_group(cloud, policy):
    """The second member does not fit on the first one's host: soft affinity falls
    back to the other host, hard affinity refuses it (ERROR, no valid host)."""
    client = cloud.client('demo', 'demo-project', '2.15')
    group_id = _group_at(client, policy)
    first = cloud.wait_for_state(_boot_into(client, group_id, 'first', MEDIUM), 'ACTIVE')
    second_id = _boot_into(client, group_id, 'second', MEDIUM)
    if policy == 'affinity':
        second = cloud.wait_for_state(second_id, 'ERROR')
        assert second['fault']['message'] == (
            'No valid host was found. There are not enough hosts available.')
        return
    second = cloud.wait_for_state(second_id, 'ACTIVE')
    assert {first['OS-EXT-SRV-ATTR:host'], second['OS-EXT-SRV-ATTR:host']} == set(
        fx.COMPUTE_HOSTS)
    third = cloud.wait_for_state(_boot_into(client, group_id, 'third'), 'ACTIVE')
    assert third['OS-EXT-SRV-ATTR:host'] in fx.COMPUTE_HOSTS


def test_racing_anti_affinity_boots_end_on_different_hosts(make_cloud, monkeypatch, ctxt):
    """Two single boots into one anti-affinity group at the same moment, each
    scheduled before the other's host is recorded: made certain here (the scheduler
    sees the members without hosts, and stacks), so both are sent to one host. Its
    compute builds one and reschedules the other, which ends on the other host."""
    stack = -1.0
    cloud = make_cloud([('ram_weight_multiplier', stack, 'filter_scheduler'),
                        ('cpu_weight_multiplier', stack, 'filter_scheduler'),
                        ('disk_weight_multiplier', stack, 'filter_scheduler')])
    monkeypatch.setattr(objects.InstanceGroup, 'get_hosts', lambda self, exclude=None: [])
    group_id = _group(cloud, 'anti-affinity')
    server_ids = []
    barrier = threading.Barrier(2)

    def boot(name):
        barrier.wait()
        server_ids.append(_boot_into(cloud.member, group_id, name))

    threads = [threading.Thread(target=boot, args=(name,)) for name in ('a', 'b')]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    hosts = {cloud.wait_for_state(server_id, 'ACTIVE')['OS-EXT-SRV-ATTR:host']
             for server_id in server_ids}
    assert hosts == set(fx.COMPUTE_HOSTS)
    faults = [objects.InstanceFault.get_latest_for_instance(ctxt, server_id)
              for server_id in server_ids]
    assert sorted(fault.message if fault else '' for fault in faults) == [
        '', 'Anti-affinity instance group policy was violated']
