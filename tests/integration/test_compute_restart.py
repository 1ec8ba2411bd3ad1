"""A nova-lite-compute killed (SIGKILL) in the middle of an action and started
again: on start-up it settles what it was doing (upstream's init_host), so
the server ends in a consistent state with no task_state, never stuck.

The fake driver takes [fake_driver] action_delay seconds for each operation,
so the kill lands while the compute is inside it, and its guests outlive the
process (a state file under state_path), as a hypervisor's domains do.
"""
import signal

import pytest

from tests.integration import harness


@pytest.fixture(scope='module')
def cloud(rabbit_vhost, tmp_path_factory):
    cloud = harness.Cloud(tmp_path_factory.mktemp('restart'), rabbit_vhost.url,
                          compute_hosts=('compute1',),
                          extra_conf={'fake_driver': {'action_delay': '3'}})
    with harness.running(cloud):
        yield cloud


def _compute_is_up(cloud):
    status, body = cloud.get('/os-services?binary=nova-compute')
    return status == 200 and all(s['state'] == 'up' for s in body['services'])


def _boot(cloud, name):
    # a compute restarted by the test before is down until its first heartbeat
    harness.wait_until(lambda: _compute_is_up(cloud), 60, message='nova-compute to be up')
    server_id = cloud.boot(name)
    cloud.wait_for_status(server_id, 'ACTIVE')
    return server_id


def _server(cloud, server_id):
    status, body = cloud.get('/servers/%s' % server_id)
    assert status == 200, body
    return body['server']


def _kill_during(cloud, server_id, body, event):
    """POST the action, SIGKILL the compute once it is inside `event`, start it again."""
    status, _ = cloud.request('POST', '/servers/%s/action' % server_id, body)
    assert status == 202

    def _inside():
        _, actions = cloud.get('/servers/%s/os-instance-actions' % server_id)
        newest = max(actions['instanceActions'], key=lambda a: a['start_time'])
        _, shown = cloud.get('/servers/%s/os-instance-actions/%s' % (
            server_id, newest['request_id']))
        return [e for e in shown['instanceAction']['events']
                if e['event'] == event and e['finish_time'] is None]
    harness.wait_until(_inside, 60, message='compute to be inside %s' % event)
    host = cloud.compute_hosts[0]
    cloud.stop_daemon(host, sig=signal.SIGKILL)
    task_state = _server(cloud, server_id)['OS-EXT-STS:task_state']
    cloud.start_compute(host)
    return task_state


def _settled(cloud, server_id, status):
    def _check():
        server = _server(cloud, server_id)
        if server['status'] == status and server['OS-EXT-STS:task_state'] is None:
            return server
        return None
    return harness.wait_until(_check, 60,
                              message='server %s to settle %s' % (server_id, status))


def test_interrupted_stop_is_done_again(cloud):
    server_id = _boot(cloud, 'killed-stop')
    assert _kill_during(cloud, server_id, {'os-stop': None},
                        'compute_stop_instance') == 'powering-off'
    server = _settled(cloud, server_id, 'SHUTOFF')
    assert server['OS-EXT-STS:power_state'] == 4
    # the restarted compute still drives the guest
    cloud.request('POST', '/servers/%s/action' % server_id, {'os-start': None})
    assert _settled(cloud, server_id, 'ACTIVE')['OS-EXT-STS:power_state'] == 1


def test_interrupted_hard_reboot_is_done_again(cloud):
    server_id = _boot(cloud, 'killed-reboot')
    assert _kill_during(cloud, server_id, {'reboot': {'type': 'HARD'}},
                        'compute_reboot_instance') == 'reboot_started_hard'
    assert _settled(cloud, server_id, 'ACTIVE')['OS-EXT-STS:power_state'] == 1


def test_interrupted_pause_is_given_up_and_can_be_asked_again(cloud):
    server_id = _boot(cloud, 'killed-pause')
    assert _kill_during(cloud, server_id, {'pause': None},
                        'compute_pause_instance') == 'pausing'
    # the guest never paused: the server stays ACTIVE, task_state cleared
    assert _settled(cloud, server_id, 'ACTIVE')['OS-EXT-STS:power_state'] == 1
    status, _ = cloud.request('POST', '/servers/%s/action' % server_id, {'pause': None})
    assert status == 202
    assert _settled(cloud, server_id, 'PAUSED')['OS-EXT-STS:power_state'] == 3
