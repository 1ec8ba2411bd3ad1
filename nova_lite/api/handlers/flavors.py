"""/flavors: list, detail, show; create and delete (admin); description (2.55)."""
import webob.exc
from oslo_utils import strutils
from oslo_utils import uuidutils

from nova_lite import exception
from nova_lite import objects
from nova_lite import policy
from nova_lite.api import common
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.schemas import flavors as schema
from nova_lite.api.views import flavors as view


class FlavorsController:
    @wsgi.expected_errors(400)
    def index(self, req):
        return self._list(req, detailed=False)

    @wsgi.expected_errors(400)
    def detail(self, req):
        return self._list(req, detailed=True)

    @wsgi.expected_errors(404)
    def show(self, req, id):
        policy.authorize(req.context, 'os_compute_api:flavors')
        flavor = objects.Flavor.get_by_flavor_id(req.context, id)
        return {'flavor': view.show(req, flavor)}

    def _list(self, req, detailed):
        context = req.context
        policy.authorize(context, 'os_compute_api:flavors')
        params = req.GET
        filters = {}
        if context.is_admin:
            is_public = params.get('is_public', 'true')
            if is_public.lower() in ('none', 'all'):
                filters['is_public'] = None
            else:
                filters['is_public'] = strutils.bool_from_string(is_public, strict=False)
        else:
            filters['is_public'] = True
        for param, key in (('minRam', 'min_memory_mb'), ('minDisk', 'min_root_gb')):
            if param in params:
                try:
                    filters[key] = int(params[param])
                except ValueError:
                    raise webob.exc.HTTPBadRequest(
                        explanation='Invalid %s filter [%s]' % (param, params[param]))
        limit, marker = common.limited_by_marker(req)
        try:
            flavors = objects.FlavorList.get_all(
                context, filters=filters, sort_key=params.get('sort_key', 'flavorid'),
                sort_dir=params.get('sort_dir', 'asc'), limit=limit, marker=marker)
        except (exception.MarkerNotFound, exception.Invalid) as error:
            raise webob.exc.HTTPBadRequest(explanation=error.format_message())
        return view.index(req, flavors, limit, detailed)

    @wsgi.expected_errors((400, 409))
    @validation.schema(schema.create, max_version='2.54')
    @validation.schema(schema.create_v255, min_version='2.55')
    def create(self, req, body):
        context = req.context
        policy.authorize(context, 'os_compute_api:os-flavor-manage:create', {})
        values = body['flavor']
        flavorid = values.get('id')
        flavor = objects.Flavor(
            context, name=values['name'],
            flavorid=str(flavorid) if flavorid is not None else uuidutils.generate_uuid(),
            memory_mb=int(values['ram']), vcpus=int(values['vcpus']),
            root_gb=int(values['disk']),
            ephemeral_gb=int(values.get('OS-FLV-EXT-DATA:ephemeral', 0)),
            swap=int(values.get('swap', 0)), rxtx_factor=float(values.get('rxtx_factor', 1.0)),
            disabled=False, description=values.get('description'), extra_specs={},
            is_public=strutils.bool_from_string(values.get('os-flavor-access:is_public', True),
                                                strict=True))
        flavor.create()
        return {'flavor': view.show(req, flavor)}

    @wsgi.versions('2.55')
    @wsgi.expected_errors((400, 404))
    @validation.schema(schema.update, min_version='2.55')
    def update(self, req, id, body):
        policy.authorize(req.context, 'os_compute_api:os-flavor-manage:update', {})
        flavor = objects.Flavor.get_by_flavor_id(req.context, id)
        flavor.description = body['flavor']['description']
        flavor.save()
        return {'flavor': view.show(req, flavor)}

    @wsgi.response(202)
    @wsgi.expected_errors(404)
    def delete(self, req, id):
        policy.authorize(req.context, 'os_compute_api:os-flavor-manage:delete', {})
        objects.Flavor.get_by_flavor_id(req.context, id).destroy()
