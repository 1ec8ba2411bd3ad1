"""The conductor's RPC endpoints: object persistence and compute tasks."""
import datetime

import oslo_messaging as messaging
from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import timeutils

from nova_lite import exception
from nova_lite import manager
from nova_lite import objects
from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite.conductor.tasks import build
from nova_lite.conductor.tasks import unshelve
from nova_lite.db.lazy import api as db_api
from nova_lite.objects import base as objects_base
from nova_lite.objects import service as service_obj
from nova_lite.scheduler import rpcapi as scheduler_rpcapi

CONF = cfg.CONF
LOG = logging.getLogger(__name__)

# threads that run builds and unshelves (conductor_rpcapi.BUILD_TOPIC)
TASK_WORKERS = 16
# threads for the API's calls: short, and few at once (one per API request in flight)
INTERACTIVE_THREADS = 16
# terminate casts the delete sweep sends again to a compute host that looks up; then
# it gives up (_give_up_delete); counted in the instance's system_metadata
MAX_DELETE_RESENDS = 3
DELETE_RESENDS_KEY = 'delete_resends'


class ConductorManager(manager.Manager):
    """Runs the @remotable methods of versioned objects for the other services."""

    target = messaging.Target(version='1.0')
    # its handlers mostly wait for SQLite's one writer, and none waits on another
    # service that calls back (builds and unshelves have a topic of their own): more
    # threads would only hold memory (their frames and buffers; their stacks are 16 KiB
    # each, py-spy and smaps, 2026-12-08). 32 booted no faster, on
    # SQLite or PostgreSQL (benchmarks.boot, 2026-12-07)
    rpc_threads = 16

    def __init__(self, host):
        super().__init__(host)
        self.compute_task_mgr = ComputeTaskManager(host)

    def interactive(self):
        """The API's calls write ahead of the builds in flight (SQLite's one writer)."""
        return db_api.urgent()

    def extra_topics(self):
        return [manager.ExtraTopic(conductor_rpcapi.INTERACTIVE_TOPIC, self.interactive,
                                   INTERACTIVE_THREADS),
                manager.ExtraTopic(conductor_rpcapi.BUILD_TOPIC, None, TASK_WORKERS,
                                   wait=False)]

    def additional_endpoints(self):
        return [self.compute_task_mgr]

    def ping(self, context):
        return 'pong'

    @messaging.expected_exceptions(exception.NovaLiteException)
    def object_class_action_versions(self, context, objname, objmethod, object_versions,
                                     args, kwargs):
        objclass = objects_base.NovaLiteObject.obj_class_from_name(
            objname, object_versions[objname])
        # (a remotable method run here runs again when the connection dropped under it)
        result = getattr(objclass, objmethod)(context, *args, **kwargs)
        if isinstance(result, objects_base.NovaLiteObject):
            if objects_base.versions_are_current(object_versions):
                return result.obj_to_primitive()  # nothing to backport: the cheap path
            return result.obj_to_primitive(
                target_version=object_versions.get(result.obj_name(), result.VERSION),
                version_manifest=object_versions)
        return result

    @messaging.expected_exceptions(exception.NovaLiteException)
    def object_action(self, context, objinst, objmethod, args, kwargs):
        before = objects_base.field_snapshot(objinst)
        result = getattr(objinst, objmethod)(*args, **kwargs)
        updates = {name: field.to_primitive(objinst, name, getattr(objinst, name))
                   for name, field in objinst.fields.items()
                   if objects_base.field_changed(objinst, name, before)}
        updates['obj_what_changed'] = objinst.obj_what_changed()
        return updates, result

    def object_backport_versions(self, context, objinst, object_versions):
        target = object_versions[objinst.obj_name()]
        return objinst.obj_to_primitive(target_version=target,
                                        version_manifest=object_versions)

    @manager.periodic_task(spacing=lambda: min(60, max(1, CONF.instance_build_timeout // 4)))
    def _fail_stale_builds(self, context):
        """No instance stays in building forever: past the timeout it goes to ERROR."""
        if not CONF.instance_build_timeout:
            return
        cutoff = timeutils.utcnow() - datetime.timedelta(seconds=CONF.instance_build_timeout)
        # the stale ones only: a burst of builds in flight is not read every sweep
        for instance in objects.InstanceList.get_by_filters(
                context, {'vm_state': vm_states.BUILDING, 'deleted': False,
                          'created_before': cutoff}):
            error = exception.InstanceBuildFailed(
                instance_uuid=instance.uuid,
                reason='it did not finish within %ss (stuck in task_state %s on host %s)' % (
                    CONF.instance_build_timeout, instance.task_state, instance.host))
            try:
                instance.vm_state = vm_states.ERROR
                instance.task_state = None
                instance.save(expected_vm_state=[vm_states.BUILDING])
            except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
                continue
            LOG.warning('%s', error.format_message())
            compute_utils.add_instance_fault(context, instance, error, self.host)
            objects.Allocation.release(context, instance.uuid)

    @manager.periodic_task(spacing=lambda: min(60, max(1, CONF.instance_delete_timeout // 4)))
    def _finish_stale_deletes(self, context):
        """No instance stays in deleting forever: a lost cast or a dead compute host
        ends in the delete being sent again (at most MAX_DELETE_RESENDS times), or
        done here when the host is down."""
        if not CONF.instance_delete_timeout:
            return
        cutoff = timeutils.utcnow() - datetime.timedelta(seconds=CONF.instance_delete_timeout)
        for instance in objects.InstanceList.get_by_filters(
                context, {'task_state': task_states.DELETING, 'deleted': False,
                          'changes_before': cutoff}):
            if instance.host and service_obj.compute_is_up(context, instance.host):
                resends = int(instance.system_metadata.get(DELETE_RESENDS_KEY, 0))
                if resends >= MAX_DELETE_RESENDS:
                    self._give_up_delete(context, instance, resends)
                    continue
                LOG.warning('Delete of %s on %s did not finish in %ss; sending it again',
                            instance.uuid, instance.host, CONF.instance_delete_timeout)
                instance.system_metadata = dict(instance.system_metadata,
                                                **{DELETE_RESENDS_KEY: str(resends + 1)})
                try:  # bumps updated_at: one resend per timeout
                    instance.save(expected_task_state=[task_states.DELETING])
                except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
                    continue
                self.compute_task_mgr.compute_rpcapi.terminate_instance(context, instance)
                continue
            LOG.warning('Deleting %s here: its compute host %s is down', instance.uuid,
                        instance.host)
            try:
                instance.destroy()  # and its claims
            except exception.InstanceNotFound:
                pass

    def _give_up_delete(self, context, instance, resends):
        """ERROR with a fault, not a delete here as for a down host: the host looks up,
        so its guest may still run there and use its claim (both are kept). The user
        sees why and can delete again (a fresh count of resends); the admin sees which
        host does not act on deletes."""
        error = exception.InstanceTerminationFailure(
            reason='compute host %s did not delete it, asked %d times over %ss' % (
                instance.host, resends + 1, (resends + 1) * CONF.instance_delete_timeout))
        instance.vm_state = vm_states.ERROR
        instance.task_state = None
        instance.system_metadata = {k: v for k, v in instance.system_metadata.items()
                                    if k != DELETE_RESENDS_KEY}
        try:
            instance.save(expected_task_state=[task_states.DELETING])
        except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
            return
        LOG.warning('Giving up the delete of %s: %s', instance.uuid, error.format_message())
        compute_utils.add_instance_fault(context, instance, error, self.host)

    @manager.periodic_task(spacing=lambda: max(60, CONF.consoleauth.token_ttl))
    def _clean_expired_console_tokens(self, context):
        """Expired console tokens open nothing: delete them."""
        count = objects.ConsoleAuthToken.clean_expired_console_auths(context)
        if count:
            LOG.debug('Deleted %d expired console tokens', count)


class ComputeTaskManager:
    """The compute_task namespace: builds, reschedules, rebuilds and unshelves."""

    target = messaging.Target(namespace='compute_task', version='1.2')

    def __init__(self, host):
        self.host = host
        self.compute_rpcapi = compute_rpcapi.ComputeAPI()
        scheduler_api = scheduler_rpcapi.SchedulerAPI()
        self.build_task = build.BuildTask(host, scheduler_api, self.compute_rpcapi)
        self.unshelve_task = unshelve.UnshelveTask(host, scheduler_api, self.compute_rpcapi)

    # schedule_and_build_instances and unshelve_instance come on BUILD_TOPIC: on the
    # conductor topic, a burst of builds waiting on the scheduler could take every
    # thread and leave none for the claims it makes (a deadlock until the timeout)
    def schedule_and_build_instances(self, context, request_spec=None, instance_uuids=None,
                                     instances=None, request_specs=None):
        if instances is not None:  # a 1.0 caller: every instance and its spec
            request_spec = request_specs[0] if request_specs else None
            instance_uuids = [instance.uuid for instance in instances]
        self.build_task.schedule_and_build(context, request_spec, instance_uuids)

    def build_instances(self, context, instance, request_spec, alternates):
        self.build_task.reschedule(context, instance, request_spec, alternates)

    def rebuild_instance(self, context, instance, image_ref, orig_image_ref, admin_password):
        """A rebuild in place: the instance stays on its host (no evacuate yet)."""
        with compute_utils.event_reporter(context, 'conductor_rebuild_server', self.host,
                                          instance.uuid):
            self.compute_rpcapi.rebuild_instance(context, instance, image_ref, orig_image_ref,
                                                 admin_password)

    def unshelve_instance(self, context, instance):
        self.unshelve_task.unshelve(context, instance)
