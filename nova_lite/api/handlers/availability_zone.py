"""/os-availability-zone (everyone) and /os-availability-zone/detail (admin)."""
from nova_lite import availability_zones
from nova_lite import objects
from nova_lite import policy
from nova_lite.api import common
from nova_lite.api import wsgi


def _zone(name, available, hosts=None):
    return {'zoneName': name, 'zoneState': {'available': available}, 'hosts': hosts}


class AvailabilityZoneController:
    @wsgi.expected_errors(())
    def index(self, req):
        policy.authorize(req.context, 'os_compute_api:os-availability-zone:list', {})
        available, unavailable = availability_zones.get_availability_zones(req.context)
        return {'availabilityZoneInfo': [_zone(z, True) for z in available] +
                                        [_zone(z, False) for z in unavailable]}

    @wsgi.expected_errors(())
    def detail(self, req):
        """Every zone with its hosts and their services; 'internal' holds the
        services that are not compute services."""
        context = req.context
        policy.authorize(context, 'os_compute_api:os-availability-zone:detail', {})
        zones = availability_zones.host_zones(context)
        by_zone = {}
        for service in objects.ServiceList.get_all(context):
            zone = availability_zones.service_zone(service, zones)
            hosts = by_zone.setdefault(zone, {})
            hosts.setdefault(service.host, {})[service.binary] = {
                'available': service.is_up(), 'active': not service.disabled,
                'updated_at': common.isotime_usec(service.updated_at or
                                                  service.last_seen_up)}
        available, _ = availability_zones.get_availability_zones(context)
        return {'availabilityZoneInfo': [
            _zone(name, name in available or
                  name == availability_zones.CONF.internal_service_availability_zone, hosts)
            for name, hosts in sorted(by_zone.items())]}
