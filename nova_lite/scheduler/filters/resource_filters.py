"""RamFilter, CoreFilter, DiskFilter: only hosts with room for the flavor
(allocation ratios and reserved amounts are already in the free figures)."""
from nova_lite.scheduler import filters


class _ResourceFilter(filters.BaseHostFilter):
    resource = None
    free_attr = None

    def host_passes(self, host_state, request_spec):
        return getattr(host_state, self.free_attr) >= request_spec.resources[self.resource]


class RamFilter(_ResourceFilter):
    resource = 'memory_mb'
    free_attr = 'free_ram_mb'


class CoreFilter(_ResourceFilter):
    resource = 'vcpus'
    free_attr = 'free_vcpus'


class DiskFilter(_ResourceFilter):
    resource = 'disk_gb'
    free_attr = 'free_disk_gb'
