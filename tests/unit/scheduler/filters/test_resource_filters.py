"""RamFilter, CoreFilter, DiskFilter: room for the flavor, ratios and reserved included."""
import pytest

from nova_lite.scheduler.filters import resource_filters as rf


@pytest.mark.parametrize('memory_mb, passes', [(2048, True), (2049, False), (1, True)])
def test_ram_filter(make_host_state, make_spec, memory_mb, passes):
    host = make_host_state(memory_mb=4096, memory_mb_used=1024, reserved_memory_mb=1024)
    assert rf.RamFilter().host_passes(host, make_spec(memory_mb=memory_mb)) is passes


def test_ram_filter_counts_the_allocation_ratio(make_host_state, make_spec):
    host = make_host_state(memory_mb=1000, ram_allocation_ratio=1.5)
    assert rf.RamFilter().host_passes(host, make_spec(memory_mb=1500))
    assert not rf.RamFilter().host_passes(host, make_spec(memory_mb=1501))


@pytest.mark.parametrize('vcpus, passes', [(15, True), (16, False)])
def test_core_filter(make_host_state, make_spec, vcpus, passes):
    host = make_host_state(vcpus=4, cpu_allocation_ratio=4.0, vcpus_used=1)
    assert rf.CoreFilter().host_passes(host, make_spec(vcpus=vcpus)) is passes


@pytest.mark.parametrize('root_gb, ephemeral_gb, swap, passes', [
    (40, 0, 0, True), (30, 10, 0, True), (30, 9, 1024, True), (30, 10, 1, False),
    (41, 0, 0, False)])
def test_disk_filter_counts_root_ephemeral_and_swap(make_host_state, make_spec, root_gb,
                                                    ephemeral_gb, swap, passes):
    host = make_host_state(local_gb=60, local_gb_used=10, reserved_disk_gb=10)
    spec = make_spec(root_gb=root_gb, ephemeral_gb=ephemeral_gb, swap=swap)
    assert rf.DiskFilter().host_passes(host, spec) is passes
