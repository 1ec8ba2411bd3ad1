"""Client side of the conductor RPC API.

API version history:

    1.0 - Initial version: ping; object indirection (object_class_action_versions,
          object_action, object_backport_versions); compute_task namespace
          with schedule_and_build_instances and build_instances (reschedule).
    1.1 - compute_task: rebuild_instance, unshelve_instance
    1.2 - compute_task: schedule_and_build_instances(request_spec, instance_uuids): one
          spec and the instances' uuids, where 1.0 sent every instance and its spec
"""
import threading

import oslo_messaging as messaging
from oslo_config import cfg
from oslo_log import log as logging

from nova_lite import rpc
from nova_lite import thread_settings

CONF = cfg.CONF
LOG = logging.getLogger(__name__)
TOPIC = 'conductor'
# the API's object calls: the conductor serves them on a topic of their own, their
# writes ahead of the builds' (ConductorManager.interactive)
INTERACTIVE_TOPIC = 'conductor_api'
# builds and unshelves: each waits on the scheduler, which calls back into the
# conductor to claim, so they have a topic and threads of their own; the ones waiting
# for a thread wait in RabbitMQ, not in the conductor's memory
BUILD_TOPIC = 'conductor_build'


_TIMEOUT = threading.local()


def call_timeout(seconds):
    """The object calls this thread makes in the block wait at most seconds for their
    answer (else [DEFAULT] rpc_response_timeout)."""
    return thread_settings.setting(_TIMEOUT, 'seconds', seconds)


class ConductorAPI:
    """Remotes versioned-object methods to the conductor (indirection_api)."""

    def __init__(self, topic=TOPIC):
        self.client = rpc.get_client(messaging.Target(topic=topic, version='1.0'))

    def ping(self, context, timeout=None):
        return self.client.prepare(timeout=timeout).call(context, 'ping')

    def wait_until_ready(self, context, stop_event, timeout=2):
        """Block until a conductor answers (services may start in any order)."""
        while not stop_event.is_set():
            try:
                self.ping(context, timeout=timeout)
                return True
            except messaging.MessagingTimeout:
                LOG.warning('No conductor answered within %ss; still waiting', timeout)
        return False

    def object_class_action_versions(self, context, objname, objmethod, object_versions,
                                     args, kwargs):
        return self._prepare().call(
            context, 'object_class_action_versions', objname=objname, objmethod=objmethod,
            object_versions=object_versions, args=args, kwargs=kwargs)

    def object_action(self, context, objinst, objmethod, args, kwargs):
        return self._prepare().call(context, 'object_action', objinst=objinst,
                                    objmethod=objmethod, args=args, kwargs=kwargs)

    def _prepare(self):
        return self.client.prepare(timeout=getattr(_TIMEOUT, 'seconds', None))

    def object_backport_versions(self, context, objinst, object_versions):
        return self.client.prepare().call(context, 'object_backport_versions',
                                          objinst=objinst, object_versions=object_versions)


class ComputeTaskAPI:
    """Multi-step tasks the conductor runs."""

    def __init__(self):
        self.client = rpc.get_client(messaging.Target(topic=TOPIC, namespace='compute_task',
                                                      version='1.0'))
        self.build_client = rpc.get_client(messaging.Target(
            topic=BUILD_TOPIC, namespace='compute_task', version='1.0'))

    def schedule_and_build_instances(self, context, request_spec, instance_uuids):
        """Build the instances of one request, recorded (InstanceList.create_all) with
        request_spec (each the same but for its instance_uuid)."""
        self.build_client.prepare(version='1.2').cast(
            context, 'schedule_and_build_instances', request_spec=request_spec,
            instance_uuids=instance_uuids)

    def build_instances(self, context, instance, request_spec, alternates):
        """Reschedule a failed build to the first alternate that can be claimed."""
        self.client.prepare().cast(context, 'build_instances', instance=instance,
                                   request_spec=request_spec, alternates=alternates)

    def rebuild_instance(self, context, instance, image_ref, orig_image_ref, admin_password):
        self.client.prepare(version='1.1').cast(
            context, 'rebuild_instance', instance=instance, image_ref=image_ref,
            orig_image_ref=orig_image_ref, admin_password=admin_password)

    def unshelve_instance(self, context, instance):
        self.build_client.prepare(version='1.1').cast(context, 'unshelve_instance',
                                                      instance=instance)
