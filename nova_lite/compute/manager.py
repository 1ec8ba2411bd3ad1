"""The compute service's RPC endpoint: builds and deletes guests through the driver."""
import sys

import oslo_messaging as messaging
from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import timeutils

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import manager
from nova_lite import objects
from nova_lite.compute import power_state
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
# The task_states a build walks through after the scheduler, in order.
BUILD_STEPS = (task_states.NETWORKING, task_states.BLOCK_DEVICE_MAPPING, task_states.SPAWNING)


class ComputeManager(manager.Manager):
    target = messaging.Target(version='1.0')

    def __init__(self, host, driver=None):
        super().__init__(host)
        self.driver = driver or virt_driver.load_compute_driver(CONF.compute_driver)
        self.resource_tracker = resource_tracker.ResourceTracker(host, self.driver)
        self.compute_task_api = conductor_rpcapi.ComputeTaskAPI()
        self.service_ref = None

    def init_host(self, service_ref):
        """Start-up: report the node, then settle instances a previous run left mid-way."""
        self.service_ref = service_ref
        self.driver.init_host(self.host)
        context = nl_context.get_admin_context()
        self.resource_tracker.update_available_resource(context, service_ref.id)
        for instance in objects.InstanceList.get_by_filters(
                context, {'host': self.host, 'deleted': False}):
            self._reconcile(context, instance)

    def _reconcile(self, context, instance):
        if instance.task_state == task_states.DELETING:
            LOG.info('Finishing the delete of %s interrupted by a restart', instance.uuid)
            self._terminate(context, instance)
        elif instance.vm_state == vm_states.BUILDING:
            error = exception.InstanceBuildFailed(
                instance_uuid=instance.uuid,
                reason='nova-compute on %s restarted while it was in task_state %s' % (
                    self.host, instance.task_state))
            self.driver.destroy(context, instance)
            objects.Allocation.release(context, instance.uuid)
            compute_utils.set_error_state(context, instance, error, self.host)

    def cleanup_host(self):
        self.driver.cleanup_host(self.host)

    @manager.periodic_task(spacing=lambda: CONF.update_resources_interval)
    def update_available_resource(self, context):
        if self.service_ref is not None:
            self.resource_tracker.update_available_resource(context, self.service_ref.id)

    def build_and_run_instance(self, context, instance, request_spec, node, alternates):
        try:
            with compute_utils.event_reporter(context, BUILD_EVENT, self.host, instance.uuid):
                self._build(context, instance)
        except (exception.InstanceNotFound, exception.UnexpectedDeletingTaskStateError):
            LOG.info('Instance %s was deleted while it was being built', instance.uuid)
            self.driver.destroy(context, instance)
            objects.Allocation.release(context, instance.uuid)
        except Exception as error:
            exc_info = sys.exc_info()
            LOG.warning('Build of %s on %s failed: %s', instance.uuid, self.host, error)
            self.driver.destroy(context, instance)
            objects.Allocation.release(context, instance.uuid)
            self._reschedule_or_fail(context, instance, request_spec, alternates, error,
                                     exc_info)

    def _build(self, context, instance):
        previous = task_states.SCHEDULING
        for step in BUILD_STEPS:
            instance.task_state = step
            instance.save(expected_task_state=[previous])
            previous = step
        self.driver.spawn(context, instance, {'id': instance.image_ref})
        instance.power_state = self.driver.get_info(instance).state
        instance.vm_state = vm_states.ACTIVE
        instance.task_state = None
        instance.launched_at = timeutils.utcnow()
        instance.save(expected_task_state=[task_states.SPAWNING])
        LOG.info('Instance %s is ACTIVE on %s', instance.uuid, self.host)

    def _reschedule_or_fail(self, context, instance, request_spec, alternates, error,
                            exc_info):
        if not alternates:
            compute_utils.set_error_state(context, instance, error, self.host, exc_info)
            return
        compute_utils.add_instance_fault(context, instance, error, self.host, exc_info)
        try:
            instance.task_state = task_states.SCHEDULING
            instance.host = None
            instance.node = None
            instance.power_state = power_state.NOSTATE
            instance.save()
        except exception.InstanceNotFound:
            return
        self.compute_task_api.build_instances(context, instance, request_spec, alternates)

    def terminate_instance(self, context, instance):
        try:
            with compute_utils.event_reporter(context, TERMINATE_EVENT, self.host,
                                              instance.uuid):
                self._terminate(context, instance)
        except Exception as error:
            LOG.exception('Delete of %s failed', instance.uuid)
            compute_utils.set_error_state(context, instance, error, self.host, sys.exc_info())

    def _terminate(self, context, instance):
        self.driver.destroy(context, instance)
        objects.Allocation.release(context, instance.uuid)
        try:
            instance.destroy()
        except exception.InstanceNotFound:
            LOG.debug('Instance %s was already deleted', instance.uuid)
