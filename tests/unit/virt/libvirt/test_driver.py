"""LibvirtDriver against a fake libvirt connection: spawn, lifecycle, resources."""
import hashlib
import os

import pytest
from xml.etree import ElementTree as etree

from nova_lite import exception
from nova_lite.compute import power_state
from nova_lite.virt.libvirt import driver as libvirt_driver
from nova_lite.virt.libvirt import host as libvirt_host
from tests.unit.virt.libvirt import fakelibvirt
from tests.unit.virt.libvirt.conftest import DISK, KERNEL, RAMDISK
from tests.unit.virt.libvirt.conftest import domain_of as _domain
from tests.unit.virt.libvirt.conftest import fake_instance as _instance


def test_spawn_boots_kernel_images_on_an_overlay_of_the_cached_image(lv, tmp_path):
    instance = _instance()
    lv.driver.spawn(None, instance, {'id': 'disk'})
    inst_dir = tmp_path / 'instances' / instance.uuid
    dom = etree.fromstring(_domain(lv, instance).xml)
    assert dom.get('type') == 'qemu'
    assert dom.findtext('os/kernel') == str(inst_dir / 'kernel')
    assert (inst_dir / 'kernel').read_bytes() == KERNEL
    assert (inst_dir / 'ramdisk').read_bytes() == RAMDISK
    assert dom.findtext('os/cmdline') == 'console=ttyS0'
    assert dom.find('devices/disk/source').get('file') == str(inst_dir / 'disk')
    base = lv.driver.image_cache.path_of('disk')
    assert lv.qemu_img == [('create', '-f', 'qcow2', '-F', 'raw', '-b', base,
                            str(inst_dir / 'disk'), str(1024 ** 3))]
    assert lv.driver.get_info(instance).state == power_state.RUNNING
    assert lv.driver.list_instances() == [instance.name]

    # a second instance of the image uses the cache: no second download
    lv.driver.spawn(None, _instance(2), {'id': 'disk'})
    assert sorted(lv.images.downloads) == ['aki', 'ari', 'disk']


def test_spawn_without_kernel_boots_from_disk(lv):
    instance = _instance()
    lv.driver.spawn(None, instance, {'id': 'plain'})
    dom = etree.fromstring(_domain(lv, instance).xml)
    assert dom.find('os/kernel') is None and dom.find('os/boot').get('dev') == 'hd'


def test_a_download_with_a_wrong_checksum_is_refused_and_not_kept(lv):
    record = lv.images.images['plain'][0]
    record['os_hash_value'] = 'not-it'
    with pytest.raises(exception.ImageUnacceptable, match='sha512'):
        lv.driver.spawn(None, _instance(), {'id': 'plain'})
    assert os.listdir(lv.driver.image_cache.base_dir) == []


def test_md5_checksum_when_glance_has_no_multihash(lv, tmp_path):
    record = lv.images.images['plain'][0]
    del record['os_hash_algo'], record['os_hash_value']
    record['checksum'] = hashlib.md5(DISK).hexdigest()
    assert lv.driver.image_cache.fetch(None, record) == lv.driver.image_cache.path_of('plain')


def test_destroy_removes_the_domain_and_files_and_is_idempotent(lv, tmp_path):
    instance = _instance()
    lv.driver.spawn(None, instance, {'id': 'plain'})
    lv.driver.suspend(None, instance)
    lv.driver.destroy(None, instance)
    lv.driver.destroy(None, instance)
    assert lv.driver.list_instances() == []
    assert not (tmp_path / 'instances' / instance.uuid).exists()
    with pytest.raises(exception.InstanceNotFound):
        lv.driver.get_info(instance)


def test_power_off_is_clean_when_the_guest_obeys(lv):
    instance = _instance()
    lv.driver.spawn(None, instance, {'id': 'plain'})
    lv.driver.power_off(None, instance, timeout=60)
    assert _domain(lv, instance).calls == ['boot', 'acpi']
    assert lv.driver.get_info(instance).state == power_state.SHUTDOWN
    lv.driver.power_on(None, instance)
    assert lv.driver.get_info(instance).state == power_state.RUNNING


def test_power_off_is_hard_after_the_timeout(lv):
    instance = _instance()
    lv.driver.spawn(None, instance, {'id': 'plain'})
    _domain(lv, instance).obeys_acpi = False
    lv.driver.power_off(None, instance, timeout=1)
    assert _domain(lv, instance).calls[-1] == 'destroy'
    assert lv.driver.get_info(instance).state == power_state.SHUTDOWN


def test_reboots(lv):
    instance = _instance()
    lv.driver.spawn(None, instance, {'id': 'plain'})
    domain = _domain(lv, instance)
    lv.driver.reboot(None, instance, 'SOFT')
    assert domain.calls == ['boot', 'acpi', 'boot']
    lv.driver.reboot(None, instance, 'HARD')
    assert domain.calls[3:] == ['destroy', 'boot']
    assert lv.driver.get_info(instance).state == power_state.RUNNING


def test_soft_reboot_falls_back_to_hard(lv, conf):
    conf('wait_soft_reboot_seconds', 1, 'libvirt')
    instance = _instance()
    lv.driver.spawn(None, instance, {'id': 'plain'})
    _domain(lv, instance).obeys_acpi = False
    lv.driver.reboot(None, instance, 'SOFT')
    assert _domain(lv, instance).calls[-2:] == ['destroy', 'boot']


def test_pause_and_suspend(lv):
    instance = _instance()
    lv.driver.spawn(None, instance, {'id': 'plain'})
    lv.driver.pause(None, instance)
    assert lv.driver.get_info(instance).state == power_state.PAUSED
    lv.driver.unpause(None, instance)
    lv.driver.suspend(None, instance)
    assert lv.driver.get_info(instance).state == power_state.SUSPENDED
    lv.driver.resume(None, instance)
    assert lv.driver.get_info(instance).state == power_state.RUNNING
    assert _domain(lv, instance).calls == ['boot', 'save', 'restore']


def test_console_output_is_the_log_tail(lv, tmp_path):
    instance = _instance()
    lv.driver.spawn(None, instance, {'id': 'plain'})
    assert lv.driver.get_console_output(None, instance) == ''
    log = tmp_path / 'instances' / instance.uuid / 'console.log'
    log.write_bytes(b'x' * libvirt_driver.MAX_CONSOLE_BYTES + b'booted\n')
    output = lv.driver.get_console_output(None, instance)
    assert output.endswith('booted\n') and len(output) == libvirt_driver.MAX_CONSOLE_BYTES


def test_vnc_console_is_the_running_domain_s_port(lv, conf):
    conf('server_proxyclient_address', '192.0.2.7', 'vnc')
    conf('server_listen', '0.0.0.0', 'vnc')
    instance = _instance()
    lv.driver.spawn(None, instance, {'id': 'plain'})
    graphics = etree.fromstring(_domain(lv, instance).xml).find('devices/graphics')
    assert (graphics.get('type'), graphics.get('listen')) == ('vnc', '0.0.0.0')
    console = lv.driver.get_vnc_console(None, instance)
    assert (console.host, console.port) == ('192.0.2.7', _domain(lv, instance).vnc_port)
    lv.driver.power_off(None, instance)
    with pytest.raises(exception.InstanceNotReady):
        lv.driver.get_vnc_console(None, instance)


def test_no_vnc_when_disabled(lv, conf):
    conf('enabled', False, 'vnc')
    instance = _instance()
    lv.driver.spawn(None, instance, {'id': 'plain'})
    assert etree.fromstring(_domain(lv, instance).xml).find('devices/graphics') is None
    with pytest.raises(exception.ConsoleTypeUnavailable):
        lv.driver.get_vnc_console(None, instance)


def test_resources_come_from_the_host(lv, tmp_path):
    resources = lv.driver.get_available_resource('node-a')
    assert resources['vcpus'] == os.cpu_count()
    assert resources['memory_mb'] == libvirt_host.meminfo_mb()[0]
    assert resources['hypervisor_type'] == 'QEMU'
    assert lv.driver.get_available_nodes() == ['node-a']


def test_traits_are_what_a_guest_gets(lv, conf, monkeypatch):
    image_types = ['COMPUTE_IMAGE_TYPE_AKI', 'COMPUTE_IMAGE_TYPE_ARI',
                   'COMPUTE_IMAGE_TYPE_QCOW2', 'COMPUTE_IMAGE_TYPE_RAW']
    # kvm: QEMU's default CPU model, as far as the host CPU has it (never avx2, vmx...)
    conf('virt_type', 'kvm', 'libvirt')
    monkeypatch.setattr(libvirt_host, 'cpu_flags', lambda: {'mmx', 'sse', 'pni', 'avx2', 'vmx'})
    assert lv.driver.get_traits('node-a') == sorted(
        image_types + ['HW_CPU_X86_MMX', 'HW_CPU_X86_SSE', 'HW_CPU_X86_SSE3'])
    # qemu (TCG) emulates that model whatever the host has
    conf('virt_type', 'qemu', 'libvirt')
    monkeypatch.setattr(libvirt_host, 'cpu_flags', lambda: set())
    assert lv.driver.get_traits('node-a') == sorted(
        image_types + ['HW_CPU_X86_MMX', 'HW_CPU_X86_SSE', 'HW_CPU_X86_SSE2',
                       'HW_CPU_X86_SSE3'])


def test_cpu_flags(tmp_path):
    cpuinfo = tmp_path / 'cpuinfo'
    cpuinfo.write_text('processor\t: 0\nvendor_id\t: GenuineIntel\n'
                       'flags\t\t: fpu mmx sse sse2 pni avx2\n\nprocessor\t: 1\n'
                       'flags\t\t: fpu mmx sse sse2 pni avx2\n')
    assert libvirt_host.cpu_flags(str(cpuinfo)) == {'fpu', 'mmx', 'sse', 'sse2', 'pni', 'avx2'}
    (tmp_path / 'none').write_text('processor\t: 0\n')
    assert libvirt_host.cpu_flags(str(tmp_path / 'none')) == set()
    assert 'sse2' in libvirt_host.cpu_flags()  # this x86_64 machine's


def test_meminfo(tmp_path):
    meminfo = tmp_path / 'meminfo'
    meminfo.write_text('MemTotal:       24682496 kB\nMemFree:  1024 kB\n'
                       'MemAvailable:   20480000 kB\n')
    assert libvirt_host.meminfo_mb(str(meminfo)) == (24104, 20000)


def test_no_libvirtd_is_a_clear_error(conf, tmp_path):
    class Refusing(fakelibvirt.FakeLibvirt):
        def open(self, uri):
            raise fakelibvirt.libvirtError('Failed to connect socket')
    conf('state_path', str(tmp_path))
    drv = libvirt_driver.LibvirtDriver(libvirt_host.Host('', Refusing()))
    with pytest.raises(exception.HypervisorUnavailable, match='libvirtd -d'):
        drv.init_host('node-a')
