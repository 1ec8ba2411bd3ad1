"""One libvirt domain, in the terms the driver needs."""
import time

from nova_lite.compute import power_state

# libvirt's virDomainState -> nova's power_state, as upstream maps it
_POWER_STATES = {
    0: power_state.NOSTATE,     # VIR_DOMAIN_NOSTATE
    1: power_state.RUNNING,     # VIR_DOMAIN_RUNNING
    2: power_state.RUNNING,     # VIR_DOMAIN_BLOCKED: running, waiting on a resource
    3: power_state.PAUSED,      # VIR_DOMAIN_PAUSED
    4: power_state.SHUTDOWN,    # VIR_DOMAIN_SHUTDOWN: shutting down
    5: power_state.SHUTDOWN,    # VIR_DOMAIN_SHUTOFF
    6: power_state.CRASHED,     # VIR_DOMAIN_CRASHED
    7: power_state.SUSPENDED,   # VIR_DOMAIN_PMSUSPENDED
}
SHUTOFF = 5


class Guest:
    def __init__(self, domain, libvirt_module):
        self._domain = domain
        self._libvirt = libvirt_module

    @property
    def name(self):
        return self._domain.name()

    @property
    def uuid(self):
        return self._domain.UUIDString()

    def get_power_state(self):
        state = self._domain.state(0)[0]
        if state == SHUTOFF and self._domain.hasManagedSaveImage(0):
            return power_state.SUSPENDED  # its memory is saved (suspend)
        return _POWER_STATES.get(state, power_state.NOSTATE)

    def is_active(self):
        return bool(self._domain.isActive())

    def launch(self):
        """Start the defined domain (from its managed save image when it has one)."""
        self._domain.create()

    def poweroff(self):
        """Pull the plug; a domain that is already off is fine."""
        if self.is_active():
            self._domain.destroy()

    def request_shutdown(self):
        """Press the ACPI power button; the guest OS decides."""
        self._domain.shutdown()

    def wait_for_shutoff(self, timeout, retry_interval=10, clock=time.monotonic,
                         sleep=time.sleep):
        """Shut down cleanly within timeout seconds, pressing the power button again
        every retry_interval (a guest may miss one while it boots); True when off."""
        deadline = clock() + timeout
        next_press = clock()
        while clock() < deadline:
            if not self.is_active():
                return True
            if clock() >= next_press:
                self.request_shutdown()
                next_press = clock() + retry_interval
            sleep(0.5)
        return not self.is_active()

    def pause(self):
        self._domain.suspend()

    def unpause(self):
        self._domain.resume()

    def save_memory(self):
        """Suspend: the memory goes to libvirt's managed save image, the domain stops."""
        self._domain.managedSave(0)

    def inject_nmi(self):
        self._domain.injectNMI(0)

    def get_xml_desc(self):
        """The domain's XML as it runs (autoport VNC ports filled in)."""
        return self._domain.XMLDesc(0)

    def get_persistent_xml(self):
        """The domain's definition (what defineXML gets back), passwords included."""
        return self._domain.XMLDesc(self._libvirt.VIR_DOMAIN_XML_INACTIVE |
                                    self._libvirt.VIR_DOMAIN_XML_SECURE)

    def delete_configuration(self):
        """Undefine, with the managed save image if there is one."""
        self._domain.undefineFlags(self._libvirt.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE)
