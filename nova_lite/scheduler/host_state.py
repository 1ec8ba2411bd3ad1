"""What the scheduler knows of one compute node while it decides."""
import collections
import json

from oslo_config import cfg

from nova_lite import objects
from nova_lite.objects import aggregate as aggregate_obj

CONF = cfg.CONF


class HostState:
    def __init__(self, node, service, availability_zone=None, aggregates_metadata=()):
        self.host = node.host
        # the metadata of every aggregate the host is in (AggregateInstanceExtraSpecs,
        # AggregateMultiTenancyIsolation)
        self.aggregates_metadata = list(aggregates_metadata)
        self.availability_zone = availability_zone or CONF.default_availability_zone
        self.nodename = node.hypervisor_hostname
        self.compute_node_id = node.id
        self.service = service
        self.free_vcpus = node.free_vcpus
        self.free_ram_mb = node.free_ram_mb
        self.free_disk_gb = node.free_disk_gb
        self.total_usable_ram_mb = node.memory_mb_capacity
        self.num_instances = node.running_vms
        self.failed_builds = _set_or_none(node, 'failed_builds') or 0
        self.hypervisor_type = _set_or_none(node, 'hypervisor_type')
        self.architecture = _architecture(_set_or_none(node, 'cpu_info'))
        self.traits = frozenset(_set_or_none(node, 'traits') or ())

    @property
    def service_up(self):
        return self.service is not None and self.service.is_up()

    @property
    def service_disabled(self):
        return self.service is None or self.service.disabled

    def consume(self, resources, count=1):
        """Account locally for a claim made (or being made) on this host."""
        self.free_vcpus -= resources['vcpus'] * count
        self.free_ram_mb -= resources['memory_mb'] * count
        self.free_disk_gb -= resources['disk_gb'] * count
        self.num_instances += count

    def give_back(self, resources):
        """Undo consume() for a claim that failed."""
        self.consume(resources, count=-1)

    def as_selection(self):
        # the zone saves the conductor a read of the aggregates per build
        return {'host': self.host, 'nodename': self.nodename,
                'compute_node_id': self.compute_node_id,
                'availability_zone': self.availability_zone}

    def __repr__(self):
        return '(%s, %s) ram: %sMB disk: %sGB vcpus: %s' % (
            self.host, self.nodename, self.free_ram_mb, self.free_disk_gb, self.free_vcpus)


def _set_or_none(node, name):
    return getattr(node, name) if node.obj_attr_is_set(name) else None


def _architecture(cpu_info):
    try:
        return (json.loads(cpu_info or '{}') or {}).get('arch')
    except (ValueError, AttributeError):
        return None


def get_host_states(context):
    """Host states of every compute node, joined with its compute service and aggregates."""
    services = {s.host: s for s in objects.ServiceList.get_all(context, binary='nova-compute')}
    aggregates = objects.AggregateList.get_all(context)
    zones = aggregate_obj.host_zones(aggregates)
    metadata = collections.defaultdict(list)
    for aggregate in aggregates:
        for host in aggregate.hosts:
            metadata[host].append(dict(aggregate.metadata))
    return [HostState(node, services.get(node.host), zones.get(node.host),
                      metadata.get(node.host, ()))
            for node in objects.ComputeNodeList.get_all(context)]
