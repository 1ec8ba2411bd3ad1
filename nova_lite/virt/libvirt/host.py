"""The connection to libvirtd and the facts of this host."""
import importlib
import os
import queue
import threading

from oslo_log import log as logging

from nova_lite import exception
from nova_lite.virt import event as virt_event
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


def cpu_flags(path='/proc/cpuinfo'):
    """The feature flags of the host CPU ('sse2', 'pni', 'avx2'...), as the kernel names
    them (the first processor's: they are the same on every core)."""
    with open(path) as cpuinfo:
        for line in cpuinfo:
            key, _, rest = line.partition(':')
            if key.strip() == 'flags':
                return set(rest.split())
    return set()


def disk_gb(path):
    """(total, free) GiB of the filesystem holding path."""
    stats = os.statvfs(path)
    return (stats.f_blocks * stats.f_frsize // 1024 ** 3,
            stats.f_bavail * stats.f_frsize // 1024 ** 3)


# libvirt's event loop is one per process, registered before the first connection.
_event_loops_lock = threading.Lock()
_event_loops = []  # the libvirt modules whose default event loop runs


def _start_event_loop(libvirt):
    with _event_loops_lock:
        if any(module is libvirt for module in _event_loops):
            return
        libvirt.virEventRegisterDefaultImpl()
        thread = threading.Thread(target=_run_event_loop, args=(libvirt,), daemon=True,
                                  name='libvirt-event-loop')
        thread.start()
        _event_loops.append(libvirt)


def _run_event_loop(libvirt):
    # a native thread that only calls libvirt and queues (it must never block on nova)
    while True:
        libvirt.virEventRunDefaultImpl()


class Host:
    def __init__(self, uri, libvirt_module=None):
        self.uri = uri or 'qemu:///system'
        self._libvirt = libvirt_module
        self._conn = None
        self._lock = threading.Lock()
        self._lifecycle_handler = None
        self._events = None

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
            if self._lifecycle_handler is not None:
                self._conn.domainEventRegisterAny(
                    None, self.libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, self._lifecycle_callback,
                    None)
            return self._conn

    # --- lifecycle events (upstream's host.py event loop, in native threads)

    def initialize(self, lifecycle_handler=None):
        """Start receiving domain lifecycle events: lifecycle_handler(domain_name,
        LifecycleEvent) runs for each, in order, in a dispatch thread of its own, so
        a slow handler never holds up libvirt's event loop."""
        if lifecycle_handler is None or self._events is not None:
            return
        _start_event_loop(self.libvirt)  # before the connection: libvirt requires it
        self._lifecycle_handler = lifecycle_handler
        self._events = queue.Queue()
        threading.Thread(target=self._dispatch_events, args=(self._events,), daemon=True,
                         name='libvirt-event-dispatch').start()
        with self._lock:  # a connection opened before the loop would get no events
            stale, self._conn = self._conn, None
        if stale is not None:
            try:
                stale.close()
            except self.libvirt.libvirtError:
                pass

    def cleanup(self):
        """Stop dispatching events (the process-wide event loop keeps running)."""
        events, self._events = self._events, None
        self._lifecycle_handler = None
        if events is not None:
            events.put(None)

    # libvirt's domain event -> ours; the others (defined, undefined...) change no power state
    def _lifecycle_callback(self, conn, domain, event, detail, opaque):
        lv = self.libvirt
        transition = {lv.VIR_DOMAIN_EVENT_STOPPED: virt_event.EVENT_LIFECYCLE_STOPPED,
                      lv.VIR_DOMAIN_EVENT_STARTED: virt_event.EVENT_LIFECYCLE_STARTED,
                      lv.VIR_DOMAIN_EVENT_SUSPENDED: virt_event.EVENT_LIFECYCLE_PAUSED,
                      lv.VIR_DOMAIN_EVENT_RESUMED: virt_event.EVENT_LIFECYCLE_RESUMED,
                      }.get(event)
        events = self._events
        if transition is not None and events is not None:
            events.put((domain.name(), virt_event.LifecycleEvent(domain.UUIDString(),
                                                                 transition)))

    def _dispatch_events(self, events):
        while True:
            item = events.get()
            if item is None:
                return
            handler = self._lifecycle_handler
            if handler is None:
                continue
            try:
                handler(*item)
            except Exception:
                LOG.exception('Handling %s of domain %s failed', item[1], item[0])

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

    def list_guests(self):
        return [libvirt_guest.Guest(domain, self.libvirt)
                for domain in self.get_connection().listAllDomains(0)]

    def get_version(self):
        return self.get_connection().getVersion()
