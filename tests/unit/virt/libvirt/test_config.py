"""Domain XML from config objects: structure, and user strings kept as data."""
from xml.etree import ElementTree as etree

from nova_lite.virt.libvirt import config


def _guest(**kwargs):
    guest = config.Guest('qemu', 'instance-00000001', '6f5e4d3c-2b1a-4098-8f7e-6d5c4b3a2918',
                         128, 2, **kwargs)
    guest.add_device(config.GuestDisk('/var/lib/i/disk'))
    guest.add_device(config.GuestSerial('/var/lib/i/console.log'))
    guest.add_device(config.GuestGraphics())
    return guest


def test_disk_boot_domain():
    dom = etree.fromstring(_guest().to_xml())
    assert dom.get('type') == 'qemu'
    assert dom.findtext('name') == 'instance-00000001'
    assert dom.find('memory').text == str(128 * 1024) and dom.find('memory').get('unit') == 'KiB'
    assert dom.findtext('vcpu') == '2'
    assert dom.find('os/boot').get('dev') == 'hd' and dom.find('os/kernel') is None
    assert dom.find('features/acpi') is not None
    disk = dom.find('devices/disk')
    assert disk.find('driver').get('type') == 'qcow2'
    assert disk.find('source').get('file') == '/var/lib/i/disk'
    assert disk.find('target').attrib == {'dev': 'vda', 'bus': 'virtio'}
    serial = dom.find('devices/serial')
    assert serial.get('type') == 'pty'
    assert serial.find('log').get('file') == '/var/lib/i/console.log'
    assert dom.find('devices/graphics').get('type') == 'vnc'


def test_kernel_boot_domain():
    guest = _guest()
    guest.os_kernel, guest.os_initrd, guest.os_cmdline = '/k', '/r', 'console=ttyS0'
    dom = etree.fromstring(guest.to_xml())
    assert [(e.tag, e.text) for e in dom.find('os')][1:] == [
        ('kernel', '/k'), ('initrd', '/r'), ('cmdline', 'console=ttyS0')]
    assert dom.find('os/boot') is None


def test_user_strings_cannot_change_the_document():
    evil = "</description><devices><disk type='block'><source dev='/dev/sda'/></disk>&"
    xml = _guest(description=evil).to_xml()
    dom = etree.fromstring(xml)
    assert dom.findtext('description') == evil
    assert len(dom.findall('devices/disk')) == 1 and len(dom.findall('devices')) == 1
