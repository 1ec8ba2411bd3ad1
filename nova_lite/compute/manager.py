"""The compute service's RPC endpoint: builds, changes and deletes guests through
the driver. Multi-step image operations (snapshot, shelve, unshelve, rebuild)
are in compute/image_ops.py; restart recovery in compute/recovery.py; the
power-state sync (periodic and on the driver's lifecycle events) in
compute/power_sync.py."""
import datetime
import sys
import time

import oslo_messaging as messaging
from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import timeutils

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import manager
from nova_lite import objects
from nova_lite import rpc
from nova_lite.compute import group_policy
from nova_lite.compute import image_ops
from nova_lite.compute import power_state
from nova_lite.compute import power_sync
from nova_lite.compute import recovery
from nova_lite.compute import resource_tracker
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite.virt import driver as virt_driver

CONF = cfg.CONF
LOG = logging.getLogger(__name__)

BUILD_EVENT = 'compute__do_build_and_run_instance'
TERMINATE_EVENT = 'compute_terminate_instance'
# The task_states of a build after the scheduler. Networking and block device
# mapping have no work of their own here (no Neutron, no Cinder: spawn makes the
# root disk), so a build saves only spawning: two conductor calls fewer per boot.
BUILD_STEPS = (task_states.NETWORKING, task_states.BLOCK_DEVICE_MAPPING, task_states.SPAWNING)


operation = compute_utils.instance_operation


def _until_answered(call, *args, **kwargs):
    """call(*args, **kwargs), again while the conductor does not answer (it may have
    done it: only idempotent calls), for at most instance_build_timeout seconds."""
    deadline = time.monotonic() + (CONF.instance_build_timeout or 600)
    while True:
        try:
            return call(*args, **kwargs)
        except messaging.MessagingTimeout:
            if time.monotonic() > deadline:
                raise
            LOG.warning('The conductor did not answer %s; asking again',
                        getattr(call, '__name__', call))


def _spacing(interval):
    """An interval option as upstream reads it: 0 the periodic task rate, -1 never
    (the task then only wakes up hourly to find it off)."""
    if interval > 0:
        return interval
    return CONF.periodic_interval if interval == 0 else 3600


class ComputeManager(manager.Manager):
    target = messaging.Target(version='1.3')

    def __init__(self, host, driver=None):
        super().__init__(host)
        self.driver = driver or virt_driver.load_compute_driver(CONF.compute_driver)
        self.resource_tracker = resource_tracker.ResourceTracker(host, self.driver)
        self.compute_task_api = conductor_rpcapi.ComputeTaskAPI()
        self.service_ref = None
        self.notifier = rpc.get_notifier('nova-compute', host)
        self.image_ops = image_ops.ImageOperations(self)
        self.group_policy = group_policy.GroupPolicyCheck(host)

    def init_host(self, service_ref):
        """Start-up: report the node, destroy the guests of instances deleted or moved
        meanwhile, settle instances a previous run left mid-way, then sync the power
        state of the others (a guest that stopped while nothing watched)."""
        self.service_ref = service_ref
        self.driver.init_host(self.host)
        context = nl_context.get_admin_context()
        self.resource_tracker.update_available_resource(context, service_ref.id)
        recovery.destroy_orphaned_guests(self, context)
        self.driver.register_event_listener(self._handle_lifecycle_event)
        for instance in objects.InstanceList.each_by_filters(
                context, {'host': self.host, 'deleted': False}):
            recovery.reconcile(self, context, instance)
        power_sync.sync_power_states(self, context)

    def cleanup_host(self):
        self.driver.register_event_listener(None)
        self.driver.cleanup_host(self.host)

    def _handle_lifecycle_event(self, event):
        power_sync.handle_lifecycle_event(self, event)

    @manager.periodic_task(spacing=lambda: _spacing(CONF.sync_power_state_interval))
    def _sync_power_states(self, context):
        if CONF.sync_power_state_interval >= 0:
            power_sync.sync_power_states(self, context)

    @manager.periodic_task(spacing=lambda: _spacing(CONF.image_cache.manager_interval))
    def _run_image_cache_manager_pass(self, context):
        """Remove the cached images no instance of this host uses (the driver knows how)."""
        if CONF.image_cache.manager_interval < 0:
            return
        self.driver.manage_image_cache(context, objects.InstanceList.each_by_filters(
            context, {'host': self.host, 'deleted': False}))

    @manager.periodic_task(spacing=lambda: CONF.update_resources_interval)
    def update_available_resource(self, context):
        if self.service_ref is not None:
            self.resource_tracker.update_available_resource(context, self.service_ref.id)

    def build_and_run_instance(self, context, instance, request_spec, node, alternates):
        self._notify(context, instance, 'create', 'start')
        try:
            # the build's two saves record its event's start and success
            with compute_utils.event_reporter(context, BUILD_EVENT, self.host, instance.uuid,
                                              start=False, finish=False):
                self._build(context, instance, request_spec)
            self._count_build(succeeded=True)
            self._notify(context, instance, 'create', 'end')
        except (exception.InstanceNotFound,
                exception.UnexpectedDeletingTaskStateError) as deleted:
            self._notify(context, instance, 'create', 'error', deleted)
            LOG.info('Instance %s was deleted while it was being built', instance.uuid)
            self.driver.destroy(context, instance)
            objects.Allocation.release(context, instance.uuid)
        except Exception as error:
            exc_info = sys.exc_info()
            LOG.warning('Build of %s on %s failed: %s', instance.uuid, self.host, error)
            self._notify(context, instance, 'create', 'error', error)
            self._reschedule_or_fail(context, instance, request_spec, alternates, error,
                                     exc_info)

    def _notify(self, context, instance, action, phase, error=None):
        """instance.<action>.<phase>, for the operations instance_operation does not wrap."""
        compute_utils.notify_about_instance_action(self.notifier, context, instance,
                                                   self.host, action, phase, error)

    def _count_build(self, succeeded):
        """Track consecutive build failures; report a change at once (BuildFailureWeigher)."""
        tracker = self.resource_tracker
        before = tracker.failed_builds
        tracker.failed_builds = 0 if succeeded else before + 1
        if tracker.failed_builds != before and self.service_ref is not None:
            try:
                tracker.update_available_resource(nl_context.get_admin_context(),
                                                  self.service_ref.id)
            except Exception:
                LOG.exception('Could not report the build failure count')

    def _build(self, context, instance, request_spec):
        # past this save, the instance holds its place here for the group members
        # checked after it
        with self.group_policy.checked(instance, request_spec):
            instance.task_state = task_states.SPAWNING
            instance.save(expected_task_state=[task_states.SCHEDULING],
                          start_event=BUILD_EVENT)
        self.driver.spawn(context, instance, {'id': instance.image_ref})
        instance.power_state = self.driver.get_info(instance).state
        instance.vm_state = vm_states.ACTIVE
        instance.task_state = None
        instance.launched_at = timeutils.utcnow()
        instance.save(expected_task_state=[task_states.SPAWNING], finish_event=BUILD_EVENT)
        LOG.info('Instance %s is ACTIVE on %s', instance.uuid, self.host)

    def _reschedule_or_fail(self, context, instance, request_spec, alternates, error,
                            exc_info):
        """Give the build up here: record it (rescheduling, or ERROR with no alternate
        left) with a fault, then destroy the guest, release the claim and ask for
        the alternate.

        Recorded first, and only while the instance still is a build under way: a
        save that timed out may have been done after all (the instance is ACTIVE
        here: its guest and claim are kept), a restart or the conductor's
        stale-build sweep may have put it in ERROR (with its own fault), or it is
        being deleted.
        """
        if alternates:
            instance.task_state = task_states.SCHEDULING
            instance.host = None
            instance.node = None
        else:
            instance.vm_state = vm_states.ERROR
            instance.task_state = None
        instance.power_state = power_state.NOSTATE
        try:
            _until_answered(instance.save, expected_vm_state=[vm_states.BUILDING],
                            expected_task_state=(task_states.SCHEDULING,) + BUILD_STEPS)
            ours = True
        except (exception.InstanceNotFound, exception.UnexpectedTaskStateError) as taken:
            current = _until_answered(objects.InstanceList.get_by_filters, context,
                                      {'uuid': instance.uuid, 'deleted': False},
                                      expected_attrs=['fault'])
            current = current[0] if current else None
            if current and current.vm_state == vm_states.ACTIVE and current.host == self.host:
                LOG.info('Build of %s on %s was done after all', instance.uuid, self.host)
                return
            LOG.info('Not rescheduling %s: %s', instance.uuid, taken)
            alternates = None
            # our ERROR was saved, only its answer was lost: the failure still is ours
            ours = bool(current and current.vm_state == vm_states.ERROR and not current.fault)
        if ours:
            fault = error
            if not alternates and len(request_spec.tried_hosts) > 1:
                fault = compute_utils.build_retries_exceeded(
                    instance.uuid, request_spec.tried_hosts, error)
            compute_utils.add_instance_fault(context, instance, fault, self.host, exc_info)
        self.driver.destroy(context, instance)
        objects.Allocation.release(context, instance.uuid)
        # a group policy broken by a concurrent build is no fault of this host
        if ours and not isinstance(error, exception.GroupAffinityViolation):
            self._count_build(succeeded=False)
        if alternates:
            self.compute_task_api.build_instances(context, instance, request_spec,
                                                  alternates)

    def power_state_of(self, instance):
        """What the hypervisor says of the guest (NOSTATE when it has none)."""
        try:
            return self.driver.get_info(instance).state
        except exception.InstanceNotFound:
            return power_state.NOSTATE

    def finish(self, instance, vm_state, expected_task_state, **changes):
        """End a task: vm_state, task_state None and the guest's power_state, saved
        only if the instance still is in expected_task_state."""
        instance.power_state = self.power_state_of(instance)
        instance.vm_state = vm_state
        instance.task_state = None
        for name, value in changes.items():
            setattr(instance, name, value)
        instance.save(expected_task_state=expected_task_state)

    @staticmethod
    def step(instance, task_state, expected_task_state):
        """Move to the next task_state of a multi-step task."""
        instance.task_state = task_state
        instance.save(expected_task_state=expected_task_state)

    @operation('power_off')
    def stop_instance(self, context, instance, clean_shutdown=True):
        self.driver.power_off(context, instance, timeout=60 if clean_shutdown else 0)
        self.finish(instance, vm_states.STOPPED, task_states.POWERING_OFF)

    @operation('power_on')
    def start_instance(self, context, instance):
        self.driver.power_on(context, instance)
        self.finish(instance, vm_states.ACTIVE, task_states.POWERING_ON)

    @operation('reboot')
    def reboot_instance(self, context, instance, reboot_type):
        hard = reboot_type == 'HARD'
        self.step(instance, task_states.REBOOT_PENDING_HARD if hard
                  else task_states.REBOOT_PENDING,
                  task_states.REBOOTING_HARD if hard else task_states.REBOOTING)
        started = task_states.REBOOT_STARTED_HARD if hard else task_states.REBOOT_STARTED
        self.step(instance, started, instance.task_state)
        try:
            self.driver.reboot(context, instance, reboot_type)
        except Exception:
            # as upstream: a guest left running keeps its vm_state, one that is not is ERROR
            current = self.power_state_of(instance)
            if current != power_state.RUNNING:
                instance.obj_reset_changes()
                instance.power_state = current
                instance.vm_state = vm_states.ERROR
                instance.task_state = None
                instance.save(expected_task_state=[started])
            raise
        self.finish(instance, vm_states.ACTIVE, started)

    @operation('pause')
    def pause_instance(self, context, instance):
        self.driver.pause(context, instance)
        self.finish(instance, vm_states.PAUSED, task_states.PAUSING)

    @operation('unpause')
    def unpause_instance(self, context, instance):
        self.driver.unpause(context, instance)
        self.finish(instance, vm_states.ACTIVE, task_states.UNPAUSING)

    @operation('suspend')
    def suspend_instance(self, context, instance):
        self.driver.suspend(context, instance)
        self.finish(instance, vm_states.SUSPENDED, task_states.SUSPENDING)

    @operation('resume')
    def resume_instance(self, context, instance):
        self.driver.resume(context, instance)
        self.finish(instance, vm_states.ACTIVE, task_states.RESUMING)

    @operation('rescue')
    def rescue_instance(self, context, instance, rescue_password, rescue_image_ref):
        self.driver.rescue(context, instance, {'id': rescue_image_ref or instance.image_ref},
                           rescue_password)
        self.finish(instance, vm_states.RESCUED, task_states.RESCUING)

    @operation('unrescue')
    def unrescue_instance(self, context, instance):
        self.driver.unrescue(context, instance)
        self.finish(instance, vm_states.ACTIVE, task_states.UNRESCUING)

    @operation('trigger_crash_dump')
    def trigger_crash_dump(self, context, instance):
        self.driver.trigger_crash_dump(context, instance)

    def get_host_uptime(self, context):
        """RPC call: this host's uptime line."""
        return self.driver.get_host_uptime()

    def get_console_output(self, context, instance, tail_length):
        """RPC call: the last tail_length lines of the console (all when None)."""
        output = self.driver.get_console_output(context, instance)
        lines = output.splitlines()
        if tail_length is not None:
            lines = lines[-tail_length:] if tail_length else []
        return '\n'.join(lines)

    def get_vnc_console(self, context, instance, console_type):
        """RPC call: authorize a token for the guest's VNC server; its connection info
        and the URL (novncproxy_base_url with the token) that opens it."""
        if not CONF.vnc.enabled:
            raise exception.ConsoleTypeUnavailable(console_type=console_type)
        if console_type != 'novnc':
            raise exception.ConsoleTypeInvalid(console_type=console_type)
        try:
            console = self.driver.get_vnc_console(context, instance)
        except exception.InstanceNotFound:
            if instance.vm_state != vm_states.BUILDING:
                raise
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        token = objects.ConsoleAuthToken(
            context, console_type=console_type, host=console.host, port=console.port,
            internal_access_path=console.internal_access_path, instance_uuid=instance.uuid,
            access_url_base=CONF.vnc.novncproxy_base_url)
        token.authorize(CONF.consoleauth.token_ttl)
        return {'host': console.host, 'port': console.port,
                'internal_access_path': console.internal_access_path,
                'token': token.token, 'access_url': token.access_url}

    def validate_console_port(self, context, instance, port, console_type):
        """RPC call: whether the guest's console still listens on port (a reboot or
        another guest may have taken it since the token was made)."""
        try:
            console = self.driver.get_vnc_console(context, instance)
        except (exception.InstanceNotFound, exception.InstanceNotReady,
                exception.ConsoleTypeUnavailable):
            return False
        return str(console.port) == str(port)

    @operation('soft_delete')
    def soft_delete_instance(self, context, instance):
        self.driver.power_off(context, instance)
        self.finish(instance, vm_states.SOFT_DELETED, task_states.SOFT_DELETING)

    @operation('restore')
    def restore_instance(self, context, instance):
        self.driver.power_on(context, instance)
        self.finish(instance, vm_states.ACTIVE, task_states.RESTORING)

    @operation('rebuild')
    def rebuild_instance(self, context, instance, image_ref, orig_image_ref, admin_password):
        self.image_ops.rebuild(context, instance, image_ref, admin_password)

    @operation('snapshot')
    def snapshot_instance(self, context, instance, image_id):
        self.image_ops.snapshot(context, instance, image_id)

    def shelve_instance(self, context, instance, image_id, clean_shutdown=True):
        """Shelve; with shelved_offload_time 0 then offload, as its own operation (its
        compute_shelve_offload_instance event and instance.shelve_offload.* after
        instance.shelve.end, as upstream)."""
        if not self._shelve(context, instance, image_id, clean_shutdown):
            return
        if CONF.shelved_offload_time == 0:
            try:
                self.step(instance, task_states.SHELVING_OFFLOADING, None)
            except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
                return  # deleted or acted on meanwhile
            self.shelve_offload_instance(context, instance)

    @operation('shelve', method='shelve_instance')
    def _shelve(self, context, instance, image_id, clean_shutdown):
        self.image_ops.shelve(context, instance, image_id, clean_shutdown)
        return True

    @operation('shelve_offload')
    def shelve_offload_instance(self, context, instance):
        self.image_ops.shelve_offload(context, instance)

    @operation('unshelve')
    def unshelve_instance(self, context, instance, image_id):
        self.image_ops.unshelve(context, instance, image_id)

    @manager.periodic_task(spacing=lambda: max(CONF.running_deleted_instance_poll_interval, 1))
    def reap_deleted_guests(self, context):
        if CONF.running_deleted_instance_poll_interval:
            recovery.reap_deleted_guests(self, context)

    @manager.periodic_task(spacing=lambda: max(CONF.reclaim_instance_interval, 1))
    def reclaim_queued_deletes(self, context):
        """Delete for good the SOFT_DELETED instances older than reclaim_instance_interval."""
        interval = CONF.reclaim_instance_interval
        if interval <= 0:
            return
        cutoff = timeutils.utcnow() - datetime.timedelta(seconds=interval)
        for instance in objects.InstanceList.each_by_filters(context, {
                'host': self.host, 'vm_state': vm_states.SOFT_DELETED, 'task_state': None,
                'deleted': False}):
            if instance.deleted_at and instance.deleted_at.replace(tzinfo=None) <= cutoff:
                LOG.info('Reclaiming soft-deleted instance %s', instance.uuid)
                self.terminate_instance(context, instance)

    @manager.periodic_task(spacing=lambda: CONF.shelved_poll_interval)
    def poll_shelved_instances(self, context):
        """Offload the SHELVED instances older than shelved_offload_time."""
        if CONF.shelved_offload_time <= 0:
            return
        cutoff = timeutils.utcnow() - datetime.timedelta(seconds=CONF.shelved_offload_time)
        for instance in objects.InstanceList.each_by_filters(context, {
                'host': self.host, 'vm_state': vm_states.SHELVED, 'task_state': None,
                'deleted': False}):
            shelved_at = instance.system_metadata.get('shelved_at')
            if shelved_at and timeutils.parse_isotime(shelved_at).replace(
                    tzinfo=None) <= cutoff:
                try:
                    self.step(instance, task_states.SHELVING_OFFLOADING, None)
                except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
                    continue
                self.shelve_offload_instance(context, instance)

    def terminate_instance(self, context, instance):
        self._notify(context, instance, 'delete', 'start')
        try:
            # the destroy records the event's start and success in its one call
            with compute_utils.event_reporter(context, TERMINATE_EVENT, self.host,
                                              instance.uuid, start=False, finish=False):
                self._terminate(context, instance)
        except Exception as error:
            LOG.exception('Delete of %s failed', instance.uuid)
            compute_utils.set_error_state(context, instance, error, self.host, sys.exc_info())
            return
        self._notify(context, instance, 'delete', 'end')

    def _terminate(self, context, instance):
        self.driver.destroy(context, instance)
        try:
            # and its claims, console tokens and its event; asked again while the
            # conductor does not answer (RabbitMQ restarting): the guest is gone already,
            # and a destroy done once is InstanceNotFound the next time
            _until_answered(instance.destroy, start_event=TERMINATE_EVENT,
                            finish_event=TERMINATE_EVENT)
        except exception.InstanceNotFound:
            LOG.debug('Instance %s was already deleted', instance.uuid)
            compute_utils.finish_events(context, TERMINATE_EVENT, [instance.uuid])
