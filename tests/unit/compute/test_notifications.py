"""The versioned notifications of every server operation, as upstream names them:
instance.<action>.start/end from the compute service (create and delete too),
instance.lock/unlock from the API; caught by oslo.messaging's 'test' driver."""
import pytest
from oslo_messaging.notify import _impl_test

from nova_lite import context as nl_context
from nova_lite import objects
from nova_lite.compute import api as compute_api
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite.objects import instance_action
from tests.unit.compute.conftest import HOST
from tests.unit.compute.conftest import action_events
from tests.unit.compute.test_instance_operation import notifications  # noqa: F401

IMAGE = '155d900f-4e14-4e4c-a73d-069cbf4541e6'


def _sent():
    return [(m['event_type'], priority, m['publisher_id'], m['payload']['nova_object.data'])
            for _ctxt, m, priority, _retry in _impl_test.NOTIFICATIONS]


def _events(sent):
    return [event for event, _priority, _publisher, _data in sent]


def _request(instance, action, task_state=None, **changes):
    """What the API does before it casts: a new request with its action, the
    instance in task_state (and changes)."""
    context = nl_context.RequestContext(user_id='demo', project_id='demo-project',
                                        roles=['member'])
    instance.task_state = task_state
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.save()
    objects.InstanceAction.action_start(context, instance.uuid, action)
    return context


class _Glance:
    def upload(self, context, image_id, data):
        self.uploaded = image_id


def test_unless_a_driver_is_set_nothing_is_sent_nor_built(compute, scheduled, request_context,
                                                          monkeypatch):
    # upstream's default: no [oslo_messaging_notifications] driver, no notifications
    # (with nothing consuming them, their queue would only grow in RabbitMQ)
    assert not compute.notifier.is_enabled()

    def build(*args):
        raise AssertionError('a payload was built')
    monkeypatch.setattr(compute_utils, 'notification_payload', build)
    instance, spec = scheduled()
    compute.build_and_run_instance(request_context, instance, spec, HOST, [])
    assert objects.Instance.get_by_uuid(request_context, instance.uuid).vm_state == 'active'


def test_a_build_sends_create_start_and_end(compute, scheduled, request_context,
                                            notifications):
    instance, spec = scheduled()
    _impl_test.reset()
    compute.build_and_run_instance(request_context, instance, spec, HOST, [])
    sent = _sent()
    assert [(event, priority, publisher) for event, priority, publisher, _ in sent] == [
        ('instance.create.start', 'INFO', 'nova-compute:%s' % HOST),
        ('instance.create.end', 'INFO', 'nova-compute:%s' % HOST)]
    start, end = sent[0][3], sent[1][3]
    assert (start['uuid'], start['state'], start['task_state']) == (
        instance.uuid, vm_states.BUILDING, task_states.SCHEDULING)
    assert (end['state'], end['task_state'], end['power_state'], end['host']) == (
        vm_states.ACTIVE, None, 'running', HOST)
    assert end['request_id'] == request_context.request_id


def test_a_failed_build_sends_create_error(compute, scheduled, request_context, conf,
                                           notifications):
    conf('fail_spawn_for_names', ['doomed'], 'fake_driver')
    instance, spec = scheduled('doomed')
    _impl_test.reset()
    compute.build_and_run_instance(request_context, instance, spec, HOST, [])
    sent = _sent()
    assert [(event, priority) for event, priority, _, _ in sent] == [
        ('instance.create.start', 'INFO'), ('instance.create.error', 'ERROR')]
    assert sent[-1][3]['fault']['exception_message']


def test_a_delete_sends_delete_start_and_end(compute, active, notifications):
    instance = active()
    context = _request(instance, instance_action.DELETE, task_states.DELETING)
    _impl_test.reset()
    compute.terminate_instance(context, instance)
    sent = _sent()
    assert _events(sent) == ['instance.delete.start', 'instance.delete.end']
    assert (sent[0][3]['state'], sent[0][3]['task_state']) == (
        vm_states.ACTIVE, task_states.DELETING)
    assert (sent[1][3]['state'], sent[1][3]['task_state']) == (vm_states.DELETED, None)


def _stopped(compute, context, instance):
    compute.driver.power_off(context, instance)
    return {'vm_state': vm_states.STOPPED, 'power_state': power_state.SHUTDOWN}


def _paused(compute, context, instance):
    compute.driver.pause(context, instance)
    return {'vm_state': vm_states.PAUSED, 'power_state': power_state.PAUSED}


def _suspended(compute, context, instance):
    compute.driver.suspend(context, instance)
    return {'vm_state': vm_states.SUSPENDED, 'power_state': power_state.SUSPENDED}


def _rescued(compute, context, instance):
    return {'vm_state': vm_states.RESCUED}


def _soft_deleted(compute, context, instance):
    compute.driver.power_off(context, instance)
    return {'vm_state': vm_states.SOFT_DELETED, 'power_state': power_state.SHUTDOWN}


def _shelved(compute, context, instance):
    compute.driver.power_off(context, instance)
    return {'vm_state': vm_states.SHELVED, 'power_state': power_state.SHUTDOWN}


def _offloaded_then_placed(compute, context, instance):
    """Offloaded, then placed on HOST again by the conductor's unshelve."""
    compute.driver.destroy(context, instance)
    return {'vm_state': vm_states.SHELVED_OFFLOADED, 'power_state': power_state.SHUTDOWN}


# action (as the notifications name it), manager method, its arguments, the
# instance action and task_state the API leaves, how to reach the starting state
# and the vm_state it ends in
OPERATIONS = [
    ('power_off', 'stop_instance', (), 'stop', task_states.POWERING_OFF, None,
     vm_states.STOPPED),
    ('power_on', 'start_instance', (), 'start', task_states.POWERING_ON, _stopped,
     vm_states.ACTIVE),
    ('reboot', 'reboot_instance', ('SOFT',), 'reboot', task_states.REBOOTING, None,
     vm_states.ACTIVE),
    ('reboot', 'reboot_instance', ('HARD',), 'reboot', task_states.REBOOTING_HARD,
     _stopped, vm_states.ACTIVE),
    ('pause', 'pause_instance', (), 'pause', task_states.PAUSING, None, vm_states.PAUSED),
    ('unpause', 'unpause_instance', (), 'unpause', task_states.UNPAUSING, _paused,
     vm_states.ACTIVE),
    ('suspend', 'suspend_instance', (), 'suspend', task_states.SUSPENDING, None,
     vm_states.SUSPENDED),
    ('resume', 'resume_instance', (), 'resume', task_states.RESUMING, _suspended,
     vm_states.ACTIVE),
    ('rescue', 'rescue_instance', (None, None), 'rescue', task_states.RESCUING, None,
     vm_states.RESCUED),
    ('unrescue', 'unrescue_instance', (), 'unrescue', task_states.UNRESCUING, _rescued,
     vm_states.ACTIVE),
    ('trigger_crash_dump', 'trigger_crash_dump', (), 'trigger_crash_dump', None, None,
     vm_states.ACTIVE),
    ('soft_delete', 'soft_delete_instance', (), 'delete', task_states.SOFT_DELETING, None,
     vm_states.SOFT_DELETED),
    ('restore', 'restore_instance', (), 'restore', task_states.RESTORING, _soft_deleted,
     vm_states.ACTIVE),
    ('rebuild', 'rebuild_instance', (IMAGE, IMAGE, 'secret'), 'rebuild',
     task_states.REBUILDING, None, vm_states.ACTIVE),
    ('snapshot', 'snapshot_instance', ('image-1',), 'createImage',
     task_states.IMAGE_SNAPSHOT_PENDING, None, vm_states.ACTIVE),
    ('shelve', 'shelve_instance', (None, True), 'shelve', task_states.SHELVING, None,
     vm_states.SHELVED),
    ('shelve_offload', 'shelve_offload_instance', (), 'shelveOffload',
     task_states.SHELVING_OFFLOADING, _shelved, vm_states.SHELVED_OFFLOADED),
    ('unshelve', 'unshelve_instance', (None,), 'unshelve', task_states.UNSHELVING,
     _offloaded_then_placed, vm_states.ACTIVE),
]


@pytest.mark.parametrize('action,method,args,request_action,task_state,setup,ends',
                         OPERATIONS, ids=['%s-%s' % (o[1], '-'.join(map(str, o[2])))
                                          for o in OPERATIONS])
def test_every_operation_sends_start_and_end(compute, active, conf, notifications,
                                             action, method, args, request_action,
                                             task_state, setup, ends):
    conf('shelved_offload_time', -1)
    compute.driver._glance = _Glance()
    instance = active()
    changes = setup(compute, nl_context.get_admin_context(), instance) if setup else {}
    context = _request(instance, request_action, task_state, **changes)
    _impl_test.reset()
    getattr(compute, method)(context, instance, *args)
    sent = _sent()
    assert [(event, priority) for event, priority, _, _ in sent] == [
        ('instance.%s.start' % action, 'INFO'), ('instance.%s.end' % action, 'INFO')]
    assert {data['uuid'] for _, _, _, data in sent} == {instance.uuid}
    assert {data['request_id'] for _, _, _, data in sent} == {context.request_id}
    end = sent[-1][3]
    assert (end['state'], end['task_state']) == (ends, None)
    assert objects.Instance.get_by_uuid(context, instance.uuid).vm_state == ends


def test_shelve_with_offload_time_0_offloads_as_its_own_operation(compute, active, conf,
                                                                  notifications):
    conf('shelved_offload_time', 0)
    instance = active()
    context = _request(instance, instance_action.SHELVE, task_states.SHELVING)
    _impl_test.reset()
    compute.shelve_instance(context, instance, None, True)
    assert _events(_sent()) == [
        'instance.shelve.start', 'instance.shelve.end',
        'instance.shelve_offload.start', 'instance.shelve_offload.end']
    assert sorted(action_events(context, instance)) == [
        ('compute_shelve_instance', 'Success'),
        ('compute_shelve_offload_instance', 'Success')]
    loaded = objects.Instance.get_by_uuid(context, instance.uuid)
    assert (loaded.vm_state, loaded.task_state, loaded.host) == (
        vm_states.SHELVED_OFFLOADED, None, None)


def test_a_failed_shelve_does_not_offload(compute, active, conf, notifications,
                                          monkeypatch):
    conf('shelved_offload_time', 0)
    instance = active()
    context = _request(instance, instance_action.SHELVE, task_states.SHELVING)

    def broken(*args, **kwargs):
        raise RuntimeError('the hypervisor said no')
    monkeypatch.setattr(compute.driver, 'power_off', broken)
    _impl_test.reset()
    compute.shelve_instance(context, instance, None, True)
    assert _events(_sent()) == ['instance.shelve.start', 'instance.shelve.error']
    loaded = objects.Instance.get_by_uuid(context, instance.uuid)
    assert (loaded.vm_state, loaded.task_state) == (vm_states.ACTIVE, None)


@pytest.fixture
def api(db, fake_rpc, conf, notifications):  # noqa: F811 (its notifier reads the driver)
    conf('host', 'api-host')
    return compute_api.API()


@pytest.mark.parametrize('method,locked', [('lock', True), ('unlock', False)])
def test_lock_and_unlock_are_sent_by_the_api(api, make_instance, user_context, method,
                                             locked):
    instance = make_instance(context=user_context, vm_state=vm_states.ACTIVE,
                             task_state=None, locked=not locked)
    _impl_test.reset()
    getattr(api, method)(user_context, instance)
    (sent,) = _sent()
    event, priority, publisher, data = sent
    assert (event, priority, publisher) == ('instance.%s' % method, 'INFO',
                                            'nova-api:api-host')
    assert (data['uuid'], data['locked'], data['request_id']) == (
        instance.uuid, locked, user_context.request_id)
    assert objects.Instance.get_by_uuid(user_context, instance.uuid).locked is locked
