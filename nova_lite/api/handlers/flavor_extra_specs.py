"""/flavors/{flavor_id}/os-extra_specs: list, set, show, change, delete."""
import webob.exc

from nova_lite import exception
from nova_lite import objects
from nova_lite import policy
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.schemas import flavors as schema

PREFIX = 'os_compute_api:os-flavor-extra-specs:%s'


def _as_strings(specs):
    """Numbers and booleans are stored as their text, as upstream stores them."""
    return {key: value if isinstance(value, str) else str(value)
            for key, value in specs.items()}


class FlavorExtraSpecsController:
    @staticmethod
    def _flavor(req, action, flavor_id):
        policy.authorize(req.context, PREFIX % action, {'project_id': req.context.project_id})
        return objects.Flavor.get_by_flavor_id(req.context, flavor_id)

    @wsgi.expected_errors(404)
    def index(self, req, flavor_id):
        return {'extra_specs': dict(self._flavor(req, 'index', flavor_id).extra_specs)}

    @wsgi.expected_errors((400, 404, 409))
    @validation.schema(schema.create_extra_specs)
    def create(self, req, flavor_id, body):
        flavor = self._flavor(req, 'create', flavor_id)
        specs = _as_strings(body['extra_specs'])
        flavor.update_extra_specs(specs)
        return {'extra_specs': specs}

    @wsgi.expected_errors((400, 404, 409))
    @validation.schema(schema.update_extra_spec)
    def update(self, req, flavor_id, id, body):
        if id not in body:
            raise webob.exc.HTTPBadRequest(explanation='Request body and URI mismatch')
        flavor = self._flavor(req, 'update', flavor_id)
        specs = _as_strings(body)
        flavor.update_extra_specs(specs)
        return specs

    @wsgi.expected_errors(404)
    def show(self, req, flavor_id, id):
        flavor = self._flavor(req, 'show', flavor_id)
        if id not in flavor.extra_specs:
            raise exception.FlavorExtraSpecsNotFound(flavor_id=flavor_id, extra_specs_key=id)
        return {id: flavor.extra_specs[id]}

    @wsgi.expected_errors(404)  # 200, as upstream answers it
    def delete(self, req, flavor_id, id):
        self._flavor(req, 'delete', flavor_id).delete_extra_spec(id)
