"""[libvirt] options: the libvirt driver (compute_driver = libvirt.LibvirtDriver)."""
from oslo_config import cfg

libvirt_group = cfg.OptGroup('libvirt', title='Libvirt driver options')

libvirt_opts = [
    cfg.StrOpt('virt_type', default='kvm', choices=('kvm', 'qemu'),
               help='Domain type: kvm (hardware virtualization) or qemu (TCG '
                    'emulation, for hosts without a working /dev/kvm).'),
    cfg.StrOpt('connection_uri', default='',
               help='Libvirt URI; empty means qemu:///system.'),
    cfg.StrOpt('instances_path', default='$state_path/instances',
               help='Where each instance keeps its disk overlay, kernel, ramdisk and '
                    'console log, one folder per instance.'),
    cfg.StrOpt('images_path', default='$instances_path/_base',
               help='The per-host image cache: images downloaded from Glance, '
                    'verified by checksum, as read-only bases of the overlays.'),
    cfg.StrOpt('kernel_cmdline', default='console=ttyS0',
               help='Kernel command line of guests booted from a kernel image '
                    '(kernel_id/ramdisk_id properties).'),
    cfg.IntOpt('wait_soft_reboot_seconds', default=120, min=1,
               help='How long a soft reboot waits for the guest to shut down '
                    'before it reboots hard.'),
    cfg.StrOpt('snapshot_image_format', choices=('raw', 'qcow2'),
               help='Disk format of snapshots (createImage, shelve); unset: qcow2, the '
                    'format of the root disk.'),
    cfg.StrOpt('snapshots_directory', default='$instances_path/snapshots',
               help='Where a snapshot is written before its upload to Glance.'),
]


def register_opts(conf):
    conf.register_group(libvirt_group)
    conf.register_opts(libvirt_opts, group=libvirt_group)


def list_opts():
    return {libvirt_group: libvirt_opts}
