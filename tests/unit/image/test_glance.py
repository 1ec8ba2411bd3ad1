"""The Glance client against a small Glance-v2-shaped HTTP server on loopback."""
import pytest

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects
from nova_lite.image import glance
from tests.fakes import glance as fake_glance_server

IMAGE_ID = '11111111-2222-4333-8444-555555555555'
IMAGE = fake_glance_server.image(IMAGE_ID)


@pytest.fixture
def fake_glance(conf):
    fake = fake_glance_server.FakeGlance([IMAGE]).start()
    conf('endpoint_override', fake.endpoint, 'glance')
    conf('auth_type', 'none', 'glance')
    yield fake
    fake.stop()


def test_show_list_and_download(fake_glance, tmp_path, conf):
    conf('auth_strategy', 'noauth2', 'api')
    client = glance.GlanceClient()
    context = nl_context.RequestContext(user_id='u', project_id='p', auth_token='user-token')
    assert client.show(context, IMAGE_ID)['name'] == 'tiny'
    assert [i['id'] for i in client.list(context, {'name': 'tiny'})] == [IMAGE_ID]
    target = tmp_path / 'image'
    client.download(context, IMAGE_ID, str(target))
    assert target.read_bytes() == b'x' * 1024
    assert fake_glance.requests[1][0] == '/v2/images?name=tiny'


def test_missing_image_is_not_found(fake_glance, conf):
    conf('auth_strategy', 'noauth2', 'api')
    client = glance.GlanceClient()
    with pytest.raises(exception.ImageNotFound):
        client.show(nl_context.get_admin_context(), 'no-such-image')


def test_user_token_is_passed_through_with_keystone(fake_glance, conf):
    conf('auth_strategy', 'keystone', 'api')
    client = glance.GlanceClient()
    context = nl_context.RequestContext(user_id='u', project_id='p', auth_token='user-token')
    client.show(context, IMAGE_ID)
    headers = fake_glance.requests[-1][1]
    assert headers['X-Auth-Token'] == 'user-token'
    assert 'X-Service-Token' in headers


def test_unreachable_glance_is_unavailable(conf):
    conf('endpoint_override', 'http://127.0.0.1:9', 'glance')
    conf('auth_type', 'none', 'glance')
    with pytest.raises(exception.ImageServiceUnavailable) as error:
        glance.GlanceClient().show(nl_context.get_admin_context(), IMAGE_ID)
    assert error.value.code == 503


@pytest.mark.parametrize('image, flavor_values, error', [
    (dict(IMAGE, status='queued'), {}, exception.ImageNotActive),
    (dict(IMAGE, min_ram=1024), {'memory_mb': 512}, exception.FlavorMemoryTooSmall),
    (dict(IMAGE, size=2 * 1024 ** 3), {'root_gb': 1}, exception.FlavorDiskSmallerThanImage),
    (dict(IMAGE, min_disk=5), {'root_gb': 1}, exception.FlavorDiskSmallerThanMinDisk),
])
def test_image_that_does_not_fit_is_refused(image, flavor_values, error):
    values = dict(memory_mb=512, root_gb=1, vcpus=1)
    values.update(flavor_values)
    with pytest.raises(error) as raised:
        glance.check_image_fits(image, objects.Flavor(**values))
    assert raised.value.code == 400


def test_image_that_fits_passes():
    glance.check_image_fits(IMAGE, objects.Flavor(memory_mb=512, root_gb=1, vcpus=1))


def test_a_snapshot_record_is_patched_then_its_file_uploaded(fake_glance, tmp_path, conf):
    conf('auth_strategy', 'noauth2', 'api')
    client = glance.GlanceClient()
    context = nl_context.RequestContext(user_id='u', project_id='p')
    image_id = client.create(context, {'name': 'snap', 'disk_format': 'raw',
                                       'container_format': 'bare'})['id']
    updated = client.update(context, image_id, {'disk_format': 'qcow2', 'kernel_id': 'k'})
    assert (updated['disk_format'], updated['kernel_id']) == ('qcow2', 'k')
    data = tmp_path / 'snapshot'
    data.write_bytes(b'qcow2 data')
    with open(data, 'rb') as snapshot:
        client.upload(context, image_id, snapshot)
    assert fake_glance.data[image_id] == b'qcow2 data'
    assert client.show(context, image_id)['status'] == 'active'
    with pytest.raises(exception.ImageNotFound):
        client.update(context, 'no-such-image', {'disk_format': 'raw'})
