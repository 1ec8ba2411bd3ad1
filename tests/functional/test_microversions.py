"""The server API at the microversions that changed it, shapes checked against
upstream's API samples (doc/api_samples/servers/...): the keys each sample has,
written down here; `security_groups` and real `addresses` need networking,
which nova-lite does not have."""
import pytest

from nova_lite import context as nl_context
from nova_lite import objects
from tests.fakes import glance as fake_glance
from tests.functional import conftest as fx
from tests.functional import test_servers

SHOW_2_1 = test_servers.DETAIL_KEYS_2_1 - test_servers.NOT_SHOWN
# what each later sample (v2.3, v2.9, v2.16, v2.19, v2.26/2.47) adds
SHOW_ADDED = [
    ('2.3', {'OS-EXT-SRV-ATTR:hostname', 'OS-EXT-SRV-ATTR:kernel_id',
             'OS-EXT-SRV-ATTR:launch_index', 'OS-EXT-SRV-ATTR:ramdisk_id',
             'OS-EXT-SRV-ATTR:reservation_id', 'OS-EXT-SRV-ATTR:root_device_name',
             'OS-EXT-SRV-ATTR:user_data'}),
    ('2.9', {'locked'}), ('2.16', {'host_status'}), ('2.19', {'description'}),
    ('2.26', {'tags'})]
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
                 '2.26', '2.46', '2.47', '2.60')


def test_show_has_the_keys_of_upstreams_sample(at, server):
    for version in SHOW_VERSIONS:
        shown = at(version).get('/v2.1/servers/%s' % server['id']).body['server']
        assert set(shown) == _show_keys(version), version
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
