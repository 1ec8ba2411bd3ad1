"""compute.utils.instance_operation: the event of the request's action, the
versioned notifications instance.<action>.start/end/error (caught by
oslo.messaging's 'test' notification driver) and, on failure, a fault and the
task_state reverted."""
import pytest
from oslo_messaging.notify import _impl_test

from nova_lite import exception
from nova_lite import objects
from nova_lite import rpc
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite.objects import instance_action
from tests.unit.compute.conftest import HOST
from tests.unit.compute.conftest import action_events


@pytest.fixture
def notifications(compute, conf):
    """The (event_type, priority, payload) sent by compute from now on."""
    conf('driver', ['test'], 'oslo_messaging_notifications')
    compute.notifier = rpc.get_notifier('nova-compute', HOST)
    _impl_test.reset()
    yield lambda: [(m['event_type'], priority, m['payload'])
                   for _ctxt, m, priority, _retry in _impl_test.NOTIFICATIONS]
    _impl_test.reset()


def _pause(request_context, instance):
    instance.task_state = task_states.PAUSING
    instance.save()
    objects.InstanceAction.action_start(request_context, instance.uuid,
                                        instance_action.PAUSE)


def test_success_is_an_event_and_start_end_notifications(compute, active, request_context,
                                                         notifications):
    instance = active()
    _impl_test.reset()  # not the build's instance.create.*
    _pause(request_context, instance)
    compute.pause_instance(request_context, instance)
    assert action_events(request_context, instance)[-1] == ('compute_pause_instance', 'Success')
    sent = notifications()
    assert [(event, priority) for event, priority, _ in sent] == [
        ('instance.pause.start', 'INFO'), ('instance.pause.end', 'INFO')]
    payload = sent[-1][2]
    assert payload['nova_object.name'] == 'InstanceActionPayload'
    data = payload['nova_object.data']
    assert (data['uuid'], data['state'], data['power_state'], data['host']) == (
        instance.uuid, vm_states.PAUSED, 'paused', HOST)
    assert data['request_id'] == request_context.request_id
    assert data['flavor']['flavorid'] == '1' and data['fault'] is None


def test_failure_records_a_fault_reverts_the_task_and_notifies_error(
        compute, active, request_context, notifications, monkeypatch):
    instance = active()
    _impl_test.reset()  # not the build's instance.create.*
    _pause(request_context, instance)

    def broken(context, instance):
        raise exception.NovaLiteException('the hypervisor said no')
    monkeypatch.setattr(compute.driver, 'pause', broken)
    assert compute.pause_instance(request_context, instance) is None
    instance = objects.Instance.get_by_uuid(request_context, instance.uuid,
                                            expected_attrs=['fault'])
    assert (instance.vm_state, instance.task_state) == (vm_states.ACTIVE, None)
    assert instance.fault.message == 'the hypervisor said no'
    assert action_events(request_context, instance)[-1] == ('compute_pause_instance', 'Error')
    sent = notifications()
    assert [(event, priority) for event, priority, _ in sent] == [
        ('instance.pause.start', 'INFO'), ('instance.pause.error', 'ERROR')]
    assert sent[-1][2]['nova_object.data']['fault'] == {
        'exception': 'NovaLiteException', 'exception_message': 'the hypervisor said no'}


def test_an_instance_moved_on_meanwhile_is_left_alone(compute, active, request_context,
                                                      notifications):
    instance = active()
    _impl_test.reset()  # not the build's instance.create.*
    _pause(request_context, instance)
    # an admin reset the state while the pause was on its way
    other = objects.Instance.get_by_uuid(request_context, instance.uuid)
    other.task_state = None
    other.vm_state = vm_states.ERROR
    other.save()
    compute.pause_instance(request_context, instance)
    instance = objects.Instance.get_by_uuid(request_context, instance.uuid,
                                            expected_attrs=['fault'])
    assert (instance.vm_state, instance.task_state, instance.fault) == (
        vm_states.ERROR, None, None)
    assert [event for event, _, _ in notifications()] == ['instance.pause.start']


def test_notifying_never_raises(request_context, make_instance):
    class Broken:
        def is_enabled(self):
            return True

        def info(self, *args):
            raise RuntimeError('broker gone')
    compute_utils.notify_about_instance_action(Broken(), request_context, make_instance(),
                                               HOST, 'pause', 'start')
