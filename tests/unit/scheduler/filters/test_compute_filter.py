"""ComputeFilter: only hosts whose compute service is up and enabled."""
import pytest

from nova_lite.scheduler.filters import compute_filter


@pytest.mark.parametrize('service, passes', [('up', True), ('disabled', False),
                                             ('down', False), ('forced_down', False),
                                             (None, False)])
def test_compute_filter(make_host_state, make_spec, service, passes):
    host = make_host_state(service=service)
    assert compute_filter.ComputeFilter().host_passes(host, make_spec()) is passes


def test_down_time_comes_from_configuration(make_host_state, make_spec, conf):
    host = make_host_state(service='down')  # last heartbeat an hour ago
    conf('service_down_time', 7200)
    assert compute_filter.ComputeFilter().host_passes(host, make_spec())
