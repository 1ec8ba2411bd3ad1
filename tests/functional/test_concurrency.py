"""Racing boots: more parallel requests than the cloud has room for must end
with every slot filled once, the rest in ERROR, and no host over capacity."""
import collections
import threading

from tests.functional import conftest as fx

PER_HOST = 3  # m1.tiny (512 MB) servers each fake host has room for
CAPACITY = PER_HOST * len(fx.COMPUTE_HOSTS)
REQUESTS = CAPACITY + 4


def _boot_in_parallel(cloud, names):
    """POST every server from its own thread, all released at once."""
    barrier = threading.Barrier(len(names))
    responses = {}

    def post(name):
        barrier.wait()
        responses[name] = cloud.member.create_server(name)

    threads = [threading.Thread(target=post, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def _settle(cloud, server_ids):
    """Wait until no server is building; returns their final bodies."""
    def final():
        servers = [cloud.get_server(server_id) for server_id in server_ids]
        if all(s['status'] in ('ACTIVE', 'ERROR') and s['OS-EXT-STS:task_state'] is None
               for s in servers):
            return servers
        return None
    return fx.wait_for(final, 'every server to be ACTIVE or ERROR', timeout=60)


def test_more_boots_than_capacity(make_cloud):
    cloud = make_cloud([('memory_mb', fx.RESERVED_MB + PER_HOST * 512, 'fake_driver')])
    names = ['race-%02d' % index for index in range(REQUESTS)]

    responses = _boot_in_parallel(cloud, names)
    assert {resp.status for resp in responses.values()} == {202}, responses
    servers = _settle(cloud, [resp.body['server']['id'] for resp in responses.values()])

    by_status = collections.defaultdict(list)
    for server in servers:
        by_status[server['status']].append(server)
    assert len(by_status['ACTIVE']) == CAPACITY
    assert len(by_status['ERROR']) == REQUESTS - CAPACITY
    for server in by_status['ERROR']:
        assert 'No valid host was found' in server['fault']['message']
        assert server['OS-EXT-SRV-ATTR:host'] is None
    per_host = collections.Counter(s['OS-EXT-SRV-ATTR:host'] for s in by_status['ACTIVE'])
    assert per_host == {host: PER_HOST for host in fx.COMPUTE_HOSTS}

    for host in fx.COMPUTE_HOSTS:
        hypervisor = cloud.hypervisor(host)
        assert hypervisor['memory_mb_used'] == hypervisor['memory_mb']
        assert hypervisor['free_ram_mb'] == 0
        assert hypervisor['vcpus_used'] == PER_HOST


def test_freed_capacity_can_be_used_again(make_cloud):
    cloud = make_cloud([('memory_mb', fx.RESERVED_MB + PER_HOST * 512, 'fake_driver')])
    responses = _boot_in_parallel(cloud, ['fill-%d' % index for index in range(CAPACITY)])
    servers = _settle(cloud, [resp.body['server']['id'] for resp in responses.values()])
    assert {s['status'] for s in servers} == {'ACTIVE'}

    full = cloud.member.create_server('no-room')
    assert cloud.wait_for_state(full.body['server']['id'], 'ERROR')

    victim = servers[0]
    assert cloud.member.delete('/v2.1/servers/%s' % victim['id']).status == 204
    cloud.wait_for_deleted(victim['id'])
    again = cloud.boot('reuse', client=cloud.member)
    assert again['OS-EXT-SRV-ATTR:host'] == victim['OS-EXT-SRV-ATTR:host']


def test_parallel_deletes_release_everything(cloud):
    ids = [resp.body['server']['id'] for resp in
           _boot_in_parallel(cloud, ['gone-%d' % index for index in range(6)]).values()]
    _settle(cloud, ids)

    barrier = threading.Barrier(len(ids))
    statuses = []

    def delete(server_id):
        barrier.wait()
        statuses.append(cloud.member.delete('/v2.1/servers/%s' % server_id).status)

    threads = [threading.Thread(target=delete, args=(server_id,)) for server_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [204] * len(ids)
    for server_id in ids:
        cloud.wait_for_deleted(server_id)
    for host in fx.COMPUTE_HOSTS:
        assert cloud.hypervisor(host)['memory_mb_used'] == fx.RESERVED_MB
    assert cloud.member.get('/v2.1/servers').body['servers'] == []


def test_two_schedulers_never_overcommit(make_cloud):
    """200 boots race through two schedulers onto room for exactly 100."""
    per_host = 50
    cloud = make_cloud([('memory_mb', fx.RESERVED_MB + per_host * 512, 'fake_driver'),
                        ('vcpus', 16, 'fake_driver'),
                        ('instances', -1, 'quota'), ('cores', -1, 'quota'),
                        ('ram', -1, 'quota')])
    cloud.start_service('controller2', 'nova-scheduler', 'scheduler',
                        fx.scheduler_manager.SchedulerManager('controller2'))
    names = ['crowd-%03d' % index for index in range(4 * per_host)]
    responses = _boot_in_parallel(cloud, names)
    assert {resp.status for resp in responses.values()} == {202}
    servers = _settle(cloud, [resp.body['server']['id'] for resp in responses.values()])
    statuses = collections.Counter(s['status'] for s in servers)
    assert statuses == {'ACTIVE': 2 * per_host, 'ERROR': 2 * per_host}
    per_host_count = collections.Counter(s['OS-EXT-SRV-ATTR:host'] for s in servers
                                         if s['status'] == 'ACTIVE')
    assert per_host_count == {host: per_host for host in fx.COMPUTE_HOSTS}
    for host in fx.COMPUTE_HOSTS:
        assert cloud.hypervisor(host)['free_ram_mb'] == 0
