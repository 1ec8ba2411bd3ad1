"""The builds the conductor has not taken up wait in RabbitMQ, not in its memory: when
it is killed, the next conductor builds them. (oslo.messaging acknowledges an RPC
message as it receives it; the conductor's build topic takes no more than twice its
threads' worth, conductor_manager.TASK_WORKERS.) Before, the conductor took every build
at once into a pool of its own, and all of them were lost."""
import signal

import pytest

from nova_lite import rpc
from nova_lite.conductor import manager as conductor_manager
from tests.integration import harness

# running, waiting for a thread, and the one its listener holds until one is free
TAKEN = 2 * conductor_manager.TASK_WORKERS + 1
# and rpc.PREFETCH more sent to it, not acknowledged: RabbitMQ sends them again
BOOTS = TAKEN + rpc.PREFETCH + 16
BUILD_TIMEOUT = 20


@pytest.fixture
def restart_cloud(rabbit_vhost, tmp_path):
    cloud = harness.Cloud(tmp_path / 'cloud', rabbit_vhost.url, extra_conf={
        'DEFAULT': {'instance_build_timeout': str(BUILD_TIMEOUT)},
        'quota': {'instances': '-1', 'cores': '-1', 'ram': '-1'},
        'fake_driver': {'vcpus': '1000', 'memory_mb': '1000000', 'local_gb': '100000'},
    })
    with harness.running(cloud):
        yield cloud


def test_builds_waiting_in_the_queue_outlive_a_killed_conductor(restart_cloud, rabbit_vhost):
    cloud = restart_cloud
    # with no scheduler, every build the conductor takes up waits for its answer
    assert cloud.stop_daemon('scheduler') == 0
    ids = [cloud.boot('queued-%d' % index) for index in range(BOOTS)]
    harness.wait_until(lambda: rabbit_vhost.messages_ready('conductor_build') > 0, 30,
                       message='builds to wait in the conductor_build queue')
    cloud.procs['conductor'].send_signal(signal.SIGKILL)
    cloud.procs['conductor'].wait()
    cloud.start_daemon('scheduler', 'nova-lite-scheduler')
    cloud.start_daemon('conductor', 'nova-lite-conductor')

    def settled():
        servers = [cloud.get('/servers/%s' % server_id)[1]['server'] for server_id in ids]
        if all(s['status'] in ('ACTIVE', 'ERROR') for s in servers):
            return servers
        return None
    servers = harness.wait_until(settled, BUILD_TIMEOUT * 6,
                                 message='every server to be ACTIVE or ERROR')
    active = [s for s in servers if s['status'] == 'ACTIVE']
    # the builds it had taken are lost with it (the stale-build sweep ends them in
    # ERROR, with a fault); the others are built
    assert len(active) >= BOOTS - TAKEN, [s['status'] for s in servers]
    for server in servers:
        if server['status'] == 'ERROR':
            assert server['fault']['message'], server
