"""Image checks on boot and the /images proxy, against a Glance-shaped fake on loopback."""
import pytest

from nova_lite import policy
from tests.fakes import glance as fake_glance_server

ACTIVE = '11111111-1111-4111-8111-111111111111'
QUEUED = '22222222-2222-4222-8222-222222222222'
BIG_RAM = '33333333-3333-4333-8333-333333333333'
BIG_DISK = '44444444-4444-4444-8444-444444444444'
MISSING = '55555555-5555-4555-8555-555555555555'
X86 = '66666666-6666-4666-8666-666666666666'
QEMU_ONLY = '77777777-7777-4777-8777-777777777777'
ROOMY = '88888888-8888-4888-8888-888888888888'


@pytest.fixture
def glance_cloud(make_cloud):
    fake = fake_glance_server.FakeGlance([
        fake_glance_server.image(ACTIVE, name='good', architecture='x86_64'),
        fake_glance_server.image(QUEUED, name='uploading', status='queued'),
        fake_glance_server.image(BIG_RAM, name='hungry', min_ram=4096),
        fake_glance_server.image(BIG_DISK, name='fat', size=5 * 1024 ** 3),
        fake_glance_server.image(X86, name='x86', architecture='x86_64'),
        fake_glance_server.image(QEMU_ONLY, name='qemu-only', hypervisor_type='qemu'),
        fake_glance_server.image(ROOMY, name='roomy', min_disk=2),  # GiB; m1.tiny has 1
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
    assert _boot_error(glance_cloud, BIG_DISK) == (
        "Flavor's disk is too small for requested image. Flavor disk is 1073741824 bytes, "
        "image is 5368709120 bytes.")
    assert _boot_error(glance_cloud, ROOMY) == (
        "Flavor's disk is smaller than the minimum size specified in image metadata. "
        "Flavor disk is 1073741824 bytes, minimum size is 2147483648 bytes.")
    # m1.small's 20 GiB hold it
    resp = glance_cloud.member.create_server('roomy', flavor_ref='2', image_ref=ROOMY)
    assert resp.status == 202, resp


ZERO_DISK = {'forbidden': {'code': 403, 'message': 'Only volume-backed servers are '
                                                   'allowed for flavors with zero disk.'}}


def test_zero_disk_flavor_is_for_admins(glance_cloud, conf, tmp_path):
    """Upstream's os_compute_api:servers:create:zero_disk_flavor (admin): an image on a
    flavor without a root disk takes what it likes of the host's disk."""
    cloud = glance_cloud
    resp = cloud.admin.post('/v2.1/flavors', {'flavor': {
        'name': 'diskless', 'id': 'diskless', 'ram': 64, 'vcpus': 1, 'disk': 0}})
    assert resp.status == 200, resp
    before = len(cloud.admin.get('/v2.1/servers?all_tenants=1').body['servers'])
    resp = cloud.member.create_server('z', flavor_ref='diskless', image_ref=ACTIVE)
    assert (resp.status, resp.body) == (403, ZERO_DISK)
    assert len(cloud.admin.get('/v2.1/servers?all_tenants=1').body['servers']) == before
    # the image is checked first, as upstream does
    assert cloud.member.create_server('z', flavor_ref='diskless',
                                      image_ref=QUEUED).status == 400
    resp = cloud.admin.create_server('z-admin', flavor_ref='diskless', image_ref=ACTIVE)
    assert resp.status == 202, resp
    cloud.wait_for_state(resp.body['server']['id'], 'ACTIVE')

    # a policy: an operator may open it to members...
    policy.get_enforcer()  # registers [oslo_policy]
    policy_file = tmp_path / 'policy.yaml'
    policy_file.write_text('"os_compute_api:servers:create:zero_disk_flavor": '
                           '"rule:project_member_or_admin"\n')
    conf('policy_file', str(policy_file), 'oslo_policy')
    policy.reset()
    resp = cloud.member.create_server('z-member', flavor_ref='diskless', image_ref=ACTIVE)
    assert resp.status == 202, resp
    server_id = resp.body['server']['id']
    cloud.wait_for_state(server_id, 'ACTIVE')
    # ... and close it again: the member may no longer rebuild it from an image either
    policy_file.write_text('{}\n')
    policy.reset()
    resp = cloud.member.post('/v2.1/servers/%s/action' % server_id,
                             {'rebuild': {'imageRef': ACTIVE}})
    assert (resp.status, resp.body) == (403, ZERO_DISK)
    server = cloud.get_server(server_id)
    assert (server['status'], server['OS-EXT-STS:task_state']) == ('ACTIVE', None)
    actions = cloud.admin.get('/v2.1/servers/%s/os-instance-actions' % server_id)
    assert [a['action'] for a in actions.body['instanceActions']] == ['create']


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
                                           'qemu-only', 'roomy'}
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
