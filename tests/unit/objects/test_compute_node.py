"""ComputeNode reports and the compare-and-set Allocation claims."""
import threading

import pytest
import sqlalchemy as sa
from oslo_utils import uuidutils

from nova_lite import exception
from nova_lite import objects
from nova_lite.db import api as db_api
from nova_lite.db import models


def _claim(context, node, vcpus=1, memory_mb=512, disk_gb=1, instance_uuid=None):
    return objects.Allocation.claim(context, node.id, instance_uuid or uuidutils.generate_uuid(),
                                    vcpus=vcpus, memory_mb=memory_mb, disk_gb=disk_gb)


def _allocation_sums(node_id):
    with db_api.reader() as session:
        return tuple(session.execute(sa.select(
            sa.func.coalesce(sa.func.sum(models.Allocation.vcpus), 0),
            sa.func.coalesce(sa.func.sum(models.Allocation.memory_mb), 0),
            sa.func.coalesce(sa.func.sum(models.Allocation.disk_gb), 0))
            .where(models.Allocation.compute_node_id == node_id)).one())


def _used(context, node):
    node = objects.ComputeNode.get_by_id(context, node.id)
    return node.vcpus_used, node.memory_mb_used, node.local_gb_used


def test_report_creates_the_node(make_service, make_node, admin_context):
    service = make_service('host1')
    node = make_node('host1', vcpus=8, memory_mb=16384, local_gb=600, service_id=service.id,
                     cpu_allocation_ratio=4.0, reserved_memory_mb=512, not_a_field='ignored')
    assert (node.host, node.hypervisor_hostname, node.service_id) == ('host1', 'host1',
                                                                       service.id)
    assert (node.vcpus, node.memory_mb, node.local_gb) == (8, 16384, 600)
    assert (node.vcpus_used, node.memory_mb_used, node.local_gb_used) == (0, 0, 0)
    assert node.vcpus_capacity == 32
    assert node.memory_mb_capacity == 16384 - 512
    found = objects.ComputeNode.get_by_host_and_nodename(admin_context, 'host1', 'host1')
    assert found.uuid == node.uuid
    assert objects.ComputeNode.get_by_uuid(admin_context, node.uuid).id == node.id


def test_report_again_updates_the_same_node(make_node, admin_context):
    node = make_node('host1', memory_mb=4096)
    again = make_node('host1', memory_mb=8192, running_vms=3)
    assert again.id == node.id and again.uuid == node.uuid
    assert (again.memory_mb, again.running_vms) == (8192, 3)
    assert again.updated_at is not None
    assert len(objects.ComputeNodeList.get_all(admin_context)) == 1


def test_report_keeps_the_traits(make_node, admin_context):
    node = make_node('host1')
    assert node.traits == []  # never reported any
    node = make_node('host1', traits=['HW_CPU_X86_SSE2', 'CUSTOM_GOLD'])
    found = objects.ComputeNode.get_by_id(admin_context, node.id)
    assert found.traits == ['HW_CPU_X86_SSE2', 'CUSTOM_GOLD']
    assert objects.ComputeNodeList.get_all(admin_context)[0].traits == found.traits
    make_node('host1', memory_mb=8192)  # a report without traits keeps them
    assert objects.ComputeNode.get_by_id(admin_context, node.id).traits == found.traits
    make_node('host1', traits=[])
    assert objects.ComputeNode.get_by_id(admin_context, node.id).traits == []


def test_traits_are_not_sent_to_an_older_reader(make_node):
    node = make_node('host1', traits=['CUSTOM_GOLD'])
    data = node.obj_to_primitive(target_version='1.1')['nova_lite_object.data']
    assert 'traits' not in data and data['failed_builds'] == 0
    assert node.obj_to_primitive()['nova_lite_object.data']['traits'] == ['CUSTOM_GOLD']


def test_report_recomputes_used_counters_from_allocations(make_node, admin_context):
    node = make_node('host1')
    _claim(admin_context, node, vcpus=2, memory_mb=1024, disk_gb=10)
    _claim(admin_context, node, vcpus=1, memory_mb=512, disk_gb=5)
    with db_api.writer() as session:  # counters that drifted from the claims
        session.execute(sa.update(models.ComputeNode).values(
            vcpus_used=99, memory_mb_used=0, local_gb_used=-4))
    refreshed = make_node('host1')
    assert (refreshed.vcpus_used, refreshed.memory_mb_used, refreshed.local_gb_used) == (
        3, 1536, 15)


def test_report_does_not_take_used_counters_from_the_host(make_node):
    node = make_node('host1', vcpus_used=3, memory_mb_used=100)
    assert (node.vcpus_used, node.memory_mb_used) == (0, 0)


def test_node_list_and_destroy(make_node, admin_context):
    make_node('host1')
    node2 = make_node('host2')
    assert [n.host for n in objects.ComputeNodeList.get_all(admin_context, host='host2')] == [
        'host2']
    node2.destroy()
    assert [n.host for n in objects.ComputeNodeList.get_all(admin_context)] == ['host1']
    with pytest.raises(exception.ComputeNodeNotFound):
        objects.ComputeNode.get_by_id(admin_context, node2.id)


def test_claim_records_allocation_and_counts_it(make_node, admin_context):
    node = make_node('host1')
    allocation = _claim(admin_context, node, vcpus=2, memory_mb=1024, disk_gb=10)
    assert (allocation.compute_node_id, allocation.vcpus) == (node.id, 2)
    assert _used(admin_context, node) == (2, 1024, 10)
    assert _allocation_sums(node.id) == (2, 1024, 10)


@pytest.mark.parametrize('resources', [dict(vcpus=5), dict(memory_mb=4097),
                                       dict(disk_gb=101)])
def test_claim_over_capacity_fails_and_changes_nothing(make_node, admin_context, resources):
    node = make_node('host1', vcpus=4, memory_mb=4096, local_gb=100)
    with pytest.raises(exception.ResourceClaimFailed):
        _claim(admin_context, node, **resources)
    assert _used(admin_context, node) == (0, 0, 0)
    assert _allocation_sums(node.id) == (0, 0, 0)


def test_claim_up_to_exact_capacity_then_fails(make_node, admin_context):
    node = make_node('host1', vcpus=4, memory_mb=4096, local_gb=100)
    _claim(admin_context, node, vcpus=3, memory_mb=4000, disk_gb=99)
    _claim(admin_context, node, vcpus=1, memory_mb=96, disk_gb=1)
    with pytest.raises(exception.ResourceClaimFailed):
        _claim(admin_context, node, vcpus=1, memory_mb=0, disk_gb=0)


def test_claim_respects_reserved_amounts(make_node, admin_context):
    node = make_node('host1', memory_mb=4096, reserved_memory_mb=1024, local_gb=100,
                     reserved_disk_gb=50, vcpus=4, reserved_vcpus=1)
    assert (node.free_ram_mb, node.free_disk_gb, node.free_vcpus) == (3072, 50, 3)
    with pytest.raises(exception.ResourceClaimFailed):
        _claim(admin_context, node, memory_mb=3073)
    with pytest.raises(exception.ResourceClaimFailed):
        _claim(admin_context, node, disk_gb=51)
    with pytest.raises(exception.ResourceClaimFailed):
        _claim(admin_context, node, vcpus=4)
    _claim(admin_context, node, vcpus=3, memory_mb=3072, disk_gb=50)


def test_claim_respects_allocation_ratios(make_node, admin_context):
    node = make_node('host1', vcpus=2, cpu_allocation_ratio=4.0, memory_mb=1000,
                     ram_allocation_ratio=1.5, local_gb=10, disk_allocation_ratio=0.5)
    assert (node.vcpus_capacity, node.memory_mb_capacity, node.disk_gb_capacity) == (8, 1500, 5)
    _claim(admin_context, node, vcpus=8, memory_mb=1500, disk_gb=5)
    for resources in (dict(vcpus=1, memory_mb=0, disk_gb=0),
                      dict(vcpus=0, memory_mb=1, disk_gb=0),
                      dict(vcpus=0, memory_mb=0, disk_gb=1)):
        with pytest.raises(exception.ResourceClaimFailed):
            _claim(admin_context, node, **resources)


def test_claim_on_deleted_node_fails(make_node, admin_context):
    node = make_node('host1')
    node.destroy()
    with pytest.raises(exception.ResourceClaimFailed):
        _claim(admin_context, node)


def test_release_gives_back_and_is_idempotent(make_node, admin_context):
    node = make_node('host1')
    kept = _claim(admin_context, node, vcpus=1, memory_mb=256, disk_gb=2)
    instance_uuid = uuidutils.generate_uuid()
    _claim(admin_context, node, vcpus=2, memory_mb=1024, disk_gb=10, instance_uuid=instance_uuid)
    assert objects.Allocation.release(admin_context, instance_uuid) == 1
    assert _used(admin_context, node) == (1, 256, 2)
    assert objects.Allocation.release(admin_context, instance_uuid) == 0
    assert _used(admin_context, node) == (1, 256, 2)
    assert objects.Allocation.release(admin_context, kept.instance_uuid) == 1
    assert _used(admin_context, node) == (0, 0, 0)


def test_release_frees_room_for_a_new_claim(make_node, admin_context):
    node = make_node('host1', vcpus=1)
    first = _claim(admin_context, node)
    with pytest.raises(exception.ResourceClaimFailed):
        _claim(admin_context, node)
    objects.Allocation.release(admin_context, first.instance_uuid)
    _claim(admin_context, node)


def test_concurrent_claims_never_oversubscribe(make_node, admin_context):
    """N threads race for a node with room for exactly K claims: exactly K win."""
    threads_count, room = 16, 5
    node = make_node('host1', vcpus=room, memory_mb=room * 512, local_gb=room)
    barrier = threading.Barrier(threads_count)
    results = []
    results_lock = threading.Lock()

    def claim():
        barrier.wait()
        try:
            _claim(admin_context, node, vcpus=1, memory_mb=512, disk_gb=1)
            outcome = 'claimed'
        except exception.ResourceClaimFailed:
            outcome = 'refused'
        except Exception as error:  # anything else is a failure of the test
            outcome = repr(error)
        with results_lock:
            results.append(outcome)

    threads = [threading.Thread(target=claim) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ['claimed'] * room + ['refused'] * (threads_count - room)
    assert _used(admin_context, node) == (room, room * 512, room)
    assert _allocation_sums(node.id) == _used(admin_context, node)
