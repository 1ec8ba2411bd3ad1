"""LibvirtDriver: real KVM/QEMU guests through libvirt-python.

Each instance has a folder under [libvirt] instances_path with its qcow2 root
disk (an overlay on the cached image, sized to the flavor), the kernel and
ramdisk it boots when its image names them (kernel_id/ramdisk_id), and the
serial console log virtlogd writes. host.py holds the connection, guest.py
one domain, config.py the domain XML, imagecache.py the image cache,
rescue.py and snapshot.py those two operations.

libvirtd may also run the domains of other clouds: the driver only sees the
domains named by this cloud's instance_name_template.
"""
import glob
import json
import os
import re
import shutil
import socket
from xml.etree import ElementTree as etree

from oslo_config import cfg
from oslo_log import log as logging

from nova_lite import exception
from nova_lite.image import glance
from nova_lite.virt import driver
from nova_lite.virt.libvirt import config as vconfig
from nova_lite.virt.libvirt import host as libvirt_host
from nova_lite.virt.libvirt import imagecache
from nova_lite.virt.libvirt import rescue
from nova_lite.virt.libvirt import snapshot

CONF = cfg.CONF
LOG = logging.getLogger(__name__)

MAX_CONSOLE_BYTES = 100 * 1024  # upstream's cap on os-getConsoleOutput

# Traits, only what a guest really gets. The domain XML sets no <cpu>, so every guest
# runs QEMU's default CPU model (qemu64) whatever the host has: of its features these
# have a trait (by /proc/cpuinfo name); under kvm the host must have them too, TCG
# emulates them. And the images it boots: raw or qcow2 disks, kernels and ramdisks.
GUEST_CPU_TRAITS = {'mmx': 'HW_CPU_X86_MMX', 'sse': 'HW_CPU_X86_SSE',
                    'sse2': 'HW_CPU_X86_SSE2', 'pni': 'HW_CPU_X86_SSE3'}
IMAGE_TYPE_TRAITS = ('COMPUTE_IMAGE_TYPE_AKI', 'COMPUTE_IMAGE_TYPE_ARI',
                     'COMPUTE_IMAGE_TYPE_QCOW2', 'COMPUTE_IMAGE_TYPE_RAW')


class LibvirtDriver(driver.ComputeDriver):
    capabilities = dict(driver.ComputeDriver.capabilities, supports_pause=True,
                        supports_suspend=True, supports_rescue=True)

    def __init__(self, host=None, image_api=None):
        self._host = host or libvirt_host.Host(CONF.libvirt.connection_uri)
        self._image_api = image_api
        self._image_cache = None
        self._hostname = None

    @property
    def image_api(self):
        if self._image_api is None:
            self._image_api = glance.GlanceClient()
        return self._image_api

    @property
    def image_cache(self):
        if self._image_cache is None:
            self._image_cache = imagecache.ImageCache(CONF.libvirt.images_path, self.image_api)
        return self._image_cache

    @property
    def host(self):
        return self._host

    def init_host(self, host):
        self._hostname = host
        os.makedirs(CONF.libvirt.instances_path, exist_ok=True)
        self._host.initialize(self._handle_lifecycle_event)
        version = self._host.get_version()  # fails clearly when libvirtd is not there
        LOG.info('Connected to %s (hypervisor version %s, virt_type %s)', self._host.uri,
                 version, CONF.libvirt.virt_type)

    def cleanup_host(self, host):
        self._host.cleanup()

    def _handle_lifecycle_event(self, domain_name, event):
        if instance_name_pattern().fullmatch(domain_name):
            self.emit_event(event)

    def instance_dir(self, instance):
        return os.path.join(CONF.libvirt.instances_path, instance.uuid)

    # --- host

    def get_available_nodes(self):
        return [self._hostname or CONF.host]

    def get_available_resource(self, nodename):
        os.makedirs(CONF.libvirt.instances_path, exist_ok=True)
        memory_mb, _ = libvirt_host.meminfo_mb()
        disk_total, disk_free = libvirt_host.disk_gb(CONF.libvirt.instances_path)
        vcpus = os.cpu_count() or 1
        return {
            'vcpus': vcpus,
            'memory_mb': memory_mb,
            'local_gb': disk_total,
            'hypervisor_type': 'QEMU',
            'hypervisor_version': self._host.get_version(),
            'cpu_info': json.dumps({'arch': 'x86_64', 'model': CONF.libvirt.virt_type,
                                    'vendor': 'unknown', 'features': [],
                                    'topology': {'cores': 1, 'threads': 1,
                                                 'sockets': vcpus}}),
            'host_ip': _host_ip(),
            'disk_available_least': disk_free,
        }

    def get_traits(self, nodename):
        emulated = CONF.libvirt.virt_type == 'qemu'
        flags = set() if emulated else libvirt_host.cpu_flags()
        return sorted([trait for flag, trait in GUEST_CPU_TRAITS.items()
                       if emulated or flag in flags] + list(IMAGE_TYPE_TRAITS))

    def list_instances(self):
        pattern = instance_name_pattern()
        return [guest.name for guest in self._host.list_guests() if pattern.fullmatch(guest.name)]

    def list_instance_uuids(self):
        """The guests this host made: named by the template, with their folder here
        (a compute sharing libvirtd with others must never take their domains)."""
        pattern = instance_name_pattern()
        return [guest.uuid for guest in self._host.list_guests()
                if pattern.fullmatch(guest.name) and
                os.path.isdir(os.path.join(CONF.libvirt.instances_path, guest.uuid))]

    # --- spawn and destroy

    def spawn(self, context, instance, image_meta, admin_password=None):
        image = self.image_api.show(context, image_meta['id'])
        inst_dir = self.instance_dir(instance)
        os.makedirs(inst_dir, exist_ok=True)
        disk = self.create_root_disk(context, instance, image, inst_dir)
        guest_config = self.guest_config(instance, disk)
        self.add_boot_files(context, guest_config, image, inst_dir)
        guest = self._host.define_guest(guest_config.to_xml())
        guest.launch()
        LOG.info('Domain %s of instance %s is running', guest.name, instance.uuid)

    def create_root_disk(self, context, instance, image, inst_dir, name='disk'):
        """A qcow2 overlay on the cached base, as large as the flavor's root disk."""
        base, base_format = self.image_cache.fetch_base(context, image)
        virtual_size = imagecache.image_info(base, base_format)['virtual-size']
        root_bytes = instance.flavor.root_gb * 1024 ** 3
        if root_bytes and root_bytes < virtual_size:
            raise exception.FlavorDiskSmallerThanImage(flavor_size=root_bytes,
                                                       image_size=virtual_size)
        disk = os.path.join(inst_dir, name)
        imagecache.qemu_img('create', '-f', 'qcow2', '-F', base_format, '-b', base, disk,
                            str(max(root_bytes, virtual_size)))
        return disk

    def add_boot_files(self, context, guest_config, image, inst_dir, suffix=''):
        """Boot the kernel and ramdisk the image names (kernel_id, ramdisk_id), if any."""
        kernel_id, ramdisk_id = image.get('kernel_id'), image.get('ramdisk_id')
        if not kernel_id:
            return
        guest_config.os_kernel = self._copy_boot_file(context, kernel_id, inst_dir,
                                                      'kernel' + suffix)
        if ramdisk_id:
            guest_config.os_initrd = self._copy_boot_file(context, ramdisk_id, inst_dir,
                                                          'ramdisk' + suffix)
        guest_config.os_cmdline = CONF.libvirt.kernel_cmdline

    def _copy_boot_file(self, context, image_id, inst_dir, name):
        """The instance's own copy of a kernel or ramdisk image (AKI/ARI)."""
        cached = self.image_cache.fetch(context, self.image_api.show(context, image_id))
        path = os.path.join(inst_dir, name)
        shutil.copyfile(cached, path)
        return path

    def guest_config(self, instance, disk_path):
        """The domain of instance, without its boot files."""
        guest = vconfig.Guest(CONF.libvirt.virt_type, instance.name, instance.uuid,
                              instance.flavor.memory_mb, instance.flavor.vcpus,
                              description=instance.display_name)
        guest.add_device(vconfig.GuestDisk(disk_path))
        guest.add_device(vconfig.GuestSerial(self.console_log_path(instance)))
        if CONF.vnc.enabled:
            guest.add_device(vconfig.GuestGraphics(CONF.vnc.server_listen))
        return guest

    def console_log_path(self, instance):
        return os.path.join(self.instance_dir(instance), 'console.log')

    def destroy(self, context, instance):
        try:
            guest = self._host.get_guest(instance)
        except exception.InstanceNotFound:
            pass
        else:
            guest.poweroff()
            guest.delete_configuration()
        shutil.rmtree(self.instance_dir(instance), ignore_errors=True)

    def get_info(self, instance):
        return driver.InstanceInfo(state=self._host.get_guest(instance).get_power_state())

    # --- lifecycle

    def power_off(self, context, instance, timeout=0):
        guest = self._host.get_guest(instance)
        if timeout and guest.wait_for_shutoff(timeout):
            return
        if timeout:
            LOG.warning('Instance %s did not shut down within %ss; powering off',
                        instance.uuid, timeout)
        guest.poweroff()

    def power_on(self, context, instance):
        guest = self._host.get_guest(instance)
        if not guest.is_active():
            guest.launch()

    def reboot(self, context, instance, reboot_type):
        guest = self._host.get_guest(instance)
        if reboot_type == 'SOFT' and guest.is_active():
            # as upstream: shut down cleanly, then start again; hard when the guest ignores it
            if guest.wait_for_shutoff(CONF.libvirt.wait_soft_reboot_seconds):
                guest.launch()
                return
            LOG.warning('Instance %s did not shut down for a soft reboot; rebooting hard',
                        instance.uuid)
        guest.poweroff()
        guest.launch()

    def pause(self, context, instance):
        self._host.get_guest(instance).pause()

    def unpause(self, context, instance):
        self._host.get_guest(instance).unpause()

    def suspend(self, context, instance):
        self._host.get_guest(instance).save_memory()

    def resume(self, context, instance):
        self._host.get_guest(instance).launch()

    def trigger_crash_dump(self, context, instance):
        self._host.get_guest(instance).inject_nmi()

    def rescue(self, context, instance, image_meta, rescue_password):
        rescue.rescue(self, context, instance, image_meta)

    def unrescue(self, context, instance):
        rescue.unrescue(self, context, instance)

    def snapshot(self, context, instance, image_id, update_task_state):
        snapshot.snapshot(self, context, instance, image_id, update_task_state)

    def manage_image_cache(self, context, all_instances):
        """Upstream's image cache manager: keep the images of this host's instances
        and every base an instance disk here is backed by (a rescue disk's too)."""
        if not CONF.image_cache.remove_unused_base_images:
            return
        used = {self.image_cache.path_of(image_id) for instance in all_instances
                for image_id in (instance.image_ref, instance.kernel_id, instance.ramdisk_id)
                if image_id}
        for disk in glob.glob(os.path.join(CONF.libvirt.instances_path, '*', 'disk*')):
            try:
                backing = imagecache.backing_file(disk)
            except exception.NovaLiteException:
                LOG.warning('Cannot read the backing file of %s; keeping every cached image',
                            disk)
                return
            if backing:
                used.add(backing)
        self.image_cache.remove_unused(
            used, CONF.image_cache.remove_unused_original_minimum_age_seconds)

    def get_vnc_console(self, context, instance):
        """The port libvirt gave the guest's VNC server, on server_proxyclient_address."""
        xml = etree.fromstring(self._host.get_guest(instance).get_xml_desc())
        graphics = xml.find("./devices/graphics[@type='vnc']")
        if graphics is None:
            raise exception.ConsoleTypeUnavailable(console_type='vnc')
        port = int(graphics.get('port') or -1)
        if port <= 0:  # -1 until the domain runs
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        return driver.ConsoleVNC(host=CONF.vnc.server_proxyclient_address, port=port)

    def get_console_output(self, context, instance):
        self._host.get_guest(instance)
        try:
            with open(self.console_log_path(instance), 'rb') as log:
                log.seek(max(os.fstat(log.fileno()).st_size - MAX_CONSOLE_BYTES, 0))
                return log.read().decode('utf-8', errors='replace')
        except FileNotFoundError:
            return ''


def instance_name_pattern():
    """A regex of the names instance_name_template gives ('instance-%08x' ->
    'instance-[0-9a-f]+'), to tell this cloud's domains from the others'."""
    regex = []
    for part in re.split(r'(%%|%[-#0 +]*\d*[diuxXs])', CONF.instance_name_template):
        if part == '%%':
            regex.append('%')
        elif part.startswith('%'):
            regex.append({'x': '[0-9a-f]+', 'X': '[0-9A-F]+', 's': '.+'}.get(part[-1], '[0-9]+'))
        else:
            regex.append(re.escape(part))
    return re.compile(''.join(regex))


def _host_ip():
    """The address other hosts reach this one on (the default route's source)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(('192.0.2.1', 9))  # no packet is sent for a UDP connect
            return sock.getsockname()[0]
    except OSError:
        return '127.0.0.1'
