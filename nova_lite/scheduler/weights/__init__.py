"""Host weighers: each scores hosts; scores are normalized to 0..1 and
summed with their multipliers, and the highest total wins."""


class BaseHostWeigher:
    def multiplier(self):
        return 1.0

    def weigh(self, host_state, request_spec):
        raise NotImplementedError


def _normalize(values):
    low, high = min(values), max(values)
    if high == low:
        return [0.0 for _ in values]
    return [(v - low) / (high - low) for v in values]


def weigh_hosts(weighers, host_states, request_spec):
    """host_states sorted best first."""
    if not host_states:
        return []
    totals = [0.0] * len(host_states)
    for weigher in weighers:
        scores = _normalize([weigher.weigh(h, request_spec) for h in host_states])
        multiplier = weigher.multiplier()
        totals = [t + multiplier * s for t, s in zip(totals, scores)]
    ranked = sorted(zip(totals, range(len(host_states))), key=lambda p: -p[0])
    return [host_states[i] for _, i in ranked]


def load_weighers(names):
    from nova_lite.scheduler.weights import affinity
    from nova_lite.scheduler.weights import ram
    from nova_lite.scheduler.weights import resources
    known = {cls.__name__: cls for cls in (
        ram.RAMWeigher, resources.CPUWeigher, resources.DiskWeigher,
        resources.NumInstancesWeigher, resources.BuildFailureWeigher,
        affinity.ServerGroupSoftAffinityWeigher,
        affinity.ServerGroupSoftAntiAffinityWeigher)}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError('Unknown scheduler weighers: %s' % ', '.join(unknown))
    return [known[name]() for name in names]
