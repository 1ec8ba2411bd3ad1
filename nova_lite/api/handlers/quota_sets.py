"""/os-quota-sets/{tenant_id}: show, detail (with in_use), defaults, update,
delete; a user's with ?user_id=. 2.36 drops the network quotas, 2.57 the
injected files."""
import webob.exc
from oslo_utils import strutils

from nova_lite import objects
from nova_lite import policy
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.schemas import quota_sets as schema
from nova_lite.objects import quotas

PREFIX = 'os_compute_api:os-quota-sets:%s'
NETWORK_LIMIT = -1  # nova-network is gone: its quotas show as unlimited


def shown_resources(version, network_until='2.35', with_groups=True):
    """The resources a quota body shows at this microversion."""
    names = [r for r in quotas.RESOURCES
             if with_groups or r not in ('server_groups', 'server_group_members')]
    if version >= '2.57':
        names = [r for r in names if r not in schema.INJECTED]
    if version <= network_until:
        names += [r for r in schema.NETWORK if r != 'networks']
    return sorted(names)


def quota_body(version, values, **view_kwargs):
    """{resource: value} for the shown resources; network ones are unlimited."""
    return {r: values.get(r, NETWORK_LIMIT) for r in shown_resources(version, **view_kwargs)}


class QuotaSetsController:
    @staticmethod
    def _authorize(req, action, project_id):
        user_id = req.GET.get('user_id')
        policy.authorize(req.context, PREFIX % action,
                         {'project_id': project_id, 'user_id': user_id})
        return user_id

    @wsgi.expected_errors(400)
    def show(self, req, id):
        user_id = self._authorize(req, 'show', id)
        limits = objects.Quotas.get_limits(req.context, id, user_id)
        return {'quota_set': dict(quota_body(req.api_version_request, limits), id=id)}

    @wsgi.expected_errors(400)
    def detail(self, req, id):
        user_id = self._authorize(req, 'detail', id)
        limits = objects.Quotas.get_limits(req.context, id, user_id)
        usages = objects.Quotas.get_usages(req.context, id, user_id)
        body = {r: {'limit': limit, 'in_use': usages.get(r, 0), 'reserved': 0}
                for r, limit in quota_body(req.api_version_request, limits).items()}
        return {'quota_set': dict(body, id=id)}

    @wsgi.expected_errors(())
    def defaults(self, req, id):
        policy.authorize(req.context, PREFIX % 'defaults', {'project_id': id})
        limits = objects.Quotas.get_class_limits(req.context, quotas.DEFAULT_CLASS)
        return {'quota_set': dict(quota_body(req.api_version_request, limits), id=id)}

    @wsgi.expected_errors(400)
    @validation.schema(schema.update, max_version='2.35')
    @validation.schema(schema.update_v236, min_version='2.36', max_version='2.56')
    @validation.schema(schema.update_v257, min_version='2.57')
    def update(self, req, id, body):
        context = req.context
        user_id = self._authorize(req, 'update', id)
        values = dict(body['quota_set'])
        force = strutils.bool_from_string(values.pop('force', False))
        values = {r: int(v) for r, v in values.items() if r in quotas.RESOURCES}
        if not force:
            usages = objects.Quotas.get_usages(context, id, user_id)
            project = objects.Quotas.get_limits(context, id) if user_id else {}
            for resource, limit in values.items():
                _check_limit(resource, limit, usages.get(resource, 0),
                             project.get(resource, quotas.UNLIMITED))
        limits = objects.Quotas.update_limits(context, id, values, user_id)
        return {'quota_set': quota_body(req.api_version_request, limits)}

    @wsgi.response(202)
    @wsgi.expected_errors(())
    def delete(self, req, id):
        user_id = self._authorize(req, 'delete', id)
        objects.Quotas.destroy_all_by_project(req.context, id, user_id)


def _check_limit(resource, limit, minimum, maximum):
    """As upstream: not below what is in use; a user's not above the project's."""
    def unlimited_is_infinite(value):
        return float('inf') if value == quotas.UNLIMITED else value
    if unlimited_is_infinite(limit) < unlimited_is_infinite(minimum):
        raise webob.exc.HTTPBadRequest(explanation=(
            'Quota limit %s for %s must be greater than or equal to already used and '
            'reserved %s.' % (limit, resource, minimum)))
    if unlimited_is_infinite(limit) > unlimited_is_infinite(maximum):
        raise webob.exc.HTTPBadRequest(explanation=(
            'Quota limit %s for %s must be less than or equal to %s.' % (
                limit, resource, maximum)))
