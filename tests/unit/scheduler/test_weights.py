"""weigh_hosts: per-weigher normalisation to 0..1, multipliers, best first."""
import pytest

from nova_lite.scheduler import weights
from nova_lite.scheduler.weights import ram


class VcpuWeigher(weights.BaseHostWeigher):
    def weigh(self, host_state, request_spec):
        return host_state.free_vcpus


class FixedMultiplier(ram.RAMWeigher):
    def __init__(self, multiplier):
        self._multiplier = multiplier

    def multiplier(self):
        return self._multiplier


def _hosts(make_host_state, *sizes):
    return [make_host_state('h%d' % n, memory_mb=memory_mb, vcpus=vcpus)
            for n, (memory_mb, vcpus) in enumerate(sizes)]


def test_spread_prefers_most_free_ram(make_host_state, make_spec):
    hosts = _hosts(make_host_state, (2048, 1), (8192, 1), (4096, 1))
    ranked = weights.weigh_hosts([FixedMultiplier(1.0)], hosts, make_spec())
    assert [h.host for h in ranked] == ['h1', 'h2', 'h0']


def test_negative_multiplier_stacks(make_host_state, make_spec):
    hosts = _hosts(make_host_state, (2048, 1), (8192, 1), (4096, 1))
    ranked = weights.weigh_hosts([FixedMultiplier(-1.0)], hosts, make_spec())
    assert [h.host for h in ranked] == ['h0', 'h2', 'h1']


def test_scores_are_normalised_before_they_are_summed(make_host_state, make_spec):
    # Raw sums would let MiB of RAM drown vCPUs; normalised, both count alike:
    # h0 ram 1.0 + cpu 0.0; h1 ram 0.889 + cpu 1.0; h2 ram 0.0 + cpu 0.43.
    hosts = _hosts(make_host_state, (10000, 1), (9000, 8), (1000, 4))
    ranked = weights.weigh_hosts([FixedMultiplier(1.0), VcpuWeigher()], hosts, make_spec())
    assert [h.host for h in ranked] == ['h1', 'h0', 'h2']


def test_multiplier_scales_a_weigher(make_host_state, make_spec):
    hosts = _hosts(make_host_state, (10000, 1), (1000, 8))
    assert weights.weigh_hosts([FixedMultiplier(2.0), VcpuWeigher()], hosts,
                               make_spec())[0].host == 'h0'
    assert weights.weigh_hosts([FixedMultiplier(0.5), VcpuWeigher()], hosts,
                               make_spec())[0].host == 'h1'


def test_equal_scores_keep_the_given_order(make_host_state, make_spec):
    hosts = _hosts(make_host_state, (4096, 1), (4096, 1), (4096, 1))
    ranked = weights.weigh_hosts([FixedMultiplier(1.0)], hosts, make_spec())
    assert [h.host for h in ranked] == ['h0', 'h1', 'h2']


def test_no_hosts_no_ranking(make_spec):
    assert weights.weigh_hosts([VcpuWeigher()], [], make_spec()) == []


def test_load_weighers():
    (weigher,) = weights.load_weighers(['RAMWeigher'])
    assert isinstance(weigher, ram.RAMWeigher)
    with pytest.raises(ValueError, match='NoSuchWeigher'):
        weights.load_weighers(['RAMWeigher', 'NoSuchWeigher'])


def test_base_weigher_is_abstract(make_host_state, make_spec):
    assert weights.BaseHostWeigher().multiplier() == 1.0
    with pytest.raises(NotImplementedError):
        weights.BaseHostWeigher().weigh(make_host_state(), make_spec())
