"""Reports this host's compute nodes (totals, reserved, ratios) through the
conductor; the used figures are owned by the claims."""
from oslo_config import cfg

from nova_lite import objects

CONF = cfg.CONF


class ResourceTracker:
    def __init__(self, host, driver):
        self.host = host
        self.driver = driver
        # consecutive failed builds, reported so that the scheduler avoids a broken host
        self.failed_builds = 0

    def update_available_resource(self, context, service_id):
        running = len(self.driver.list_instances())
        nodes = []
        for nodename in self.driver.get_available_nodes():
            resources = dict(self.driver.get_available_resource(nodename))
            resources.update(
                reserved_vcpus=CONF.reserved_host_cpus,
                reserved_memory_mb=CONF.reserved_host_memory_mb,
                reserved_disk_gb=(CONF.reserved_host_disk_mb + 1023) // 1024,
                cpu_allocation_ratio=CONF.cpu_allocation_ratio,
                ram_allocation_ratio=CONF.ram_allocation_ratio,
                disk_allocation_ratio=CONF.disk_allocation_ratio,
                running_vms=running,
                failed_builds=self.failed_builds,
                traits=sorted(set(self.driver.get_traits(nodename))))
            nodes.append(objects.ComputeNode.report(context, self.host, nodename, service_id,
                                                    resources))
        return nodes
