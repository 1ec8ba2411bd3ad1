"""CPUWeigher, DiskWeigher, NumInstancesWeigher: prefer free vCPUs, free disk,
fewer instances (positive multipliers spread; negative ones stack)."""
from oslo_config import cfg

from nova_lite.scheduler import weights

CONF = cfg.CONF


class CPUWeigher(weights.BaseHostWeigher):
    def multiplier(self):
        return CONF.filter_scheduler.cpu_weight_multiplier

    def weigh(self, host_state, request_spec):
        return host_state.free_vcpus


class DiskWeigher(weights.BaseHostWeigher):
    def multiplier(self):
        return CONF.filter_scheduler.disk_weight_multiplier

    def weigh(self, host_state, request_spec):
        return host_state.free_disk_gb


class NumInstancesWeigher(weights.BaseHostWeigher):
    """Upstream's default multiplier is 0 (no effect); positive prefers busier hosts."""

    def multiplier(self):
        return CONF.filter_scheduler.num_instances_weight_multiplier

    def weigh(self, host_state, request_spec):
        return host_state.num_instances
