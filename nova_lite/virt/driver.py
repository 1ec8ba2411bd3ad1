"""The interface every hypervisor driver implements."""
import abc
import collections
import importlib

InstanceInfo = collections.namedtuple('InstanceInfo', ['state'])


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

    @abc.abstractmethod
    def list_instances(self):
        """Hypervisor names (Instance.name) of the guests on this host."""

    @abc.abstractmethod
    def spawn(self, context, instance, image_meta, admin_password=None):
        """Create and start the guest; return when it is running."""

    @abc.abstractmethod
    def destroy(self, context, instance):
        """Stop the guest and remove it and its local disks; idempotent."""

    @abc.abstractmethod
    def get_info(self, instance):
        """InstanceInfo of the guest; raises InstanceNotFound if it is gone."""


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
