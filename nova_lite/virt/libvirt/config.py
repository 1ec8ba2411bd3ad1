"""Domain XML built from small config objects with xml.etree: every value
(names, paths, user-chosen strings) goes in as element text or an attribute,
so nothing a user typed can change the document's structure."""
from xml.etree import ElementTree as etree


class ConfigObject:
    """A piece of libvirt XML: format_dom() gives its element."""

    root_name = None

    def format_dom(self):
        return etree.Element(self.root_name)

    def to_xml(self):
        element = self.format_dom()
        etree.indent(element)
        return etree.tostring(element, encoding='unicode')


def _sub(parent, tag, text=None, **attrs):
    element = etree.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = str(text)
    return element


class GuestDisk(ConfigObject):
    root_name = 'disk'

    def __init__(self, source_path, target_dev='vda', target_bus='virtio',
                 driver_format='qcow2', device='disk'):
        self.source_path = source_path
        self.target_dev = target_dev
        self.target_bus = target_bus
        self.driver_format = driver_format
        self.device = device

    def format_dom(self):
        disk = etree.Element('disk', type='file', device=self.device)
        _sub(disk, 'driver', name='qemu', type=self.driver_format, cache='none')
        _sub(disk, 'source', file=self.source_path)
        _sub(disk, 'target', dev=self.target_dev, bus=self.target_bus)
        return disk


class GuestSerial(ConfigObject):
    """A serial port on a pty whose output virtlogd also writes to log_path."""
    root_name = 'serial'

    def __init__(self, log_path=None, port=0):
        self.log_path = log_path
        self.port = port

    def format_dom(self):
        serial = etree.Element('serial', type='pty')
        if self.log_path:
            _sub(serial, 'log', file=self.log_path, append='on')
        _sub(serial, 'target', port=self.port)
        return serial


class GuestGraphics(ConfigObject):
    root_name = 'graphics'

    def __init__(self, listen='127.0.0.1'):
        self.listen = listen

    def format_dom(self):
        graphics = etree.Element('graphics', type='vnc', autoport='yes', listen=self.listen)
        _sub(graphics, 'listen', type='address', address=self.listen)
        return graphics


class Guest(ConfigObject):
    """A whole domain: identity, size, boot (disk or kernel/initrd) and devices."""
    root_name = 'domain'

    def __init__(self, virt_type, name, uuid, memory_mb, vcpus, description=None):
        self.virt_type = virt_type
        self.name = name
        self.uuid = uuid
        self.memory_mb = memory_mb
        self.vcpus = vcpus
        self.description = description
        self.os_type = 'hvm'
        self.os_kernel = None
        self.os_initrd = None
        self.os_cmdline = None
        self.devices = []

    def add_device(self, device):
        self.devices.append(device)

    def format_dom(self):
        domain = etree.Element('domain', type=self.virt_type)
        _sub(domain, 'name', self.name)
        _sub(domain, 'uuid', self.uuid)
        if self.description:
            _sub(domain, 'description', self.description)
        _sub(domain, 'memory', self.memory_mb * 1024, unit='KiB')
        _sub(domain, 'vcpu', self.vcpus)
        os_element = _sub(domain, 'os')
        _sub(os_element, 'type', self.os_type, arch='x86_64')
        if self.os_kernel:
            _sub(os_element, 'kernel', self.os_kernel)
            if self.os_initrd:
                _sub(os_element, 'initrd', self.os_initrd)
            if self.os_cmdline:
                _sub(os_element, 'cmdline', self.os_cmdline)
        else:
            _sub(os_element, 'boot', dev='hd')
        features = _sub(domain, 'features')
        _sub(features, 'acpi')  # the power button: clean shutdown and soft reboot
        _sub(features, 'apic')
        _sub(domain, 'on_poweroff', 'destroy')
        _sub(domain, 'on_reboot', 'restart')
        _sub(domain, 'on_crash', 'destroy')
        devices = _sub(domain, 'devices')
        for device in self.devices:
            devices.append(device.format_dom())
        return domain
