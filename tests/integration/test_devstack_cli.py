"""A real single-node cloud: devstack/stack.sh (Keystone, Glance, RabbitMQ, every
nova-lite daemon) into a temp folder, on free ports and its own RabbitMQ vhost,
driven by the unmodified `openstack` CLI. unstack.sh must leave nothing running."""
import json
import os
import urllib.error
import urllib.request

import pytest

from tests.integration import devstack_cloud
from tests.integration import harness


@pytest.fixture(scope='module')
def devstack(rabbit_vhost, tmp_path_factory):
    # the CLI, catalog and API are under test here; test_libvirt_guest boots real guests
    with devstack_cloud.running(tmp_path_factory.mktemp('devstack'), rabbit_vhost.url,
                                NOVA_LITE_COMPUTE_DRIVER='fake') as stack:
        yield stack


def _http(url, token=None, body=None):
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body else None,
                                     headers={'Content-Type': 'application/json',
                                              'Accept': 'application/json'})
    if token:
        request.add_header('X-Auth-Token', token)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b'null')
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b'null')


def test_demo_user_boots_with_the_cli(devstack):
    images = devstack.openstack_json('demo', 'image', 'list')
    assert 'nova-lite-tiny' in {i['Name'] for i in images}
    flavors = {f['Name'] for f in devstack.openstack_json('demo', 'flavor', 'list')}
    assert {'m1.tiny', 'm1.small'} <= flavors
    key = devstack.openstack('demo', 'keypair', 'create', 'demo-key').stdout
    assert 'PRIVATE KEY' in key

    server = devstack.openstack_json('demo', 'server', 'create', '--image', 'nova-lite-tiny',
                                     '--flavor', 'm1.tiny', '--key-name', 'demo-key',
                                     '--wait', 'demo-vm')
    assert server['status'] == 'ACTIVE'
    listed = devstack.openstack_json('demo', 'server', 'list')
    assert [(s['Name'], s['Status']) for s in listed] == [('demo-vm', 'ACTIVE')]
    shown = devstack.openstack_json('demo', 'server', 'show', 'demo-vm')
    assert shown['key_name'] == 'demo-key'
    assert 'nova-lite-tiny' in str(shown['image'])

    # admin sees it across projects; the services and the hypervisor are there
    everyone = devstack.openstack_json('admin', 'server', 'list', '--all-projects')
    assert 'demo-vm' in {s['Name'] for s in everyone}
    services = devstack.openstack_json('admin', 'compute', 'service', 'list')
    assert {s['Binary'] for s in services} == {'nova-conductor', 'nova-scheduler',
                                               'nova-compute'}
    assert {s['State'] for s in services} == {'up'}
    assert len(devstack.openstack_json('admin', 'hypervisor', 'list')) == 1

    # another project cannot see it (404), and a member cannot use admin APIs (403)
    other = devstack.openstack('alt_demo', 'server', 'show', shown['id'], check=False)
    assert other.returncode != 0 and 'No Server found' in other.stderr
    status, body = _http('%s/servers/%s' % (devstack.compute_url, shown['id']),
                         devstack.token('alt_demo'))
    assert status == 404 and body['itemNotFound']['code'] == 404
    refused = devstack.openstack('demo', 'compute', 'service', 'list', check=False)
    assert refused.returncode != 0 and '403' in refused.stderr
    status, body = _http(devstack.compute_url + '/os-services', devstack.token('demo'))
    assert status == 403 and 'forbidden' in body

    devstack.openstack('demo', 'server', 'delete', '--wait', 'demo-vm')
    assert devstack.openstack_json('demo', 'server', 'list') == []


def test_bad_images_are_refused_and_nothing_is_created(devstack):
    # (through Glance's API: the CLI would upload its standard input as the data)
    status, queued = _http(devstack.glance_url + '/v2/images', devstack.token('admin'), {
        'name': 'never-uploaded', 'disk_format': 'raw', 'container_format': 'bare',
        'visibility': 'public'})
    assert status == 201 and queued['status'] == 'queued'
    hungry = devstack.root / 'hungry.raw'
    hungry.write_bytes(b'\0' * 4096)
    devstack.openstack('admin', 'image', 'create', '--disk-format', 'raw',
                       '--container-format', 'bare', '--public', '--min-ram', '100000',
                       '--file', str(hungry), 'hungry')
    token = devstack.token('demo')
    for image, message in (('9a1c2d3e-0000-4000-8000-000000000000',
                            'Can not find requested image'),
                           ('never-uploaded', 'is not active'),
                           ('hungry', "Flavor's memory is too small")):
        image_id = image
        if not image.startswith('9a1c'):
            image_id = devstack.openstack_json('admin', 'image', 'show', image)['id']
        status, body = _http(devstack.compute_url + '/servers', token, {'server': {
            'name': 'bad', 'imageRef': image_id, 'flavorRef': '1'}})
        assert status == 400 and message in body['badRequest']['message'], body
    assert devstack.openstack_json('demo', 'server', 'list') == []


def test_flavor_keypair_and_quota_commands(devstack):
    """The resource commands that need Keystone (the noauth2 suite cannot drive them)."""
    devstack.openstack('admin', 'flavor', 'create', '--ram', '256', '--vcpus', '1',
                       '--disk', '1', '--private', '--project', 'demo', 'cli-private')
    devstack.openstack('admin', 'flavor', 'set', '--property', 'hw:cpu_policy=shared',
                       'cli-private')
    shown = devstack.openstack_json('admin', 'flavor', 'show', 'cli-private')
    assert shown['os-flavor-access:is_public'] is False
    assert 'hw:cpu_policy' in str(shown['properties'])
    assert 'cli-private' in {f['Name'] for f in devstack.openstack_json(
        'demo', 'flavor', 'list', '--all')}
    assert 'cli-private' not in {f['Name'] for f in devstack.openstack_json(
        'alt_demo', 'flavor', 'list', '--all')}
    devstack.openstack('admin', 'flavor', 'delete', 'cli-private')

    devstack.openstack('demo', 'keypair', 'create', 'cli-key')
    assert 'cli-key' in {k['Name'] for k in devstack.openstack_json('demo', 'keypair', 'list')}
    devstack.openstack('demo', 'keypair', 'delete', 'cli-key')
    assert 'cli-key' not in {k['Name'] for k in devstack.openstack_json(
        'demo', 'keypair', 'list')}

    devstack.openstack('admin', 'quota', 'set', '--instances', '3', 'demo')
    quota = devstack.openstack_json('admin', 'quota', 'show', 'demo')
    assert {q['Resource']: q['Limit'] for q in quota}['instances'] == 3
    devstack.openstack('admin', 'quota', 'set', '--instances', '10', 'demo')


def test_tokens_are_checked(devstack):
    status, body = _http(devstack.compute_url + '/servers')
    assert status == 401
    assert body == {'error': {'code': 401, 'title': 'Unauthorized',
                              'message': 'The request you have made requires '
                                         'authentication.'}}
    status, body = _http(devstack.compute_url + '/servers', token='gAAAAAforged-token')
    assert status == 401


def test_running_stack_again_duplicates_nothing(devstack):
    devstack.script('stack.sh')
    images = devstack.openstack_json('admin', 'image', 'list', '--name', 'nova-lite-tiny')
    assert len(images) == 1
    users = [u['Name'] for u in devstack.openstack_json('admin', 'user', 'list')]
    assert sorted(users) == sorted(set(users))
    assert {'admin', 'nova', 'glance', 'demo', 'alt_demo'} <= set(users)
    services = [s['Type'] for s in devstack.openstack_json('admin', 'service', 'list')]
    assert sorted(services) == ['compute', 'identity', 'image']
    endpoints = devstack.openstack_json('admin', 'endpoint', 'list')
    assert len(endpoints) == len({(e['Service Type'], e['Interface']) for e in endpoints})


def test_keystone_down_is_503(devstack):
    """Last in this module: it stops Keystone (unstack.sh copes with that)."""
    keystone_pid = devstack.pids()['keystone']
    os.killpg(os.getpgid(keystone_pid), 15)
    harness.wait_until(lambda: not devstack_cloud.alive(keystone_pid), 30,
                       message='keystone to stop')
    status, body = _http(devstack.compute_url + '/servers', token='gAAAAAnever-seen-token')
    # keystonemiddleware's own answer, as upstream Nova gives it: no hang, no 500 traceback
    assert status == 503, body
    assert body['title'] == 'Service Unavailable'
