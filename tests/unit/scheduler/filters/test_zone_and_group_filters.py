"""AvailabilityZoneFilter and the server group filters."""
import pytest

from nova_lite import objects
from nova_lite.scheduler.filters import affinity_filter
from nova_lite.scheduler.filters import availability_zone_filter


def test_zone_filter(make_host_state, make_spec):
    west = make_host_state('a')
    west.availability_zone = 'west'
    nova = make_host_state('b')
    zone_filter = availability_zone_filter.AvailabilityZoneFilter()
    assert zone_filter.filter_all([west, nova], make_spec(availability_zone='west')) == [west]
    assert zone_filter.filter_all([west, nova], make_spec()) == [west, nova]


def _group(context, policy, hosts, rules=None):
    return objects.InstanceGroup(context, uuid='1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5e',
                                 policy=policy, rules=rules or {}, hosts=hosts, members=[])


@pytest.mark.parametrize('policy, hosts, rules, passing', [
    ('anti-affinity', [], None, ['a', 'b']),
    ('anti-affinity', ['a'], None, ['b']),
    ('anti-affinity', ['a'], {'max_server_per_host': 2}, ['a', 'b']),
    ('anti-affinity', ['a', 'a'], {'max_server_per_host': 2}, ['b']),
    ('affinity', [], None, ['a', 'b']),
    ('affinity', ['b'], None, ['b']),
    ('soft-anti-affinity', ['a'], None, ['a', 'b']),
])
def test_group_filters(make_host_state, make_spec, admin_context, policy, hosts, rules,
                       passing):
    states = [make_host_state('a'), make_host_state('b')]
    spec = make_spec(instance_group=_group(admin_context, policy, hosts, rules))
    for group_filter in (affinity_filter.ServerGroupAffinityFilter(),
                         affinity_filter.ServerGroupAntiAffinityFilter()):
        states = group_filter.filter_all(states, spec)
    assert [h.host for h in states] == passing
