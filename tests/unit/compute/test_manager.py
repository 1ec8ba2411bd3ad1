"""ComputeManager with the FakeDriver, called directly; the conductor's
compute_task API (the edge) is a recording stub."""
import oslo_messaging as messaging
import sqlalchemy as sa

from nova_lite import exception
from nova_lite import objects
from nova_lite.compute import manager as compute_manager
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite.db import api as db_api
from nova_lite.db import models
from tests.unit.compute import conftest as compute_conftest

HOST = compute_conftest.HOST


def _allocations(instance_uuid):
    with db_api.reader() as session:
        return list(session.scalars(sa.select(models.Allocation).where(
            models.Allocation.instance_uuid == instance_uuid)))


def _reload(context, instance):
    return objects.Instance.get_by_uuid(context, instance.uuid, expected_attrs=['fault'])


def _build_event(context, instance):
    action = objects.InstanceAction.get_by_request_id(context, instance.uuid,
                                                      context.request_id)
    events = objects.InstanceActionEventList.get_by_action(context, action.id)
    (event,) = [e for e in events if e.event == compute_manager.BUILD_EVENT]
    return action, event


def test_init_host_reports_the_node(compute, node):
    assert node.vcpus == 8 and node.memory_mb == 16384
    assert node.service_id == compute.service_ref.id


def test_build_saves_spawning_then_active(compute, scheduled, request_context, monkeypatch):
    instance, spec = scheduled()
    saves = []
    original_save = objects.Instance.save

    def recording_save(self, *args, **kwargs):
        saves.append((self.task_state, kwargs.get('expected_task_state')))
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(objects.Instance, 'save', recording_save)
    compute.build_and_run_instance(request_context, instance, spec, HOST, [])

    assert saves == [(task_states.SPAWNING, [task_states.SCHEDULING]),
                     (None, [task_states.SPAWNING])]
    loaded = _reload(request_context, instance)
    assert (loaded.vm_state, loaded.task_state) == (vm_states.ACTIVE, None)
    assert loaded.power_state == power_state.RUNNING
    assert loaded.launched_at is not None and loaded.fault is None
    assert compute.driver.list_instances() == [loaded.name]
    assert len(_allocations(instance.uuid)) == 1
    action, event = _build_event(request_context, instance)
    assert event.result == 'Success' and event.host == HOST and action.message is None


def test_spawn_failure_without_alternates_is_error_with_fault(compute, scheduled, conf,
                                                              request_context, node):
    conf('fail_spawn_for_names', ['doomed'], 'fake_driver')
    instance, spec = scheduled('doomed')
    compute.build_and_run_instance(request_context, instance, spec, HOST, [])

    loaded = _reload(request_context, instance)
    assert (loaded.vm_state, loaded.task_state) == (vm_states.ERROR, None)
    assert loaded.fault.code == 500
    assert 'Fake driver failed to spawn doomed' in loaded.fault.message
    assert loaded.fault.details.startswith('Traceback') and loaded.fault.host == HOST
    assert _allocations(instance.uuid) == []
    assert objects.ComputeNode.get_by_id(request_context, node.id).memory_mb_used == 0
    assert compute.driver.list_instances() == []
    assert compute.compute_task_api.reschedules == []
    action, event = _build_event(request_context, instance)
    assert event.result == 'Error' and action.message == 'Error'


def test_last_host_of_several_failing_names_them_all(compute, scheduled, conf,
                                                     request_context):
    conf('fail_spawn_for_names', ['doomed'], 'fake_driver')
    instance, spec = scheduled('doomed')
    spec.tried_hosts = ['host2', 'host3', HOST]  # the conductor adds each host it sends to
    compute.build_and_run_instance(request_context, instance, spec, HOST, [])

    fault = _reload(request_context, instance).fault
    assert fault.message == (
        'Exceeded maximum number of retries. Exhausted all hosts available for retrying '
        'build failures for instance %s (tried: host2, host3, %s). Last error: Fake driver '
        'failed to spawn doomed (fail_spawn_for_names)' % (instance.uuid, HOST))
    assert 'Fake driver failed to spawn doomed' in fault.details  # its traceback


def test_spawn_failure_with_alternates_asks_for_a_reschedule(compute, scheduled, conf,
                                                             request_context):
    conf('fail_spawn_for_names', ['flaky'], 'fake_driver')
    instance, spec = scheduled('flaky')
    alternates = [{'host': 'host2', 'nodename': 'host2', 'compute_node_id': 99}]
    compute.build_and_run_instance(request_context, instance, spec, HOST, alternates)

    assert compute.compute_task_api.reschedules == [(instance.uuid, instance.uuid, alternates)]
    loaded = _reload(request_context, instance)
    assert (loaded.vm_state, loaded.task_state) == (vm_states.BUILDING, task_states.SCHEDULING)
    assert (loaded.host, loaded.node, loaded.power_state) == (None, None, power_state.NOSTATE)
    assert 'flaky' in loaded.fault.message  # why this host failed stays visible
    assert _allocations(instance.uuid) == []
    assert compute.driver.list_instances() == []


def test_instance_deleted_during_build_is_cleaned_up_quietly(compute, scheduled,
                                                             request_context):
    instance, spec = scheduled()
    deleter = objects.Instance.get_by_uuid(request_context, instance.uuid)
    deleter.task_state = task_states.DELETING
    deleter.save()
    compute.build_and_run_instance(request_context, instance, spec, HOST, [])

    loaded = _reload(request_context, instance)
    assert loaded.task_state == task_states.DELETING and loaded.vm_state == vm_states.BUILDING
    assert loaded.fault is None
    assert _allocations(instance.uuid) == []
    assert compute.compute_task_api.reschedules == []


def test_terminate_destroys_guest_releases_claim_and_deletes(compute, scheduled,
                                                             request_context, node):
    instance, spec = scheduled()
    compute.build_and_run_instance(request_context, instance, spec, HOST, [])
    instance = objects.Instance.get_by_uuid(request_context, instance.uuid)
    instance.task_state = task_states.DELETING
    instance.save()
    compute.terminate_instance(request_context, instance)

    assert compute.driver.list_instances() == []
    assert _allocations(instance.uuid) == []
    assert objects.ComputeNode.get_by_id(request_context, node.id).vcpus_used == 0
    deleted = objects.Instance.get_by_uuid(request_context.elevated(read_deleted='yes'),
                                           instance.uuid)
    assert deleted.deleted and deleted.vm_state == vm_states.DELETED
    compute.terminate_instance(request_context, instance)  # twice is harmless


def test_a_delete_outlives_a_conductor_that_does_not_answer(compute, active, request_context,
                                                            monkeypatch):
    """RabbitMQ restarting while a delete runs: the destroy is asked again, the server
    is deleted (not put in ERROR) and its event recorded once, in the destroy's call."""
    instance = active()
    objects.InstanceAction.action_start(request_context, instance.uuid, 'delete')
    instance.task_state = task_states.DELETING
    instance.save()
    unanswered = []
    destroy = objects.Instance.destroy

    def flaky(self, *args, **kwargs):
        if not unanswered:
            unanswered.append(self.uuid)
            raise messaging.MessagingTimeout('no reply')
        return destroy(self, *args, **kwargs)
    monkeypatch.setattr(objects.Instance, 'destroy', flaky)

    compute.terminate_instance(request_context, instance)

    assert unanswered == [instance.uuid]
    deleted = objects.Instance.get_by_uuid(request_context.elevated(read_deleted='yes'),
                                           instance.uuid)
    assert deleted.deleted and deleted.vm_state == vm_states.DELETED
    action = objects.InstanceAction.get_by_request_id(request_context, instance.uuid,
                                                      request_context.request_id)
    events = objects.InstanceActionEventList.get_by_action(request_context, action.id)
    assert [(e.event, e.result) for e in events] == [
        (compute_manager.TERMINATE_EVENT, 'Success')]


def test_restart_settles_interrupted_builds_and_deletes(compute, scheduled, admin_context,
                                                        make_instance):
    building, _ = scheduled('interrupted')
    deleting = make_instance(host=HOST, vm_state=vm_states.ACTIVE,
                             task_state=task_states.DELETING)
    elsewhere = make_instance(host='host2')
    compute.init_host(compute.service_ref)

    building = _reload(admin_context, building)
    assert building.vm_state == vm_states.ERROR
    assert 'restarted while it was in task_state scheduling' in building.fault.message
    assert _allocations(building.uuid) == []
    assert _reload(admin_context.elevated(read_deleted='yes'), deleting).deleted
    assert _reload(admin_context, elsewhere).vm_state == vm_states.BUILDING


def test_failed_builds_are_counted_and_reported(compute, scheduled, conf, request_context,
                                                node):
    conf('fail_spawn_for_names', ['doomed'], 'fake_driver')
    for _ in range(2):
        instance, spec = scheduled('doomed')
        compute.build_and_run_instance(request_context, instance, spec, HOST, [])
    assert objects.ComputeNode.get_by_id(request_context, node.id).failed_builds == 2
    instance, spec = scheduled('fine')
    compute.build_and_run_instance(request_context, instance, spec, HOST, [])
    assert objects.ComputeNode.get_by_id(request_context, node.id).failed_builds == 0


ALTERNATES = [{'host': 'host2', 'nodename': 'host2', 'compute_node_id': 99}]


def test_build_whose_answer_was_lost_but_was_done_keeps_guest_and_claim(
        compute, scheduled, request_context, monkeypatch):
    """A call that timed out may have been done: the ACTIVE save reached the
    database, only its answer was lost (the conductor was stalled)."""
    build = compute._build

    def _build_answer_lost(context, instance, request_spec):
        build(context, instance, request_spec)
        raise messaging.MessagingTimeout('answer lost')
    monkeypatch.setattr(compute, '_build', _build_answer_lost)
    instance, spec = scheduled()
    compute.build_and_run_instance(request_context, instance, spec, HOST, ALTERNATES)

    loaded = _reload(request_context, instance)
    assert (loaded.vm_state, loaded.task_state, loaded.host) == (vm_states.ACTIVE, None, HOST)
    assert loaded.fault is None
    assert compute.driver.list_instances() == [loaded.name]
    assert len(_allocations(instance.uuid)) == 1
    assert compute.compute_task_api.reschedules == []


def test_build_the_stale_build_sweep_failed_meanwhile_is_not_brought_back(
        compute, scheduled, request_context, admin_context, monkeypatch, node):
    """The conductor put the instance in ERROR (and released its claim) while it
    spawned here: it stays ERROR with the conductor's fault, not rescheduled into
    task_state scheduling, its guest goes, and this host failed no build."""
    spawn = compute.driver.spawn

    def _spawn_while_swept(context, instance, image_meta):
        spawn(context, instance, image_meta)
        swept = objects.Instance.get_by_uuid(admin_context, instance.uuid)
        compute_utils.set_error_state(admin_context, swept, exception.InstanceBuildFailed(
            instance_uuid=instance.uuid, reason='it did not finish in time'), 'conductor')
        objects.Allocation.release(admin_context, instance.uuid)
    monkeypatch.setattr(compute.driver, 'spawn', _spawn_while_swept)
    instance, spec = scheduled()
    compute.build_and_run_instance(request_context, instance, spec, HOST, ALTERNATES)

    loaded = _reload(request_context, instance)
    assert (loaded.vm_state, loaded.task_state) == (vm_states.ERROR, None)
    assert 'it did not finish in time' in loaded.fault.message
    assert compute.compute_task_api.reschedules == []
    assert compute.driver.list_instances() == []
    assert _allocations(instance.uuid) == []
    assert objects.ComputeNode.get_by_id(request_context, node.id).failed_builds == 0


def test_giving_up_a_build_is_asked_again_until_the_conductor_answers(
        compute, scheduled, conf, request_context, monkeypatch):
    conf('fail_spawn_for_names', ['flaky'], 'fake_driver')
    save = objects.Instance.save
    lost = []

    def _save_first_answer_lost(self, *args, **kwargs):
        save(self, *args, **kwargs)
        if kwargs.get('expected_vm_state') and not lost:
            lost.append(self.uuid)
            raise messaging.MessagingTimeout('answer lost')
    monkeypatch.setattr(objects.Instance, 'save', _save_first_answer_lost)
    instance, spec = scheduled('flaky')
    compute.build_and_run_instance(request_context, instance, spec, HOST, ALTERNATES)

    assert lost == [instance.uuid]
    assert compute.compute_task_api.reschedules == [(instance.uuid, instance.uuid, ALTERNATES)]
    loaded = _reload(request_context, instance)
    assert (loaded.vm_state, loaded.task_state) == (vm_states.BUILDING, task_states.SCHEDULING)
    assert 'flaky' in loaded.fault.message
    assert _allocations(instance.uuid) == []
    assert compute.driver.list_instances() == []


def test_guests_of_instances_deleted_behind_the_hosts_back_are_reaped(
        compute, active, admin_context):
    """The API deletes an instance itself when its compute looks down; the guest
    that still runs goes at the next reap."""
    kept, deleted = active('kept'), active('deleted')
    objects.Allocation.release(admin_context, deleted.uuid)
    deleted.destroy()
    compute.reap_deleted_guests(admin_context)
    assert compute.driver.list_instances() == [kept.name]
