"""Many compute hosts in one process (nova-lite-fake-computes) against the real
scheduler and conductor over RabbitMQ."""
import collections

import pytest

from tests.integration import harness

HOSTS = 30


@pytest.fixture
def scale_cloud(rabbit_vhost, tmp_path):
    cloud = harness.Cloud(tmp_path, rabbit_vhost.url, compute_hosts=(),
                          extra_conf={'quota': {'instances': '-1', 'cores': '-1',
                                                'ram': '-1'}})
    cloud.start()
    cloud.start_daemon('fake-computes', 'nova-lite-fake-computes', '--count', str(HOSTS),
                       '--prefix', 'scale-%s-' % cloud.run_id)
    try:
        yield cloud
        # SIGTERM stops every host (side by side) before the harness would SIGKILL it
        assert cloud.stop_daemon('fake-computes') == 0
    finally:
        cloud.stop()


def test_many_hosts_in_one_process(scale_cloud):
    cloud = scale_cloud
    harness.wait_until(lambda: len(cloud.hypervisors()) == HOSTS, 120,
                       message='%d hypervisors to report' % HOSTS)
    services = cloud.get('/os-services?binary=nova-compute')[1]['services']
    assert len(services) == HOSTS
    harness.wait_until(lambda: all(s['state'] == 'up' for s in
                                   cloud.get('/os-services?binary=nova-compute')[1]['services']),
                       60, message='every fake compute to be up')

    ids = [cloud.boot('scale-%d' % index) for index in range(HOSTS)]
    servers = [cloud.wait_for_status(server_id, ('ACTIVE', 'ERROR')) for server_id in ids]
    assert {s['status'] for s in servers} == {'ACTIVE'}
    hosts = collections.Counter(s['OS-EXT-SRV-ATTR:host'] for s in servers)
    assert len(hosts) > HOSTS // 2  # the RAM weigher spreads them out
