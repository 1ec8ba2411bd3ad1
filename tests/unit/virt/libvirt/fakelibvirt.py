"""A small stand-in for the libvirt module: domains kept in memory, with the
states, errors and calls the driver uses (unit tests only)."""
from xml.etree import ElementTree as etree

VIR_ERR_NO_DOMAIN = 42
VIR_DOMAIN_UNDEFINE_MANAGED_SAVE = 1
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
        self.status = SHUTOFF
        self.saved = False
        self.obeys_acpi = True
        self.calls = []

    def name(self):
        return self._name

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

    def destroy(self):
        self.calls.append('destroy')
        self.status = SHUTOFF

    def shutdown(self):
        self.calls.append('acpi')
        if self.obeys_acpi:
            self.status = SHUTOFF

    def suspend(self):
        self.status = PAUSED

    def resume(self):
        self.status = RUNNING

    def managedSave(self, flags):
        self.saved = True
        self.status = SHUTOFF

    def injectNMI(self, flags):
        self.calls.append('nmi')

    def undefineFlags(self, flags):
        assert flags & VIR_DOMAIN_UNDEFINE_MANAGED_SAVE or not self.saved
        del self.conn.domains[self._name]


class Connection:
    def __init__(self, uri):
        self.uri = uri
        self.domains = {}

    def isAlive(self):
        return True

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
    libvirtError = libvirtError

    def __init__(self):
        self.connection = None

    def open(self, uri):
        if self.connection is None:
            self.connection = Connection(uri)
        return self.connection
