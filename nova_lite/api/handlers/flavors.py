"""/flavors: list, detail, show."""
import webob.exc
from oslo_utils import strutils

from nova_lite import exception
from nova_lite import objects
from nova_lite import policy
from nova_lite.api import common
from nova_lite.api import wsgi
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
