"""Snapshots of a libvirt guest (createImage, shelve): upstream's cold snapshot.

The root disk (a qcow2 overlay on a cached base) is flattened by `qemu-img
convert` into a standalone image in [libvirt] snapshots_directory, then
uploaded to the Glance image the API created. A running or paused guest is
first saved to its managed save image and restored right after the convert:
its disk is then consistent and nothing writes it while qemu-img reads it
(converting under a running guest with -U could copy half-written clusters;
a live snapshot would need a block copy job). The guest is away for the
seconds the save and restore of its memory take.
"""
import os
import tempfile

from oslo_config import cfg
from oslo_log import log as logging

from nova_lite import exception
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.virt.libvirt import imagecache

CONF = cfg.CONF
LOG = logging.getLogger(__name__)

# properties of the instance's image a snapshot keeps, so it boots and schedules alike
INHERITED_PROPERTIES = ('kernel_id', 'ramdisk_id', 'architecture', 'hypervisor_type',
                        'os_type', 'os_distro')


def snapshot(driver, context, instance, image_id, update_task_state):
    guest = driver.host.get_guest(instance)
    disk = os.path.join(driver.instance_dir(instance), 'disk')
    image_format = CONF.libvirt.snapshot_image_format or 'qcow2'
    metadata = snapshot_metadata(driver.image_api, context, instance, image_format)
    update_task_state(task_state=task_states.IMAGE_PENDING_UPLOAD)
    os.makedirs(CONF.libvirt.snapshots_directory, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CONF.libvirt.snapshots_directory) as tmp:
        out_path = os.path.join(tmp, image_id)
        _extract(guest, disk, out_path, image_format, instance)
        update_task_state(task_state=task_states.IMAGE_UPLOADING,
                          expected_state=task_states.IMAGE_PENDING_UPLOAD)
        LOG.info('Snapshot of %s extracted (%d bytes), uploading it as image %s',
                 instance.uuid, os.path.getsize(out_path), image_id)
        driver.image_api.update(context, image_id, metadata)
        with open(out_path, 'rb') as data:
            driver.image_api.upload(context, image_id, data)


def _extract(guest, disk, out_path, image_format, instance):
    state = guest.get_power_state()
    saved = state in (power_state.RUNNING, power_state.PAUSED)
    if saved:
        LOG.info('Saving the memory of %s for a cold snapshot', instance.uuid)
        guest.save_memory()
    try:
        imagecache.qemu_img('convert', '-f', 'qcow2', '-O', image_format, disk, out_path)
    finally:
        if saved:
            guest.launch()  # restored from the managed save image, paused if it was
            if state == power_state.PAUSED and guest.get_power_state() != state:
                guest.pause()


def snapshot_metadata(image_api, context, instance, image_format):
    """What the snapshot's Glance record gets before its data: its format, and
    the boot properties of the image the instance was built from."""
    metadata = {'disk_format': image_format, 'container_format': 'bare'}
    base = {}
    if instance.image_ref:
        try:
            base = image_api.show(context, instance.image_ref)
        except exception.ImageNotFound:
            LOG.info('Image %s of %s is gone; its properties are not copied to the '
                     'snapshot', instance.image_ref, instance.uuid)
    metadata.update({key: base[key] for key in INHERITED_PROPERTIES if base.get(key)})
    return metadata
