"""A compute daemon that stops heart-beating is shown down after service_down_time."""
from tests.integration import harness


def _compute_states(cloud):
    services = cloud.get('/os-services')[1]['services']
    return {s['host']: s['state'] for s in services if s['binary'] == 'nova-compute'}


def test_stopped_compute_turns_down(cloud):
    first, second = cloud.compute_hosts
    assert _compute_states(cloud) == {first: 'up', second: 'up'}
    assert cloud.stop_daemon(first) == 0  # SIGTERM: a clean stop, not the SIGKILL fallback
    harness.wait_until(lambda: _compute_states(cloud)[first] == 'down', 30,
                       message='%s to be reported down' % first)
    assert _compute_states(cloud)[second] == 'up'
    hypervisors = {h['hypervisor_hostname']: h['state'] for h in cloud.hypervisors()}
    assert hypervisors[first] == 'down'

    # a server booted now can only land on the compute that is still up
    server = cloud.wait_for_status(cloud.boot('after-down'), 'ACTIVE')
    assert server['OS-EXT-SRV-ATTR:host'] == second

    cloud.start_compute(first)
    harness.wait_until(lambda: _compute_states(cloud)[first] == 'up', 30,
                       message='%s to come back up' % first)
