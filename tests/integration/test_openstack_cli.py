"""The unmodified `openstack` CLI (python-openstackclient) against the real
daemons: aggregates, zones, server groups, compute services, hypervisors,
flavors and limits, at the microversion the API serves (2.1).

Against noauth2 the CLI needs no Keystone: `--os-auth-type admin_token` with
the API as `--os-endpoint` and the token 'user:project' (noauth2's form).
Some commands look the identity service up before they start and so need a
real Keystone (the devstack tests have one): flavor create/set/unset,
keypair create/list, quota set/show, usage list ("Service requires API
version '3'"). Here those resources are prepared over plain HTTP.
"""
import json
import subprocess

import pytest

from tests.integration import harness

OSC = harness.BIN / 'openstack'


@pytest.fixture(scope='module')
def osc(cloud):
    if not OSC.exists():
        pytest.fail('The openstack CLI is needed: %s -m pip install python-openstackclient'
                    % harness.sys.executable)

    def run(*args, token='admin:admin'):
        command = [str(OSC), '--os-auth-type', 'admin_token', '--os-endpoint', cloud.endpoint,
                   '--os-token', token, '--os-compute-api-version', '2.1', *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise AssertionError('openstack %s failed: %s\n%s' % (
                ' '.join(args), result.stderr, cloud.logs()))
        return result.stdout

    def run_json(*args, **kwargs):
        return json.loads(run(*args, '-f', 'json', **kwargs))
    run.json = run_json
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


def test_aggregates_and_zones(cloud, osc):
    host = cloud.compute_hosts[0]
    assert osc.json('aggregate', 'create', '--zone', 'cli-zone', 'cli-agg')[
        'availability_zone'] == 'cli-zone'
    osc('aggregate', 'add', 'host', 'cli-agg', host)
    osc('aggregate', 'set', '--property', 'ssd=true', 'cli-agg')
    shown = osc.json('aggregate', 'show', 'cli-agg')
    assert (shown['hosts'], shown['properties']) == ([host], {'ssd': 'true'})
    zones = {z['Zone Name'] for z in osc.json('availability', 'zone', 'list', '--compute')}
    assert {'cli-zone', 'nova'} <= zones
    services = osc.json('compute', 'service', 'list', '--host', host)
    assert services[0]['Zone'] == 'cli-zone'
    osc('aggregate', 'remove', 'host', 'cli-agg', host)
    osc('aggregate', 'delete', 'cli-agg')
    assert osc.json('aggregate', 'list') == []


def test_server_groups(osc):
    created = osc.json('server', 'group', 'create', '--policy', 'anti-affinity', 'cli-group',
                       token='demo:demo-project')
    assert created['name'] == 'cli-group'
    listed = osc.json('server', 'group', 'list', token='demo:demo-project')
    assert [g['Name'] for g in listed] == ['cli-group']
    osc('server', 'group', 'delete', 'cli-group', token='demo:demo-project')
    assert osc.json('server', 'group', 'list', token='demo:demo-project') == []


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
    hypervisors = osc.json('hypervisor', 'list')
    assert {h['Hypervisor Hostname'] for h in hypervisors} == set(cloud.compute_hosts)
    shown = osc.json('hypervisor', 'show', cloud.compute_hosts[0])
    assert (shown['hypervisor_hostname'], shown['state']) == (cloud.compute_hosts[0], 'up')
    stats = osc.json('hypervisor', 'stats', 'show')
    assert stats['count'] == len(cloud.compute_hosts), stats
