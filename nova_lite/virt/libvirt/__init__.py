"""The libvirt driver: real KVM/QEMU guests (compute_driver = libvirt.LibvirtDriver)."""
from nova_lite.virt.libvirt.driver import LibvirtDriver  # noqa: F401
