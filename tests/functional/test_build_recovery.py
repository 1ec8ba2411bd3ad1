"""No server stays in BUILD forever, and deletes win over builds: lost
messages, restarted computes, deletes racing a build, dead compute hosts."""
from nova_lite import objects
from tests.functional import conftest as fx


def _lose_build_messages(cloud, monkeypatch, hosts=fx.COMPUTE_HOSTS):
    """The computes on hosts never act on build_and_run_instance (a lost cast)."""
    received = []
    for host in hosts:
        monkeypatch.setattr(cloud.compute(host).manager, 'build_and_run_instance',
                            lambda context, instance, **kwargs: received.append(instance.uuid))
    return received


def _disable(ctxt, host):
    service = objects.Service.get_by_host_and_binary(ctxt, host, 'nova-compute')
    service.disabled = True
    service.save()


def test_lost_build_ends_in_error_after_instance_build_timeout(make_cloud, monkeypatch):
    cloud = make_cloud([('instance_build_timeout', 2, None)])
    received = _lose_build_messages(cloud, monkeypatch)

    resp = cloud.member.create_server('lost')
    server_id = resp.body['server']['id']
    fx.wait_for(lambda: received == [server_id], 'the build to reach a compute')
    cloud.wait_for_state(server_id, 'ERROR')

    # the sweeper flips the state first (its optimistic lock), then records
    # the fault and gives the claim back
    server = fx.wait_for(lambda: cloud.get_server(server_id).get('fault') and
                         cloud.get_server(server_id), 'the fault to be recorded')
    assert 'did not finish within 2s' in server['fault']['message']
    fx.wait_for(lambda: all(cloud.hypervisor(h)['memory_mb_used'] == fx.RESERVED_MB
                            for h in fx.COMPUTE_HOSTS), 'the claim to be released')


def test_compute_restart_puts_its_unfinished_build_in_error(cloud, monkeypatch, ctxt):
    _disable(ctxt, 'host2')
    received = _lose_build_messages(cloud, monkeypatch, ['host1'])
    resp = cloud.member.create_server('interrupted')
    server_id = resp.body['server']['id']
    fx.wait_for(lambda: received == [server_id], 'the build to reach host1')
    assert cloud.get_server(server_id)['status'] == 'BUILD'

    cloud.stop_service(cloud.compute('host1'))
    cloud.start_compute('host1')

    server = cloud.wait_for_state(server_id, 'ERROR')
    assert 'restarted' in server['fault']['message']
    assert cloud.hypervisor('host1')['memory_mb_used'] == fx.RESERVED_MB


def test_delete_during_spawn_wins(make_cloud):
    cloud = make_cloud([('spawn_delay', 1.0, 'fake_driver')])
    resp = cloud.member.create_server('short-build')
    server_id = resp.body['server']['id']
    fx.wait_for(lambda: cloud.get_server(server_id)['OS-EXT-STS:task_state'] == 'spawning',
                'the server to be spawning')

    assert cloud.member.delete('/v2.1/servers/%s' % server_id).status == 204
    cloud.wait_for_deleted(server_id)

    def released():
        return all(cloud.hypervisor(h)['memory_mb_used'] == fx.RESERVED_MB
                   for h in fx.COMPUTE_HOSTS)
    fx.wait_for(released, 'the allocation to be released')
    # the build, finishing after the delete, must not bring the server back
    for host in fx.COMPUTE_HOSTS:
        fx.wait_for(lambda: not cloud.compute(host).manager.driver.list_instances(),
                    'the guest on %s to be destroyed' % host)
    assert cloud.member.get('/v2.1/servers/%s' % server_id).status == 404


def test_delete_while_scheduling_releases_the_claim(cloud, monkeypatch):
    received = _lose_build_messages(cloud, monkeypatch)
    resp = cloud.member.create_server('abandoned')
    server_id = resp.body['server']['id']
    fx.wait_for(lambda: received == [server_id], 'the build to reach a compute')

    assert cloud.member.delete('/v2.1/servers/%s' % server_id).status == 204
    cloud.wait_for_deleted(server_id)
    fx.wait_for(lambda: all(cloud.hypervisor(h)['memory_mb_used'] == fx.RESERVED_MB
                            for h in fx.COMPUTE_HOSTS), 'the claim to be released')


def test_delete_on_a_down_compute_is_done_by_the_api(cloud):
    server = cloud.boot('orphan', client=cloud.member)
    host = server['OS-EXT-SRV-ATTR:host']
    cloud.stop_service(cloud.compute(host))
    fx.wait_for(lambda: cloud.hypervisor(host)['state'] == 'down', '%s to be down' % host)

    assert cloud.member.delete('/v2.1/servers/%s' % server['id']).status == 204
    assert cloud.member.get('/v2.1/servers/%s' % server['id']).status == 404
    assert cloud.hypervisor(host)['memory_mb_used'] == fx.RESERVED_MB


def test_multiple_create_is_all_or_nothing(make_cloud):
    cloud = make_cloud([('memory_mb', fx.RESERVED_MB + 512, 'fake_driver')])
    resp = cloud.member.create_server('pack', min_count=3)
    assert resp.status == 202, resp

    servers = cloud.member.get('/v2.1/servers').body['servers']
    assert len(servers) == 3
    for server in servers:
        failed = cloud.wait_for_state(server['id'], 'ERROR')
        assert 'No valid host was found' in failed['fault']['message']
    for host in fx.COMPUTE_HOSTS:
        assert cloud.hypervisor(host)['memory_mb_used'] == fx.RESERVED_MB


def test_a_build_left_waiting_on_a_stopped_scheduler_ends_with_its_cloud(cloud):
    """What the cloud's teardown does: the build whose call the stopped scheduler never
    took ends (in ERROR) before the test's database goes, not after the RPC timeout in
    the next test's."""
    scheduler = next(s for s in cloud.services if s.binary == 'nova-scheduler')
    cloud.stop_service(scheduler)
    server_id = cloud.member.create_server('orphan').body['server']['id']
    fx.wait_for(lambda: [topic for topic, _ in fx.untaken_calls()] == ['scheduler'],
                'the build to call the stopped scheduler')
    stopped = list(cloud.services)
    for svc in stopped:
        cloud.stop_service(svc)
    fx.finish_handlers(stopped + [scheduler])
    assert fx.untaken_calls() == []
    server = cloud.get_server(server_id)
    assert (server['status'], server['OS-EXT-STS:task_state']) == ('ERROR', None)
    assert 'the test stopped its services' in server['fault']['message']
