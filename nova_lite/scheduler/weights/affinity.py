"""ServerGroupSoftAffinityWeigher and ServerGroupSoftAntiAffinityWeigher: the
soft group policies prefer (or avoid) hosts that already run group members,
but never refuse a host."""
from oslo_config import cfg

from nova_lite.scheduler import weights

CONF = cfg.CONF


def _members_on(host_state, request_spec, policy):
    group = request_spec.instance_group
    if group is None or group.policy != policy:
        return 0
    return (group.hosts or []).count(host_state.host)


class ServerGroupSoftAffinityWeigher(weights.BaseHostWeigher):
    def multiplier(self):
        return CONF.filter_scheduler.soft_affinity_weight_multiplier

    def weigh(self, host_state, request_spec):
        return _members_on(host_state, request_spec, 'soft-affinity')


class ServerGroupSoftAntiAffinityWeigher(weights.BaseHostWeigher):
    def multiplier(self):
        return CONF.filter_scheduler.soft_anti_affinity_weight_multiplier

    def weigh(self, host_state, request_spec):
        return -_members_on(host_state, request_spec, 'soft-anti-affinity')
