"""/os-services (admin only): every daemon's row and whether its heartbeat is recent."""
import pytest

from nova_lite import objects
from tests.functional import conftest as fx

# upstream os-services/services-list-get-resp.json (2.1)
SERVICE_KEYS = {'id', 'binary', 'disabled_reason', 'host', 'state', 'status', 'updated_at',
                'zone'}


def _services(cloud, query=''):
    resp = cloud.admin.get('/v2.1/os-services' + query)
    assert resp.status == 200, resp
    assert set(resp.body) == {'services'}
    return resp.body['services']


def test_lists_the_four_services_up(cloud):
    services = _services(cloud)

    assert sorted((s['binary'], s['host']) for s in services) == [
        ('nova-compute', 'host1'), ('nova-compute', 'host2'),
        ('nova-conductor', fx.CONTROLLER), ('nova-scheduler', fx.CONTROLLER)]
    for service in services:
        assert set(service) == SERVICE_KEYS
        assert (service['state'], service['status']) == ('up', 'enabled')
        assert service['disabled_reason'] is None
        assert service['updated_at']
        expected_zone = 'nova' if service['binary'] == 'nova-compute' else 'internal'
        assert service['zone'] == expected_zone
    assert len({s['id'] for s in services}) == 4


def test_binary_and_host_filters(cloud):
    assert {s['host'] for s in _services(cloud, '?binary=nova-compute')} == {'host1', 'host2'}
    assert {s['binary'] for s in _services(cloud, '?host=host1')} == {'nova-compute'}
    assert _services(cloud, '?host=nowhere') == []


@pytest.mark.parametrize('client', ['member', 'other'])
def test_members_are_forbidden(cloud, client):
    resp = getattr(cloud, client).get('/v2.1/os-services')
    assert resp.status == 403, resp
    assert resp.body == {'forbidden': {
        'code': 403,
        'message': "Policy doesn't allow os_compute_api:os-services:list to be performed."}}


def test_heartbeats_move_updated_at(cloud):
    def compute_updated():
        return {s['host']: s['updated_at'] for s in _services(cloud, '?binary=nova-compute')}

    before = compute_updated()
    fx.wait_for(lambda: all(after != before[host]
                            for host, after in compute_updated().items()),
                'both computes to heartbeat')


def test_stopped_compute_goes_down_after_service_down_time(cloud):
    cloud.stop_service(cloud.compute('host1'))

    def host1():
        return next(s for s in _services(cloud, '?binary=nova-compute') if s['host'] == 'host1')

    fx.wait_for(lambda: host1()['state'] == 'down', 'host1 to be reported down')
    states = {(s['binary'], s['host']): s['state'] for s in _services(cloud)}
    assert states == {('nova-compute', 'host1'): 'down', ('nova-compute', 'host2'): 'up',
                      ('nova-conductor', fx.CONTROLLER): 'up',
                      ('nova-scheduler', fx.CONTROLLER): 'up'}


def test_disabled_service_shows_status_and_reason(cloud, ctxt):
    service = objects.Service.get_by_host_and_binary(ctxt, 'host2', 'nova-compute')
    service.disabled = True
    service.disabled_reason = 'maintenance'
    service.save()

    shown = next(s for s in _services(cloud) if s['host'] == 'host2')
    assert (shown['status'], shown['disabled_reason'], shown['state']) == (
        'disabled', 'maintenance', 'up')


def test_restarted_compute_reuses_its_row_and_comes_back_up(cloud):
    before = {s['host']: s['id'] for s in _services(cloud, '?binary=nova-compute')}
    cloud.stop_service(cloud.compute('host1'))
    fx.wait_for(lambda: next(s for s in _services(cloud, '?host=host1'))['state'] == 'down',
                'host1 to be reported down')

    cloud.start_compute('host1')
    fx.wait_for(lambda: next(s for s in _services(cloud, '?host=host1'))['state'] == 'up',
                'host1 to be back up')
    after = {s['host']: s['id'] for s in _services(cloud, '?binary=nova-compute')}
    assert after == before
    assert cloud.boot('after-restart')['status'] == 'ACTIVE'
