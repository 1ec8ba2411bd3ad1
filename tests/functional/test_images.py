"""Image checks on boot and the /images proxy, against a Glance-shaped fake on loopback."""
import pytest

from tests.fakes import glance as fake_glance_server

ACTIVE = '11111111-1111-4111-8111-111111111111'
QUEUED = '22222222-2222-4222-8222-222222222222'
BIG_RAM = '33333333-3333-4333-8333-333333333333'
BIG_DISK = '44444444-4444-4444-8444-444444444444'
MISSING = '55555555-5555-4555-8555-555555555555'
X86 = '66666666-6666-4666-8666-666666666666'
QEMU_ONLY = '77777777-7777-4777-8777-777777777777'


@pytest.fixture
def glance_cloud(make_cloud):
    fake = fake_glance_server.FakeGlance([
        fake_glance_server.image(ACTIVE, name='good', architecture='x86_64'),
        fake_glance_server.image(QUEUED, name='uploading', status='queued'),
        fake_glance_server.image(BIG_RAM, name='hungry', min_ram=4096),
        fake_glance_server.image(BIG_DISK, name='fat', size=5 * 1024 ** 3),
        fake_glance_server.image(X86, name='x86', architecture='x86_64'),
        fake_glance_server.image(QEMU_ONLY, name='qemu-only', hypervisor_type='qemu'),
    ]).start()
    cloud = make_cloud((('enabled', True, 'glance'),
                        ('endpoint_override', fake.endpoint, 'glance'),
                        ('auth_type', 'none', 'glance')))
    yield cloud
    fake.stop()


def _boot_error(cloud, image_id):
    before = len(cloud.admin.get('/v2.1/servers').body['servers'])
    resp = cloud.member.create_server('img', image_ref=image_id)
    assert resp.status == 400, resp
    assert len(cloud.admin.get('/v2.1/servers').body['servers']) == before
    return resp.body['badRequest']['message']


def test_boot_checks_the_image(glance_cloud):
    resp = glance_cloud.member.create_server('ok', image_ref=ACTIVE)
    assert resp.status == 202
    glance_cloud.wait_for_state(resp.body['server']['id'], 'ACTIVE')
    assert _boot_error(glance_cloud, MISSING) == 'Can not find requested image'
    assert _boot_error(glance_cloud, QUEUED) == 'Image %s is not active.' % QUEUED
    assert _boot_error(glance_cloud, BIG_RAM) == \
        "Flavor's memory is too small for requested image."
    assert _boot_error(glance_cloud, BIG_DISK).startswith(
        "Flavor's disk is too small for requested image.")


def test_image_properties_choose_the_host(glance_cloud):
    """ImagePropertiesFilter: the fake hosts are x86_64 'fake' hypervisors."""
    resp = glance_cloud.member.create_server('x86', image_ref=X86)
    glance_cloud.wait_for_state(resp.body['server']['id'], 'ACTIVE')
    resp = glance_cloud.member.create_server('qemu', image_ref=QEMU_ONLY)
    server = glance_cloud.wait_for_state(resp.body['server']['id'], 'ERROR')
    assert 'No valid host was found' in server['fault']['message']


def test_images_proxy(glance_cloud):
    listed = glance_cloud.member.get('/v2.1/images').body['images']
    assert {i['name'] for i in listed} == {'good', 'uploading', 'hungry', 'fat', 'x86',
                                           'qemu-only'}
    assert {len(i['links']) for i in listed} == {3}
    shown = glance_cloud.member.get('/v2.1/images/%s' % ACTIVE).body['image']
    assert set(shown) == {'OS-EXT-IMG-SIZE:size', 'created', 'id', 'links', 'metadata',
                          'minDisk', 'minRam', 'name', 'progress', 'status', 'updated'}
    assert (shown['status'], shown['progress'], shown['created']) == \
        ('ACTIVE', 100, '2026-01-02T03:04:05Z')
    assert shown['metadata'] == {'architecture': 'x86_64'}
    queued = glance_cloud.member.get('/v2.1/images/%s' % QUEUED).body['image']
    assert (queued['status'], queued['progress']) == ('SAVING', 25)
    detail = glance_cloud.member.get('/v2.1/images/detail?minRam=1024').body['images']
    assert [i['name'] for i in detail] == ['hungry']
    assert glance_cloud.member.get('/v2.1/images/%s' % MISSING).status == 404


def test_glance_down_is_503(make_cloud):
    cloud = make_cloud((('enabled', True, 'glance'),
                        ('endpoint_override', 'http://127.0.0.1:9', 'glance'),
                        ('auth_type', 'none', 'glance')))
    resp = cloud.member.create_server('x', image_ref=ACTIVE)
    assert resp.status == 503
    assert 'image service is unavailable' in resp.body['serviceUnavailable']['message']
    assert cloud.member.get('/v2.1/images').status == 503
