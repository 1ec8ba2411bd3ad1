"""Rescue, unrescue and snapshot of the LibvirtDriver on the fake libvirt."""
import os

import pytest
from xml.etree import ElementTree as etree

from nova_lite import exception
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from tests.unit.virt.libvirt import fakelibvirt
from tests.unit.virt.libvirt.conftest import domain_of
from tests.unit.virt.libvirt.conftest import fake_instance


def _disks(lv, instance):
    dom = etree.fromstring(domain_of(lv, instance).xml)
    return {d.find('target').get('dev'): d.find('source').get('file')
            for d in dom.findall('devices/disk')}


def test_rescue_boots_the_rescue_disk_first_and_unrescue_restores(lv, tmp_path):
    instance = fake_instance(image_ref='plain')
    lv.driver.spawn(None, instance, {'id': 'plain'})
    original = domain_of(lv, instance).xml
    inst_dir = tmp_path / 'instances' / instance.uuid

    lv.driver.rescue(None, instance, {'id': 'disk'}, 'secret')
    assert _disks(lv, instance) == {'vda': str(inst_dir / 'disk.rescue'),
                                    'vdb': str(inst_dir / 'disk')}
    dom = etree.fromstring(domain_of(lv, instance).xml)
    assert dom.findtext('os/kernel') == str(inst_dir / 'kernel.rescue')
    assert dom.findtext('os/initrd') == str(inst_dir / 'ramdisk.rescue')
    assert (inst_dir / 'unrescue.xml').read_text() == original
    base = lv.driver.image_cache.path_of('disk')
    assert lv.qemu_img[-1] == ('create', '-f', 'qcow2', '-F', 'raw', '-b', base,
                               str(inst_dir / 'disk.rescue'), str(1024 ** 3))
    assert lv.driver.get_info(instance).state == power_state.RUNNING

    lv.driver.unrescue(None, instance)
    assert domain_of(lv, instance).xml == original
    assert lv.driver.get_info(instance).state == power_state.RUNNING
    assert sorted(os.listdir(inst_dir)) == ['disk']


def test_unrescue_of_a_guest_that_is_not_rescued_fails(lv):
    instance = fake_instance()
    lv.driver.spawn(None, instance, {'id': 'plain'})
    with pytest.raises(exception.NovaLiteException, match='is not rescued'):
        lv.driver.unrescue(None, instance)


def test_a_rescue_that_cannot_boot_boots_the_guest_again(lv, monkeypatch):
    instance = fake_instance()
    lv.driver.spawn(None, instance, {'id': 'plain'})
    original = domain_of(lv, instance).xml
    connection = lv.libvirt.connection
    define = connection.defineXML

    def refusing_rescue(xml):
        if 'disk.rescue' in xml:
            raise fakelibvirt.libvirtError('no room for a rescue')
        return define(xml)
    monkeypatch.setattr(connection, 'defineXML', refusing_rescue)
    with pytest.raises(fakelibvirt.libvirtError):
        lv.driver.rescue(None, instance, {'id': 'plain'}, None)
    assert domain_of(lv, instance).xml == original
    assert lv.driver.get_info(instance).state == power_state.RUNNING


def test_the_rescue_image_must_exist_before_the_guest_is_touched(lv):
    instance = fake_instance()
    lv.driver.spawn(None, instance, {'id': 'plain'})
    with pytest.raises(KeyError):
        lv.driver.rescue(None, instance, {'id': 'no-such-image'}, None)
    assert domain_of(lv, instance).calls == ['boot']


def _snapshot(lv, instance):
    steps = []

    def update_task_state(task_state, expected_state=task_states.IMAGE_SNAPSHOT):
        steps.append((task_state, expected_state))
    lv.driver.snapshot(None, instance, 'snap', update_task_state)
    return steps


@pytest.mark.parametrize('before', [None, 'pause'])
def test_snapshot_of_a_live_guest_is_cold_and_the_guest_comes_back(lv, tmp_path, before):
    instance = fake_instance(image_ref='disk')
    lv.driver.spawn(None, instance, {'id': 'disk'})
    if before:
        getattr(lv.driver, before)(None, instance)
    state = lv.driver.get_info(instance).state
    steps = _snapshot(lv, instance)

    assert steps == [(task_states.IMAGE_PENDING_UPLOAD, task_states.IMAGE_SNAPSHOT),
                     (task_states.IMAGE_UPLOADING, task_states.IMAGE_PENDING_UPLOAD)]
    disk = str(tmp_path / 'instances' / instance.uuid / 'disk')
    (convert,) = [c for c in lv.qemu_img if c[0] == 'convert']
    assert convert[:6] == ('convert', '-f', 'qcow2', '-O', 'qcow2', disk)
    assert lv.images.uploads['snap'] == b'converted ' + disk.encode()
    record = lv.images.images['snap'][0]
    assert (record['disk_format'], record['container_format']) == ('qcow2', 'bare')
    assert (record['kernel_id'], record['ramdisk_id']) == ('aki', 'ari')
    assert domain_of(lv, instance).calls[-2:] == ['save', 'restore']
    assert lv.driver.get_info(instance).state == state
    assert os.listdir(tmp_path / 'instances' / 'snapshots') == []


def test_snapshot_of_a_stopped_guest_in_the_configured_format(lv, conf):
    conf('snapshot_image_format', 'raw', 'libvirt')
    instance = fake_instance(image_ref='plain')
    lv.driver.spawn(None, instance, {'id': 'plain'})
    lv.driver.power_off(None, instance)
    _snapshot(lv, instance)
    assert 'save' not in domain_of(lv, instance).calls
    assert [c[4] for c in lv.qemu_img if c[0] == 'convert'] == ['raw']
    assert lv.images.images['snap'][0]['disk_format'] == 'raw'
    assert 'kernel_id' not in lv.images.images['snap'][0]
    assert lv.driver.get_info(instance).state == power_state.SHUTDOWN


def test_a_failed_convert_still_brings_the_guest_back(lv, monkeypatch):
    instance = fake_instance()
    lv.driver.spawn(None, instance, {'id': 'plain'})

    def failing(*args):
        raise exception.NovaLiteException('qemu-img convert failed: no space')
    monkeypatch.setattr('nova_lite.virt.libvirt.imagecache.qemu_img', failing)
    with pytest.raises(exception.NovaLiteException, match='no space'):
        _snapshot(lv, instance)
    assert lv.driver.get_info(instance).state == power_state.RUNNING
    assert 'snap' not in lv.images.uploads
