"""Faults, error state and action events: the helpers every error path uses."""
import pytest

from nova_lite import exception
from nova_lite import objects
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite.objects import instance_action


def _events(context, instance):
    action = objects.InstanceAction.get_by_request_id(context, instance.uuid,
                                                      context.request_id)
    return action, objects.InstanceActionEventList.get_by_action(context, action.id)


def test_set_error_state_records_fault_and_error(make_instance, admin_context):
    instance = make_instance()
    compute_utils.set_error_state(admin_context, instance, exception.NoValidHost(reason='x'),
                                  'host1')
    loaded = objects.Instance.get_by_uuid(admin_context, instance.uuid,
                                          expected_attrs=['fault'])
    assert (loaded.vm_state, loaded.task_state) == (vm_states.ERROR, None)
    assert (loaded.fault.message, loaded.fault.host) == ('No valid host was found. x', 'host1')


def test_set_error_state_on_a_deleted_instance_does_not_raise(make_instance, admin_context):
    instance = make_instance()
    objects.Instance.get_by_uuid(admin_context, instance.uuid).destroy()
    compute_utils.set_error_state(admin_context, instance, ValueError('late'), 'host1')


def test_add_instance_fault_never_raises(admin_context, conf):
    conf('connection', 'sqlite:////nonexistent/dir/db.sqlite', 'database')
    instance = objects.Instance(admin_context, uuid='5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716')
    compute_utils.add_instance_fault(admin_context, instance, ValueError('x'), 'h')


def test_event_reporter_records_success(make_instance, user_context):
    instance = make_instance(context=user_context)
    objects.InstanceAction.action_start(user_context, instance.uuid, instance_action.CREATE)
    with compute_utils.event_reporter(user_context, 'step', 'host1', instance.uuid):
        pass
    action, (event,) = _events(user_context, instance)
    assert (event.event, event.result, event.host) == ('step', 'Success', 'host1')
    assert action.message is None


def test_event_reporter_records_the_error_and_reraises(make_instance, user_context):
    instance = make_instance(context=user_context)
    objects.InstanceAction.action_start(user_context, instance.uuid, instance_action.CREATE)
    with pytest.raises(ValueError):
        with compute_utils.event_reporter(user_context, 'step', 'host1', instance.uuid):
            raise ValueError('broken step')
    action, (event,) = _events(user_context, instance)
    assert (event.result, event.details) == ('Error', 'broken step')
    assert 'ValueError: broken step' in event.traceback
    assert action.message == 'Error'


def test_event_reporter_without_an_action_still_runs_the_step(make_instance, user_context):
    instance = make_instance(context=user_context)
    ran = []
    with compute_utils.event_reporter(user_context, 'step', 'host1', instance.uuid):
        ran.append(True)
    assert ran == [True]
