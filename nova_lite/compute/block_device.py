"""Block device mappings of a boot request.

nova-lite has no volume service: the only mapping it can honour is the root
disk made from an image (source image, destination local, boot index 0), which
is what clients such as the openstack CLI send next to imageRef.
"""
from nova_lite import exception


def _is_root_image(bdm):
    return (bdm.get('source_type') == 'image' and
            bdm.get('destination_type', 'local') == 'local' and
            str(bdm.get('boot_index', '')) == '0')


def root_image_id(image_ref, bdms_v2=None, legacy_bdms=None):
    """The image the root disk is made from; Invalid for anything not supported."""
    if legacy_bdms:
        raise exception.Invalid(reason='block_device_mapping needs a volume service, which '
                                       'nova-lite does not have')
    image_id = image_ref or None
    for bdm in bdms_v2 or []:
        if bdm.get('volume_type'):
            raise exception.VolumeTypeNotFound(id_or_name=bdm['volume_type'])
        if not _is_root_image(bdm):
            raise exception.Invalid(
                reason='Block device mapping %s is not supported: nova-lite has no volume '
                       'service and boots only from an image to a local root disk' % bdm)
        if image_id and bdm.get('uuid') and bdm['uuid'] != image_id:
            raise exception.Invalid(reason='imageRef and the root block device mapping '
                                           'name different images')
        image_id = image_id or bdm.get('uuid')
    return image_id
