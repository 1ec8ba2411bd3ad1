"""The server API at the microversions that changed it, shapes checked against
upstream's API samples (doc/api_samples/servers/...): the keys each sample has,
written down here; `security_groups` and real `addresses` need networking,
which nova-lite does not have."""
import datetime

import pytest
import sqlalchemy as sa

from nova_lite import context as nl_context
from nova_lite import objects
from nova_lite.db import api as db_api
from nova_lite.db import models
from tests.fakes import glance as fake_glance
from tests.functional import conftest as fx
from tests.functional import test_servers

SHOW_2_1 = test_servers.DETAIL_KEYS_2_1 - test_servers.NOT_SHOWN
# what each later sample (v2.3, v2.9, v2.16, v2.19, v2.26/2.47, v2.63, v2.73) adds
SHOW_ADDED = [
    ('2.3', {'OS-EXT-SRV-ATTR:hostname', 'OS-EXT-SRV-ATTR:kernel_id',
             'OS-EXT-SRV-ATTR:launch_index', 'OS-EXT-SRV-ATTR:ramdisk_id',
             'OS-EXT-SRV-ATTR:reservation_id', 'OS-EXT-SRV-ATTR:root_device_name',
             'OS-EXT-SRV-ATTR:user_data'}),
    ('2.9', {'locked'}), ('2.16', {'host_status'}), ('2.19', {'description'}),
    ('2.26', {'tags'}), ('2.63', {'trusted_image_certificates'}), ('2.73', {'locked_reason'})]
# servers/server-update-resp.json and server-action-rebuild-resp.json (2.1)
REDUCED_2_1 = {'OS-DCF:diskConfig', 'accessIPv4', 'accessIPv6', 'addresses', 'created',
               'flavor', 'hostId', 'id', 'image', 'links', 'metadata', 'name', 'progress',
               'status', 'tenant_id', 'updated', 'user_id'}
CREATE_RESPONSE = {'OS-DCF:diskConfig', 'adminPass', 'id', 'links', 'security_groups'}
NETWORK = '3cb9bc59-5699-4588-a4b1-b87f96708bc6'


def _show_keys(version):
    keys = set(SHOW_2_1)
    for since, added in SHOW_ADDED:
        if fx_version(version) >= fx_version(since):
            keys |= added
    return keys


def fx_version(version):
    major, minor = version.split('.')
    return int(major), int(minor)


@pytest.fixture
def server(cloud):
    return cloud.boot('versioned')


SHOW_VERSIONS = ('2.1', '2.2', '2.3', '2.8', '2.9', '2.15', '2.16', '2.18', '2.19', '2.25',
                 '2.26', '2.46', '2.47', '2.60', '2.62', '2.63', '2.70', '2.71', '2.72',
                 '2.73', '2.75')


def test_show_has_the_keys_of_upstreams_sample(at, server):
    for version in SHOW_VERSIONS:
        shown = at(version).get('/v2.1/servers/%s' % server['id']).body['server']
        # v2.71/server-get-resp.json: server_groups in the show, not in the detail
        groups = {'server_groups'} if fx_version(version) >= (2, 71) else set()
        assert set(shown) == _show_keys(version) | groups, version
        detailed = at(version).get('/v2.1/servers/detail').body['servers'][0]
        assert set(detailed) == _show_keys(version), version
        # 2.47 embeds the flavor as it was at boot
        if fx_version(version) >= (2, 47):
            assert set(shown['flavor']) == {'vcpus', 'ram', 'disk', 'ephemeral', 'swap',
                                            'original_name', 'extra_specs'}
        else:
            assert set(shown['flavor']) == {'id', 'links'}


def test_members_see_neither_host_status_nor_the_host(at, cloud):
    server = cloud.boot('mine', client=cloud.member)
    shown = at('2.16', 'demo', 'demo-project').get('/v2.1/servers/%s' % server['id'])
    assert 'host_status' not in shown.body['server']
    assert 'OS-EXT-SRV-ATTR:host' not in shown.body['server']


def test_host_status_follows_the_compute_service(at, cloud, server):
    def host_status():
        return at('2.16').get('/v2.1/servers/%s' % server['id']).body['server']['host_status']
    assert host_status() == 'UP'
    context = nl_context.get_admin_context()
    service = objects.Service.get_by_host_and_binary(
        context, server['OS-EXT-SRV-ATTR:host'], 'nova-compute')
    service.disabled = True
    service.save()
    assert host_status() == 'MAINTENANCE'
    service.forced_down = True
    service.save()
    assert host_status() == 'DOWN'
    other_host = next(host for host in fx.COMPUTE_HOSTS if host != service.host)
    resp = cloud.admin.create_server('elsewhere', availability_zone='nova:' + other_host)
    assert resp.status == 202, resp
    other = cloud.wait_for_state(resp.body['server']['id'], 'ACTIVE')
    # a list asks for the statuses of its hosts at once: each server gets its host's
    listed = {s['id']: s['host_status']
              for s in at('2.16').get('/v2.1/servers/detail').body['servers']}
    assert (listed[server['id']], listed[other['id']]) == ('DOWN', 'UP')
    shelved = cloud.boot('shelved')
    assert at('2.16').post('/v2.1/servers/%s/action' % shelved['id'],
                           {'shelve': None}).status == 202
    cloud.wait_for_state(shelved['id'], 'SHELVED_OFFLOADED')
    listed = at('2.16').get('/v2.1/servers/detail?name=shelved').body['servers']
    assert [s['host_status'] for s in listed] == ['']


def _create(client, **server):
    body = {'name': 'v', 'flavorRef': fx.TINY, 'imageRef': fx.IMAGE_ID}
    body.update(server)
    return client.post('/v2.1/servers', {'server': body})


def test_create_response_keys(at):
    assert set(_create(at('2.1')).body['server']) == CREATE_RESPONSE
    assert set(_create(at('2.60'), networks='none').body['server']) == CREATE_RESPONSE


def test_description_from_2_19(at, cloud):
    assert _create(at('2.18'), description='web').status == 400
    resp = _create(at('2.19'), description='web')
    assert resp.status == 202
    shown = cloud.wait_for_state(resp.body['server']['id'], 'ACTIVE')
    assert at('2.19').get('/v2.1/servers/%s' % shown['id']).body['server'][
        'description'] == 'web'


def test_networks_required_from_2_37_auto_or_none_or_a_list(at):
    assert _create(at('2.36')).status == 202
    missing = _create(at('2.37'))
    assert missing.status == 400
    assert "'networks' is a required property" in missing.body['badRequest']['message']
    for networks in ('auto', 'none', [{'uuid': NETWORK}]):
        assert _create(at('2.37'), networks=networks).status == 202, networks
    assert _create(at('2.37'), networks='all').status == 400
    # a network's uuid must look like one from 2.37
    assert _create(at('2.36'), networks=[{'uuid': 'net1'}]).status == 202
    assert _create(at('2.37'), networks=[{'uuid': 'net1'}]).status == 400


def test_device_tags_at_2_32_and_from_2_42(at):
    """Accepted and ignored (nova-lite has no ports, and no volumes or metadata
    service to tag devices in); refused where upstream's schema has no tag."""
    networks = [{'uuid': NETWORK, 'tag': 'nic1'}]
    bdm = [{'uuid': fx.IMAGE_ID, 'source_type': 'image', 'destination_type': 'local',
            'boot_index': 0, 'tag': 'disk1'}]
    for version, code in (('2.31', 400), ('2.32', 202), ('2.33', 400), ('2.41', 400),
                          ('2.42', 202), ('2.60', 202)):
        assert _create(at(version), networks=networks).status == code, version
        extra = {'networks': 'auto'} if fx_version(version) >= (2, 37) else {}
        assert _create(at(version), block_device_mapping_v2=bdm, **extra).status == code


def test_tags_at_create_from_2_52(at, cloud):
    assert _create(at('2.51'), networks='auto', tags=['a']).status == 400
    resp = _create(at('2.52'), networks='auto', tags=['b', 'a'])
    assert resp.status == 202
    server_id = resp.body['server']['id']
    cloud.wait_for_state(server_id, 'ACTIVE')
    assert at('2.52').get('/v2.1/servers/%s' % server_id).body['server']['tags'] == ['a', 'b']
    too_many = _create(at('2.52'), networks='auto', tags=['t%d' % i for i in range(51)])
    assert too_many.status == 400


def test_personality_until_2_56(at):
    personality = [{'path': '/etc/banner.txt', 'contents': 'aGVsbG8='}]
    assert _create(at('2.56'), networks='auto', personality=personality).status == 202
    assert _create(at('2.57'), networks='auto', personality=personality).status == 400


def test_multi_create_names_as_upstream(at, cloud):
    resp = _create(at('2.1'), name='web', min_count=3, return_reservation_id=True)
    listed = cloud.admin.get('/v2.1/servers/detail?reservation_id=%s' %
                             resp.body['reservation_id']).body['servers']
    names = sorted((s['name'], s['OS-EXT-SRV-ATTR:hostname'])
                   for s in at('2.3').get('/v2.1/servers/detail?reservation_id=%s' %
                                          resp.body['reservation_id']).body['servers'])
    assert len(listed) == 3
    assert names == [('web-1', 'web-1'), ('web-2', 'web-2'), ('web-3', 'web-3')]
    one = _create(at('2.1'), name='Single Web')
    shown = at('2.3').get('/v2.1/servers/%s' % one.body['server']['id']).body['server']
    assert (shown['name'], shown['OS-EXT-SRV-ATTR:hostname']) == ('Single Web', 'single-web')
    # nothing DNS-worthy in the name: upstream's 'Server-<uuid>'
    odd = _create(at('2.1'), name='***', max_count=2, return_reservation_id=True)
    odd_servers = at('2.3').get('/v2.1/servers/detail?reservation_id=%s' %
                                odd.body['reservation_id']).body['servers']
    assert sorted(s['name'] for s in odd_servers) == ['***-1', '***-2']
    assert {s['OS-EXT-SRV-ATTR:hostname'] for s in odd_servers} == {
        'Server-%s' % s['id'] for s in odd_servers}


def test_update_and_rebuild_answer_the_reduced_server(at, cloud, server):
    for version, added in (('2.1', set()), ('2.19', {'locked', 'description'}),
                           ('2.26', {'locked', 'description', 'tags'})):
        resp = at(version).request('PUT', '/v2.1/servers/%s' % server['id'],
                                   body={'server': {'name': 'renamed-' + version}})
        assert resp.status == 200
        assert set(resp.body['server']) == REDUCED_2_1 | added, version
        assert resp.body['server']['name'] == 'renamed-' + version
    for version, added in (
            ('2.1', set()), ('2.19', {'locked', 'description'}),
            ('2.54', {'locked', 'description', 'tags', 'key_name'}),
            ('2.57', {'locked', 'description', 'tags', 'key_name', 'user_data'})):
        body = {'imageRef': fx.IMAGE_ID}
        if 'user_data' in added:
            body['user_data'] = 'ZWNobyBoaQ=='
        resp = at(version).post('/v2.1/servers/%s/action' % server['id'], {'rebuild': body})
        assert resp.status == 202, resp
        assert set(resp.body['server']) == REDUCED_2_1 | added | {'adminPass'}, version
        if 'user_data' in added:
            assert resp.body['server']['user_data'] == 'ZWNobyBoaQ=='
        cloud.wait_for_state(server['id'], 'ACTIVE')


def test_rebuild_key_name_from_2_54(at, cloud, server):
    resp = at('2.53').post('/v2.1/servers/%s/action' % server['id'],
                           {'rebuild': {'imageRef': fx.IMAGE_ID, 'key_name': None}})
    assert resp.status == 400
    resp = at('2.54').post('/v2.1/servers/%s/action' % server['id'],
                           {'rebuild': {'imageRef': fx.IMAGE_ID, 'key_name': 'nope'}})
    assert resp.status == 400
    assert resp.body['badRequest']['message'] == 'Invalid key_name provided.'


def test_image_proxy_is_gone_from_2_36(at):
    # without Glance the proxy answers 503 up to 2.35; from 2.36 it is not there
    assert at('2.35').get('/v2.1/images').status == 503
    for path in ('/v2.1/images', '/v2.1/images/detail', '/v2.1/images/%s' % fx.IMAGE_ID):
        assert at('2.36').get(path).status == 404, path


@pytest.fixture
def glance_cloud(make_cloud, max_microversion):
    max_microversion('2.88')
    fake = fake_glance.FakeGlance([fake_glance.image(fx.IMAGE_ID)]).start()
    cloud = make_cloud((('enabled', True, 'glance'),
                        ('endpoint_override', fake.endpoint, 'glance'),
                        ('auth_type', 'none', 'glance')))
    cloud.glance = fake
    yield cloud
    fake.stop()


def test_create_image_location_until_2_44_then_image_id(glance_cloud):
    server = glance_cloud.boot('snap')
    path = '/v2.1/servers/%s/action' % server['id']
    old = glance_cloud.client('admin', 'admin', '2.44').post(
        path, {'createImage': {'name': 'snap-1', 'metadata': {'kind': 'backup'}}})
    assert old.status == 202 and old.body is None
    image_id = old.headers['Location'].rsplit('/', 1)[-1]
    glance_cloud.wait_for_state(server['id'], 'ACTIVE')
    image = glance_cloud.glance.images[image_id]
    assert (image['name'], image['status'], image['instance_uuid'], image['kind']) == (
        'snap-1', 'active', server['id'], 'backup')
    assert glance_cloud.glance.data[image_id].startswith(b'fake disk of ')
    new = glance_cloud.client('admin', 'admin', '2.45').post(
        path, {'createImage': {'name': 'snap-2'}})
    assert new.status == 202 and set(new.body) == {'image_id'}
    glance_cloud.wait_for_state(server['id'], 'ACTIVE')
    assert glance_cloud.glance.images[new.body['image_id']]['status'] == 'active'


# 2.61 (extra_specs in flavors), 2.64 (server group policy and rules) and the 2.75 flavor
# and hypervisor shapes are checked in test_flavor_manage.py, test_zones_and_groups.py and
# test_admin_resources.py.

CERTS = ['0b5d2c72-12cc-4ba6-a8d7-3ff5cc1d8cb8', '674736e3-f25c-405c-8362-bbf991e0ce0a']


def _boot(at, version, **server):
    resp = _create(at(version), networks='auto', **server)
    assert resp.status == 202, resp
    return resp.body['server']['id']


def _server(at, version, server_id, client=None):
    client = client or at(version)
    resp = client.get('/v2.1/servers/%s' % server_id)
    assert resp.status == 200, resp
    return resp.body['server']


def _rebuild(at, version, server_id, **rebuild):
    resp = at(version).post('/v2.1/servers/%s/action' % server_id,
                            {'rebuild': dict(imageRef=fx.IMAGE_ID, **rebuild)})
    return resp


def test_trusted_image_certificates_from_2_63(at, cloud):
    """servers/v2.63: accepted on create and rebuild, recorded and shown (nova-lite,
    like upstream by default, verifies no image signature with them)."""
    assert _create(at('2.62'), networks='auto',
                   trusted_image_certificates=CERTS).status == 400
    for bad in ([], ['a', 'a'], [''], ['c%d' % i for i in range(51)], 'a', [1]):
        assert _create(at('2.63'), networks='auto',
                       trusted_image_certificates=bad).status == 400, bad
    server_id = _boot(at, '2.63', trusted_image_certificates=CERTS)
    cloud.wait_for_state(server_id, 'ACTIVE')
    assert _server(at, '2.63', server_id)['trusted_image_certificates'] == CERTS
    assert 'trusted_image_certificates' not in _server(at, '2.62', server_id)
    detail = at('2.63').get('/v2.1/servers/detail?name=^v$').body['servers']
    assert [s['trusted_image_certificates'] for s in detail] == [CERTS]
    updated = at('2.63').request('PUT', '/v2.1/servers/%s' % server_id,
                                 body={'server': {'name': 'v'}}).body['server']
    assert updated['trusted_image_certificates'] == CERTS
    # rebuild: other certificates replace them, leaving them out keeps them, null removes
    resp = _rebuild(at, '2.63', server_id, trusted_image_certificates=CERTS[:1])
    assert resp.status == 202 and resp.body['server']['trusted_image_certificates'] == \
        CERTS[:1]
    cloud.wait_for_state(server_id, 'ACTIVE')
    assert _rebuild(at, '2.63', server_id).body['server']['trusted_image_certificates'] == \
        CERTS[:1]
    cloud.wait_for_state(server_id, 'ACTIVE')
    assert _rebuild(at, '2.62', server_id, trusted_image_certificates=CERTS).status == 400
    resp = _rebuild(at, '2.63', server_id, trusted_image_certificates=None)
    assert resp.status == 202 and resp.body['server']['trusted_image_certificates'] is None
    cloud.wait_for_state(server_id, 'ACTIVE')
    # none given (or null): null, as upstream's samples show a server without them
    plain = _boot(at, '2.63', trusted_image_certificates=None)
    assert _server(at, '2.63', plain)['trusted_image_certificates'] is None


def _failed_or_done_events(cloud, client, server_id, request_id):
    def events():
        resp = client.get('/v2.1/servers/%s/os-instance-actions/%s' % (server_id, request_id))
        found = resp.body['instanceAction'].get('events')
        return found if found and all(e['finish_time'] for e in found) else None
    return fx.wait_for(events, 'the events of %s' % request_id)


def test_instance_action_events_have_host_and_host_id_from_2_62(at, cloud):
    """os-instance-actions/v2.62: hostId for everyone, host for admins."""
    server = cloud.boot('events', client=cloud.member)
    resp = cloud.member.post('/v2.1/servers/%s/action' % server['id'], {'os-stop': None})
    assert resp.status == 202, resp
    request_id = resp.headers['x-openstack-request-id']
    cloud.wait_for_state(server['id'], 'SHUTOFF')
    host = cloud.get_server(server['id'])['OS-EXT-SRV-ATTR:host']
    admin = _failed_or_done_events(cloud, at('2.62'), server['id'], request_id)
    member = _failed_or_done_events(cloud, at('2.62', 'demo', 'demo-project'), server['id'],
                                    request_id)
    before = _failed_or_done_events(cloud, at('2.61'), server['id'], request_id)
    # upstream's instance-action-get-resp.json and instance-action-get-non-admin-resp.json
    assert set(admin[0]) == {'event', 'start_time', 'finish_time', 'result', 'traceback',
                             'host', 'hostId'}
    assert set(member[0]) == {'event', 'start_time', 'finish_time', 'result', 'hostId'}
    assert set(before[0]) == {'event', 'start_time', 'finish_time', 'result', 'traceback'}
    assert admin[0]['host'] == host
    # the same obfuscated id as the server's own hostId
    assert admin[0]['hostId'] == member[0]['hostId'] == server['hostId'] != ''


def _names(client, query):
    resp = client.get('/v2.1/servers/detail?' + query)
    assert resp.status == 200, resp
    return sorted(s['name'] for s in resp.body['servers'])


def _set_updated_at(model, when, **where):
    """Give rows of model an updated_at of our choosing (the API shows seconds only)."""
    with db_api.writer() as session:
        session.execute(sa.update(model).filter_by(**where).values(
            updated_at=datetime.datetime.fromisoformat(when)))


def test_changes_before_from_2_66(at, cloud):
    """servers/v2.66 servers-list-with-changes-before.json: updated at or before the time;
    deleted servers too, as with changes-since; never before changes-since."""
    old, gone, new = (cloud.boot(name)['id'] for name in ('old', 'gone', 'new'))
    assert cloud.admin.delete('/v2.1/servers/%s' % gone).status == 204
    cloud.wait_for_deleted(gone)
    for uuid, when in ((old, '2020-01-01T00:00:00'), (gone, '2020-01-02T00:00:00'),
                       (new, '2020-01-03T00:00:00')):
        _set_updated_at(models.Instance, when, uuid=uuid)
    assert _names(at('2.66'), 'changes-before=2020-01-02T00:00:00Z') == ['gone', 'old']
    assert _names(at('2.66'), 'changes-before=2020-01-01T12:00:00Z') == ['old']
    assert _names(at('2.66', 'demo', 'demo-project'),
                  'changes-before=2020-01-02T00:00:00Z') == []
    assert _names(at('2.66'), 'changes-since=2020-01-01T12:00:00Z&'
                              'changes-before=2020-01-02T00:00:00Z') == ['gone']
    # before 2.66 the parameter is not known: ignored
    assert _names(at('2.65'), 'changes-before=2020-01-02T00:00:00Z') == ['new', 'old']
    # changes-since has always listed deleted servers too
    assert _names(at('2.1'), 'changes-since=2020-01-01T12:00:00Z') == ['gone', 'new']
    resp = at('2.66').get('/v2.1/servers?changes-since=2020-01-02T00:00:00Z&'
                          'changes-before=2020-01-01T00:00:00Z')
    assert resp.status == 400
    assert resp.body['badRequest']['message'] == (
        'The value of changes-since must be less than or equal to changes-before.')
    assert at('2.66').get('/v2.1/servers?changes-before=yesterday').status == 400


def test_instance_actions_changes_before_from_2_66(at, cloud):
    """os-instance-actions/v2.66 instance-actions-list-with-changes-before.json."""
    server = cloud.boot('acted')
    resp = cloud.admin.post('/v2.1/servers/%s/action' % server['id'], {'os-stop': None})
    assert resp.status == 202
    cloud.wait_for_state(server['id'], 'SHUTOFF')
    # finishing an event touches its action: wait for that before setting the times
    _failed_or_done_events(cloud, at('2.66'), server['id'],
                           resp.headers['x-openstack-request-id'])
    for action, when in (('create', '2020-01-01T00:00:00'), ('stop', '2020-01-02T00:00:00')):
        _set_updated_at(models.InstanceAction, when, instance_uuid=server['id'],
                        action=action)
    path = '/v2.1/servers/%s/os-instance-actions?' % server['id']

    def actions(version, query):
        resp = at(version).get(path + query)
        assert resp.status == 200, resp
        return [a['action'] for a in resp.body['instanceActions']]
    assert actions('2.66', 'changes-before=2020-01-01T12:00:00Z') == ['create']
    assert actions('2.66', 'changes-before=2020-01-02T00:00:00Z') == ['stop', 'create']
    assert actions('2.66', 'changes-since=2020-01-01T12:00:00Z&'
                           'changes-before=2020-01-02T00:00:00Z') == ['stop']
    assert actions('2.65', 'changes-before=2020-01-01T12:00:00Z') == ['stop', 'create']
    resp = at('2.66').get(path + 'changes-since=2020-01-02T00:00:00Z&'
                                 'changes-before=2020-01-01T00:00:00Z')
    assert resp.status == 400
    assert resp.body['badRequest']['message'] == (
        'The value of changes-since must be less than or equal to changes-before.')
    assert at('2.66').get(path + 'changes-before=yesterday').status == 400


def test_volume_type_in_block_device_mappings_from_2_67(at):
    """servers/v2.67: a volume_type names a Cinder volume type; nova-lite has no volume
    service, so none exists: upstream's 400 for a type Cinder does not have."""
    bdm = {'uuid': fx.IMAGE_ID, 'source_type': 'image', 'destination_type': 'local',
           'boot_index': 0}
    typed = [dict(bdm, volume_type='lvmdriver-1')]
    assert _create(at('2.66'), networks='auto', block_device_mapping_v2=typed).status == 400
    resp = _create(at('2.67'), networks='auto', block_device_mapping_v2=typed)
    assert resp.status == 400
    assert resp.body['badRequest']['message'] == 'Volume type lvmdriver-1 could not be found.'
    too_long = [dict(bdm, volume_type='t' * 256)]
    assert _create(at('2.67'), networks='auto', block_device_mapping_v2=too_long).status == 400
    # no type asked for: nothing to look up
    for untyped in ([dict(bdm, volume_type=None)], [dict(bdm, volume_type='')]):
        assert _create(at('2.67'), networks='auto',
                       block_device_mapping_v2=untyped).status == 202, untyped


def test_server_groups_in_show_update_and_rebuild_from_2_71(at, cloud):
    """servers/v2.71: the group the server is in, in GET (not /detail), PUT and rebuild."""
    group = at('2.71').post('/v2.1/os-server-groups', {'server_group': {
        'name': 'test', 'policy': 'affinity'}}).body['server_group']
    # servers/v2.71/server-groups-post-resp.json
    assert set(group) == {'id', 'members', 'name', 'policy', 'project_id', 'rules',
                          'user_id'} and group['rules'] == {}
    resp = at('2.71').post('/v2.1/servers', {
        'server': {'name': 'grouped', 'flavorRef': fx.TINY, 'imageRef': fx.IMAGE_ID,
                   'networks': 'auto'},
        'os:scheduler_hints': {'group': group['id']}})
    assert resp.status == 202, resp
    grouped = resp.body['server']['id']
    cloud.wait_for_state(grouped, 'ACTIVE')
    alone = cloud.boot('alone')['id']
    assert _server(at, '2.71', grouped)['server_groups'] == [group['id']]
    assert _server(at, '2.71', alone)['server_groups'] == []
    assert 'server_groups' not in _server(at, '2.70', grouped)
    listed = at('2.71').get('/v2.1/servers/detail').body['servers']
    assert not [s for s in listed if 'server_groups' in s]
    updated = at('2.71').request('PUT', '/v2.1/servers/%s' % grouped,
                                 body={'server': {'name': 'renamed'}}).body['server']
    assert updated['server_groups'] == [group['id']]
    assert 'server_groups' not in at('2.70').request(
        'PUT', '/v2.1/servers/%s' % grouped, body={'server': {'name': 'r'}}).body['server']
    rebuilt = _rebuild(at, '2.71', grouped)
    assert rebuilt.status == 202 and rebuilt.body['server']['server_groups'] == [group['id']]
    cloud.wait_for_state(grouped, 'ACTIVE')


def _lock(client, server_id, body=None):
    resp = client.post('/v2.1/servers/%s/action' % server_id, {'lock': body})
    return resp.status


def test_locked_reason_from_2_73(at, cloud):
    """servers/v2.73 and os-lock-server/v2.73: the reason given on lock, shown in GET,
    /detail, PUT and rebuild (null without one); not readable before 2.73."""
    server_id = cloud.boot('lockme', client=cloud.member)['id']
    member = at('2.73', 'demo', 'demo-project')
    assert _lock(member, server_id, {'locked_reason': ''}) == 400
    assert _lock(member, server_id, {'locked_reason': 'r' * 256}) == 400
    assert _lock(member, server_id, {'reason': 'x'}) == 400
    assert _server(at, '2.73', server_id)['locked_reason'] is None
    assert _lock(member, server_id, {'locked_reason': "I don't want to work"}) == 202
    shown = _server(at, '2.73', server_id, member)
    assert (shown['locked'], shown['locked_reason']) == (True, "I don't want to work")
    assert 'locked_reason' not in _server(at, '2.72', server_id)
    detail = member.get('/v2.1/servers/detail').body['servers']
    assert [s['locked_reason'] for s in detail] == ["I don't want to work"]
    updated = at('2.73').request('PUT', '/v2.1/servers/%s' % server_id,
                                 body={'server': {'name': 'lockme'}}).body['server']
    assert updated['locked_reason'] == "I don't want to work"
    rebuilt = _rebuild(at, '2.73', server_id)  # an admin may act on a locked server
    assert rebuilt.status == 202
    assert rebuilt.body['server']['locked_reason'] == "I don't want to work"
    cloud.wait_for_state(server_id, 'ACTIVE')
    # the owner locking again changes nothing, as upstream's lock returns early
    assert _lock(member, server_id, {'locked_reason': 'another'}) == 202
    assert _server(at, '2.73', server_id)['locked_reason'] == "I don't want to work"
    assert member.post('/v2.1/servers/%s/action' % server_id, {'unlock': None}).status == 202
    shown = _server(at, '2.73', server_id)
    assert (shown['locked'], shown['locked_reason']) == (False, None)
    # before 2.73 the body is not read: locked, without a reason
    assert _lock(at('2.72', 'demo', 'demo-project'), server_id,
                 {'locked_reason': 'ignored'}) == 202
    shown = _server(at, '2.73', server_id)
    assert (shown['locked'], shown['locked_reason']) == (True, None)


def test_locked_filter_and_sort_key_from_2_73(at, cloud):
    locked = cloud.boot('locked')['id']
    cloud.boot('open')
    assert _lock(at('2.73'), locked, {'locked_reason': 'r'}) == 202
    assert _names(at('2.73'), 'locked=true') == ['locked']
    assert _names(at('2.73'), 'locked=False') == ['open']
    resp = at('2.73').get('/v2.1/servers?locked=maybe')
    assert resp.status == 400
    assert 'Unrecognized value' in resp.body['badRequest']['message']
    # before 2.73 not a filter (ignored), and 'locked' was a sort key upstream ignored
    assert _names(at('2.72'), 'locked=true') == ['locked', 'open']
    for direction, expected in (('asc', ['open', 'locked']), ('desc', ['locked', 'open'])):
        resp = at('2.73').get('/v2.1/servers?sort_key=locked&sort_dir=%s' % direction)
        assert [s['name'] for s in resp.body['servers']] == expected, direction
    # ignored: the default order (newest first) whatever the direction
    resp = at('2.72').get('/v2.1/servers?sort_key=locked&sort_dir=asc')
    assert [s['name'] for s in resp.body['servers']] == ['open', 'locked']
    resp = at('2.72').get('/v2.1/servers?sort_key=locked&sort_dir=desc')
    assert [s['name'] for s in resp.body['servers']] == ['open', 'locked']


def _hosts_of(cloud, server_id):
    server = cloud.get_server(server_id)
    return server['OS-EXT-SRV-ATTR:host'], server['OS-EXT-SRV-ATTR:hypervisor_hostname']


def test_host_and_hypervisor_hostname_at_create_from_2_74(at, cloud):
    """servers/v2.74 server-create-req-with-host-and-node.json and the -only- ones:
    admins name where the server goes; the scheduler's filters still run."""
    node = cloud.hypervisor('host2')['hypervisor_hostname']
    for request in ({'host': 'host2'}, {'hypervisor_hostname': node},
                    {'host': 'host2', 'hypervisor_hostname': node}):
        for _ in range(2):  # the weighers alone would spread two servers
            server_id = _boot(at, '2.74', **request)
            assert cloud.wait_for_state(server_id, 'ACTIVE')
            assert _hosts_of(cloud, server_id) == ('host2', node), request
    assert _create(at('2.73'), networks='auto', host='host2').status == 400
    member = _create(at('2.74', 'demo', 'demo-project'), networks='auto', host='host2')
    assert member.status == 403
    for request, missing in (({'host': 'nope'}, 'nope'),
                             ({'hypervisor_hostname': 'nope'}, 'nope'),
                             ({'host': 'host1', 'hypervisor_hostname': node}, 'host1')):
        resp = _create(at('2.74'), networks='auto', **request)
        assert resp.status == 400, request
        assert resp.body['badRequest']['message'] == (
            'Compute host %s could not be found.' % missing)
    resp = _create(at('2.74'), networks='auto', host='host2', availability_zone='nova:host2')
    assert resp.status == 400
    assert 'mutually exclusive' in resp.body['badRequest']['message']
    # unlike 'zone:host', the filters run: a flavor the host cannot hold fails to schedule
    resp = _create(at('2.74'), networks='auto', host='host2', flavorRef=fx.XLARGE)
    assert resp.status == 202
    assert cloud.wait_for_state(resp.body['server']['id'], 'ERROR')['fault'][
        'message'].startswith('No valid host')


def test_update_and_rebuild_answer_the_full_server_from_2_75(at, cloud, server):
    """servers/v2.75 server-update-resp.json and server-action-rebuild-resp.json:
    everything GET answers (server_groups too); the rebuild has user_data instead of
    OS-EXT-SRV-ATTR:user_data, and adminPass."""
    shown = set(_server(at, '2.75', server['id']))
    updated = at('2.75').request('PUT', '/v2.1/servers/%s' % server['id'],
                                 body={'server': {'name': 'renamed'}})
    assert updated.status == 200 and set(updated.body['server']) == shown
    assert 'OS-EXT-SRV-ATTR:host' in shown and 'server_groups' in shown
    rebuilt = _rebuild(at, '2.75', server['id'], user_data='ZWNobyBoaQ==')
    assert rebuilt.status == 202
    assert set(rebuilt.body['server']) == (
        shown - {'OS-EXT-SRV-ATTR:user_data'} | {'user_data', 'adminPass'})
    cloud.wait_for_state(server['id'], 'ACTIVE')
    # before 2.75 the reduced body, with what 2.63, 2.71 and 2.73 added to it
    reduced = at('2.74').request('PUT', '/v2.1/servers/%s' % server['id'],
                                 body={'server': {'name': 'again'}}).body['server']
    assert set(reduced) == REDUCED_2_1 | {'locked', 'description', 'tags',
                                          'trusted_image_certificates', 'server_groups',
                                          'locked_reason'}
    # a member: no admin attributes, as GET
    member = at('2.75', 'demo', 'demo-project')
    mine = cloud.boot('mine', client=cloud.member)['id']
    assert set(member.request('PUT', '/v2.1/servers/%s' % mine,
                              body={'server': {'name': 'm'}}).body['server']) == set(
        _server(at, '2.75', mine, member))


def test_unknown_list_parameters_are_refused_from_2_75(at, cloud, server):
    """2.75: GET /servers answers 400 for a query parameter or sort key it does not know,
    where it ignored them before."""
    for query in ('foo=bar', 'sort_key=id', 'sort_key=vcpus&sort_dir=asc'):
        assert at('2.74').get('/v2.1/servers?' + query).status == 200, query
        resp = at('2.75').get('/v2.1/servers/detail?' + query)
        assert resp.status == 400, query
    resp = at('2.75').get('/v2.1/servers?foo=bar')
    assert resp.body['badRequest']['message'] == (
        "Additional properties are not allowed ('foo' was unexpected)")
    # what upstream's schema knows passes, whether nova-lite filters by it or not
    for query in ('name=versioned', 'vm_state=active', 'locked=false', 'limit=1',
                  'sort_key=display_name&sort_dir=asc', 'changes-before=2999-01-01T00:00:00Z'):
        resp = at('2.75', 'demo', 'demo-project').get('/v2.1/servers?' + query)
        assert resp.status == 200, (query, resp)
