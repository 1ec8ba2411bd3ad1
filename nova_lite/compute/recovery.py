"""What a restarted compute does with the instances a previous run left in a
task (upstream's _init_instance): finish, redo or undo it, so that no
instance keeps a task_state nobody works on. And the guests left running for
instances deleted while the host could not be told."""
from oslo_log import log as logging

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects
from nova_lite.compute import power_state
from nova_lite.compute import task_states as ts
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states

LOG = logging.getLogger(__name__)

_REBOOTS = (ts.REBOOTING, ts.REBOOT_PENDING, ts.REBOOT_STARTED, ts.REBOOTING_HARD,
            ts.REBOOT_PENDING_HARD, ts.REBOOT_STARTED_HARD)
_REBUILDS = (ts.REBUILDING, ts.REBUILD_BLOCK_DEVICE_MAPPING, ts.REBUILD_SPAWNING)
# Tasks a restart simply does again, by the manager method that does them.
_REDO = {ts.POWERING_OFF: 'stop_instance', ts.POWERING_ON: 'start_instance',
         ts.SOFT_DELETING: 'soft_delete_instance', ts.RESTORING: 'restore_instance',
         ts.SHELVING_OFFLOADING: 'shelve_offload_instance'}
# Tasks whose outcome the guest shows: (power_state when done, vm_state then).
_DONE_WHEN = {ts.PAUSING: (power_state.PAUSED, vm_states.PAUSED),
              ts.UNPAUSING: (power_state.RUNNING, vm_states.ACTIVE),
              ts.SUSPENDING: (power_state.SUSPENDED, vm_states.SUSPENDED),
              ts.RESUMING: (power_state.RUNNING, vm_states.ACTIVE)}


def _interrupted(compute, task_state):
    return exception.NovaLiteException(
        'nova-compute on %s restarted while the instance was in task_state %s' % (
            compute.host, task_state))


def reconcile(compute, context, instance):
    task_state = instance.task_state
    if task_state == ts.DELETING:
        LOG.info('Finishing the delete of %s interrupted by a restart', instance.uuid)
        compute._terminate(context, instance)
    elif instance.vm_state == vm_states.BUILDING:
        error = exception.InstanceBuildFailed(
            instance_uuid=instance.uuid,
            reason='nova-compute on %s restarted while it was in task_state %s' % (
                compute.host, task_state))
        compute.driver.destroy(context, instance)
        objects.Allocation.release(context, instance.uuid)
        compute_utils.set_error_state(context, instance, error, compute.host)
    elif task_state is None:
        return
    elif task_state in _REBOOTS:
        _redo_reboot(compute, context, instance, task_state)
    elif task_state in _REDO:
        LOG.info('Redoing %s of %s interrupted by a restart', task_state, instance.uuid)
        getattr(compute, _REDO[task_state])(context, instance)
    elif task_state in _REBUILDS:
        compute_utils.set_error_state(context, instance, _interrupted(compute, task_state),
                                      compute.host)
    elif instance.vm_state == vm_states.SHELVED_OFFLOADED:
        # an unshelve that did not finish: back to offloaded, the claim given back
        compute.driver.destroy(context, instance)
        objects.Allocation.release(context, instance.uuid)
        compute_utils.add_instance_fault(context, instance, _interrupted(compute, task_state),
                                         compute.host)
        instance.task_state = None
        instance.host = instance.node = None
        instance.save()
    else:
        _settle(compute, context, instance, task_state)


def _redo_reboot(compute, context, instance, task_state):
    """Upstream's _retry_reboot: a reboot whose guest runs after it started is done
    (the task is cleared); a soft one the guest never saw is done again SOFT while
    the guest runs; any other is done again HARD."""
    current = compute.power_state_of(instance)
    running = current == power_state.RUNNING
    if running and task_state in (ts.REBOOT_STARTED, ts.REBOOT_STARTED_HARD):
        LOG.info('The reboot of %s was done before a restart: clearing its task',
                 instance.uuid)
        instance.power_state = current
        instance.vm_state = vm_states.ACTIVE
        instance.task_state = None
        instance.save()
        return
    soft = (running and task_state == ts.REBOOT_PENDING and
            instance.vm_state in vm_states.ALLOW_SOFT_REBOOT)
    LOG.info('Redoing the reboot of %s interrupted by a restart (%s)', instance.uuid,
             'SOFT' if soft else 'HARD')
    compute.step(instance, ts.REBOOTING if soft else ts.REBOOTING_HARD, task_state)
    compute.reboot_instance(context, instance, 'SOFT' if soft else 'HARD')


def _settle(compute, context, instance, task_state):
    """Any other task: the guest's power state says whether it was done. An
    ACTIVE server whose guest is off is STOPPED (upstream's power-state sync)."""
    current = compute.power_state_of(instance)
    done_power, done_vm_state = _DONE_WHEN.get(task_state, (None, None))
    if current == done_power:
        instance.vm_state = done_vm_state
    else:
        compute_utils.add_instance_fault(context, instance, _interrupted(compute, task_state),
                                         compute.host)
        if current == power_state.SHUTDOWN and instance.vm_state == vm_states.ACTIVE:
            instance.vm_state = vm_states.STOPPED
    instance.power_state = current
    instance.task_state = None
    instance.save()


def reap_deleted_guests(compute, context):
    """Destroy the guests of this host whose instances are deleted: the API deletes
    an instance itself when its compute looks down (a broker outage, a restart),
    and the guest would run on unaccounted (upstream's
    _cleanup_running_deleted_instances, action reap)."""
    for instance in instances_with_guests(compute, {'deleted': True}):
        LOG.warning('Destroying the guest %s of deleted instance %s', instance.name,
                    instance.uuid)
        compute.driver.destroy(context, instance)


def destroy_orphaned_guests(compute, context):
    """At start-up, also the guests of instances another host has now (a build
    rescheduled, an offload, interrupted before their guest here went; upstream's
    _destroy_evacuated_instances). A guest that is no instance of this cloud is
    never touched."""
    for instance in instances_with_guests(compute, {}):
        if instance.deleted or instance.host != compute.host:
            LOG.warning('Destroying the guest %s of instance %s (%s)', instance.name,
                        instance.uuid, 'deleted' if instance.deleted
                        else 'now on host %s' % instance.host)
            compute.driver.destroy(context, instance)


def instances_with_guests(compute, filters):
    """The instances (deleted ones too) matching filters that have a guest on this
    host, found by the guests' uuids (a libvirtd may also run other clouds'
    domains, whose names can be ours) or, when the driver cannot list them, by
    name among this host's instances (upstream's _get_instances_on_driver)."""
    context = nl_context.get_admin_context(read_deleted='yes')
    try:
        uuids = compute.driver.list_instance_uuids()
    except NotImplementedError:
        names = set(compute.driver.list_instances())
        if not names:
            return []
        return [instance for instance in objects.InstanceList.get_by_filters(
            context, dict(filters, host=compute.host)) if instance.name in names]
    if not uuids:
        return []
    return list(objects.InstanceList.get_by_filters(context, dict(filters, uuid=uuids)))
