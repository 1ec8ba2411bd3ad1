"""A small stand-in for the libvirt module: domains kept in memory, with the
states, errors and calls the driver uses (unit tests only)."""
import threading
from xml.etree import ElementTree as etree

VIR_ERR_NO_DOMAIN = 42
VIR_DOMAIN_UNDEFINE_MANAGED_SAVE = 1
VIR_DOMAIN_XML_SECURE, VIR_DOMAIN_XML_INACTIVE = 1, 2
VIR_DOMAIN_EVENT_ID_LIFECYCLE = 0
(VIR_DOMAIN_EVENT_DEFINED, VIR_DOMAIN_EVENT_UNDEFINED, VIR_DOMAIN_EVENT_STARTED,
 VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_STOPPED) = range(6)
RUNNING, PAUSED, SHUTOFF = 1, 3, 5


class libvirtError(Exception):  # noqa: N801 (libvirt's name)
    def __init__(self, message, code=1):
        super().__init__(message)
        self.code = code

    def get_error_code(self):
        return self.code


class Domain:
    def __init__(self, conn, xml):
        self.conn = conn
        self.xml = xml
        self._name = etree.fromstring(xml).findtext('name')
        self._uuid = etree.fromstring(xml).findtext('uuid')
        self.status = SHUTOFF
        self.saved = False
        self.obeys_acpi = True
        self.calls = []
        self.vnc_port = 5900 + len(conn.domains)  # what libvirt's autoport would pick

    def name(self):
        return self._name

    def UUIDString(self):
        return self._uuid

    def state(self, flags):
        return [self.status, 0]

    def isActive(self):
        return self.status in (RUNNING, PAUSED)

    def hasManagedSaveImage(self, flags):
        return self.saved

    def create(self):
        if self.isActive():
            raise libvirtError('Requested operation is not valid: domain is already running')
        self.calls.append('restore' if self.saved else 'boot')
        self.saved = False
        self.status = RUNNING
        self.conn.emit(self, VIR_DOMAIN_EVENT_STARTED)

    def destroy(self):
        self.calls.append('destroy')
        self.status = SHUTOFF
        self.conn.emit(self, VIR_DOMAIN_EVENT_STOPPED)

    def shutdown(self):
        self.calls.append('acpi')
        if self.obeys_acpi:
            self.status = SHUTOFF
            self.conn.emit(self, VIR_DOMAIN_EVENT_STOPPED)

    def suspend(self):
        self.status = PAUSED
        self.conn.emit(self, VIR_DOMAIN_EVENT_SUSPENDED)

    def resume(self):
        self.status = RUNNING
        self.conn.emit(self, VIR_DOMAIN_EVENT_RESUMED)

    def managedSave(self, flags):
        self.calls.append('save')
        self.saved = True
        self.status = SHUTOFF
        self.conn.emit(self, VIR_DOMAIN_EVENT_STOPPED)

    def injectNMI(self, flags):
        self.calls.append('nmi')

    def XMLDesc(self, flags):
        """The live XML: an autoport VNC server has its port while the domain runs;
        with VIR_DOMAIN_XML_INACTIVE the definition as it was given."""
        if flags & VIR_DOMAIN_XML_INACTIVE:
            return self.xml
        dom = etree.fromstring(self.xml)
        for graphics in dom.iter('graphics'):
            if graphics.get('autoport') == 'yes':
                graphics.set('port', str(self.vnc_port) if self.isActive() else '-1')
        return etree.tostring(dom, encoding='unicode')

    def undefineFlags(self, flags):
        assert flags & VIR_DOMAIN_UNDEFINE_MANAGED_SAVE or not self.saved
        del self.conn.domains[self._name]


class Connection:
    def __init__(self, uri):
        self.uri = uri
        self.domains = {}
        self.callbacks = []  # (event id, callback, opaque)

    def isAlive(self):
        return True

    def close(self):
        self.callbacks = []

    def domainEventRegisterAny(self, dom, event_id, callback, opaque):
        self.callbacks.append((event_id, callback, opaque))

    def emit(self, domain, event, detail=0):
        """A lifecycle event, as libvirt's event loop would deliver it (synchronously)."""
        for event_id, callback, opaque in self.callbacks:
            if event_id == VIR_DOMAIN_EVENT_ID_LIFECYCLE:
                callback(self, domain, event, detail, opaque)

    def getVersion(self):
        return 7002000

    def defineXML(self, xml):
        domain = Domain(self, xml)
        self.domains[domain.name()] = domain
        return domain

    def lookupByName(self, name):
        try:
            return self.domains[name]
        except KeyError:
            raise libvirtError('Domain not found: %s' % name, VIR_ERR_NO_DOMAIN)

    def listAllDomains(self, flags):
        return list(self.domains.values())


class FakeLibvirt:
    """Used in place of the libvirt module; one connection per test."""
    VIR_ERR_NO_DOMAIN = VIR_ERR_NO_DOMAIN
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE = VIR_DOMAIN_UNDEFINE_MANAGED_SAVE
    VIR_DOMAIN_XML_SECURE = VIR_DOMAIN_XML_SECURE
    VIR_DOMAIN_XML_INACTIVE = VIR_DOMAIN_XML_INACTIVE
    VIR_DOMAIN_EVENT_ID_LIFECYCLE = VIR_DOMAIN_EVENT_ID_LIFECYCLE
    VIR_DOMAIN_EVENT_STARTED = VIR_DOMAIN_EVENT_STARTED
    VIR_DOMAIN_EVENT_SUSPENDED = VIR_DOMAIN_EVENT_SUSPENDED
    VIR_DOMAIN_EVENT_RESUMED = VIR_DOMAIN_EVENT_RESUMED
    VIR_DOMAIN_EVENT_STOPPED = VIR_DOMAIN_EVENT_STOPPED
    libvirtError = libvirtError

    def __init__(self):
        self.connection = None
        self.event_impl_registered = False
        self._no_events = threading.Event()

    def virEventRegisterDefaultImpl(self):
        self.event_impl_registered = True

    def virEventRunDefaultImpl(self):
        self._no_events.wait(60)  # Connection.emit delivers events itself

    def open(self, uri):
        if self.connection is None:
            self.connection = Connection(uri)
        return self.connection
