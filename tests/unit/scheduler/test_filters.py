"""The filter base class and the loader of [filter_scheduler] enabled_filters."""
import pytest

from nova_lite import config
from nova_lite.scheduler import filters
from nova_lite.scheduler.filters import compute_filter
from nova_lite.scheduler.filters import resource_filters


def test_load_filters_in_the_configured_order():
    loaded = filters.load_filters(['DiskFilter', 'ComputeFilter', 'RamFilter', 'CoreFilter'])
    assert [type(f) for f in loaded] == [resource_filters.DiskFilter,
                                         compute_filter.ComputeFilter,
                                         resource_filters.RamFilter,
                                         resource_filters.CoreFilter]


def test_load_filters_rejects_unknown_names():
    with pytest.raises(ValueError, match='NUMATopologyFilter, Nope'):
        filters.load_filters(['RamFilter', 'NUMATopologyFilter', 'Nope'])


def test_default_enabled_filters_all_load(conf):
    assert len(filters.load_filters(config.CONF.filter_scheduler.enabled_filters)) == 9


def test_filter_all_keeps_passing_hosts_in_order(make_host_state, make_spec):
    hosts = [make_host_state('a', memory_mb=1024), make_host_state('b', memory_mb=256),
             make_host_state('c', memory_mb=2048)]
    passed = resource_filters.RamFilter().filter_all(hosts, make_spec(memory_mb=512))
    assert [h.host for h in passed] == ['a', 'c']


def test_base_filter_is_abstract(make_host_state, make_spec):
    with pytest.raises(NotImplementedError):
        filters.BaseHostFilter().host_passes(make_host_state(), make_spec())
