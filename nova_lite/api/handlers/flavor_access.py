"""/flavors/{flavor_id}/os-flavor-access and the addTenantAccess and
removeTenantAccess actions: which projects may use a private flavor (admin)."""
import webob.exc

from nova_lite import objects
from nova_lite import policy
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.schemas import flavors as schema

POLICY = 'os_compute_api:os-flavor-access'


def _access_list(flavor):
    return {'flavor_access': [{'flavor_id': flavor.flavorid, 'tenant_id': project_id}
                              for project_id in flavor.get_access_list()]}


class FlavorAccessController:
    @wsgi.expected_errors(404)
    def index(self, req, flavor_id):
        policy.authorize(req.context, POLICY, {})
        flavor = objects.Flavor.get_by_flavor_id(req.context, flavor_id)
        if flavor.is_public:
            raise webob.exc.HTTPNotFound(
                explanation='Access list not available for public flavors.')
        return _access_list(flavor)

    @wsgi.expected_errors((400, 403, 404, 409))
    @wsgi.action('addTenantAccess')
    @validation.schema(schema.add_tenant_access)
    def add_tenant_access(self, req, id, body):
        policy.authorize(req.context, POLICY + ':add_tenant_access', {})
        flavor = objects.Flavor.get_by_flavor_id(req.context, id)
        if req.api_version_request >= '2.7' and flavor.is_public:
            raise webob.exc.HTTPConflict(explanation='Can not add access to a public flavor.')
        flavor.add_access(body['addTenantAccess']['tenant'])
        return _access_list(flavor)

    @wsgi.expected_errors((400, 403, 404))
    @wsgi.action('removeTenantAccess')
    @validation.schema(schema.remove_tenant_access)
    def remove_tenant_access(self, req, id, body):
        policy.authorize(req.context, POLICY + ':remove_tenant_access', {})
        flavor = objects.Flavor.get_by_flavor_id(req.context, id)
        flavor.remove_access(body['removeTenantAccess']['tenant'])
        return _access_list(flavor)
