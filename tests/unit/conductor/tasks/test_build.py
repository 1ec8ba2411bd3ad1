"""BuildTask: schedule, record the host, hand over to compute; reschedule to alternates.
The scheduler and compute RPC APIs are recording stubs."""
import oslo_messaging as messaging
import pytest

from nova_lite import exception
from nova_lite import objects
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.conductor.tasks import build
from nova_lite.db import api as db_api
from nova_lite.objects import instance_action
from tests import databases


class StubScheduler:
    def __init__(self, selections=None, error=None):
        self.selections, self.error, self.calls = selections, error, []

    def select_destinations(self, context, request_spec, instance_uuids):
        self.calls.append(list(instance_uuids))
        if self.error:
            raise self.error
        return self.selections


class RecordingCompute:
    def __init__(self):
        self.builds, self.sent = [], []

    def build_and_run_instance(self, context, instance, host, request_spec, node, alternates):
        self.builds.append((instance.uuid, host, node, alternates))
        self.sent.append((instance, request_spec))


def _selection(node):
    return {'host': node.host, 'nodename': node.hypervisor_hostname, 'compute_node_id': node.id}


@pytest.fixture
def nodes(make_node):
    return [make_node('host1', vcpus=1), make_node('host2', vcpus=1)]


@pytest.fixture
def pending(make_instance, user_context):
    instance = make_instance(context=user_context, request_spec=True)
    # as InstanceList.create_all records it on the conductor for the API
    objects.InstanceAction.action_start(user_context, instance.uuid, instance_action.CREATE,
                                        start_event=instance_action.SCHEDULE_EVENT,
                                        host='conductor')
    return instance, objects.RequestSpec.get_by_instance_uuid(user_context, instance.uuid)


def _reload(context, instance):
    return objects.Instance.get_by_uuid(context, instance.uuid, expected_attrs=['fault'])


def test_schedule_and_build_sends_to_the_chosen_host(pending, nodes, user_context):
    instance, spec = pending
    alternates = [_selection(nodes[1])]
    compute = RecordingCompute()
    task = build.BuildTask('conductor', StubScheduler([[_selection(nodes[0])] + alternates]),
                           compute)
    task.schedule_and_build(user_context, spec, [instance.uuid])

    assert compute.builds == [(instance.uuid, 'host1', 'host1', alternates)]
    loaded = _reload(user_context, instance)
    assert (loaded.host, loaded.node, loaded.launched_on) == ('host1', 'host1', 'host1')
    assert loaded.availability_zone == 'nova'
    assert objects.RequestSpec.get_by_instance_uuid(user_context, instance.uuid).tried_hosts == [
        'host1']
    # the message named the instance only: compute gets it as its save read it back
    ((sent, sent_spec),) = compute.sent
    assert (sent.display_name, sent.flavor.flavorid, sent.vm_state, sent.task_state) == (
        instance.display_name, instance.flavor.flavorid, vm_states.BUILDING,
        task_states.SCHEDULING)
    assert sent_spec.instance_uuid == instance.uuid


def test_the_instances_of_one_request_share_its_spec(make_instance, nodes, user_context):
    """A multi-create sends one spec and the uuids: each instance goes to its own host,
    with a spec of its own (its uuid, its tried host) recorded and sent."""
    instances = [make_instance(context=user_context, request_spec=True) for _ in range(2)]
    spec = objects.RequestSpec.get_by_instance_uuid(user_context, instances[0].uuid)
    compute = RecordingCompute()
    build.BuildTask('conductor', StubScheduler([[_selection(nodes[0])],
                                                [_selection(nodes[1])]]), compute
                    ).schedule_and_build(user_context, spec, [i.uuid for i in instances])

    assert [b[:2] for b in compute.builds] == [(instances[0].uuid, 'host1'),
                                               (instances[1].uuid, 'host2')]
    assert [sent_spec.instance_uuid for _, sent_spec in compute.sent] == [
        i.uuid for i in instances]
    for instance, host in zip(instances, ['host1', 'host2']):
        assert _reload(user_context, instance).host == host
        saved = objects.RequestSpec.get_by_instance_uuid(user_context, instance.uuid)
        assert (saved.instance_uuid, saved.tried_hosts) == (instance.uuid, [host])


def test_the_zone_asked_for_is_kept(pending, nodes, user_context):
    instance, spec = pending
    spec.availability_zone = 'east'
    selection = dict(_selection(nodes[0]), availability_zone='west')
    build.BuildTask('conductor', StubScheduler([[selection]]), RecordingCompute()
                    ).schedule_and_build(user_context, spec, [instance.uuid])
    assert _reload(user_context, instance).availability_zone == 'east'


def test_the_selection_gives_the_zone_and_the_host_write_ends_the_schedule_event(
        pending, nodes, user_context):
    instance, spec = pending
    selection = dict(_selection(nodes[0]), availability_zone='west')  # no aggregate says so
    build.BuildTask('conductor', StubScheduler([[selection]]), RecordingCompute()
                    ).schedule_and_build(user_context, spec, [instance.uuid])

    assert _reload(user_context, instance).availability_zone == 'west'
    action = objects.InstanceAction.get_by_request_id(user_context, instance.uuid,
                                                      user_context.request_id)
    (event,) = objects.InstanceActionEventList.get_by_action(user_context, action.id)
    assert (event.event, event.result) == (instance_action.SCHEDULE_EVENT, 'Success')
    assert event.finish_time is not None and event.host == 'conductor'


@pytest.mark.parametrize('db', ['postgresql'], indirect=True)
def test_a_host_write_whose_connection_dropped_is_written_again(pending, nodes, user_context,
                                                                monkeypatch):
    """The server ends the connection in the middle of the write of the host (after the
    instance's save, before the spec's): the whole write runs again, once, and the
    instance goes to its host (it stayed in scheduling until the build timeout)."""
    instance, spec = pending
    monkeypatch.setattr(db_api.time, 'sleep', lambda seconds: None)
    save, saves = objects.RequestSpec.save, []

    def drop_at_the_first(self):
        saves.append(list(self.tried_hosts))
        if len(saves) == 1:
            databases.drop_own_connection(db_api._CURRENT.writer)
        save(self)

    monkeypatch.setattr(objects.RequestSpec, 'save', drop_at_the_first)
    compute = RecordingCompute()
    build.BuildTask('conductor', StubScheduler([[_selection(nodes[0])]]), compute
                    ).schedule_and_build(user_context, spec, [instance.uuid])

    assert saves == [['host1'], ['host1']]
    assert compute.builds == [(instance.uuid, 'host1', 'host1', [])]
    loaded = _reload(user_context, instance)
    assert (loaded.host, loaded.node, loaded.task_state) == ('host1', 'host1',
                                                             task_states.SCHEDULING)
    assert objects.RequestSpec.get_by_instance_uuid(user_context, instance.uuid).tried_hosts == [
        'host1']
    action = objects.InstanceAction.get_by_request_id(user_context, instance.uuid,
                                                      user_context.request_id)
    (event,) = objects.InstanceActionEventList.get_by_action(user_context, action.id)
    assert event.result == 'Success'


def test_no_valid_host_puts_every_instance_in_error(pending, user_context):
    instance, spec = pending
    compute = RecordingCompute()
    scheduler = StubScheduler(error=exception.NoValidHost(reason='There are not enough hosts'))
    build.BuildTask('conductor', scheduler, compute).schedule_and_build(
        user_context, spec, [instance.uuid])

    loaded = _reload(user_context, instance)
    assert (loaded.vm_state, loaded.task_state) == (vm_states.ERROR, None)
    assert loaded.fault.message == 'No valid host was found. There are not enough hosts'
    assert compute.builds == []
    action = objects.InstanceAction.get_by_request_id(user_context, instance.uuid,
                                                      user_context.request_id)
    assert action.message == 'Error'


def test_scheduler_answer_lost_after_its_claim_gives_the_claim_back(pending, nodes,
                                                                   user_context):
    """The scheduler claimed, then died (or the broker went) before it answered:
    the instance goes to ERROR and holds nothing."""
    instance, spec = pending

    class ClaimsThenTimesOut(StubScheduler):
        def select_destinations(self, context, request_spec, instance_uuids):
            objects.Allocation.claim(context, nodes[0].id, instance.uuid, **spec.resources)
            raise messaging.MessagingTimeout('no answer from the scheduler')
    build.BuildTask('conductor', ClaimsThenTimesOut(), RecordingCompute()).schedule_and_build(
        user_context, spec, [instance.uuid])

    assert _reload(user_context, instance).vm_state == vm_states.ERROR
    assert objects.ComputeNode.get_by_id(user_context, nodes[0].id).vcpus_used == 0


def test_instance_deleted_while_scheduled_gives_the_claim_back(pending, nodes, user_context):
    instance, spec = pending
    objects.Allocation.claim(user_context, nodes[0].id, instance.uuid, **spec.resources)
    deleter = objects.Instance.get_by_uuid(user_context, instance.uuid)
    deleter.task_state = task_states.DELETING
    deleter.save()
    compute = RecordingCompute()
    build.BuildTask('conductor', StubScheduler([[_selection(nodes[0])]]), compute
                    ).schedule_and_build(user_context, spec, [instance.uuid])
    assert compute.builds == []
    assert objects.Allocation.release(user_context, instance.uuid) == 0


def test_reschedule_claims_the_first_alternate_with_room(pending, nodes, make_node,
                                                         user_context):
    instance, spec = pending
    objects.Allocation.claim(user_context, nodes[0].id, 'a1b2c3d4-0000-4000-8000-000000000001',
                             vcpus=1, memory_mb=1, disk_gb=1)  # host1 is full now
    host3 = make_node('host3')
    alternates = [_selection(nodes[0]), _selection(nodes[1]), _selection(host3)]
    compute = RecordingCompute()
    build.BuildTask('conductor', StubScheduler(), compute).reschedule(
        user_context, instance, spec, alternates)

    assert compute.builds == [(instance.uuid, 'host2', 'host2', [_selection(host3)])]
    assert objects.ComputeNode.get_by_id(user_context, nodes[1].id).vcpus_used == 1


def test_a_reschedule_records_the_zone_of_its_new_host(pending, nodes, user_context):
    """No zone asked for: the instance is in the zone of the host it went to last, not
    of the one it failed on."""
    instance, spec = pending
    instance.availability_zone = 'west'  # the first host's, recorded by the first build
    instance.save()
    build.BuildTask('conductor', StubScheduler(), RecordingCompute()).reschedule(
        user_context, instance, spec, [dict(_selection(nodes[1]), availability_zone='east')])
    assert _reload(user_context, instance).availability_zone == 'east'


def test_reschedule_without_room_left_is_max_retries(pending, nodes, user_context):
    instance, spec = pending
    spec.tried_hosts = ['host0']
    for n, node in enumerate(nodes):
        objects.Allocation.claim(user_context, node.id,
                                 'a1b2c3d4-0000-4000-8000-00000000000%d' % n,
                                 vcpus=1, memory_mb=1, disk_gb=1)
    compute = RecordingCompute()
    build.BuildTask('conductor', StubScheduler(), compute).reschedule(
        user_context, instance, spec, [_selection(n) for n in nodes])

    assert compute.builds == []
    loaded = _reload(user_context, instance)
    assert loaded.vm_state == vm_states.ERROR
    assert loaded.fault.message.startswith('Exceeded maximum number of retries.')
    assert '(tried: host0)' in loaded.fault.message
