"""What the scheduler knows of one compute node while it decides."""
from oslo_config import cfg

from nova_lite import availability_zones
from nova_lite import objects

CONF = cfg.CONF


class HostState:
    def __init__(self, node, service, availability_zone=None):
        self.host = node.host
        self.availability_zone = availability_zone or CONF.default_availability_zone
        self.nodename = node.hypervisor_hostname
        self.compute_node_id = node.id
        self.service = service
        self.free_vcpus = node.free_vcpus
        self.free_ram_mb = node.free_ram_mb
        self.free_disk_gb = node.free_disk_gb
        self.total_usable_ram_mb = node.memory_mb_capacity
        self.num_instances = node.running_vms

    @property
    def service_up(self):
        return self.service is not None and self.service.is_up()

    @property
    def service_disabled(self):
        return self.service is None or self.service.disabled

    def consume(self, resources):
        """Account locally for a claim made on this host during this request."""
        self.free_vcpus -= resources['vcpus']
        self.free_ram_mb -= resources['memory_mb']
        self.free_disk_gb -= resources['disk_gb']
        self.num_instances += 1

    def as_selection(self):
        return {'host': self.host, 'nodename': self.nodename,
                'compute_node_id': self.compute_node_id}

    def __repr__(self):
        return '(%s, %s) ram: %sMB disk: %sGB vcpus: %s' % (
            self.host, self.nodename, self.free_ram_mb, self.free_disk_gb, self.free_vcpus)


def get_host_states(context):
    """Host states of every compute node, joined with its compute service."""
    services = {s.host: s for s in objects.ServiceList.get_all(context, binary='nova-compute')}
    zones = availability_zones.host_zones(context)
    return [HostState(node, services.get(node.host), zones.get(node.host))
            for node in objects.ComputeNodeList.get_all(context)]
