"""SchedulerManager.select_destinations over a database of nodes and services."""
import datetime
import threading

import oslo_messaging as messaging
import pytest
import sqlalchemy as sa
from oslo_utils import timeutils
from oslo_utils import uuidutils

from nova_lite import exception
from nova_lite import objects
from nova_lite.db import api as db_api
from nova_lite.db import models
from nova_lite.scheduler import host_state
from nova_lite.scheduler import manager as scheduler_manager


@pytest.fixture
def cloud(make_service, make_node):
    """Compute hosts with 1, 2, 3 and 4 GiB of RAM (4 vCPUs, 100 GB each), all up."""
    nodes = {}
    for n in range(1, 5):
        service = make_service('host%d' % n)
        nodes['host%d' % n] = make_node('host%d' % n, memory_mb=1024 * n,
                                        service_id=service.id)
    return nodes


@pytest.fixture
def scheduler(db, conf):
    # each request reads the database: these tests change it between requests
    conf('host_state_cache_seconds', 0, 'scheduler')
    # RAM alone ranks the hosts these tests build (they differ in RAM only)
    conf('weight_classes', ['RAMWeigher'], 'filter_scheduler')
    return scheduler_manager.SchedulerManager('scheduler-host')


def _spec(admin_context, memory_mb=512, **fields):
    flavor = objects.Flavor(admin_context, flavorid='f', name='f', vcpus=1,
                            memory_mb=memory_mb, root_gb=1, ephemeral_gb=0, swap=0)
    values = dict(instance_uuid=uuidutils.generate_uuid(), flavor=flavor, ignore_hosts=[],
                  tried_hosts=[])
    values.update(fields)
    return objects.RequestSpec(admin_context, **values)


def _select(scheduler, context, spec, count=1):
    """select_destinations for count instances of spec (the first is spec's own)."""
    uuids = [spec.instance_uuid] + [uuidutils.generate_uuid() for _ in range(count - 1)]
    return scheduler.select_destinations(context, spec, uuids)


def _hosts(selection):
    return [h['host'] for h in selection]


def _allocations():
    with db_api.reader() as session:
        return [(row.instance_uuid, row.compute_node_id)
                for row in session.scalars(sa.select(models.Allocation))]


def _memory_used(context, node):
    return objects.ComputeNode.get_by_id(context, node.id).memory_mb_used


def test_chooses_and_claims_the_best_host_with_alternates(scheduler, cloud, admin_context):
    spec = _spec(admin_context)
    (selection,) = _select(scheduler, admin_context, spec)
    assert _hosts(selection) == ['host4', 'host3', 'host2']  # max_attempts 3
    assert selection[0] == {'host': 'host4', 'nodename': 'host4',
                            'compute_node_id': cloud['host4'].id, 'availability_zone': 'nova'}
    assert _allocations() == [(spec.instance_uuid, cloud['host4'].id)]
    assert _memory_used(admin_context, cloud['host4']) == 512


@pytest.mark.parametrize('max_attempts, count', [(1, 1), (2, 2), (10, 4)])
def test_alternates_are_capped_by_max_attempts(scheduler, cloud, admin_context, conf,
                                               max_attempts, count):
    conf('max_attempts', max_attempts, 'scheduler')
    (selection,) = _select(scheduler, admin_context, _spec(admin_context))
    assert len(selection) == count


def test_negative_ram_multiplier_stacks(scheduler, cloud, admin_context, conf):
    conf('ram_weight_multiplier', -1.0, 'filter_scheduler')
    (selection,) = _select(scheduler, admin_context, _spec(admin_context))
    assert _hosts(selection)[0] == 'host1'


def test_only_hosts_with_room_are_candidates(scheduler, cloud, admin_context):
    (selection,) = _select(scheduler, admin_context, _spec(admin_context, memory_mb=3000))
    assert _hosts(selection) == ['host4', 'host3']


def test_down_disabled_and_ignored_hosts_are_skipped(scheduler, cloud, admin_context):
    host4 = objects.Service.get_by_host_and_binary(admin_context, 'host4', 'nova-compute')
    host4.disabled = True
    host4.save()
    host3 = objects.Service.get_by_host_and_binary(admin_context, 'host3', 'nova-compute')
    host3.last_seen_up = timeutils.utcnow() - datetime.timedelta(hours=1)
    host3.save()
    spec = _spec(admin_context, ignore_hosts=['host2'])
    (selection,) = _select(scheduler, admin_context, spec)
    assert _hosts(selection) == ['host1']


def test_later_requests_see_earlier_claims(scheduler, cloud, admin_context):
    uuids = [uuidutils.generate_uuid(), uuidutils.generate_uuid()]
    first, second = scheduler.select_destinations(
        admin_context, _spec(admin_context, memory_mb=3000), uuids)
    assert _hosts(first)[0] == 'host4' and _hosts(second)[0] == 'host3'
    assert 'host4' not in _hosts(second)
    # each instance's claim is its own
    assert sorted(_allocations()) == sorted(zip(uuids, [cloud['host4'].id,
                                                        cloud['host3'].id]))


def test_a_one_zero_caller_sends_a_spec_per_instance(scheduler, cloud, admin_context):
    """RPC 1.0's form: a list of specs, each the same but for its instance."""
    specs = [_spec(admin_context, memory_mb=3000), _spec(admin_context, memory_mb=3000)]
    uuids = [spec.instance_uuid for spec in specs]
    first, second = scheduler.select_destinations(admin_context, request_specs=specs)
    assert (_hosts(first)[0], _hosts(second)[0]) == ('host4', 'host3')
    assert sorted(_allocations()) == sorted(zip(uuids, [cloud['host4'].id,
                                                        cloud['host3'].id]))


def test_no_valid_host_releases_every_claim(scheduler, cloud, admin_context):
    with pytest.raises(messaging.ExpectedException) as error:
        _select(scheduler, admin_context, _spec(admin_context, memory_mb=3000), 3)
    assert error.value.exc_info[0] is exception.NoValidHost
    assert _allocations() == []
    assert all(_memory_used(admin_context, node) == 0 for node in cloud.values())


def test_no_valid_host_gives_the_cached_room_back(scheduler, cloud, admin_context, conf):
    """The claims released on NoValidHost are free in the cached host states too: the
    next request within host_state_cache_seconds goes to the host with the most room
    (host4; before, the cache still counted the released 3000 MB there: host2)."""
    conf('host_state_cache_seconds', 3600, 'scheduler')
    with pytest.raises(messaging.ExpectedException):
        _select(scheduler, admin_context, _spec(admin_context, memory_mb=3000), 3)
    [selection] = _select(scheduler, admin_context, _spec(admin_context, memory_mb=1000))
    assert _hosts(selection)[0] == 'host4'


def test_no_compute_hosts_at_all(scheduler, admin_context):
    with pytest.raises(messaging.ExpectedException) as error:
        _select(scheduler, admin_context, _spec(admin_context))
    assert error.value.exc_info[0] is exception.NoValidHost
    assert 'not enough hosts' in str(error.value.exc_info[1])


def test_lost_race_falls_through_to_the_next_host(scheduler, cloud, admin_context,
                                                  monkeypatch):
    stale = host_state.get_host_states(admin_context)
    monkeypatch.setattr(host_state, 'get_host_states', lambda context: stale)
    # another scheduler fills host4 after our view of it was taken
    objects.Allocation.claim(admin_context, cloud['host4'].id, uuidutils.generate_uuid(),
                             vcpus=1, memory_mb=4096, disk_gb=1)
    spec = _spec(admin_context)
    (selection,) = _select(scheduler, admin_context, spec)
    assert _hosts(selection)[0] == 'host3'
    assert (spec.instance_uuid, cloud['host3'].id) in _allocations()


def test_host_subset_size_picks_among_the_best(scheduler, cloud, admin_context, conf):
    conf('host_subset_size', 2, 'filter_scheduler')
    chosen = set()
    for _ in range(8):
        spec = _spec(admin_context, memory_mb=1)
        (selection,) = _select(scheduler, admin_context, spec)
        chosen.add(_hosts(selection)[0])
        objects.Allocation.release(admin_context, spec.instance_uuid)
    assert chosen <= {'host4', 'host3'}


def test_unknown_filter_in_configuration_fails_at_start(db, conf):
    conf('enabled_filters', ['RamFilter', 'NoSuchFilter'], 'filter_scheduler')
    with pytest.raises(ValueError, match='NoSuchFilter'):
        scheduler_manager.SchedulerManager('scheduler-host')


def test_requests_placed_at_once_do_not_pile_on_one_host(scheduler, cloud, admin_context,
                                                         conf, monkeypatch):
    """Two requests on two RPC threads: the second ranks while the first still claims,
    and must see the room the first takes (the scheduler spreads concurrent boots)."""
    conf('host_state_cache_seconds', 60, 'scheduler')  # one cached view for both
    claiming, go_on = threading.Event(), threading.Event()
    real_claim = objects.Allocation.claim

    def slow_claim(context, *args, **kwargs):
        if not claiming.is_set():
            claiming.set()
            assert go_on.wait(30)
        return real_claim(context, *args, **kwargs)
    monkeypatch.setattr(objects.Allocation, 'claim', slow_claim)
    specs = [_spec(admin_context, memory_mb=3000), _spec(admin_context, memory_mb=3000)]
    chosen = {}

    def place(spec):
        (selection,) = _select(scheduler, admin_context, spec)
        chosen[spec.instance_uuid] = _hosts(selection)[0]
    first = threading.Thread(target=place, args=(specs[0],))
    first.start()
    assert claiming.wait(30)
    place(specs[1])  # while the first is claiming host4
    go_on.set()
    first.join(30)
    assert chosen == {specs[0].instance_uuid: 'host4', specs[1].instance_uuid: 'host3'}
