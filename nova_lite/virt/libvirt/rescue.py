"""Rescue and unrescue, as upstream's libvirt driver does them: the domain's
definition is saved to unrescue.xml, then the guest boots a rescue disk (an
overlay of the rescue image, by default the instance's own) as its first disk
with its own root disk attached second, so a broken system can be repaired
from a working one. Unrescue boots the saved definition again and removes
the rescue files (*.rescue)."""
import glob
import os

from oslo_log import log as logging
from oslo_utils import excutils

from nova_lite import exception
from nova_lite.virt.libvirt import config as vconfig

LOG = logging.getLogger(__name__)

UNRESCUE_XML = 'unrescue.xml'
SUFFIX = '.rescue'


def rescue(driver, context, instance, image_meta):
    """Boot the rescue image with the root disk as vdb (image_meta: {'id': ...})."""
    guest = driver.host.get_guest(instance)
    inst_dir = driver.instance_dir(instance)
    # everything the rescue boots is made before the guest is touched
    image = driver.image_api.show(context, image_meta['id'])
    rescue_disk = driver.create_root_disk(context, instance, image, inst_dir, 'disk' + SUFFIX)
    config = driver.guest_config(instance, rescue_disk)
    config.devices.insert(1, vconfig.GuestDisk(os.path.join(inst_dir, 'disk'),
                                               target_dev='vdb'))
    driver.add_boot_files(context, config, image, inst_dir, SUFFIX)
    unrescue_xml = os.path.join(inst_dir, UNRESCUE_XML)
    if not os.path.exists(unrescue_xml):  # a retry after a failed rescue keeps the original
        with open(unrescue_xml + '.tmp', 'w') as saved:
            saved.write(guest.get_persistent_xml())
        os.replace(unrescue_xml + '.tmp', unrescue_xml)
    LOG.info('Rescuing instance %s with image %s', instance.uuid, image['id'])
    try:
        _boot(driver, guest, config.to_xml())
    except Exception:
        with excutils.save_and_reraise_exception():
            LOG.error('Rescue of %s failed; booting its own definition again', instance.uuid)
            unrescue(driver, context, instance)


def unrescue(driver, context, instance):
    """Boot the definition saved by rescue again; the rescue files go."""
    inst_dir = driver.instance_dir(instance)
    unrescue_xml = os.path.join(inst_dir, UNRESCUE_XML)
    try:
        with open(unrescue_xml) as saved:
            xml = saved.read()
    except FileNotFoundError:
        raise exception.NovaLiteException(
            'Instance %s is not rescued: it has no %s' % (instance.uuid, UNRESCUE_XML))
    try:
        guest = driver.host.get_guest(instance)
    except exception.InstanceNotFound:
        guest = None
    _boot(driver, guest, xml)
    os.unlink(unrescue_xml)
    for path in glob.glob(os.path.join(inst_dir, '*' + SUFFIX)):
        os.unlink(path)


def _boot(driver, guest, xml):
    """Replace the guest's definition by xml and start it. Undefined first, so a
    managed save image of the old definition cannot be restored into the new one."""
    if guest is not None:
        guest.poweroff()
        guest.delete_configuration()
    driver.host.define_guest(xml).launch()
