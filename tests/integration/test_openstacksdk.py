"""The same flow as test_boot_flow.py and test_service_down.py, driven by
openstacksdk, an unmodified real client."""
import collections

import openstack
import pytest

from tests.integration import harness

IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b'


@pytest.fixture(scope='module')
def conn(cloud):
    # noauth2: the token is 'user:project'; discovery reads GET /v2.1 unauthenticated
    connection = openstack.connect(
        auth_type='admin_token', auth={'endpoint': cloud.endpoint, 'token': 'admin:admin'},
        compute_endpoint_override=cloud.endpoint)
    yield connection
    connection.close()


def test_sdk_boot_ten_list_and_delete(cloud, conn):
    flavor = conn.compute.find_flavor('m1.tiny')
    assert flavor.vcpus == 1 and flavor.ram == 512
    servers = [conn.compute.create_server(name='sdk-%d' % i, image_id=IMAGE,
                                          flavor_id=flavor.id, networks='none')
               for i in range(10)]
    servers = [conn.compute.wait_for_server(s, wait=60) for s in servers]
    assert [s.status for s in servers] == ['ACTIVE'] * 10
    hosts = collections.Counter(s.compute_host for s in servers)
    assert set(hosts) == set(cloud.compute_hosts), hosts
    listed = {s.id for s in conn.compute.servers()}
    assert {s.id for s in servers} <= listed
    detailed = {s.id: s.status for s in conn.compute.servers(details=True)}
    assert {s.id: detailed[s.id] for s in servers} == {s.id: 'ACTIVE' for s in servers}

    services = list(conn.compute.services())
    assert len(services) == 4 and {s.state for s in services} == {'up'}
    assert {h.name for h in conn.compute.hypervisors()} == set(cloud.compute_hosts)

    for server in servers:
        conn.compute.delete_server(server)
    for server in servers:
        conn.compute.wait_for_delete(server, wait=60)
    assert not {s.id for s in servers} & {s.id for s in conn.compute.servers()}
    for server in servers:
        with pytest.raises(openstack.exceptions.NotFoundException):
            conn.compute.get_server(server.id)


def test_sdk_multi_create_into_an_anti_affinity_group(cloud, conn):
    """One POST makes two servers (the conductor and the scheduler get one request spec
    and their uuids): each goes ACTIVE on a host of its own, as the group asks."""
    group = conn.compute.create_server_group(name='sdk-apart', policy='anti-affinity')
    conn.compute.create_server(name='sdk-apart', image_id=IMAGE, flavor_id='1',
                               networks='none', min_count=2, max_count=2,
                               scheduler_hints={'group': group.id})
    servers = list(conn.compute.servers(name='^sdk-apart'))
    assert sorted(s.name for s in servers) == ['sdk-apart-1', 'sdk-apart-2']
    servers = [conn.compute.wait_for_server(s, wait=60) for s in servers]
    assert [s.status for s in servers] == ['ACTIVE'] * 2
    assert {s.compute_host for s in servers} == set(cloud.compute_hosts)
    assert sorted(conn.compute.get_server_group(group.id).member_ids) == sorted(
        s.id for s in servers)
    for server in servers:
        conn.compute.delete_server(server)
    for server in servers:
        conn.compute.wait_for_delete(server, wait=60)
    conn.compute.delete_server_group(group)


def test_sdk_negotiates_the_newest_microversion(conn):
    # from 2.37 a boot names its networks; nova-lite has no networking: 'none'
    with pytest.raises(openstack.exceptions.BadRequestException) as error:
        conn.compute.create_server(name='no-networks', flavor_id='1',
                                   image_id='70a599e0-31e7-49b7-b260-868f441e862b')
    assert "'networks' is a required property" in str(error.value)


def test_sdk_sees_errors(cloud, conn):
    with pytest.raises(openstack.exceptions.BadRequestException) as error:
        conn.compute.create_server(name='bad', image_id='70a599e0-31e7-49b7-b260-868f441e862b',
                                   flavor_id='no-such-flavor', networks='none')
    assert 'Invalid flavorRef provided.' in str(error.value)
    with pytest.raises(openstack.exceptions.NotFoundException):
        conn.compute.get_server('9d0f1d5c-0000-4000-8000-000000000000')


def _compute_states(conn):
    return {s.host: s.state for s in conn.compute.services() if s.binary == 'nova-compute'}


def test_sdk_sees_a_stopped_compute_go_down(cloud, conn):
    first, second = cloud.compute_hosts
    assert _compute_states(conn) == {first: 'up', second: 'up'}
    assert cloud.stop_daemon(first) == 0  # SIGTERM: a clean stop, not the SIGKILL fallback
    # down once its last heartbeat is older than service_down_time (5 s in the harness)
    harness.wait_until(lambda: _compute_states(conn)[first] == 'down', 30,
                       message='%s to be reported down' % first)
    assert _compute_states(conn)[second] == 'up'

    cloud.start_compute(first)
    harness.wait_until(lambda: _compute_states(conn)[first] == 'up', 30,
                       message='%s to come back up' % first)
