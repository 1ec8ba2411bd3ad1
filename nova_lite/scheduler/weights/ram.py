"""RAMWeigher: prefer the host with the most free RAM (spread); a negative
multiplier prefers the least (stack)."""
from oslo_config import cfg

from nova_lite.scheduler import weights

CONF = cfg.CONF


class RAMWeigher(weights.BaseHostWeigher):
    def multiplier(self):
        return CONF.filter_scheduler.ram_weight_multiplier

    def weigh(self, host_state, request_spec):
        return host_state.free_ram_mb
