"""The compute side of the operations that involve an image: snapshot,
shelve, shelve offload, unshelve and rebuild, each a sequence of task_states
as upstream walks it."""
from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import timeutils

from nova_lite import objects
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite.image import glance

CONF = cfg.CONF
LOG = logging.getLogger(__name__)

# The snapshot steps a driver reports, as shelve names them.
_SHELVING_STEPS = {task_states.IMAGE_SNAPSHOT: task_states.SHELVING,
                   task_states.IMAGE_PENDING_UPLOAD: task_states.SHELVING_IMAGE_PENDING_UPLOAD,
                   task_states.IMAGE_UPLOADING: task_states.SHELVING_IMAGE_UPLOADING}


class ImageOperations:
    def __init__(self, compute, image_api=None):
        self.compute = compute
        self.driver = compute.driver
        self._image_api = image_api

    @property
    def image_api(self):
        if self._image_api is None:
            self._image_api = glance.GlanceClient()
        return self._image_api

    def _delete_image(self, context, image_id):
        if not image_id or not CONF.glance.enabled:
            return
        try:
            self.image_api.delete(context, image_id)
        except Exception:
            LOG.exception('Could not delete image %s', image_id)

    def snapshot(self, context, instance, image_id):
        self.compute.step(instance, task_states.IMAGE_SNAPSHOT,
                          task_states.IMAGE_SNAPSHOT_PENDING)

        def update_task_state(task_state, expected_state=task_states.IMAGE_SNAPSHOT):
            self.compute.step(instance, task_state, expected_state)
        try:
            self.driver.snapshot(context, instance, image_id, update_task_state)
        except Exception:
            self._delete_image(context, image_id)
            raise
        self.compute.finish(instance, instance.vm_state, task_states.IMAGE_UPLOADING)

    def shelve(self, context, instance, image_id, clean_shutdown):
        self.driver.power_off(context, instance, timeout=60 if clean_shutdown else 0)
        if image_id:
            def update_task_state(task_state, expected_state=task_states.IMAGE_SNAPSHOT):
                self.compute.step(instance, _SHELVING_STEPS[task_state],
                                  _SHELVING_STEPS[expected_state])
            self.driver.snapshot(context, instance, image_id, update_task_state)
        system_metadata = dict(instance.system_metadata,
                               shelved_at=timeutils.utcnow().isoformat(),
                               shelved_image_id=image_id, shelved_host=self.compute.host)
        self.compute.finish(instance, vm_states.SHELVED,
                            [task_states.SHELVING, task_states.SHELVING_IMAGE_UPLOADING],
                            system_metadata=system_metadata)

    def shelve_offload(self, context, instance):
        """Free the host: the guest goes, the instance keeps only its image."""
        last_power_state = self.compute.power_state_of(instance)
        self.driver.destroy(context, instance)
        objects.Allocation.release(context, instance.uuid)
        self.compute.finish(instance, vm_states.SHELVED_OFFLOADED,
                            task_states.SHELVING_OFFLOADING, power_state=last_power_state,
                            host=None, node=None)

    def unshelve(self, context, instance, image_id):
        """Spawn from the shelved image (or the original one) on the host the
        conductor claimed; a failure goes back to SHELVED_OFFLOADED."""
        self.compute.step(instance, task_states.SPAWNING, task_states.UNSHELVING)
        try:
            self.driver.spawn(context, instance, {'id': image_id or instance.image_ref})
        except Exception:
            self.driver.destroy(context, instance)
            objects.Allocation.release(context, instance.uuid)
            instance.obj_reset_changes()
            instance.vm_state = vm_states.SHELVED_OFFLOADED
            instance.host = instance.node = None
            instance.save()
            raise
        self.compute.finish(instance, vm_states.ACTIVE, task_states.SPAWNING,
                            system_metadata=compute_utils.without_shelved_keys(
                                instance.system_metadata))
        self._delete_image(context, image_id)

    def rebuild(self, context, instance, image_ref, admin_password):
        """Destroy and spawn again from image_ref (already recorded by the API);
        a stopped server is stopped again, a failure leaves it in ERROR."""
        was_stopped = instance.vm_state == vm_states.STOPPED
        try:
            self.driver.destroy(context, instance)
            self.compute.step(instance, task_states.REBUILD_BLOCK_DEVICE_MAPPING,
                              task_states.REBUILDING)
            self.compute.step(instance, task_states.REBUILD_SPAWNING,
                              task_states.REBUILD_BLOCK_DEVICE_MAPPING)
            self.driver.spawn(context, instance, {'id': image_ref}, admin_password)
            if was_stopped:
                self.driver.power_off(context, instance)
        except Exception:
            instance.obj_reset_changes()
            instance.vm_state = vm_states.ERROR
            instance.save()
            raise
        self.compute.finish(instance, vm_states.STOPPED if was_stopped else vm_states.ACTIVE,
                            task_states.REBUILD_SPAWNING, launched_at=timeutils.utcnow())
