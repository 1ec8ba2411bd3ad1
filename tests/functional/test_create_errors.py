"""POST /servers that cannot succeed: refused up front (400, nothing created),
or accepted and then ERROR with a fault (no host, failed spawns)."""
import pytest
import sqlalchemy as sa

from nova_lite import objects
from nova_lite.db import api as db_api
from nova_lite.db import models
from tests.functional import conftest as fx

# every table a create writes (its request spec is a column of instances)
CREATE_WRITES = (models.Instance, models.InstanceAction, models.InstanceActionEvent,
                 models.Allocation, models.InstanceFault, models.Tag,
                 models.InstanceGroupMember)
PROJECTS = ('demo-project', 'admin')  # of cloud.member and cloud.admin


def _rows_a_create_writes():
    with db_api.reader() as session:
        return {model.__tablename__: session.scalar(
            sa.select(sa.func.count()).select_from(model)) for model in CREATE_WRITES}


@pytest.fixture
def nothing_created(cloud, ctxt):
    """nothing_created() asserts that no create left a row behind (instance, request
    spec, instance action or event, resource claim, fault, tag, group member) and
    that the quota usage of the test projects is what it was."""
    usages = {project: objects.Quotas.get_usages(ctxt, project) for project in PROJECTS}

    def _check():
        assert fx.all_instances() == []
        assert _rows_a_create_writes() == dict.fromkeys(
            (model.__tablename__ for model in CREATE_WRITES), 0)
        assert {project: objects.Quotas.get_usages(ctxt, project)
                for project in PROJECTS} == usages
    return _check


def _server(**changes):
    server = {'name': 'bad', 'flavorRef': fx.TINY, 'imageRef': fx.IMAGE_ID}
    server.update(changes)
    return {k: v for k, v in server.items() if v is not None}


@pytest.mark.parametrize('body, message', [
    ({'server': _server(foo='bar')}, 'Additional properties are not allowed'),
    ({'server': _server(), 'bogus': 1}, 'Additional properties are not allowed'),
    ({'server': _server(name=None)}, "'name' is a required property"),
    ({'server': _server(flavorRef=None)}, "'flavorRef' is a required property"),
    ({'server': _server(name='')}, 'Invalid input for field/attribute name'),
    ({'server': _server(name=' leading-space')}, 'Invalid input for field/attribute name'),
    ({'server': _server(flavorRef='999')}, 'Invalid flavorRef provided.'),
    ({'server': _server(flavorRef='http://localhost/flavors/999')},
     'Invalid flavorRef provided.'),
    ({'server': _server(imageRef='not-an-image')}, 'Invalid imageRef provided.'),
    ({'server': _server(imageRef=None)}, 'Invalid imageRef provided.'),
    ({'server': _server(availability_zone='us-west')},
     'The requested availability zone is not available'),
    ({'server': _server(min_count=3, max_count=2)}, 'min_count'),
    ({'server': _server(accessIPv4='300.1.1.1')}, 'accessIPv4'),
    ({'server': _server(user_data='not base64!')}, 'user_data'),
    ({'server': 'just-a-string'}, 'Invalid input for field/attribute server'),
    ({}, "'server' is a required property"),
    # found by tests/integration/test_api_fuzz.py: both were 500s
    ({'server': _server(), 'os:scheduler_hints': {'foo': [[], {'a': 1}]}},
     'Invalid scheduler hint foo'),
    ({'server': _server(min_count='0')}, 'min_count'),
    ({'server': _server(min_count='9' * 5000)}, 'too large a number'),
])
def test_invalid_create_is_400_and_creates_nothing(cloud, nothing_created, body, message):
    resp = cloud.member.post('/v2.1/servers', body)

    assert resp.status == 400, resp
    assert set(resp.body) == {'badRequest'}
    assert resp.body['badRequest']['code'] == 400
    assert message in resp.body['badRequest']['message']
    nothing_created()


def _flavor(ctxt, flavorid, **changes):
    values = dict(flavorid=flavorid, name='m1.%s' % flavorid, memory_mb=512, vcpus=1,
                  root_gb=1, ephemeral_gb=0, swap=0, rxtx_factor=1.0, disabled=False,
                  is_public=True)
    values.update(changes)
    flavor = objects.Flavor(ctxt, **values)
    flavor.create()
    return flavor


def test_disabled_flavor_is_an_invalid_flavor_ref(cloud, ctxt, nothing_created):
    _flavor(ctxt, 'retired', disabled=True)
    for client in (cloud.member, cloud.admin):
        resp = client.create_server('old', flavor_ref='retired')
        assert resp.status == 400, resp
        assert resp.body['badRequest']['message'] == 'Invalid flavorRef provided.'
    nothing_created()


def test_private_flavor_is_for_admins_only(cloud, ctxt, nothing_created):
    _flavor(ctxt, 'secret', is_public=False)
    resp = cloud.member.create_server('sneaky', flavor_ref='secret')
    assert resp.status == 400, resp
    assert resp.body['badRequest']['message'] == 'Invalid flavorRef provided.'
    nothing_created()

    assert cloud.boot('allowed', flavor_ref='secret')['flavor']['id'] == 'secret'


def test_malformed_json_is_400_and_creates_nothing(cloud, nothing_created):
    resp = cloud.member.post('/v2.1/servers', raw_body=b'{"server": {"name": ')

    assert resp.status == 400, resp
    assert resp.body == {'badRequest': {'code': 400, 'message': 'Malformed request body'}}
    nothing_created()


def test_unsupported_content_type_is_415(cloud, nothing_created):
    resp = cloud.member.post('/v2.1/servers', raw_body=b'name=x',
                             headers={'Content-Type': 'application/x-www-form-urlencoded'})
    assert resp.status == 415, resp
    assert set(resp.body) == {'badMediaType'}
    nothing_created()


def test_flavor_too_big_for_any_host_ends_in_error_with_no_valid_host(cloud):
    resp = cloud.member.create_server('huge', flavor_ref=fx.XLARGE)
    assert resp.status == 202, resp

    server = cloud.wait_for_state(resp.body['server']['id'], 'ERROR')
    assert server['OS-EXT-STS:vm_state'] == 'error'
    assert server['OS-EXT-SRV-ATTR:host'] is None
    fault = server['fault']
    assert 'No valid host was found' in fault['message']
    assert fault['code'] == 500
    assert set(fault) == {'code', 'created', 'message', 'details'}
    # a non-admin owner sees the fault but not the details of a 500
    as_owner = cloud.member.get('/v2.1/servers/%s' % server['id']).body['server']
    assert set(as_owner['fault']) == {'code', 'created', 'message'}
    for host in fx.COMPUTE_HOSTS:
        assert cloud.hypervisor(host)['memory_mb_used'] == fx.RESERVED_MB


def _heal_after_first_failure(cloud, conf, monkeypatch):
    """Record every spawn; the first failure clears fail_spawn_for_names, so
    only the first host tried fails (as if only its config listed the name)."""
    attempts = []
    for host in fx.COMPUTE_HOSTS:
        driver = cloud.compute(host).manager.driver

        def spawn(context, instance, image_meta, admin_password=None,
                  _spawn=driver.spawn, _host=host):
            try:
                _spawn(context, instance, image_meta, admin_password)
            except Exception:
                attempts.append((_host, 'failed'))
                conf('fail_spawn_for_names', [], 'fake_driver')
                raise
            attempts.append((_host, 'spawned'))
        monkeypatch.setattr(driver, 'spawn', spawn)
    return attempts


def test_failed_spawn_is_rescheduled_to_the_other_host(make_cloud, conf, monkeypatch, ctxt):
    cloud = make_cloud([('max_attempts', 2, 'scheduler'),
                        ('fail_spawn_for_names', ['flaky'], 'fake_driver')])
    attempts = _heal_after_first_failure(cloud, conf, monkeypatch)

    server = cloud.boot('flaky')

    (first, result1), (second, result2) = attempts
    assert (result1, result2) == ('failed', 'spawned')
    assert first != second
    assert server['OS-EXT-SRV-ATTR:host'] == second
    assert 'fault' not in server
    assert cloud.hypervisor(first)['memory_mb_used'] == fx.RESERVED_MB
    assert cloud.hypervisor(second)['memory_mb_used'] == fx.RESERVED_MB + 512
    fault = objects.InstanceFault.get_latest_for_instance(ctxt, server['id'])
    assert fault.host == first
    assert 'Fake driver failed to spawn flaky' in fault.message


def test_spawn_failing_on_every_host_ends_in_error(make_cloud, ctxt):
    cloud = make_cloud([('max_attempts', 2, 'scheduler'),
                        ('fail_spawn_for_names', ['doomed'], 'fake_driver')])
    resp = cloud.admin.create_server('doomed')
    server_id = resp.body['server']['id']

    server = cloud.wait_for_state(server_id, 'ERROR')
    message = server['fault']['message']
    assert message.startswith('Exceeded maximum number of retries. Exhausted all hosts '
                              'available for retrying build failures for instance %s' %
                              server_id)
    tried = message.split('(tried: ')[1].split(')')[0].split(', ')
    assert sorted(tried) == list(fx.COMPUTE_HOSTS)  # both, in the order tried
    assert message.endswith('Last error: Fake driver failed to spawn doomed '
                            '(fail_spawn_for_names)')
    assert server['fault']['details']  # the traceback, for the admin
    for host in fx.COMPUTE_HOSTS:
        assert cloud.hypervisor(host)['memory_mb_used'] == fx.RESERVED_MB

    action = objects.InstanceActionList.get_by_instance_uuid(ctxt, server_id)[0]

    def build_events():
        events = [e for e in objects.InstanceActionEventList.get_by_action(ctxt, action.id)
                  if e.event == 'compute__do_build_and_run_instance']
        return events if len(events) == 2 and all(e.finish_time for e in events) else None

    events = fx.wait_for(build_events, 'a failed build event on each host')
    assert sorted(e.host for e in events) == list(fx.COMPUTE_HOSTS)
    assert {e.result for e in events} == {'Error'}


def test_spawn_failure_without_alternates_is_not_rescheduled(make_cloud):
    cloud = make_cloud([('max_attempts', 1, 'scheduler'),
                        ('fail_spawn_for_names', ['once'], 'fake_driver')])
    resp = cloud.admin.create_server('once')
    server = cloud.wait_for_state(resp.body['server']['id'], 'ERROR')
    assert 'Fake driver failed to spawn once' in server['fault']['message']


def test_disabled_compute_is_not_chosen(cloud, ctxt):
    service = objects.Service.get_by_host_and_binary(ctxt, 'host1', 'nova-compute')
    service.disabled = True
    service.disabled_reason = 'maintenance'
    service.save()

    hosts = {cloud.boot('avoid-%d' % index)['OS-EXT-SRV-ATTR:host'] for index in range(3)}
    assert hosts == {'host2'}


def test_down_compute_is_not_chosen(cloud):
    cloud.stop_service(cloud.compute('host1'))
    fx.wait_for(lambda: _compute_state(cloud, 'host1') == 'down', 'host1 to be down')

    hosts = {cloud.boot('elsewhere-%d' % index)['OS-EXT-SRV-ATTR:host'] for index in range(3)}
    assert hosts == {'host2'}


def test_no_host_when_every_compute_is_disabled(cloud, ctxt):
    for host in fx.COMPUTE_HOSTS:
        service = objects.Service.get_by_host_and_binary(ctxt, host, 'nova-compute')
        service.disabled = True
        service.save()
    resp = cloud.member.create_server('nowhere')
    server = cloud.wait_for_state(resp.body['server']['id'], 'ERROR')
    assert 'No valid host was found' in server['fault']['message']


def _compute_state(cloud, host):
    resp = cloud.admin.get('/v2.1/os-services?binary=nova-compute&host=%s' % host)
    return resp.body['services'][0]['state']
