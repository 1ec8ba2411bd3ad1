"""/os-services: list (admin)."""
from oslo_config import cfg

from nova_lite import objects
from nova_lite import policy
from nova_lite.api import common
from nova_lite.api import wsgi

CONF = cfg.CONF


def service_view(service):
    return {
        'id': service.id,
        'binary': service.binary,
        'host': service.host,
        'zone': (CONF.default_availability_zone if service.binary == 'nova-compute'
                 else CONF.internal_service_availability_zone),
        'status': 'disabled' if service.disabled else 'enabled',
        'state': 'up' if service.is_up() else 'down',
        'updated_at': common.isotime_usec(service.updated_at or service.last_seen_up),
        'disabled_reason': service.disabled_reason,
    }


class ServicesController:
    @wsgi.expected_errors(())
    def index(self, req):
        policy.authorize(req.context, 'os_compute_api:os-services:list', {})
        services = objects.ServiceList.get_all(req.context, binary=req.GET.get('binary'),
                                               host=req.GET.get('host'))
        return {'services': [service_view(service) for service in services]}
