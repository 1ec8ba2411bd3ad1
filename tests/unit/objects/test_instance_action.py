"""Instance actions and events: one request followed across services."""
import sys

import pytest

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects
from nova_lite.objects import instance_action

UUID = '7c2d1a54-0e9b-4b1f-a6f3-2f5e8d9c1b0a'


def test_action_start_records_who_and_which_request(db, user_context):
    action = objects.InstanceAction.action_start(user_context, UUID, instance_action.CREATE)
    assert (action.action, action.instance_uuid) == ('create', UUID)
    assert (action.user_id, action.project_id) == ('demo', 'demo-project')
    assert action.request_id == user_context.request_id
    assert action.start_time is not None and action.finish_time is None
    found = objects.InstanceAction.get_by_request_id(user_context, UUID,
                                                     user_context.request_id)
    assert found.id == action.id
    assert objects.InstanceAction.get_by_request_id(user_context, UUID, 'req-other') is None


def test_action_start_can_start_the_first_event_with_it(db, user_context):
    action = objects.InstanceAction.action_start(user_context, UUID, instance_action.CREATE,
                                                 start_event=instance_action.SCHEDULE_EVENT,
                                                 host='controller')
    (event,) = objects.InstanceActionEventList.get_by_action(user_context, action.id)
    assert (event.event, event.host) == (instance_action.SCHEDULE_EVENT, 'controller')
    assert event.start_time == action.start_time and event.finish_time is None
    finished = objects.InstanceActionEvent.event_finish(user_context, UUID,
                                                        instance_action.SCHEDULE_EVENT)
    assert (finished.id, finished.result) == (event.id, 'Success')


def test_action_list_is_newest_first(db, user_context):
    objects.InstanceAction.action_start(user_context, UUID, instance_action.CREATE)
    later = nl_context.RequestContext(user_id='demo', project_id='demo-project')
    objects.InstanceAction.action_start(later, UUID, instance_action.DELETE)
    actions = objects.InstanceActionList.get_by_instance_uuid(user_context, UUID)
    assert [a.action for a in actions] == ['delete', 'create']


def test_event_start_and_successful_finish(db, user_context):
    action = objects.InstanceAction.action_start(user_context, UUID, instance_action.CREATE)
    started = objects.InstanceActionEvent.event_start(user_context, UUID, 'compute_build',
                                                      host='host1')
    assert (started.event, started.host, started.action_id) == ('compute_build', 'host1',
                                                                action.id)
    assert started.result is None and started.finish_time is None
    finished = objects.InstanceActionEvent.event_finish(user_context, UUID, 'compute_build')
    assert finished.id == started.id
    assert finished.result == 'Success' and finished.finish_time is not None
    action = objects.InstanceAction.get_by_request_id(user_context, UUID,
                                                      user_context.request_id)
    assert action.message is None and action.finish_time is not None


def test_event_finish_with_error_marks_event_and_action(db, user_context):
    objects.InstanceAction.action_start(user_context, UUID, instance_action.CREATE)
    objects.InstanceActionEvent.event_start(user_context, UUID, 'schedule')
    objects.InstanceActionEvent.event_finish(user_context, UUID, 'schedule',
                                             error='No valid host', tb='Traceback ...')
    action = objects.InstanceAction.get_by_request_id(user_context, UUID,
                                                      user_context.request_id)
    assert action.message == 'Error'
    (event,) = objects.InstanceActionEventList.get_by_action(user_context, action.id)
    assert (event.result, event.details, event.traceback) == ('Error', 'No valid host',
                                                              'Traceback ...')


def test_a_later_success_does_not_clear_the_action_error(db, user_context):
    objects.InstanceAction.action_start(user_context, UUID, instance_action.CREATE)
    objects.InstanceActionEvent.event_finish(user_context, UUID, 'first', error='boom')
    objects.InstanceActionEvent.event_finish(user_context, UUID, 'second')
    action = objects.InstanceAction.get_by_request_id(user_context, UUID,
                                                      user_context.request_id)
    assert action.message == 'Error'
    events = objects.InstanceActionEventList.get_by_action(user_context, action.id)
    assert [(e.event, e.result) for e in events] == [('second', 'Success'), ('first', 'Error')]


def test_finish_closes_the_newest_open_event_of_that_name(db, user_context):
    objects.InstanceAction.action_start(user_context, UUID, instance_action.CREATE)
    objects.InstanceActionEvent.event_start(user_context, UUID, 'build')
    newest = objects.InstanceActionEvent.event_start(user_context, UUID, 'build')
    assert objects.InstanceActionEvent.event_finish(user_context, UUID, 'build').id == newest.id


@pytest.mark.parametrize('method, kwargs', [('event_start', {}), ('event_finish', {})])
def test_event_without_action_raises(db, user_context, method, kwargs):
    with pytest.raises(exception.InstanceActionNotFound):
        getattr(objects.InstanceActionEvent, method)(user_context, UUID, 'build', **kwargs)


def test_format_traceback():
    try:
        raise KeyError('k')
    except KeyError:
        text = instance_action.format_traceback(sys.exc_info())
    assert text.startswith('Traceback') and "KeyError: 'k'" in text
