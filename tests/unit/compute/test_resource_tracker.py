"""ResourceTracker: the node report built from the driver and the options."""
from nova_lite.compute import resource_tracker
from nova_lite.virt import fake


def test_report_carries_driver_totals_reserved_and_ratios(conf, make_service, admin_context):
    conf('reserved_host_memory_mb', 1024)
    conf('reserved_host_disk_mb', 1500)  # rounded up to whole GB
    conf('reserved_host_cpus', 1)
    conf('cpu_allocation_ratio', 2.0)
    conf('vcpus', 4, 'fake_driver')
    service = make_service('host1')
    driver = fake.FakeDriver()
    driver.init_host('host1')
    (node,) = resource_tracker.ResourceTracker('host1', driver).update_available_resource(
        admin_context, service.id)
    assert (node.host, node.hypervisor_hostname, node.hypervisor_type) == ('host1', 'host1',
                                                                           'fake')
    assert (node.vcpus, node.reserved_vcpus, node.cpu_allocation_ratio) == (4, 1, 2.0)
    assert (node.reserved_memory_mb, node.reserved_disk_gb) == (1024, 2)
    assert node.vcpus_capacity == 6
    assert node.running_vms == 0


def test_report_carries_the_driver_traits(conf, make_service, admin_context):
    conf('traits', ['CUSTOM_GOLD', 'HW_CPU_X86_SSE2', 'CUSTOM_GOLD'], 'fake_driver')
    service = make_service('host1')
    driver = fake.FakeDriver()
    driver.init_host('host1')
    (node,) = resource_tracker.ResourceTracker('host1', driver).update_available_resource(
        admin_context, service.id)
    assert node.traits == ['CUSTOM_GOLD', 'HW_CPU_X86_SSE2']
