"""The connection to libvirtd and the facts of this host."""
import importlib
import os
import threading

from oslo_log import log as logging

from nova_lite import exception
from nova_lite.virt.libvirt import guest as libvirt_guest

LOG = logging.getLogger(__name__)

INSTALL_HINT = ('apt-get install --no-install-recommends libvirt-daemon-system libvirt-dev '
                'pkg-config qemu-system-x86 qemu-utils; pip install nova-lite[libvirt]; '
                'then start virtlogd -d and libvirtd -d')


def import_libvirt():
    try:
        return importlib.import_module('libvirt')
    except ImportError:
        raise exception.HypervisorUnavailable(
            reason='libvirt-python is not installed (%s)' % INSTALL_HINT)


def meminfo_mb(path='/proc/meminfo'):
    """(total, available) host memory in MiB. From /proc/meminfo, as upstream
    reads it: libvirt's getInfo() memory figure is wrong on some hosts."""
    values = {}
    with open(path) as meminfo:
        for line in meminfo:
            key, _, rest = line.partition(':')
            values[key] = int(rest.split()[0])  # kB
    return values['MemTotal'] // 1024, values.get('MemAvailable', values['MemFree']) // 1024


def disk_gb(path):
    """(total, free) GiB of the filesystem holding path."""
    stats = os.statvfs(path)
    return (stats.f_blocks * stats.f_frsize // 1024 ** 3,
            stats.f_bavail * stats.f_frsize // 1024 ** 3)


class Host:
    def __init__(self, uri, libvirt_module=None):
        self.uri = uri or 'qemu:///system'
        self._libvirt = libvirt_module
        self._conn = None
        self._lock = threading.Lock()

    @property
    def libvirt(self):
        if self._libvirt is None:
            self._libvirt = import_libvirt()
        return self._libvirt

    def get_connection(self):
        """The open connection; (re)opened when missing or dead."""
        with self._lock:
            if self._conn is not None:
                try:
                    if self._conn.isAlive():
                        return self._conn
                except self.libvirt.libvirtError:
                    pass
                LOG.warning('Connection to %s lost; reconnecting', self.uri)
            try:
                self._conn = self.libvirt.open(self.uri)
            except self.libvirt.libvirtError as error:
                raise exception.HypervisorUnavailable(
                    reason='cannot connect to %s: %s (is libvirtd running? %s)' % (
                        self.uri, error, INSTALL_HINT))
            return self._conn

    def get_guest(self, instance):
        """The Guest of instance; InstanceNotFound when it has no domain."""
        try:
            domain = self.get_connection().lookupByName(instance.name)
        except self.libvirt.libvirtError as error:
            if error.get_error_code() == self.libvirt.VIR_ERR_NO_DOMAIN:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            raise
        return libvirt_guest.Guest(domain, self.libvirt)

    def define_guest(self, xml):
        return libvirt_guest.Guest(self.get_connection().defineXML(xml), self.libvirt)

    def list_domain_names(self):
        return [domain.name() for domain in self.get_connection().listAllDomains(0)]

    def get_version(self):
        return self.get_connection().getVersion()
