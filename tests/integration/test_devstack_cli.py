"""A real single-node cloud: devstack/stack.sh (Keystone, Glance, RabbitMQ, every
nova-lite daemon) into a temp folder, on free ports and its own RabbitMQ vhost,
driven by the unmodified `openstack` CLI. unstack.sh must leave nothing running."""
import json
import os
import pathlib
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from tests.integration import harness

REPO = pathlib.Path(__file__).resolve().parents[2]
OPENSTACK = pathlib.Path(sys.executable).parent / 'openstack'
INSTALL_TIMEOUT = 1500  # a cold run installs Keystone, Glance and nova-lite from PyPI


class Devstack:
    def __init__(self, root, transport_url):
        self.root = pathlib.Path(root)
        self.env = dict(os.environ)
        ports = {name: harness.free_port() for name in ('API', 'KEYSTONE', 'GLANCE')}
        self.env.update({
            'NOVA_LITE_ETC': str(self.root / 'etc'),
            'NOVA_LITE_STATE': str(self.root / 'state'),
            'NOVA_LITE_LOGS': str(self.root / 'logs'),
            'NOVA_LITE_RUN': str(self.root / 'run'),
            'NOVA_LITE_API_PORT': str(ports['API']),
            'NOVA_LITE_KEYSTONE_PORT': str(ports['KEYSTONE']),
            'NOVA_LITE_GLANCE_PORT': str(ports['GLANCE']),
            'NOVA_LITE_TRANSPORT_URL': transport_url,
            'NOVA_LITE_BIND_HOST': '127.0.0.1',
            'NOVA_LITE_CLOUDS_YAML_COPY': '',
            'OS_CLIENT_CONFIG_FILE': str(self.root / 'etc' / 'clouds.yaml'),
        })
        for key in [k for k in self.env if k.startswith('OS_') and
                    k != 'OS_CLIENT_CONFIG_FILE']:
            del self.env[key]
        self.compute_url = 'http://127.0.0.1:%d/v2.1' % ports['API']
        self.keystone_url = 'http://127.0.0.1:%d/v3' % ports['KEYSTONE']
        self.glance_url = 'http://127.0.0.1:%d' % ports['GLANCE']

    def script(self, name, timeout=INSTALL_TIMEOUT):
        result = subprocess.run(['bash', str(REPO / 'devstack' / name)], env=self.env,
                                capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, '%s failed:\n%s\n%s\n%s' % (
            name, result.stdout[-3000:], result.stderr[-5000:], self.logs())
        return result

    def openstack(self, cloud, *args, check=True):
        result = subprocess.run([str(OPENSTACK), '--os-cloud', cloud, *args], env=self.env,
                                capture_output=True, text=True, timeout=300)
        if check:
            assert result.returncode == 0, 'openstack %s: %s\n%s' % (
                ' '.join(args), result.stderr[-3000:], self.logs())
        return result

    def openstack_json(self, cloud, *args):
        return json.loads(self.openstack(cloud, *args, '-f', 'json').stdout)

    def token(self, cloud):
        return self.openstack(cloud, 'token', 'issue', '-f', 'value', '-c', 'id').stdout.strip()

    def pids(self):
        run = self.root / 'run'
        return {p.stem: int(p.read_text()) for p in run.glob('*.pid')} if run.exists() else {}

    def logs(self):
        logs = self.root / 'logs'
        if not logs.exists():
            return ''
        return '\n'.join('==== %s\n%s' % (p.name, p.read_text(errors='replace')[-3000:])
                         for p in sorted(logs.glob('*')) if p.is_file())


def _alive(pid):
    """Running (a zombie waiting for its reaper is not)."""
    try:
        with open('/proc/%d/stat' % pid) as stat:
            return stat.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except (FileNotFoundError, ProcessLookupError):
        return False


@pytest.fixture(scope='module')
def devstack(rabbit_vhost, tmp_path_factory):
    stack = Devstack(tmp_path_factory.mktemp('devstack'), rabbit_vhost.url)
    try:
        stack.script('stack.sh')
        yield stack
    finally:
        pids = stack.pids()
        stack.script('unstack.sh', timeout=300)
        assert not [name for name, pid in pids.items() if _alive(pid)], stack.logs()


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
    harness.wait_until(lambda: not _alive(keystone_pid), 30, message='keystone to stop')
    status, body = _http(devstack.compute_url + '/servers', token='gAAAAAnever-seen-token')
    # keystonemiddleware's own answer, as upstream Nova gives it: no hang, no 500 traceback
    assert status == 503, body
    assert body['title'] == 'Service Unavailable'
