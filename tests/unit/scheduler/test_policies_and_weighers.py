"""CPU/Disk/NumInstances/soft-affinity weighers, placement policies, same/different
host hints and the host-state cache."""
import pytest

from nova_lite import objects
from nova_lite.scheduler import manager as scheduler_manager
from nova_lite.scheduler import weights
from nova_lite.scheduler.filters import same_host
from nova_lite.scheduler.weights import affinity
from nova_lite.scheduler.weights import resources


def _names(hosts):
    return [h.host for h in hosts]


def test_cpu_and_disk_weighers_spread_and_stack(make_host_state, make_spec, conf):
    hosts = [make_host_state('small', vcpus=2, local_gb=10),
             make_host_state('big', vcpus=16, local_gb=500)]
    for weigher, option in ((resources.CPUWeigher(), 'cpu_weight_multiplier'),
                            (resources.DiskWeigher(), 'disk_weight_multiplier')):
        assert _names(weights.weigh_hosts([weigher], hosts, make_spec())) == ['big', 'small']
        conf(option, -1.0, 'filter_scheduler')
        assert _names(weights.weigh_hosts([weigher], hosts, make_spec())) == ['small', 'big']


def test_num_instances_weigher_is_neutral_by_default(make_host_state, make_spec, conf):
    hosts = [make_host_state('idle', running_vms=0), make_host_state('busy', running_vms=9)]
    weigher = resources.NumInstancesWeigher()
    assert _names(weights.weigh_hosts([weigher], hosts, make_spec())) == ['idle', 'busy']
    conf('num_instances_weight_multiplier', 1.0, 'filter_scheduler')
    assert _names(weights.weigh_hosts([weigher], hosts, make_spec())) == ['busy', 'idle']


@pytest.mark.parametrize('policy, expected', [('soft-affinity', ['with', 'without']),
                                              ('soft-anti-affinity', ['without', 'with'])])
def test_soft_group_weighers(make_host_state, make_spec, admin_context, policy, expected):
    hosts = [make_host_state('without'), make_host_state('with')]
    group = objects.InstanceGroup(admin_context, policy=policy, hosts=['with'], rules={})
    spec = make_spec(instance_group=group)
    weighers = [affinity.ServerGroupSoftAffinityWeigher(),
                affinity.ServerGroupSoftAntiAffinityWeigher()]
    assert _names(weights.weigh_hosts(weighers, hosts, spec)) == expected


def test_soft_group_weighers_ignore_other_policies(make_host_state, make_spec, admin_context):
    hosts = [make_host_state('a'), make_host_state('b')]
    group = objects.InstanceGroup(admin_context, policy='affinity', hosts=['b'], rules={})
    weigher = affinity.ServerGroupSoftAffinityWeigher()
    assert [weigher.weigh(h, make_spec(instance_group=group)) for h in hosts] == [0, 0]


@pytest.fixture
def scheduler(db, conf):
    conf('host_state_cache_seconds', 0, 'scheduler')
    return scheduler_manager.SchedulerManager('scheduler-host')


def test_least_loaded_policy(scheduler, make_host_state, make_spec, conf):
    conf('placement_policy', 'least_loaded', 'filter_scheduler')
    hosts = [make_host_state('busy', running_vms=5, memory_mb=9000),
             make_host_state('quiet', running_vms=1)]
    assert _names(scheduler._order(hosts, make_spec())) == ['quiet', 'busy']


def test_random_policies(scheduler, make_host_state, make_spec, conf):
    hosts = [make_host_state('a%d' % i) for i in range(6)]
    for host, zone in zip(hosts, ['z1', 'z1', 'z1', 'z2', 'z2', 'z2']):
        host.availability_zone = zone
    conf('placement_policy', 'random', 'filter_scheduler')
    orders = {tuple(_names(scheduler._order(hosts, make_spec()))) for _ in range(30)}
    assert len(orders) > 1 and all(sorted(o) == sorted(_names(hosts)) for o in orders)
    conf('placement_policy', 'random_in_zone', 'filter_scheduler')
    ordered = scheduler._order(hosts, make_spec(availability_zone='z2'))
    assert sorted(_names(ordered)) == ['a3', 'a4', 'a5']
    zones = {frozenset(h.availability_zone for h in scheduler._order(hosts, make_spec()))
             for _ in range(30)}
    assert zones == {frozenset(['z1']), frozenset(['z2'])}


def test_same_and_different_host_hints(make_instance, make_host_state, make_spec):
    on_a = make_instance(host='a')
    hosts = [make_host_state('a'), make_host_state('b')]
    same = make_spec(scheduler_hints={'same_host': [on_a.uuid]})
    different = make_spec(scheduler_hints={'different_host': [on_a.uuid]})
    assert _names(same_host.SameHostFilter().filter_all(hosts, same)) == ['a']
    assert _names(same_host.DifferentHostFilter().filter_all(hosts, different)) == ['b']
    assert _names(same_host.SameHostFilter().filter_all(hosts, make_spec())) == ['a', 'b']


def test_host_states_are_cached_between_requests(db, conf, admin_context, monkeypatch):
    conf('host_state_cache_seconds', 60, 'scheduler')
    reads = []
    monkeypatch.setattr(scheduler_manager.host_state, 'get_host_states',
                        lambda context: reads.append(1) or [])
    scheduler = scheduler_manager.SchedulerManager('scheduler-host')
    scheduler._get_host_states(admin_context)
    scheduler._get_host_states(admin_context)
    assert len(reads) == 1
    scheduler._forget_host_states()  # what a lost claim does
    scheduler._get_host_states(admin_context)
    assert len(reads) == 2


def test_a_stale_full_view_is_read_again_before_no_valid_host(db, conf, admin_context,
                                                              make_service, make_node):
    conf('host_state_cache_seconds', 3600, 'scheduler')
    service = make_service('only')
    node = make_node('only', vcpus=1, memory_mb=1024, service_id=service.id)
    flavor = objects.Flavor(admin_context, flavorid='f', name='f', vcpus=1, memory_mb=512,
                            root_gb=1, ephemeral_gb=0, swap=0)

    def spec(uuid):
        return objects.RequestSpec(admin_context, instance_uuid=uuid, flavor=flavor,
                                   ignore_hosts=[], tried_hosts=[])
    scheduler = scheduler_manager.SchedulerManager('scheduler-host')
    first = '11111111-1111-4111-8111-111111111111'
    scheduler.select_destinations(admin_context, spec(first), [first])  # the cache: full
    objects.Allocation.release(admin_context, first)           # a delete frees the host
    second = '22222222-2222-4222-8222-222222222222'
    (selection,) = scheduler.select_destinations(admin_context, spec(second), [second])
    assert selection[0]['compute_node_id'] == node.id


def test_build_failure_weigher_makes_a_failing_host_the_last_resort(make_host_state,
                                                                     make_spec):
    roomy_but_failing = make_host_state('failing', memory_mb=65536, failed_builds=3)
    small = make_host_state('healthy', memory_mb=2048)
    from nova_lite.scheduler.weights import ram
    ranked = weights.weigh_hosts([ram.RAMWeigher(), resources.BuildFailureWeigher()],
                                 [roomy_but_failing, small], make_spec())
    assert _names(ranked) == ['healthy', 'failing']
