"""Power-state sync (upstream's _sync_power_states, handle_lifecycle_event and
_sync_instance_power_state): the hypervisor is the truth about a guest's
power state. A guest that changed behind nova's back (shut down from inside,
destroyed with virsh) moves its server as upstream's rules say: an ACTIVE
server whose guest is off is stopped through the stop operation, so the
change has its instance action and notifications. Instances in a task are
left to the task; every write goes through objects with the task_state it
expects, so a user's action racing the sync wins or loses cleanly."""
from oslo_log import log as logging

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.objects import instance_action
from nova_lite.virt import event as virt_event

LOG = logging.getLogger(__name__)

_OFF = (power_state.SHUTDOWN, power_state.CRASHED)
# what a STOPPED server's guest may be: a guest saved to disk does not run either
# (upstream's libvirt driver reports it SHUTDOWN; nova-lite's reports SUSPENDED)
_NOT_RUNNING = _OFF + (power_state.NOSTATE, power_state.SUSPENDED)


def sync_power_states(compute, context):
    """Sync every instance of the host that has no task (the periodic task and
    compute start-up)."""
    for instance in objects.InstanceList.each_by_filters(
            context, {'host': compute.host, 'deleted': False}):
        if instance.task_state is not None or instance.deleted:
            continue
        try:
            sync_instance_power_state(compute, context, instance,
                                      compute.power_state_of(instance))
        except Exception:
            LOG.exception('Power-state sync of %s failed', instance.uuid)


def handle_lifecycle_event(compute, event):
    """A guest changed state: sync its instance now, if the guest still is in the
    state the event says (a late event is stale) and the instance is ours."""
    context = nl_context.get_admin_context()
    context.update_store()  # the log lines of this event carry its request id
    LOG.info('Instance %s: guest %s (lifecycle event)', event.instance_uuid, event.name)
    vm_power_state = virt_event.POWER_STATES.get(event.transition)
    if vm_power_state is None:
        return
    try:
        instance = objects.Instance.get_by_uuid(context, event.instance_uuid)
    except exception.InstanceNotFound:
        LOG.debug('No instance %s for %s (deleted meanwhile)', event.instance_uuid, event)
        return
    if compute.power_state_of(instance) == vm_power_state:
        sync_instance_power_state(compute, context, instance, vm_power_state)


def sync_instance_power_state(compute, context, instance, vm_power_state):
    """Upstream's rules: record the guest's power state, then act on a vm_state
    the guest contradicts."""
    if instance.host != compute.host or instance.task_state is not None:
        return
    try:
        if instance.power_state != vm_power_state:
            instance.power_state = vm_power_state
            instance.save(expected_task_state=[None])
        vm_state = instance.vm_state
        if vm_state == vm_states.ACTIVE:
            if vm_power_state in _OFF or vm_power_state == power_state.SUSPENDED:
                LOG.warning('Instance %s is ACTIVE but its guest is %s: stopping it',
                            instance.uuid, power_state.STATE_MAP[vm_power_state])
                _stop(compute, instance, vm_state, clean_shutdown=True)
            elif vm_power_state in (power_state.PAUSED, power_state.NOSTATE):
                LOG.warning('Instance %s is ACTIVE but its guest is %s: ignored',
                            instance.uuid, power_state.STATE_MAP[vm_power_state])
        elif vm_state == vm_states.STOPPED:
            if vm_power_state not in _NOT_RUNNING:
                LOG.warning('Instance %s is STOPPED but its guest is %s: powering it off',
                            instance.uuid, power_state.STATE_MAP[vm_power_state])
                _stop(compute, instance, vm_state, clean_shutdown=False)
        elif vm_state == vm_states.PAUSED:
            if vm_power_state in _OFF:
                LOG.warning('Paused instance %s shut down by itself: stopping it',
                            instance.uuid)
                _stop(compute, instance, vm_state, clean_shutdown=False)
        elif vm_state in (vm_states.SOFT_DELETED, vm_states.DELETED):
            if vm_power_state not in (power_state.NOSTATE, power_state.SHUTDOWN):
                LOG.warning('Instance %s is %s but its guest is %s', instance.uuid, vm_state,
                            power_state.STATE_MAP[vm_power_state])
    except (exception.UnexpectedTaskStateError, exception.InstanceNotFound) as error:
        LOG.info('Power-state sync of %s gave way: %s', instance.uuid,
                 error.format_message())


def _stop(compute, instance, vm_state, clean_shutdown):
    """What the API's stop does, from the compute: POWERING_OFF (only if no task
    started meanwhile), a 'stop' instance action, then the stop operation."""
    context = nl_context.get_admin_context()  # a request id of its own for the action
    context.update_store()
    instance.task_state = task_states.POWERING_OFF
    instance.progress = 0
    instance.save(expected_task_state=[None], expected_vm_state=[vm_state])
    objects.InstanceAction.action_start(context, instance.uuid, instance_action.STOP)
    compute.stop_instance(context, instance, clean_shutdown=clean_shutdown)
