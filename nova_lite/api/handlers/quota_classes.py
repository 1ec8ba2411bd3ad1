"""/os-quota-class-sets/{id}: show and update the limits of a quota class
('default' holds every project's defaults). Until 2.49 the body has the
network quotas and not the server group ones; 2.50 swaps them; 2.57 drops
the injected files."""
from nova_lite import objects
from nova_lite import policy
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.handlers import quota_sets
from nova_lite.api.schemas import quota_sets as schema
from nova_lite.objects import quotas


def _body(req, limits):
    version = req.api_version_request
    return quota_sets.quota_body(version, limits, network_until='2.49',
                                 with_groups=version >= '2.50')


class QuotaClassSetsController:
    @wsgi.expected_errors(())
    def show(self, req, id):
        policy.authorize(req.context, 'os_compute_api:os-quota-class-sets:show',
                         {'quota_class': id})
        limits = objects.Quotas.get_class_limits(req.context, id)
        return {'quota_class_set': dict(_body(req, limits), id=id)}

    @wsgi.expected_errors(400)
    @validation.schema(schema.class_update, max_version='2.49')
    @validation.schema(schema.class_update_v250, min_version='2.50', max_version='2.56')
    @validation.schema(schema.class_update_v257, min_version='2.57')
    def update(self, req, id, body):
        policy.authorize(req.context, 'os_compute_api:os-quota-class-sets:update',
                         {'quota_class': id})
        values = {r: int(v) for r, v in body['quota_class_set'].items()
                  if r in quotas.RESOURCES}
        limits = objects.Quotas.update_class_limits(req.context, id, values)
        return {'quota_class_set': _body(req, limits)}
