"""/os-services (admin): list, enable/disable/force down, delete.

Until 2.52 a service is changed by host and binary through
PUT /os-services/{enable,disable,disable-log-reason,force-down} and deleted
by integer id; from 2.53 it is addressed by its UUID (PUT and DELETE
/os-services/{service_id}). 2.11 adds forced_down.
"""
import webob.exc
from oslo_config import cfg
from oslo_utils import strutils
from oslo_utils import uuidutils

from nova_lite import availability_zones
from nova_lite import objects
from nova_lite import policy
from nova_lite.api import common
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.schemas import services as schema

CONF = cfg.CONF


def service_view(req, service, zones):
    version = req.api_version_request
    body = {
        'id': service.uuid if version >= '2.53' else service.id,
        'binary': service.binary,
        'host': service.host,
        'zone': availability_zones.service_zone(service, zones),
        'status': 'disabled' if service.disabled else 'enabled',
        'state': 'up' if service.is_up() else 'down',
        'updated_at': common.isotime_usec(service.updated_at or service.last_seen_up),
        'disabled_reason': service.disabled_reason,
    }
    if version >= '2.11':
        body['forced_down'] = service.forced_down
    return body


class ServicesController:
    @wsgi.expected_errors(())
    def index(self, req):
        policy.authorize(req.context, 'os_compute_api:os-services:list', {})
        services = objects.ServiceList.get_all(req.context, binary=req.GET.get('binary'),
                                               host=req.GET.get('host'))
        zones = availability_zones.host_zones(req.context)
        return {'services': [service_view(req, service, zones) for service in services]}

    @wsgi.expected_errors((400, 404))
    @validation.schema(schema.update_v253, '2.53')
    def update(self, req, id, body):
        policy.authorize(req.context, 'os_compute_api:os-services:update', {})
        if req.api_version_request >= '2.53':
            return self._update_v253(req, id, body)
        return self._update_by_host_and_binary(req, id, body)

    def _update_by_host_and_binary(self, req, action, body):
        if action == 'force-down':
            common.require_version(req, '2.11')
        changes = {'enable': {'disabled': False, 'disabled_reason': None},
                   'disable': {'disabled': True},
                   'disable-log-reason': {'disabled': True}}.get(action)
        if action == 'force-down':
            validation.validate(schema.service_force_down, body)
            changes = {'forced_down': strutils.bool_from_string(body['forced_down'])}
        elif changes is None:
            raise webob.exc.HTTPNotFound(explanation='Unknown action')
        else:
            validation.validate(schema.service_update, body)
        if action == 'disable-log-reason':
            if not body.get('disabled_reason'):
                raise webob.exc.HTTPBadRequest(explanation='Missing disabled reason field')
            changes['disabled_reason'] = body['disabled_reason']
        service = objects.Service.get_by_host_and_binary(req.context, body['host'],
                                                         body['binary'])
        self._save(service, changes)
        shown = {'host': service.host, 'binary': service.binary}
        shown.update({k: v for k, v in body.items() if k in ('disabled_reason', 'forced_down')})
        if 'disabled' in changes:
            shown['status'] = 'disabled' if service.disabled else 'enabled'
        return {'service': shown}

    @staticmethod
    def _save(service, changes):
        for key, value in changes.items():
            setattr(service, key, value)
        service.save()

    def _update_v253(self, req, id, body):
        service = self._get_by_uuid(req.context, id)
        if 'status' not in body and 'forced_down' not in body:
            raise webob.exc.HTTPBadRequest(explanation=(
                "At least one of 'status' or 'forced_down' must be specified in the "
                "request body."))
        if service.binary != 'nova-compute':
            raise webob.exc.HTTPBadRequest(explanation=(
                'Updating a %s service is not supported. Only nova-compute services can be '
                'updated.' % service.binary))
        changes = {}
        if body.get('status') == 'enabled':
            if 'disabled_reason' in body:
                raise webob.exc.HTTPBadRequest(explanation=(
                    "Specifying 'disabled_reason' with status 'enabled' is invalid."))
            changes.update(disabled=False, disabled_reason=None)
        elif body.get('status') == 'disabled':
            changes.update(disabled=True, disabled_reason=body.get('disabled_reason'))
        if 'forced_down' in body:
            changes['forced_down'] = strutils.bool_from_string(body['forced_down'])
        self._save(service, changes)
        return {'service': service_view(req, service,
                                        availability_zones.host_zones(req.context))}

    @staticmethod
    def _get_by_uuid(context, id):
        if not uuidutils.is_uuid_like(id):
            raise webob.exc.HTTPBadRequest(explanation='Invalid uuid %s' % id)
        return objects.Service.get_by_uuid(context, id)

    @wsgi.response(204)
    @wsgi.expected_errors((400, 404, 409))
    def delete(self, req, id):
        context = req.context
        policy.authorize(context, 'os_compute_api:os-services:delete', {})
        if req.api_version_request >= '2.53':
            service = self._get_by_uuid(context, id)
        else:
            try:
                service = objects.Service.get_by_id(context, int(id))
            except ValueError:
                raise webob.exc.HTTPBadRequest(explanation='Invalid ID %s' % id)
        service.destroy()  # a compute service's nodes and aggregate membership too
