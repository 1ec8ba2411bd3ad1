"""Aggregates and the zone rules they enforce."""
import pytest

from nova_lite import availability_zones
from nova_lite import exception
from nova_lite import objects


def _aggregate(context, name, zone=None, hosts=()):
    agg = objects.Aggregate(context, name=name,
                            metadata={'availability_zone': zone} if zone else {})
    agg.create()
    for host in hosts:
        agg.add_host(host)
    return agg


def test_zone_of_a_host(db, conf, admin_context):
    _aggregate(admin_context, 'a', 'west', hosts=['h1'])
    _aggregate(admin_context, 'plain', hosts=['h1', 'h2'])
    assert availability_zones.host_zone(admin_context, 'h1') == 'west'
    assert availability_zones.host_zone(admin_context, 'h2') == 'nova'
    assert availability_zones.host_zones(admin_context) == {'h1': 'west'}


def test_a_host_is_in_one_zone(db, conf, admin_context):
    _aggregate(admin_context, 'a', 'west', hosts=['h1'])
    east = _aggregate(admin_context, 'b', 'east')
    with pytest.raises(exception.InvalidAggregateAction) as error:
        east.add_host('h1')
    assert "already in availability zone(s) ['west']" in error.value.format_message()
    same = _aggregate(admin_context, 'c', 'west')
    same.add_host('h1')  # the same zone twice is fine
    plain = _aggregate(admin_context, 'd', hosts=['h1'])
    with pytest.raises(exception.InvalidAggregateAction):
        plain.update(metadata={'availability_zone': 'east'})


@pytest.mark.parametrize('zone', ['', 'internal'])
def test_zone_names_that_cannot_be(db, conf, admin_context, zone):
    with pytest.raises(exception.InvalidAggregateAction):
        _aggregate(admin_context, 'a').update(metadata={'availability_zone': zone})


def test_names_are_unique_and_only_empty_aggregates_go(db, conf, admin_context):
    agg = _aggregate(admin_context, 'a', hosts=['h1'])
    with pytest.raises(exception.AggregateNameExists):
        _aggregate(admin_context, 'a')
    with pytest.raises(exception.AggregateHostExists):
        agg.add_host('h1')
    with pytest.raises(exception.InvalidAggregateAction):
        agg.destroy()
    agg.delete_host('h1')
    with pytest.raises(exception.AggregateHostNotFound):
        agg.delete_host('h1')
    agg.destroy()
    with pytest.raises(exception.AggregateNotFound):
        objects.Aggregate.get_by_id(admin_context, agg.id)


@pytest.mark.parametrize('value, parsed', [
    ('nova', ('nova', None, None)), ('nova:h1', ('nova', 'h1', None)),
    ('nova:h1:n1', ('nova', 'h1', 'n1')), ('nova::n1', ('nova', None, 'n1')),
    (':h1', (None, 'h1', None)), (None, (None, None, None))])
def test_parse_zone(value, parsed):
    assert availability_zones.parse_zone(value) == parsed
