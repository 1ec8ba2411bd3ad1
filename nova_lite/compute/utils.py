"""Helpers every service uses on instances: faults, action events, errors,
versioned notifications, and the wrapper of compute's instance operations."""
import contextlib
import functools
import sys

from oslo_log import log as logging

from nova_lite import exception
from nova_lite import objects
from nova_lite.compute import power_state
from nova_lite.compute import vm_states
from nova_lite.objects import instance_action

LOG = logging.getLogger(__name__)

# What shelve records in system_metadata, and unshelve removes.
SHELVED_KEYS = ('shelved_at', 'shelved_image_id', 'shelved_host')


def without_shelved_keys(system_metadata):
    return {k: v for k, v in system_metadata.items() if k not in SHELVED_KEYS}


def add_instance_fault(context, instance, error, host, exc_info=None):
    """Record why the instance went wrong; never raises (it is called in error paths)."""
    try:
        objects.InstanceFault.from_exception(context, instance.uuid, error, host,
                                             exc_info).create()
    except Exception:
        LOG.exception('Could not record fault of instance %s', instance.uuid)


def build_retries_exceeded(instance_uuid, tried_hosts, last_error=None):
    """Upstream's MaxRetriesExceeded for a build given up after every host it was tried
    on, naming them (and the last one's error, when the build failed there)."""
    reason = ('Exhausted all hosts available for retrying build failures for instance '
              '%s (tried: %s).' % (instance_uuid, ', '.join(tried_hosts)))
    if last_error is not None:
        reason += ' Last error: %s' % (last_error.format_message() if hasattr(
            last_error, 'format_message') else str(last_error) or type(last_error).__name__)
    return exception.MaxRetriesExceeded(reason=reason)


def set_error_state(context, instance, error, host, exc_info=None):
    """Put the instance in ERROR with a fault saying why; never raises."""
    add_instance_fault(context, instance, error, host, exc_info)
    try:
        instance.vm_state = vm_states.ERROR
        instance.task_state = None
        instance.save()
    except exception.InstanceNotFound:
        LOG.info('Instance %s was deleted before it could be put in ERROR', instance.uuid)
    except Exception:
        LOG.exception('Could not put instance %s in ERROR', instance.uuid)


@contextlib.contextmanager
def event_reporter(context, event_name, host, *instance_uuids, start=True, finish=True):
    """Record an instance action event around a step, Success or Error. start=False
    or finish=False: the step's own save records the start or the Success
    (Instance.save(start_event=, finish_event=), one call to the conductor less);
    an Error is recorded here all the same."""
    for uuid in instance_uuids if start else ():
        try:
            objects.InstanceActionEvent.event_start(context, uuid, event_name, host=host)
        except exception.InstanceActionNotFound:
            LOG.debug('No action to record %s of %s under', event_name, uuid)
    try:
        yield
    except Exception as error:
        tb = instance_action.format_traceback(sys.exc_info())
        finish_events(context, event_name, instance_uuids,
                      str(error) or type(error).__name__, tb)
        raise
    if finish:
        finish_events(context, event_name, instance_uuids)


def finish_events(context, event_name, instance_uuids, error=None, tb=None):
    """End the event of these instances' actions, Success (or Error with error)."""
    for uuid in instance_uuids:
        try:
            objects.InstanceActionEvent.event_finish(context, uuid, event_name,
                                                     error=error, tb=tb)
        except exception.InstanceActionNotFound:
            pass
        except Exception:
            LOG.exception('Could not finish event %s of %s', event_name, uuid)


def notification_payload(context, instance, host, error=None):
    """The documented subset of upstream's InstanceActionPayload."""
    flavor = instance.flavor if instance.obj_attr_is_set('flavor') else None
    data = {
        'uuid': instance.uuid, 'display_name': instance.display_name,
        'tenant_id': instance.project_id, 'user_id': instance.user_id,
        'host': instance.host, 'node': instance.node, 'state': instance.vm_state,
        'task_state': instance.task_state, 'locked': bool(
            instance.obj_attr_is_set('locked') and instance.locked),
        'power_state': power_state.STATE_MAP.get(instance.power_state, 'pending'),
        'image_uuid': instance.image_ref,
        'flavor': {'flavorid': flavor.flavorid, 'name': flavor.name,
                   'memory_mb': flavor.memory_mb, 'vcpus': flavor.vcpus,
                   'root_gb': flavor.root_gb} if flavor else None,
        'action_initiator_user': context.user_id,
        'action_initiator_project': context.project_id,
        'request_id': context.request_id,
        'fault': None,
    }
    if error is not None:
        data['fault'] = {'exception': type(error).__name__,
                         'exception_message': str(error)}
    return {'nova_object.name': 'InstanceActionPayload', 'nova_object.namespace': 'nova',
            'nova_object.version': '1.0', 'nova_object.data': data}


def notify_about_instance_action(notifier, context, instance, host, action, phase,
                                 error=None):
    """Send instance.<action>.<phase> (start, end, error), or instance.<action> when
    phase is None (lock, unlock: no phases upstream either), when notifications are
    on ([oslo_messaging_notifications] driver); never raises."""
    if not notifier.is_enabled():
        return  # the payload is not even built
    event_type = 'instance.%s.%s' % (action, phase) if phase else 'instance.%s' % action
    try:
        payload = notification_payload(context, instance, host, error)
        if phase == 'error':
            notifier.error(context, event_type, payload)
        else:
            notifier.info(context, event_type, payload)
    except Exception:
        LOG.exception('Could not send %s of %s', event_type, instance.uuid)


def revert_task_state(instance):
    """task_state back to None, nothing else written; never raises."""
    try:
        instance.obj_reset_changes()
        instance.task_state = None
        instance.save()
    except exception.InstanceNotFound:
        pass
    except Exception:
        LOG.exception('Could not revert the task_state of %s', instance.uuid)


def instance_operation(action, method=None):
    """Wrap a compute manager endpoint that works on one instance, as upstream's
    wrap_instance_event, wrap_instance_fault and reverts_task_state do together:
    the event compute_<method> (method: the wrapped function's name unless
    given) of the request's action, notifications
    instance.<action>.start/end, and on failure the Error event, a fault,
    instance.<action>.error and task_state back to None (vm_state unchanged,
    so the user can act again). An instance moved to another task meanwhile
    (deleted, reset) is left alone."""
    def decorator(func):
        event = 'compute_' + (method or func.__name__)

        @functools.wraps(func)
        def wrapper(self, context, instance, *args, **kwargs):
            notify_about_instance_action(self.notifier, context, instance, self.host,
                                         action, 'start')
            try:
                with event_reporter(context, event, self.host, instance.uuid):
                    result = func(self, context, instance, *args, **kwargs)
            except exception.UnexpectedTaskStateError as error:
                LOG.info('%s of %s abandoned: %s', event, instance.uuid,
                         error.format_message())
                return None
            except Exception as error:
                LOG.exception('%s of %s failed', event, instance.uuid)
                add_instance_fault(context, instance, error, self.host, sys.exc_info())
                revert_task_state(instance)
                notify_about_instance_action(self.notifier, context, instance, self.host,
                                             action, 'error', error)
                return None
            notify_about_instance_action(self.notifier, context, instance, self.host,
                                         action, 'end')
            return result
        return wrapper
    return decorator
