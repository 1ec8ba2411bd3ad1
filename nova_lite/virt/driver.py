"""The interface every hypervisor driver implements."""
import abc
import collections
import importlib
import os
import subprocess

from nova_lite import exception

InstanceInfo = collections.namedtuple('InstanceInfo', ['state'])
# Where the console proxy reaches a guest's VNC server (upstream's ctype.ConsoleVNC).
ConsoleVNC = collections.namedtuple('ConsoleVNC', ['host', 'port', 'internal_access_path'],
                                    defaults=[None])


class ComputeDriver(abc.ABC):
    """A hypervisor as the compute manager sees it."""

    capabilities = {
        'supports_pause': False,
        'supports_suspend': False,
        'supports_rescue': False,
    }

    def init_host(self, host):
        """Prepare the hypervisor when the compute service starts."""

    def cleanup_host(self, host):
        """Release what init_host took when the compute service stops."""

    @abc.abstractmethod
    def get_available_nodes(self):
        """Names of the nodes (hypervisors) this host manages."""

    @abc.abstractmethod
    def get_available_resource(self, nodename):
        """Totals and facts of a node: vcpus, memory_mb, local_gb, hypervisor_type,
        hypervisor_version, cpu_info, host_ip, disk_available_least."""

    def get_traits(self, nodename):
        """Names of the node's traits (os-traits' names, or CUSTOM_*), which a flavor's
        extra specs or an image's properties can require or forbid
        (trait:NAME=required|forbidden, the TraitsFilter)."""
        return []

    @abc.abstractmethod
    def list_instances(self):
        """Hypervisor names (Instance.name) of the guests on this host."""

    def list_instance_uuids(self):
        """UUIDs of the instances whose guests this host has (NotImplementedError
        when the driver cannot tell; the manager then goes by list_instances)."""
        raise NotImplementedError()

    # Events: the driver tells the compute manager of changes it did not ask for.

    _compute_event_callback = None

    def register_event_listener(self, callback):
        """callback(event) receives the virt.event events of the guests (None: stop)."""
        self._compute_event_callback = callback

    def emit_event(self, event):
        callback = self._compute_event_callback
        if callback is not None:
            callback(event)

    def manage_image_cache(self, context, all_instances):
        """Remove the cached images that none of all_instances (this host's, an iterable
        read once) use."""

    @abc.abstractmethod
    def spawn(self, context, instance, image_meta, admin_password=None):
        """Create and start the guest; return when it is running."""

    @abc.abstractmethod
    def destroy(self, context, instance):
        """Stop the guest and remove it and its local disks; idempotent."""

    @abc.abstractmethod
    def get_info(self, instance):
        """InstanceInfo of the guest; raises InstanceNotFound if it is gone."""

    # The lifecycle: each returns when the guest is in the new state. A driver
    # that cannot do one raises ActionNotImplemented (the compute manager then
    # reverts the task and records the fault).

    def _not_implemented(self, action):
        raise exception.ActionNotImplemented(driver=type(self).__name__, action=action)

    def power_off(self, context, instance, timeout=0):
        """Shut the guest down (gracefully within timeout seconds, then hard)."""
        self._not_implemented('power off')

    def power_on(self, context, instance):
        """Start a shut down guest."""
        self._not_implemented('power on')

    def reboot(self, context, instance, reboot_type):
        """Reboot: 'SOFT' asks the guest OS, 'HARD' power-cycles the guest."""
        self._not_implemented('reboot')

    def pause(self, context, instance):
        self._not_implemented('pause')

    def unpause(self, context, instance):
        self._not_implemented('unpause')

    def suspend(self, context, instance):
        """Save the guest's memory to disk and stop it."""
        self._not_implemented('suspend')

    def resume(self, context, instance):
        self._not_implemented('resume')

    def rescue(self, context, instance, image_meta, rescue_password):
        """Boot the rescue image with the guest's disk attached."""
        self._not_implemented('rescue')

    def unrescue(self, context, instance):
        self._not_implemented('unrescue')

    def snapshot(self, context, instance, image_id, update_task_state):
        """Upload the guest's root disk as image image_id (already created in
        Glance); call update_task_state(task_state, expected_state) before the
        upload starts, as upstream drivers do."""
        self._not_implemented('snapshot')

    def get_console_output(self, context, instance):
        """The guest's serial console log (text)."""
        self._not_implemented('get console output')

    def trigger_crash_dump(self, context, instance):
        """Send an NMI to the guest so that its kernel dumps."""
        self._not_implemented('trigger crash dump')

    def get_vnc_console(self, context, instance):
        """ConsoleVNC of the guest's VNC server; ConsoleTypeUnavailable when it has none."""
        self._not_implemented('give a VNC console')

    def get_host_uptime(self):
        """The host's `uptime` line (every driver here runs on a Linux host), as
        upstream's libvirt driver gives it."""
        return subprocess.run(['uptime'], env=dict(os.environ, LC_ALL='C'), check=True,
                              capture_output=True, text=True).stdout.rstrip('\n')


def load_compute_driver(name):
    """'fake.FakeDriver' -> an instance of nova_lite.virt.fake.FakeDriver."""
    module_name, _, class_name = name.rpartition('.')
    if not module_name:
        raise ValueError('compute_driver must look like module.Class, not %r' % name)
    module = importlib.import_module('nova_lite.virt.' + module_name)
    driver = getattr(module, class_name)()
    if not isinstance(driver, ComputeDriver):
        raise ValueError('%s is not a ComputeDriver' % name)
    return driver
