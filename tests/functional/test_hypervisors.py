"""/os-hypervisors list, detail and show (admin), as upstream's os-hypervisors/*.json at 2.1."""
import json

import pytest

from tests.functional import conftest as fx

# upstream os-hypervisors/hypervisors-list-resp.json and hypervisors-detail-resp.json
LIST_KEYS = {'hypervisor_hostname', 'id', 'state', 'status'}
DETAIL_KEYS = {'cpu_info', 'current_workload', 'status', 'state', 'disk_available_least',
               'host_ip', 'free_disk_gb', 'free_ram_mb', 'hypervisor_hostname',
               'hypervisor_type', 'hypervisor_version', 'id', 'local_gb', 'local_gb_used',
               'memory_mb', 'memory_mb_used', 'running_vms', 'service', 'vcpus', 'vcpus_used'}
SERVICE_KEYS = {'host', 'id', 'disabled_reason'}


def _get(cloud, path, key):
    resp = cloud.admin.get('/v2.1/os-hypervisors' + path)
    assert resp.status == 200, resp
    assert set(resp.body) == {key}
    return resp.body[key]


def test_list_shape(cloud):
    hypervisors = _get(cloud, '', 'hypervisors')
    assert sorted(h['hypervisor_hostname'] for h in hypervisors) == list(fx.COMPUTE_HOSTS)
    for hypervisor in hypervisors:
        assert set(hypervisor) == LIST_KEYS
        assert (hypervisor['state'], hypervisor['status']) == ('up', 'enabled')
        assert isinstance(hypervisor['id'], int)


def test_detail_shape_and_sizes(cloud):
    hypervisors = _get(cloud, '/detail', 'hypervisors')
    assert len(hypervisors) == 2
    services = {s['host']: s['id']
                for s in cloud.admin.get('/v2.1/os-services').body['services']
                if s['binary'] == 'nova-compute'}
    for hypervisor in hypervisors:
        assert set(hypervisor) == DETAIL_KEYS
        assert set(hypervisor['service']) == SERVICE_KEYS
        host = hypervisor['service']['host']
        assert hypervisor['service'] == {'host': host, 'id': services[host],
                                         'disabled_reason': None}
        assert hypervisor['hypervisor_hostname'] == host
        assert {k: hypervisor[k] for k in (
            'vcpus', 'memory_mb', 'local_gb', 'vcpus_used', 'memory_mb_used',
            'local_gb_used', 'free_ram_mb', 'free_disk_gb', 'running_vms',
            'hypervisor_type', 'current_workload')} == {
            'vcpus': 8, 'memory_mb': 8192, 'local_gb': 100, 'vcpus_used': 0,
            'memory_mb_used': fx.RESERVED_MB, 'local_gb_used': 0,
            'free_ram_mb': 8192 - fx.RESERVED_MB, 'free_disk_gb': 100, 'running_vms': 0,
            'hypervisor_type': 'fake', 'current_workload': 0}
        assert json.loads(hypervisor['cpu_info'])['arch'] == 'x86_64'


def test_show_matches_detail(cloud):
    for hypervisor in _get(cloud, '/detail', 'hypervisors'):
        shown = _get(cloud, '/%s' % hypervisor['id'], 'hypervisor')
        assert set(shown) == DETAIL_KEYS
        assert shown == hypervisor


@pytest.mark.parametrize('hypervisor_id', ['999', 'not-a-number'])
def test_unknown_hypervisor_is_404(cloud, hypervisor_id):
    resp = cloud.admin.get('/v2.1/os-hypervisors/%s' % hypervisor_id)
    assert resp.status == 404, resp
    assert resp.body == {'itemNotFound': {
        'code': 404, 'message': 'Hypervisor with ID %s could not be found.' % hypervisor_id}}


@pytest.mark.parametrize('path, rule', [('', 'list'), ('/detail', 'list-detail'),
                                        ('/1', 'show')])
def test_members_are_forbidden(cloud, path, rule):
    resp = cloud.member.get('/v2.1/os-hypervisors' + path)
    assert resp.status == 403, resp
    assert resp.body == {'forbidden': {
        'code': 403,
        'message': "Policy doesn't allow os_compute_api:os-hypervisors:%s to be performed."
                   % rule}}


def test_usage_follows_boots_and_deletes(cloud):
    server = cloud.boot('consumer', flavor_ref='2')  # m1.small: 2048 MB, 1 vCPU, 20 GB
    host = server['OS-EXT-SRV-ATTR:host']

    hypervisor = cloud.hypervisor(host)
    assert (hypervisor['memory_mb_used'], hypervisor['vcpus_used'],
            hypervisor['local_gb_used']) == (fx.RESERVED_MB + 2048, 1, 20)
    assert hypervisor['free_ram_mb'] == 8192 - fx.RESERVED_MB - 2048
    assert hypervisor['free_disk_gb'] == 80
    # running_vms comes with the next periodic resource report
    fx.wait_for(lambda: cloud.hypervisor(host)['running_vms'] == 1, 'running_vms to be 1')

    assert cloud.admin.delete('/v2.1/servers/%s' % server['id']).status == 204
    cloud.wait_for_deleted(server['id'])
    fx.wait_for(lambda: cloud.hypervisor(host)['running_vms'] == 0, 'running_vms to be 0')
    assert cloud.hypervisor(host)['memory_mb_used'] == fx.RESERVED_MB


def test_down_compute_shows_down(cloud):
    cloud.stop_service(cloud.compute('host2'))
    fx.wait_for(lambda: {h['hypervisor_hostname']: h['state']
                         for h in _get(cloud, '', 'hypervisors')} ==
                {'host1': 'up', 'host2': 'down'}, 'host2 to be down')
