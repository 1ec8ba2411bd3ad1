"""The unmodified `openstack` CLI (python-openstackclient) against the real
daemons: flavors, key pairs, quotas and limits, aggregates, zones, server
groups, compute services, hypervisors and usage, at 2.1 and at the
microversions that change them (up to 2.55).

Against noauth2 the CLI needs no Keystone: `--os-auth-type admin_token` with
the API as `--os-endpoint` and the token 'user:project' (noauth2's form).
Many commands look projects up in the identity service first (flavor
create/set/unset, keypair, quota, usage): a stub of Keystone's v3 API, the
version document and GET /v3/projects[/{id}] of a fixed set of projects, is
given to the CLI as its identity endpoint (OS_IDENTITY_ENDPOINT_OVERRIDE).
The devstack tests drive the same commands against a real Keystone.

What the installed client (python-openstackclient 10.5) has not: `quota show
--class` (`quota show --default` reads the default class's limits) and `quota
list --detail` (`quota show --usage` instead). `availability zone list` needs
--compute here: the volume and network zones would need those services.
"""
import base64
import hashlib
import http.server
import json
import os
import subprocess
import threading
import urllib.parse

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
import pytest

from tests.integration import harness

OSC = harness.BIN / 'openstack'
PROJECTS = ('admin', 'demo-project', 'alt-project', 'usage-project')
IMAGE_ID = '70a599e0-31e7-49b7-b260-868f441e862b'  # no Glance here: taken as it comes


class _IdentityStub(http.server.BaseHTTPRequestHandler):
    """Keystone v3, as much as the CLI reads of it: projects by id or name, and all."""

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.strip('/').split('/')
        if parts == ['v3']:
            base = 'http://%s:%d/v3/' % self.server.server_address
            return self._send(200, {'version': {'id': 'v3.14', 'status': 'stable',
                                                'links': [{'rel': 'self', 'href': base}]}})
        if parts[:2] == ['v3', 'projects'] and len(parts) == 3:
            if parts[2] in PROJECTS:
                return self._send(200, {'project': self._project(parts[2])})
        elif parts == ['v3', 'projects']:
            names = urllib.parse.parse_qs(url.query).get('name', PROJECTS)
            return self._send(200, {'projects': [self._project(name) for name in names
                                                 if name in PROJECTS]})
        self._send(404, {'error': {'code': 404, 'title': 'Not Found', 'message': url.path}})

    @staticmethod
    def _project(project_id):
        return {'id': project_id, 'name': project_id, 'domain_id': 'default',
                'enabled': True, 'links': {}}

    def _send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope='module')
def identity():
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), _IdentityStub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield 'http://127.0.0.1:%d/v3' % server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture(scope='module')
def osc(cloud, identity):
    if not OSC.exists():
        pytest.fail('The openstack CLI is needed: %s -m pip install python-openstackclient'
                    % harness.sys.executable)
    env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
    env.update(OS_IDENTITY_ENDPOINT_OVERRIDE=identity, OS_IDENTITY_API_VERSION='3')

    def invoke(args, token, version):
        command = [str(OSC), '--os-auth-type', 'admin_token', '--os-endpoint', cloud.endpoint,
                   '--os-token', token, '--os-compute-api-version', version, *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)

    def run(*args, token='admin:admin', version='2.1'):
        result = invoke(args, token, version)
        if result.returncode != 0:
            raise AssertionError('openstack %s failed: %s\n%s' % (
                ' '.join(args), result.stderr, cloud.logs()))
        return result.stdout

    def run_json(*args, **kwargs):
        return json.loads(run(*args, '-f', 'json', **kwargs))

    def fails(*args, token='admin:admin', version='2.1'):
        """The command's error output; it must fail."""
        result = invoke(args, token, version)
        assert result.returncode != 0, 'openstack %s succeeded: %s' % (
            ' '.join(args), result.stdout)
        return result.stderr
    run.json = run_json
    run.fails = fails
    return run


def test_flavors_and_limits(cloud, osc):
    status, _ = cloud.request('POST', '/flavors', {'flavor': {
        'name': 'cli.flavor', 'id': 'cli-1', 'ram': 256, 'vcpus': 1, 'disk': 1}})
    assert status == 200
    cloud.request('POST', '/flavors/cli-1/os-extra_specs',
                  {'extra_specs': {'hw:cpu_policy': 'shared'}})
    shown = osc.json('flavor', 'show', 'cli-1')
    assert (shown['ram'], shown['properties']) == (256, {'hw:cpu_policy': 'shared'})
    assert 'cli.flavor' in {f['Name'] for f in osc.json('flavor', 'list',
                                                        token='demo:demo-project')}
    osc('flavor', 'delete', 'cli-1')
    assert 'cli.flavor' not in {f['Name'] for f in osc.json('flavor', 'list')}

    cloud.request('PUT', '/os-quota-sets/demo-project', {'quota_set': {'instances': 7}})
    limits = {row['Name']: row['Value']
              for row in osc.json('limits', 'show', '--absolute', token='demo:demo-project')}
    assert (limits['max_total_instances'], limits['total_instances_used']) == (7, 0), limits


def test_private_flavor_access_properties_and_description(osc):
    created = osc.json('flavor', 'create', '--ram', '128', '--disk', '1', '--vcpus', '1',
                       '--private', '--property', 'a=b', '--property', 'c=d', 'cli-private')
    flavor = created['id']
    assert (created['os-flavor-access:is_public'], created['properties']) == (
        False, {'a': 'b', 'c': 'd'})
    osc.fails('flavor', 'show', flavor, token='demo:demo-project')
    osc('flavor', 'set', '--project', 'demo-project', flavor)
    assert osc.json('flavor', 'show', flavor)['access_project_ids'] == ['demo-project']
    assert osc.json('flavor', 'show', flavor, token='demo:demo-project')['name'] == (
        'cli-private')
    osc.fails('flavor', 'show', flavor, token='alt:alt-project')
    osc('flavor', 'unset', '--project', 'demo-project', flavor)
    assert osc.json('flavor', 'show', flavor)['access_project_ids'] == []
    osc.fails('flavor', 'show', flavor, token='demo:demo-project')

    osc('flavor', 'unset', '--property', 'a', flavor)
    assert osc.json('flavor', 'show', flavor)['properties'] == {'c': 'd'}
    osc('flavor', 'set', '--description', 'for the CLI test', flavor, version='2.55')
    assert osc.json('flavor', 'show', flavor, version='2.55')['description'] == (
        'for the CLI test')
    osc('flavor', 'delete', flavor)


def test_keypairs(osc, tmp_path):
    public_key = ed25519.Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    digest = hashlib.md5(base64.b64decode(public_key.split()[1]),
                         usedforsecurity=False).hexdigest()
    fingerprint = ':'.join(digest[i:i + 2] for i in range(0, 32, 2))
    key_file = tmp_path / 'id.pub'
    key_file.write_text(public_key + ' cli@test\n')
    created = osc.json('keypair', 'create', '--public-key', str(key_file), 'cli-key',
                       token='demo:demo-project')
    assert (created['name'], created['fingerprint'], created['user_id']) == (
        'cli-key', fingerprint, 'demo')
    shown = osc.json('keypair', 'show', 'cli-key', token='demo:demo-project')
    assert (shown['name'], shown['fingerprint'], shown['type']) == (
        'cli-key', fingerprint, 'ssh')
    assert osc('keypair', 'show', '--public-key', 'cli-key',
               token='demo:demo-project').strip() == public_key + ' cli@test'
    osc.fails('keypair', 'show', 'cli-key', token='alt:alt-project')

    bad_file = tmp_path / 'bad.pub'
    bad_file.write_text('ssh-rsa AAAAnot-a-key cli@test\n')
    error = osc.fails('keypair', 'create', '--public-key', str(bad_file), 'bad-key',
                      token='demo:demo-project')
    assert 'Keypair data is invalid: failed to generate fingerprint' in error, error
    assert [k['Name'] for k in osc.json('keypair', 'list', token='demo:demo-project',
                                        version='2.2')] == ['cli-key']
    osc('keypair', 'delete', 'cli-key', token='demo:demo-project')
    assert osc.json('keypair', 'list', token='demo:demo-project') == []


def _quotas(osc, *args):
    return {row['Resource']: row['Limit']
            for row in osc.json('quota', 'show', '--compute', *args)}


def test_quotas(osc):
    osc('quota', 'set', '--instances', '4', '--cores', '9', '--ram', '4096', 'alt-project')
    shown = _quotas(osc, 'alt-project')
    assert (shown['instances'], shown['cores'], shown['ram']) == (4, 9, 4096), shown
    listed = {row['Project ID']: row for row in osc.json('quota', 'list', '--compute')}
    assert (listed['alt-project']['Instances'], listed['alt-project']['Cores']) == (4, 9)
    assert _quotas(osc, '--default', 'alt-project')['instances'] == 10
    usage = {row['Resource']: row
             for row in osc.json('quota', 'show', '--compute', '--usage', 'alt-project')}
    assert (usage['instances']['Limit'], usage['instances']['In Use'],
            usage['instances']['Reserved']) == (4, 0, 0), usage

    # the default quota class is every project's default
    osc('quota', 'set', '--class', '--instances', '12', 'default')
    try:
        assert _quotas(osc, '--default', 'alt-project')['instances'] == 12
        osc('quota', 'delete', '--compute', 'alt-project')
        shown = _quotas(osc, 'alt-project')
        assert (shown['instances'], shown['cores'], shown['ram']) == (12, 20, 51200), shown
    finally:
        osc('quota', 'set', '--class', '--instances', '10', 'default')
    assert _quotas(osc, 'alt-project')['instances'] == 10


def test_aggregates_and_zones(cloud, osc):
    host = cloud.compute_hosts[0]
    assert osc.json('aggregate', 'create', '--zone', 'cli-zone', 'cli-agg')[
        'availability_zone'] == 'cli-zone'
    osc('aggregate', 'add', 'host', 'cli-agg', host)
    osc('aggregate', 'set', '--property', 'ssd=true', '--property', 'gpu=no', 'cli-agg')
    shown = osc.json('aggregate', 'show', 'cli-agg')
    assert (shown['hosts'], shown['properties']) == ([host], {'ssd': 'true', 'gpu': 'no'})
    zones = {z['Zone Name'] for z in osc.json('availability', 'zone', 'list', '--compute')}
    assert {'cli-zone', 'nova'} <= zones
    services = osc.json('compute', 'service', 'list', '--host', host)
    assert services[0]['Zone'] == 'cli-zone'

    osc('aggregate', 'set', '--zone', 'cli-zone2', '--name', 'cli-agg2', 'cli-agg')
    osc('aggregate', 'unset', '--property', 'gpu', 'cli-agg2')
    shown = osc.json('aggregate', 'show', 'cli-agg2')
    assert (shown['name'], shown['availability_zone'], shown['properties']) == (
        'cli-agg2', 'cli-zone2', {'ssd': 'true'})
    osc.fails('aggregate', 'show', 'cli-agg')
    rows = osc.json('availability', 'zone', 'list', '--compute', '--long')
    mine = [r for r in rows if r['Host Name'] == host]
    assert [(r['Zone Name'], r['Service Name'], r['Zone Status']) for r in mine] == [
        ('cli-zone2', 'nova-compute', 'available')], rows
    assert {r['Zone Name'] for r in rows if r['Service Name'] == 'nova-scheduler'} == {
        'internal'}

    osc('aggregate', 'remove', 'host', 'cli-agg2', host)
    osc('aggregate', 'delete', 'cli-agg2')
    assert osc.json('aggregate', 'list') == []


def test_server_groups(osc):
    created = osc.json('server', 'group', 'create', '--policy', 'anti-affinity', 'cli-group',
                       token='demo:demo-project')
    assert created['name'] == 'cli-group'
    listed = osc.json('server', 'group', 'list', token='demo:demo-project')
    assert [g['Name'] for g in listed] == ['cli-group']
    shown = osc.json('server', 'group', 'show', 'cli-group', token='demo:demo-project')
    assert (shown['id'], shown['members'], shown['policies']) == (
        created['id'], [], ['anti-affinity'])
    osc.fails('server', 'group', 'show', created['id'], token='alt:alt-project')
    osc('server', 'group', 'delete', 'cli-group', token='demo:demo-project')
    assert osc.json('server', 'group', 'list', token='demo:demo-project') == []

    # 2.15: the soft policies
    soft = osc.json('server', 'group', 'create', '--policy', 'soft-anti-affinity', 'cli-soft',
                    token='demo:demo-project', version='2.15')
    assert (soft['policies'], soft['project_id'], soft['user_id']) == (
        ['soft-anti-affinity'], 'demo-project', 'demo')
    assert osc.json('server', 'group', 'show', 'cli-soft', token='demo:demo-project',
                    version='2.15')['policies'] == ['soft-anti-affinity']
    osc.fails('server', 'group', 'create', '--policy', 'soft-affinity', 'too-early',
              token='demo:demo-project', version='2.14')
    osc('server', 'group', 'delete', 'cli-soft', token='demo:demo-project')


def test_compute_services_and_hypervisors(cloud, osc):
    host = cloud.compute_hosts[1]
    osc('compute', 'service', 'set', '--disable', '--disable-reason', 'maintenance', host,
        'nova-compute')
    row = osc.json('compute', 'service', 'list', '--service', 'nova-compute',
                   '--host', host, '--long')[0]
    assert (row['Status'], row['Disabled Reason']) == ('disabled', 'maintenance')
    osc('compute', 'service', 'set', '--enable', host, 'nova-compute')
    row = osc.json('compute', 'service', 'list', '--host', host)[0]
    assert row['Status'] == 'enabled'

    # 2.11: forced down, and up again
    osc('compute', 'service', 'set', '--down', host, 'nova-compute', version='2.11')
    row = osc.json('compute', 'service', 'list', '--host', host, '--long', version='2.11')[0]
    assert (row['State'], row['Forced Down']) == ('down', True)
    osc('compute', 'service', 'set', '--up', host, 'nova-compute', version='2.11')
    row = osc.json('compute', 'service', 'list', '--host', host, '--long', version='2.11')[0]
    assert (row['State'], row['Forced Down']) == ('up', False)

    hypervisors = osc.json('hypervisor', 'list')
    assert {h['Hypervisor Hostname'] for h in hypervisors} == set(cloud.compute_hosts)
    shown = osc.json('hypervisor', 'show', cloud.compute_hosts[0])
    assert (shown['hypervisor_hostname'], shown['state']) == (cloud.compute_hosts[0], 'up')
    stats = osc.json('hypervisor', 'stats', 'show')
    assert stats['count'] == len(cloud.compute_hosts), stats
    # --matching: /os-hypervisors/{pattern}/search until 2.52, a query parameter from 2.53
    for version, id_type in (('2.1', int), ('2.53', str)):
        matched = osc.json('hypervisor', 'list', '--matching', host, version=version)
        assert [h['Hypervisor Hostname'] for h in matched] == [host], (version, matched)
        assert isinstance(matched[0]['ID'], id_type)
    osc.fails('hypervisor', 'list', '--matching', 'no-such-host', version='2.53')


def test_usage(cloud, osc):
    token = 'usage:usage-project'
    status, body = cloud.request('POST', '/servers', {'server': {
        'name': 'counted', 'flavorRef': '1', 'imageRef': IMAGE_ID}}, token=token)
    assert status == 202, body
    server_id = body['server']['id']
    try:
        cloud.wait_for_status(server_id, 'ACTIVE')
        for version in ('2.1', '2.40'):
            rows = {row['Project']: row for row in osc.json('usage', 'list', version=version)}
            assert [s['instance_id'] for s in rows['usage-project']['Servers']] == [
                server_id], rows
            shown = osc.json('usage', 'show', '--project', 'usage-project', version=version)
            assert [s['instance_id'] for s in shown['Servers']] == [server_id], shown
            assert shown['CPU Hours'] > 0
        assert osc.json('usage', 'show', '--project', 'alt-project')['Servers'] is None
    finally:
        cloud.request('DELETE', '/servers/%s' % server_id, token=token)
        cloud.wait_for_gone(server_id)


def test_compute_service_delete(cloud, osc):
    """Last: a third compute host comes and goes; deleting its service (by UUID,
    2.53) drops its hypervisor too, and the module's two hosts are what is left."""
    host = 'retired-%s' % cloud.run_id
    (cloud.workdir / ('%s.conf' % host)).write_text(
        '[DEFAULT]\nhost = %s\nlog_file = %s\n' % (
            host, cloud.workdir / 'logs' / ('nova-lite-compute-%s.log' % host)))
    cloud.start_compute(host)
    try:
        harness.wait_until(lambda: host in {h['hypervisor_hostname']
                                            for h in cloud.hypervisors()}, 60,
                           message='%s to report' % host)
    finally:
        cloud.stop_daemon(host)
    (service,) = osc.json('compute', 'service', 'list', '--host', host, version='2.53')
    assert len(service['ID']) == 36, service
    osc('compute', 'service', 'delete', service['ID'], version='2.53')
    assert osc.json('compute', 'service', 'list', '--host', host, version='2.53') == []
    assert {h['Hypervisor Hostname'] for h in osc.json('hypervisor', 'list')} == set(
        cloud.compute_hosts)
