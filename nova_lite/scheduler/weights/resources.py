"""CPUWeigher, DiskWeigher, NumInstancesWeigher: prefer free vCPUs, free disk,
fewer instances (positive multipliers spread; negative ones stack);
BuildFailureWeigher: avoid hosts whose recent builds failed."""
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


class BuildFailureWeigher(weights.BaseHostWeigher):
    """A large multiplier (upstream's 1000000) makes a failing host the last resort."""

    def multiplier(self):
        return CONF.filter_scheduler.build_failure_weight_multiplier

    def weigh(self, host_state, request_spec):
        return -host_state.failed_builds
