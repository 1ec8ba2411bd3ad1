"""The walking skeleton end to end: real daemons, real RabbitMQ, raw HTTP."""
import collections
import os
import pathlib

from tests.integration import harness

IMAGE = harness.IMAGE_ID


def test_four_services_up(cloud):
    status, body = cloud.get('/os-services')
    assert status == 200
    services = {(s['binary'], s['host']): s for s in body['services']}
    assert set(b for b, _ in services) == {'nova-conductor', 'nova-scheduler', 'nova-compute'}
    assert len(services) == 4
    assert all(s['state'] == 'up' and s['status'] == 'enabled' for s in services.values())


def test_boot_ten_list_and_delete(cloud):
    ids = [cloud.boot('skeleton-%d' % i) for i in range(10)]
    servers = [cloud.wait_for_status(server_id, ('ACTIVE', 'ERROR')) for server_id in ids]
    assert [s['status'] for s in servers] == ['ACTIVE'] * 10, [s.get('fault') for s in servers]
    hosts = collections.Counter(s['OS-EXT-SRV-ATTR:host'] for s in servers)
    assert set(hosts) == set(cloud.compute_hosts), hosts

    status, body = cloud.get('/servers')
    assert status == 200
    assert set(ids) <= {s['id'] for s in body['servers']}
    status, body = cloud.get('/servers/detail')
    assert {s['id']: s['status'] for s in body['servers'] if s['id'] in ids} == \
        dict.fromkeys(ids, 'ACTIVE')

    for server_id in ids:
        status, _ = cloud.request('DELETE', '/servers/%s' % server_id)
        assert status == 204
    for server_id in ids:
        cloud.wait_for_gone(server_id)
    status, body = cloud.get('/servers')
    assert not set(ids) & {s['id'] for s in body['servers']}
    # every claim was given back
    status, body = cloud.get('/os-hypervisors/detail')
    assert all(h['vcpus_used'] == 0 for h in body['hypervisors']), body


def test_instance_actions_follow_the_request(cloud):
    server_id = cloud.boot('traced')
    cloud.wait_for_status(server_id, 'ACTIVE')
    log_dir = cloud.workdir / 'logs'
    conductor_log = (log_dir / 'nova-lite-conductor.log').read_text()
    compute_logs = ''.join(p.read_text() for p in log_dir.glob('nova-lite-compute-*.log'))
    # the request id of the POST is in the conductor's and the compute's log lines
    api_log = (log_dir / 'nova-lite-api.log').read_text()
    post_line = [line for line in api_log.splitlines() if '"POST /v2.1/servers"' in line][-1]
    request_id = post_line.rsplit('[', 1)[1].rstrip(']')
    assert request_id.startswith('req-')
    assert request_id in conductor_log
    assert request_id in compute_logs
    cloud.request('DELETE', '/servers/%s' % server_id)
    cloud.wait_for_gone(server_id)


def test_only_the_conductor_opens_the_database(cloud):
    def has_db_open(pid):
        fd_dir = pathlib.Path('/proc/%d/fd' % pid)
        for fd in fd_dir.iterdir():
            try:
                if os.readlink(fd).startswith(str(cloud.db_path)):
                    return True
            except OSError:
                continue
        return False

    opened = {name: has_db_open(proc.pid) for name, proc in cloud.procs.items()}
    assert opened.pop('conductor') is True
    assert not any(opened.values()), opened


def test_bad_input_creates_nothing(cloud):
    before = cloud.get('/servers/detail')[1]['servers']
    status, body = cloud.request('POST', '/servers', raw_body=b'{"server": ')
    assert status == 400 and body['badRequest']['message'] == 'Malformed request body'
    status, body = cloud.request('POST', '/servers', {
        'server': {'name': 'x', 'imageRef': IMAGE, 'flavorRef': '1', 'bogus': 1}})
    assert status == 400
    assert 'Additional properties are not allowed' in body['badRequest']['message']
    status, body = cloud.request('POST', '/servers', {
        'server': {'name': 'x', 'imageRef': IMAGE, 'flavorRef': 'no-such-flavor'}})
    assert status == 400
    assert body == {'badRequest': {'code': 400, 'message': 'Invalid flavorRef provided.'}}
    status, body = cloud.request('POST', '/servers', {'server': {'name': 'x', 'imageRef': IMAGE}})
    assert status == 400 and "'flavorRef' is a required property" in body['badRequest']['message']
    assert cloud.get('/servers/detail')[1]['servers'] == before


def test_flavor_too_big_for_any_host_ends_in_error(cloud):
    # within the default ram quota (51200 MB), bigger than any fake host (16384 MB)
    cloud.manage('flavor', 'create', 'huge', '--id', 'huge', '--ram', '40000', '--vcpus', '1')
    server_id = cloud.boot('too-big', flavor='huge')
    server = cloud.wait_for_status(server_id, 'ERROR')
    assert 'No valid host was found' in server['fault']['message']
    assert server['fault']['code'] == 500
    cloud.request('DELETE', '/servers/%s' % server_id)
    cloud.wait_for_gone(server_id)



def test_every_daemon_exits_zero_on_sigterm(cloud):
    """Last in this module: it stops the cloud. A daemon that does not stop on
    SIGTERM within the harness's timeout is SIGKILLed and its code is -9."""
    names = list(cloud.procs)
    codes = cloud.stop()  # the others at once, then the conductor
    assert codes == dict.fromkeys(names, 0), cloud.logs()
    conductor_log = (cloud.workdir / 'logs' / 'nova-lite-conductor.log').read_text()
    assert 'nova-conductor on %s stopped' % ('controller-' + cloud.run_id) in conductor_log
