"""What the API asks of the compute service: create, list, show and delete
instances. Runs inside nova-lite-api; reaches the rest only through RPC."""
import re

from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import uuidutils

from nova_lite import exception
from nova_lite import objects
from nova_lite.compute import power_state
from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite.image import glance
from nova_lite.objects import instance_action

CONF = cfg.CONF
LOG = logging.getLogger(__name__)


def sanitize_hostname(name, default='server'):
    """A DNS label from a display name, as upstream derives hostnames."""
    hostname = re.sub(r'[ _.]', '-', name.lower())
    hostname = re.sub(r'[^\w-]+', '', hostname, flags=re.ASCII).strip('-')[:63]
    return hostname or default


class API:
    def __init__(self, image_api=None):
        self.compute_task_api = conductor_rpcapi.ComputeTaskAPI()
        self.compute_rpcapi = compute_rpcapi.ComputeAPI()
        self.image_api = image_api or glance.GlanceClient()

    def _check_image(self, context, image_ref, flavor):
        """The image must exist for the user, be active and fit the flavor."""
        if not CONF.glance.enabled:
            return None
        image = self.image_api.show(context, image_ref)
        glance.check_image_fits(image, flavor)
        return image

    @staticmethod
    def _key_data(context, key_name):
        if key_name is None:
            return None
        return objects.KeyPair.get_by_name(context, context.user_id, key_name).public_key

    def create(self, context, flavor, image_ref, name, min_count=1, max_count=1,
               metadata=None, key_name=None, user_data=None, availability_zone=None,
               access_ip_v4=None, access_ip_v6=None, config_drive=None,
               scheduler_hints=None):
        """Record the instances (building/scheduling) and ask the conductor to build them."""
        # the schema lets "0" through; as upstream, a count of 0 means 1
        min_count = min_count or 1
        max_count = max_count or min_count
        self._check_image(context, image_ref, flavor)
        key_data = self._key_data(context, key_name)
        reservation_id = 'r-' + uuidutils.generate_uuid()[:8]
        instances, specs = [], []
        for index in range(max_count):
            display_name = (name if max_count == 1 else
                            CONF.multi_instance_display_name_template % {
                                'name': name, 'count': index + 1, 'uuid': ''})
            instance = objects.Instance(
                context, uuid=uuidutils.generate_uuid(), user_id=context.user_id,
                project_id=context.project_id, display_name=display_name,
                display_description=None, hostname=sanitize_hostname(display_name),
                image_ref=image_ref, flavor=flavor, instance_type_id=flavor.id,
                vcpus=flavor.vcpus, memory_mb=flavor.memory_mb, root_gb=flavor.root_gb,
                ephemeral_gb=flavor.ephemeral_gb, vm_state=vm_states.BUILDING,
                task_state=task_states.SCHEDULING, power_state=power_state.NOSTATE,
                availability_zone=availability_zone, key_name=key_name, key_data=key_data,
                user_data=user_data,
                metadata=metadata or {}, reservation_id=reservation_id, launch_index=index,
                locked=False, progress=0, config_drive='True' if config_drive else '',
                access_ip_v4=access_ip_v4, access_ip_v6=access_ip_v6)
            spec = objects.RequestSpec(
                context, instance_uuid=instance.uuid, project_id=context.project_id,
                user_id=context.user_id, flavor=flavor, image_ref=image_ref,
                availability_zone=availability_zone, num_instances=max_count,
                scheduler_hints=scheduler_hints or {}, ignore_hosts=[], tried_hosts=[])
            instance.create(request_spec=spec)
            objects.InstanceAction.action_start(context, instance.uuid, instance_action.CREATE)
            instances.append(instance)
            specs.append(spec)
        self.compute_task_api.schedule_and_build_instances(context, instances, specs)
        return instances, reservation_id

    def get(self, context, instance_uuid, expected_attrs=None):
        if not uuidutils.is_uuid_like(instance_uuid):
            raise exception.InstanceNotFound(instance_id=instance_uuid)
        instance = objects.Instance.get_by_uuid(context, instance_uuid,
                                                expected_attrs=expected_attrs)
        if not context.is_admin and instance.project_id != context.project_id:
            raise exception.InstanceNotFound(instance_id=instance_uuid)
        return instance

    def get_all(self, context, filters, limit=None, marker=None, sort_keys=None,
                sort_dirs=None, expected_attrs=None):
        return objects.InstanceList.get_by_filters(
            context, filters, sort_keys=sort_keys, sort_dirs=sort_dirs, limit=limit,
            marker=marker, expected_attrs=expected_attrs)

    def delete(self, context, instance):
        """Delete on its compute host, or right here when no compute can do it."""
        objects.InstanceAction.action_start(context, instance.uuid, instance_action.DELETE)
        if instance.host and self._compute_is_up(context, instance.host):
            instance.task_state = task_states.DELETING
            instance.save()
            self.compute_rpcapi.terminate_instance(context, instance)
            return
        LOG.info('Deleting instance %s locally (host %s)', instance.uuid, instance.host)
        objects.Allocation.release(context, instance.uuid)
        instance.destroy()

    @staticmethod
    def _compute_is_up(context, host):
        try:
            service = objects.Service.get_by_host_and_binary(context, host, 'nova-compute')
        except exception.ServiceNotFound:
            return False
        return service.is_up()
