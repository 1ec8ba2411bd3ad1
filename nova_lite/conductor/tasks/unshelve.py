"""Unshelve: a SHELVED server is powered on where it is; a SHELVED_OFFLOADED
one is scheduled again, claimed on a host and spawned there by its compute."""
from oslo_config import cfg
from oslo_log import log as logging

from nova_lite import objects
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states

CONF = cfg.CONF
LOG = logging.getLogger(__name__)

UNSHELVE_EVENT = 'conductor_unshelve_instance'


class UnshelveTask:
    def __init__(self, host, scheduler_api, compute_api, image_api=None):
        self.host = host
        self.scheduler_api = scheduler_api
        self.compute_api = compute_api
        self._image_api = image_api

    def unshelve(self, context, instance):
        try:
            with compute_utils.event_reporter(context, UNSHELVE_EVENT, self.host,
                                              instance.uuid):
                if instance.vm_state == vm_states.SHELVED:
                    self._power_on(context, instance)
                else:
                    self._schedule(context, instance)
        except Exception as error:
            LOG.warning('Unshelve of %s failed: %s', instance.uuid, error)
            compute_utils.add_instance_fault(context, instance, error, self.host)
            compute_utils.revert_task_state(instance)

    def _power_on(self, context, instance):
        image_id = instance.system_metadata.get('shelved_image_id')
        instance.system_metadata = compute_utils.without_shelved_keys(
            instance.system_metadata)
        instance.task_state = task_states.POWERING_ON
        instance.save(expected_task_state=[task_states.UNSHELVING])
        self.compute_api.start_instance(context, instance)
        if image_id and CONF.glance.enabled:
            if self._image_api is None:
                from nova_lite.image import glance  # only here: most conductors never load it
                self._image_api = glance.GlanceClient()
            try:
                self._image_api.delete(context, image_id)
            except Exception:
                LOG.exception('Could not delete shelved image %s', image_id)

    def _schedule(self, context, instance):
        spec = objects.RequestSpec.get_by_instance_uuid(context, instance.uuid)
        spec.num_instances = 1
        spec.ignore_hosts = []
        spec.tried_hosts = []
        selection = self.scheduler_api.select_destinations(context, spec, [instance.uuid])[0][0]
        instance.host = selection['host']
        instance.node = selection['nodename']
        try:
            instance.save(expected_task_state=[task_states.UNSHELVING])
        except Exception:
            objects.Allocation.release(context, instance.uuid)
            raise
        self.compute_api.unshelve_instance(context, instance, selection['host'],
                                           instance.system_metadata.get('shelved_image_id'))
