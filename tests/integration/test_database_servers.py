"""The cloud on a database server, PostgreSQL and MariaDB, as README's several-node setup
has it: nova-lite-manage migrates an empty database, two conductors share it, and boots
and deletes through the API go through both; racing boots of one project never pass its
quota."""
import concurrent.futures
import re

import pytest

from tests.integration import harness

RACERS, QUOTA = 16, 6


@pytest.fixture(scope='module', params=['postgresql', 'mariadb'])
def server_cloud(request, rabbit_vhost, tmp_path_factory):
    """The cloud on a database of the run's private server (tests/conftest.py)."""
    server = request.getfixturevalue(request.param)
    with server.empty_database() as database:
        workdir = tmp_path_factory.mktemp('cloud')
        cloud = harness.Cloud(workdir, rabbit_vhost.url, extra_conf={
            'database': {'connection': server.url(database)}})
        with harness.running(cloud):
            # a second conductor of its own name on the same database
            conf = workdir / 'conductor2.conf'
            conf.write_text('[DEFAULT]\nhost = conductor2-%s\nlog_file = %s\n' % (
                cloud.run_id, workdir / 'logs' / 'nova-lite-conductor2.log'))
            cloud.start_daemon('conductor2', 'nova-lite-conductor', '--config-file', str(conf))
            harness.wait_until(lambda: len(_conductors(cloud)) == 2, 60,
                               message='the second conductor to report')
            yield cloud


def _conductors(cloud):
    return [s for s in cloud.get('/os-services?binary=nova-conductor')[1]['services']
            if s['state'] == 'up']


def test_two_conductors_boot_and_delete(server_cloud):
    cloud = server_cloud
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(lambda i: cloud.boot('pg-%d' % i), range(10)))  # the default quota
    servers = [cloud.wait_for_status(server_id, ('ACTIVE', 'ERROR')) for server_id in ids]
    assert {s['status'] for s in servers} == {'ACTIVE'}
    # the builds went through both conductors (their topic is shared, round robin)
    logs = [(cloud.workdir / 'logs' / name).read_text(errors='replace')
            for name in ('nova-lite-conductor.log', 'nova-lite-conductor2.log')]
    assert all(sum(server_id in log for server_id in ids) for log in logs)
    listed = cloud.get('/servers/detail?name=^pg-&sort_key=display_name&sort_dir=asc')[1]
    assert sorted(s['id'] for s in listed['servers']) == sorted(ids)
    for server_id in ids:
        assert cloud.request('DELETE', '/servers/%s' % server_id)[0] == 204
    for server_id in ids:
        cloud.wait_for_gone(server_id)
    # the operator archives the deleted servers while the cloud runs (exit code 1: rows
    # were archived), then purges them
    archived = cloud.manage('db', 'archive_deleted_rows', '--until-complete', '--verbose',
                            expect=1)
    assert re.search(r'\| instances +\| 1\d ', archived), archived
    assert 'Deleted' in cloud.manage('db', 'purge', '--all', '--verbose')
    assert cloud.get('/servers?name=^pg-')[1]['servers'] == []


def test_racing_boots_of_a_project_never_pass_its_quota(server_cloud):
    cloud = server_cloud
    status, _ = cloud.request('PUT', '/os-quota-sets/racers',
                              {'quota_set': {'instances': QUOTA}})
    assert status == 200

    def boot(index):
        return cloud.request('POST', '/servers', {'server': {
            'name': 'racer-%d' % index, 'imageRef': harness.IMAGE_ID, 'flavorRef': '1'}},
            token='racer:racers')
    with concurrent.futures.ThreadPoolExecutor(RACERS) as pool:
        answers = list(pool.map(boot, range(RACERS)))
    assert sorted(status for status, _ in answers) == [202] * QUOTA + [403] * (RACERS - QUOTA)
    usage = cloud.get('/os-quota-sets/racers/detail')[1]['quota_set']['instances']
    assert (usage['in_use'], usage['limit']) == (QUOTA, QUOTA)
    for status, body in answers:
        if status == 202:
            cloud.wait_for_status(body['server']['id'], 'ACTIVE')
            cloud.request('DELETE', '/servers/%s' % body['server']['id'], token='racer:racers')
