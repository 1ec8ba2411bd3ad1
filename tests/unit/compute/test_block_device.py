"""Which block device mappings a boot may carry without a volume service."""
import pytest

from nova_lite import exception
from nova_lite.compute import block_device

IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b'
ROOT = {'uuid': IMAGE, 'boot_index': 0, 'source_type': 'image',
        'destination_type': 'local', 'delete_on_termination': True}


def test_image_ref_alone():
    assert block_device.root_image_id(IMAGE) == IMAGE


def test_root_image_mapping_as_the_openstack_cli_sends_it():
    assert block_device.root_image_id(IMAGE, [ROOT]) == IMAGE
    assert block_device.root_image_id('', [ROOT]) == IMAGE
    assert block_device.root_image_id(None, [dict(ROOT, boot_index='0')]) == IMAGE


@pytest.mark.parametrize('bdms, legacy', [
    ([dict(ROOT, destination_type='volume')], None),
    ([{'source_type': 'volume', 'uuid': IMAGE, 'boot_index': 0}], None),
    ([ROOT, {'source_type': 'blank', 'destination_type': 'local', 'boot_index': -1}], None),
    (None, [{'volume_id': IMAGE, 'device_name': 'vda'}]),
])
def test_mappings_needing_volumes_are_refused(bdms, legacy):
    with pytest.raises(exception.Invalid) as error:
        block_device.root_image_id(IMAGE, bdms, legacy)
    assert error.value.code == 400


def test_mismatched_images_are_refused():
    with pytest.raises(exception.Invalid, match='different images'):
        block_device.root_image_id(IMAGE, [dict(ROOT, uuid='another')])
