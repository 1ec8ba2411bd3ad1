"""Availability zones: a compute host is in the zone its zone aggregate names,
else in [DEFAULT] default_availability_zone; every other service is in
[DEFAULT] internal_service_availability_zone."""
from oslo_config import cfg

from nova_lite import objects
from nova_lite.objects import aggregate as aggregate_obj

CONF = cfg.CONF


def host_zones(context):
    """{host: zone} of the hosts that are in a zone aggregate."""
    return aggregate_obj.host_zones(objects.AggregateList.get_all(context))


def host_zone(context, host):
    zones = aggregate_obj.host_zones(objects.AggregateList.get_all(context, host=host))
    return zones.get(host, CONF.default_availability_zone)


def service_zone(service, zones):
    """The zone of a service, given host_zones()."""
    if service.binary != 'nova-compute':
        return CONF.internal_service_availability_zone
    return zones.get(service.host, CONF.default_availability_zone)


def get_availability_zones(context):
    """(available, not available) zone names, sorted: a zone is available when
    one of its compute services is enabled, not available when all are disabled."""
    zones = host_zones(context)
    available, unavailable = set(), set()
    for service in objects.ServiceList.get_all(context, binary='nova-compute'):
        (unavailable if service.disabled else available).add(service_zone(service, zones))
    return sorted(available), sorted(unavailable - available)


def parse_zone(value):
    """(zone, host, node) from 'zone', 'zone:host', 'zone:host:node' or 'zone::node'."""
    zone, _, rest = (value or '').partition(':')
    host, _, node = rest.partition(':')
    return zone or None, host or None, node or None
