"""ConductorManager: object indirection endpoints and the stale-build sweep,
called directly (the RPC layer around them is oslo.messaging's); where builds run,
through a Service on the fake transport."""
import datetime
import threading

import oslo_messaging as messaging
import pytest
import sqlalchemy as sa
from sqlalchemy import orm
from oslo_context import context as oslo_context
from oslo_utils import timeutils

from nova_lite import exception
from nova_lite import objects
from nova_lite import service
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.conductor import manager as conductor_manager
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite.db import api as db_api
from nova_lite.db import models
from nova_lite.objects import base as objects_base
from tests import databases

NAMESPACE = 'nova_lite_object'


@pytest.fixture
def conductor(db, fake_rpc):
    return conductor_manager.ConductorManager('conductor-host')


def test_class_action_returns_the_object_as_a_primitive(conductor, admin_context):
    result = conductor.object_class_action_versions(
        admin_context, 'Flavor', 'get_by_flavor_id', {'Flavor': '1.0'}, ('3',), {})
    assert result[NAMESPACE + '.name'] == 'Flavor'
    assert result[NAMESPACE + '.version'] == '1.0'
    assert result[NAMESPACE + '.data']['name'] == 'm1.medium'
    flavor = objects_base.NovaLiteObjectSerializer().deserialize_entity(admin_context, result)
    assert isinstance(flavor, objects.Flavor) and flavor.memory_mb == 4096


def test_class_action_returns_a_list_object_as_a_primitive(conductor, admin_context):
    result = conductor.object_class_action_versions(
        admin_context, 'FlavorList', 'get_all', {'FlavorList': '1.0', 'Flavor': '1.0'}, (),
        {'limit': 2})
    assert result[NAMESPACE + '.name'] == 'FlavorList'
    names = [item[NAMESPACE + '.data']['name']
             for item in result[NAMESPACE + '.data']['objects']]
    assert names == ['m1.tiny', 'm1.small']


def test_class_action_returns_plain_results_as_they_are(conductor, admin_context, make_node):
    node = make_node('host1')
    kwargs = dict(vcpus=1, memory_mb=128, disk_gb=1)
    uuid = '2b8f1e4c-3d5a-4e6b-8c7d-9e0f1a2b3c4d'
    conductor.object_class_action_versions(admin_context, 'Allocation', 'claim',
                                           {'Allocation': '1.0'}, (node.id, uuid), kwargs)
    released = conductor.object_class_action_versions(
        admin_context, 'Allocation', 'release', {'Allocation': '1.0'}, (uuid,), {})
    assert released == 1


def test_class_action_domain_error_is_an_expected_exception(conductor, admin_context):
    with pytest.raises(messaging.ExpectedException) as error:
        conductor.object_class_action_versions(
            admin_context, 'Flavor', 'get_by_flavor_id', {'Flavor': '1.0'}, ('nope',), {})
    assert isinstance(error.value.exc_info[1], exception.FlavorNotFound)


def test_object_action_returns_updates_and_result(conductor, make_service):
    service = make_service('host1')
    before = service.last_seen_up
    updates, result = conductor.object_action(service._context, service, 'heartbeat', (), {})
    assert result is None
    assert set(updates) == {'last_seen_up', 'obj_what_changed'}
    assert updates['obj_what_changed'] == set()
    assert service.last_seen_up >= before
    # a primitive (ovo's DateTimeField sends whole seconds)
    assert timeutils.parse_isotime(updates['last_seen_up']) == (
        service.last_seen_up.replace(microsecond=0))


def test_object_action_reports_what_save_wrote(conductor, make_instance):
    instance = make_instance()
    instance.task_state = task_states.NETWORKING
    updates, result = conductor.object_action(
        instance._context, instance, 'save', (),
        {'expected_task_state': [task_states.SCHEDULING]})
    assert result is None
    # only what the caller does not have yet: not task_state, nor the unchanged flavor
    assert set(updates) == {'updated_at', 'obj_what_changed'}
    assert updates['obj_what_changed'] == set()


def test_object_action_sends_back_changed_containers_and_objects(conductor, make_instance):
    instance = make_instance(metadata={'a': '1'})
    instance.metadata['b'] = '2'  # edited in place: not a change save writes
    instance.flavor.extra_specs = {'hw:cpu_policy': 'dedicated'}
    updates, _result = conductor.object_action(instance._context, instance, 'save', (), {})
    assert updates['metadata'] == {'a': '1'}  # what the row holds
    assert 'flavor' in updates and 'updated_at' in updates
    loaded = objects.Instance.get_by_uuid(instance._context, instance.uuid)
    assert loaded.flavor.extra_specs == {'hw:cpu_policy': 'dedicated'}


def test_object_action_raises_the_domain_error(conductor, make_instance):
    instance = make_instance()
    instance.task_state = task_states.NETWORKING
    with pytest.raises(messaging.ExpectedException) as error:
        conductor.object_action(instance._context, instance, 'save', (),
                                {'expected_task_state': [task_states.SPAWNING]})
    assert isinstance(error.value.exc_info[1], exception.UnexpectedTaskStateError)


@pytest.mark.parametrize('db', ['postgresql'], indirect=True)
def test_a_save_whose_connection_dropped_at_its_commit_writes_again(conductor, make_instance,
                                                                     admin_context, monkeypatch):
    """The server ends the connection at the save's COMMIT, after save took its changes
    in as written: the next try must still have them to write."""
    monkeypatch.setattr(db_api.time, 'sleep', lambda seconds: None)
    instance = make_instance(display_name='old')
    instance.display_name = 'new'
    commits = []

    def drop_at_the_first(session):
        commits.append(1)
        if len(commits) == 1:
            databases.drop_own_connection(session)

    sa.event.listen(orm.Session, 'before_commit', drop_at_the_first)
    try:
        conductor.object_action(instance._context, instance, 'save', (), {})
    finally:
        sa.event.remove(orm.Session, 'before_commit', drop_at_the_first)
    assert len(commits) == 2
    assert objects.Instance.get_by_uuid(admin_context, instance.uuid).display_name == 'new'


def test_an_object_method_inside_a_transaction_leaves_the_retry_to_its_opener(
        make_instance, monkeypatch):
    """Its connection is the transaction's, dead for it too: only the whole block can
    run again (objects.base.retried around it)."""
    monkeypatch.setattr(db_api.time, 'sleep', lambda seconds: None)
    instance, tries = make_instance(), []

    def drops(self, *args, **kwargs):
        tries.append(1)
        raise sa.exc.OperationalError('UPDATE', {}, Exception('server closed the connection'),
                                      connection_invalidated=True)

    monkeypatch.setattr(objects.Instance, 'save', objects_base.remotable(drops))
    with pytest.raises(sa.exc.OperationalError):
        with db_api.writer():
            instance.save()
    assert len(tries) == 1
    with pytest.raises(sa.exc.OperationalError):
        instance.save()  # outside one: run again
    assert len(tries) == 1 + 1 + db_api.DISCONNECT_RETRIES


def test_object_backport_versions(conductor, admin_context):
    flavor = objects.Flavor.get_by_flavor_id(admin_context, '1')
    primitive = conductor.object_backport_versions(admin_context, flavor, {'Flavor': '1.0'})
    assert primitive[NAMESPACE + '.version'] == '1.0'
    assert primitive[NAMESPACE + '.data']['flavorid'] == '1'


def _claim(context, node, instance):
    objects.Allocation.claim(context, node.id, instance.uuid, vcpus=1, memory_mb=512,
                             disk_gb=1)


def test_fail_stale_builds_errors_old_building_instances(conductor, admin_context,
                                                         make_instance, make_node):
    node = make_node('host1')
    old = timeutils.utcnow() - datetime.timedelta(hours=1)
    stale = make_instance(created_at=old, host='host1', task_state=task_states.SPAWNING)
    fresh = make_instance()
    active = make_instance(created_at=old, vm_state=vm_states.ACTIVE, task_state=None)
    for instance in (stale, fresh):
        _claim(admin_context, node, instance)

    conductor._fail_stale_builds(admin_context)

    stale = objects.Instance.get_by_uuid(admin_context, stale.uuid, expected_attrs=['fault'])
    assert (stale.vm_state, stale.task_state) == (vm_states.ERROR, None)
    assert stale.fault.code == 500
    assert 'did not finish within 600s' in stale.fault.message
    assert 'spawning on host host1' in stale.fault.message
    assert stale.fault.host == 'conductor-host'
    assert objects.Instance.get_by_uuid(admin_context, fresh.uuid).vm_state == vm_states.BUILDING
    assert objects.Instance.get_by_uuid(admin_context, active.uuid).vm_state == vm_states.ACTIVE
    node = objects.ComputeNode.get_by_id(admin_context, node.id)
    assert (node.vcpus_used, node.memory_mb_used) == (1, 512)  # only fresh still holds


def test_fail_stale_builds_is_off_with_zero_timeout(conductor, admin_context, conf,
                                                    make_instance):
    conf('instance_build_timeout', 0)
    instance = make_instance(created_at=timeutils.utcnow() - datetime.timedelta(days=1))
    conductor._fail_stale_builds(admin_context)
    assert objects.Instance.get_by_uuid(admin_context, instance.uuid).vm_state == (
        vm_states.BUILDING)


def test_fail_stale_builds_follows_the_timeout_option(conductor, admin_context, conf,
                                                      make_instance):
    conf('instance_build_timeout', 7200)
    instance = make_instance(created_at=timeutils.utcnow() - datetime.timedelta(hours=1))
    conductor._fail_stale_builds(admin_context)
    assert objects.Instance.get_by_uuid(admin_context, instance.uuid).vm_state == (
        vm_states.BUILDING)


def _loaded_by_the_sweep(monkeypatch, sweep, context):
    """The instances the sweep read from the database."""
    loaded = []
    real = objects.InstanceList.get_by_filters

    def spy(*args, **kwargs):
        result = real(*args, **kwargs)
        loaded.extend(instance.uuid for instance in result)
        return result
    monkeypatch.setattr(objects.InstanceList, 'get_by_filters', spy)
    sweep(context)
    return loaded


def test_the_sweeps_read_only_what_is_past_its_timeout(conductor, admin_context, make_instance,
                                                      monkeypatch):
    """A burst of builds or deletes in flight is not read at every sweep (it read every
    building instance each minute: a thousand in a multi-create of that many)."""
    old = timeutils.utcnow() - datetime.timedelta(hours=1)
    stale_build = make_instance(created_at=old)
    for _ in range(3):
        make_instance()
    assert _loaded_by_the_sweep(monkeypatch, conductor._fail_stale_builds,
                                admin_context) == [stale_build.uuid]
    monkeypatch.undo()
    stale_delete = make_instance(vm_state=vm_states.ACTIVE, task_state=task_states.DELETING,
                                 created_at=old, updated_at=old)
    for _ in range(3):
        make_instance(vm_state=vm_states.ACTIVE, task_state=task_states.DELETING,
                      created_at=old, updated_at=timeutils.utcnow())  # delete just started
    assert _loaded_by_the_sweep(monkeypatch, conductor._finish_stale_deletes,
                                admin_context) == [stale_delete.uuid]


def test_conductor_serves_the_compute_task_namespace(conductor):
    (task_manager,) = conductor.additional_endpoints()
    assert task_manager.target.namespace == 'compute_task'



def _stale_delete(make_instance, host):
    old = timeutils.utcnow() - datetime.timedelta(hours=1)
    return make_instance(host=host, node=host, vm_state=vm_states.ACTIVE,
                         task_state=task_states.DELETING, updated_at=old, created_at=old)


def test_stale_delete_on_a_down_host_finishes_here(conductor, admin_context, make_instance,
                                                    make_service, make_node):
    service = make_service('deadhost', forced_down=True)
    node = make_node('deadhost', service_id=service.id)
    stale = _stale_delete(make_instance, 'deadhost')
    recent = make_instance(host='deadhost', vm_state=vm_states.ACTIVE,
                           task_state=task_states.DELETING)
    _claim(admin_context, node, stale)
    conductor._finish_stale_deletes(admin_context)
    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(admin_context, stale.uuid)
    assert objects.Allocation.release(admin_context, stale.uuid) == 0
    assert objects.Instance.get_by_uuid(admin_context, recent.uuid).task_state == \
        task_states.DELETING


def test_stale_delete_on_a_live_host_is_sent_again(conductor, admin_context, make_instance,
                                                   make_service):
    make_service('livehost')
    stale = _stale_delete(make_instance, 'livehost')
    sent = []
    conductor.compute_task_mgr.compute_rpcapi.terminate_instance = (
        lambda context, instance: sent.append(instance.uuid))
    conductor._finish_stale_deletes(admin_context)
    assert sent == [stale.uuid]
    again = objects.Instance.get_by_uuid(admin_context, stale.uuid)
    assert again.task_state == task_states.DELETING
    conductor._finish_stale_deletes(admin_context)  # updated_at moved: not stale again yet
    assert sent == [stale.uuid]


def _age(instance):
    """Its last change an hour ago: stale again for the sweep."""
    with db_api.writer() as session:
        session.execute(sa.update(models.Instance).where(
            models.Instance.uuid == instance.uuid).values(
            updated_at=timeutils.utcnow() - datetime.timedelta(hours=1)))


def test_stale_delete_is_sent_again_a_bounded_number_of_times(conductor, admin_context,
                                                             make_instance, make_service,
                                                             make_node):
    """A host that looks up but never acts on the delete: after MAX_DELETE_RESENDS the
    instance is ERROR with a fault (its guest may run there: claim kept), and the user
    can delete it again."""
    service = make_service('stuckhost')
    node = make_node('stuckhost', service_id=service.id)
    stale = _stale_delete(make_instance, 'stuckhost')
    _claim(admin_context, node, stale)
    sent = []
    conductor.compute_task_mgr.compute_rpcapi.terminate_instance = (
        lambda context, instance: sent.append(instance.uuid))
    for _ in range(conductor_manager.MAX_DELETE_RESENDS):
        conductor._finish_stale_deletes(admin_context)
        _age(stale)
    assert sent == [stale.uuid] * conductor_manager.MAX_DELETE_RESENDS

    conductor._finish_stale_deletes(admin_context)
    assert len(sent) == conductor_manager.MAX_DELETE_RESENDS  # no more
    given_up = objects.Instance.get_by_uuid(admin_context, stale.uuid, expected_attrs=['fault'])
    assert (given_up.vm_state, given_up.task_state) == (vm_states.ERROR, None)
    assert given_up.fault.message == (
        'Failed to terminate instance: compute host stuckhost did not delete it, asked 4 '
        'times over 1200s')
    assert conductor_manager.DELETE_RESENDS_KEY not in given_up.system_metadata
    assert objects.Allocation.release(admin_context, stale.uuid) == 1  # it was kept

    given_up.task_state = task_states.DELETING  # the user deletes it again
    given_up.save()
    _age(given_up)
    conductor._finish_stale_deletes(admin_context)
    assert len(sent) == conductor_manager.MAX_DELETE_RESENDS + 1  # a fresh count
    assert objects.Instance.get_by_uuid(admin_context, stale.uuid).task_state == \
        task_states.DELETING


@pytest.fixture
def conductor_service(conductor):
    """The conductor behind a Service on the fake transport: its three topics served."""
    svc = service.Service('conductor-host', 'nova-conductor', conductor_rpcapi.TOPIC,
                          conductor)
    svc.start()
    yield conductor
    svc.stop()


def test_builds_wait_on_a_topic_and_threads_of_their_own(conductor_service, admin_context):
    """A build waits on the scheduler, which calls back into the conductor to claim:
    builds come on conductor_build, with TASK_WORKERS threads of their own, so more
    builds waiting than that leave the conductor topic free to answer (on its threads,
    a burst of builds took every one and deadlocked the claims); the builds beyond
    TASK_WORKERS wait in the broker for a thread."""
    started, release, threads = threading.Semaphore(0), threading.Event(), []

    def slow_build(context, request_spec, instance_uuids):
        threads.append(threading.current_thread())
        started.release()
        release.wait(30)

    conductor_service.compute_task_mgr.build_task.schedule_and_build = slow_build
    api = conductor_rpcapi.ComputeTaskAPI()
    for _ in range(conductor_manager.TASK_WORKERS + 4):
        api.schedule_and_build_instances(admin_context, None, [])
    for _ in range(conductor_manager.TASK_WORKERS):
        assert started.acquire(timeout=30)
    assert conductor_rpcapi.ConductorAPI().ping(admin_context, timeout=5) == 'pong'
    assert not started.acquire(timeout=0.3)
    release.set()
    for _ in range(4):
        assert started.acquire(timeout=30)
    assert len(set(threads)) == conductor_manager.TASK_WORKERS
    assert threading.current_thread() not in threads


def test_builds_log_with_the_request_context(conductor_service, admin_context):
    """The build thread's log lines carry the request id of the request that started it."""
    seen, done = [], threading.Event()

    def build(context, request_spec, instance_uuids):
        seen.append(oslo_context.get_current().request_id)
        done.set()

    conductor_service.compute_task_mgr.build_task.schedule_and_build = build
    conductor_rpcapi.ComputeTaskAPI().schedule_and_build_instances(admin_context, None, [])
    assert done.wait(30)
    assert seen == [admin_context.request_id]


def test_a_one_zero_build_cast_is_built_by_uuid(conductor_service, admin_context):
    """RPC 1.0's schedule_and_build_instances sent every instance and its spec: the
    build gets the first spec and the instances' uuids, as 1.2 sends them."""
    seen, done = [], threading.Event()

    def build(context, request_spec, instance_uuids):
        seen.append((request_spec.instance_uuid, instance_uuids))
        done.set()

    conductor_service.compute_task_mgr.build_task.schedule_and_build = build
    uuids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222']
    instances = [objects.Instance(admin_context, uuid=uuid) for uuid in uuids]
    specs = [objects.RequestSpec(admin_context, instance_uuid=uuid) for uuid in uuids]
    conductor_rpcapi.ComputeTaskAPI().build_client.prepare(version='1.0').cast(
        admin_context, 'schedule_and_build_instances', instances=instances,
        request_specs=specs)
    assert done.wait(30)
    assert seen == [(uuids[0], uuids)]
