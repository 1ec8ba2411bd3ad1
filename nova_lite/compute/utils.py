"""Helpers every service uses on instances: faults, action events, errors."""
import contextlib
import sys

from oslo_log import log as logging

from nova_lite import exception
from nova_lite import objects
from nova_lite.compute import vm_states
from nova_lite.objects import instance_action

LOG = logging.getLogger(__name__)


def add_instance_fault(context, instance, error, host, exc_info=None):
    """Record why the instance went wrong; never raises (it is called in error paths)."""
    try:
        objects.InstanceFault.from_exception(context, instance.uuid, error, host,
                                             exc_info).create()
    except Exception:
        LOG.exception('Could not record fault of instance %s', instance.uuid)


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
def event_reporter(context, event_name, host, *instance_uuids):
    """Record an instance action event around a step, Success or Error."""
    for uuid in instance_uuids:
        try:
            objects.InstanceActionEvent.event_start(context, uuid, event_name, host=host)
        except exception.InstanceActionNotFound:
            LOG.debug('No action to record %s of %s under', event_name, uuid)
    try:
        yield
    except Exception as error:
        tb = instance_action.format_traceback(sys.exc_info())
        _finish_events(context, event_name, instance_uuids,
                       str(error) or type(error).__name__, tb)
        raise
    _finish_events(context, event_name, instance_uuids)


def _finish_events(context, event_name, instance_uuids, error=None, tb=None):
    for uuid in instance_uuids:
        try:
            objects.InstanceActionEvent.event_finish(context, uuid, event_name,
                                                     error=error, tb=tb)
        except exception.InstanceActionNotFound:
            pass
        except Exception:
            LOG.exception('Could not finish event %s of %s', event_name, uuid)
