"""HostState: what the scheduler knows of one node while it decides."""
from nova_lite.scheduler import host_state


def test_free_figures_come_from_the_node(make_host_state):
    host = make_host_state(vcpus=4, cpu_allocation_ratio=2.0, vcpus_used=3, memory_mb=4096,
                           reserved_memory_mb=512, memory_mb_used=1024, local_gb=100,
                           local_gb_used=40, running_vms=2)
    assert (host.free_vcpus, host.free_ram_mb, host.free_disk_gb) == (5, 2560, 60)
    assert host.total_usable_ram_mb == 3584
    assert host.num_instances == 2


def test_traits_come_from_the_node(make_host_state):
    assert make_host_state(traits=['CUSTOM_GOLD', 'HW_CPU_X86_SSE2']).traits == {
        'CUSTOM_GOLD', 'HW_CPU_X86_SSE2'}
    assert make_host_state().traits == frozenset()  # a node that reported none


def test_consume_accounts_for_a_claim(make_host_state, make_spec):
    host = make_host_state(vcpus=4, memory_mb=4096, local_gb=100)
    host.consume(make_spec(vcpus=2, memory_mb=1024, root_gb=10, ephemeral_gb=5).resources)
    assert (host.free_vcpus, host.free_ram_mb, host.free_disk_gb) == (2, 3072, 85)
    assert host.num_instances == 1


def test_as_selection(make_host_state):
    host = make_host_state('host7', node_id=42)
    assert host.as_selection() == {'host': 'host7', 'nodename': 'host7',
                                   'compute_node_id': 42, 'availability_zone': 'nova'}


def test_host_without_service_is_disabled_and_down(make_host_state):
    host = make_host_state(service=None)
    assert host.service_disabled and not host.service_up


def test_get_host_states_joins_nodes_with_compute_services(make_service, make_node,
                                                           admin_context):
    make_service('host1')
    make_service('host2', binary='nova-scheduler')  # not a compute service
    make_node('host1', memory_mb=2048, traits=['CUSTOM_GOLD'])
    make_node('host2', memory_mb=1024)
    states = {s.host: s for s in host_state.get_host_states(admin_context)}
    assert (states['host1'].traits, states['host2'].traits) == ({'CUSTOM_GOLD'}, set())
    assert set(states) == {'host1', 'host2'}
    assert states['host1'].service.binary == 'nova-compute'
    assert states['host1'].service_up and not states['host1'].service_disabled
    assert states['host2'].service is None
    assert states['host1'].free_ram_mb == 2048
