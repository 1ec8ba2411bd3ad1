"""/os-server-groups: list, create, show, delete.

2.13 shows project_id and user_id; 2.15 adds the soft policies; 2.64 has
one 'policy' and 'rules' (max_server_per_host) instead of 'policies' and
'metadata'.
"""
import webob.exc
from oslo_utils import strutils

from nova_lite import objects
from nova_lite import policy
from nova_lite.api import common
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.schemas import server_groups as schema

PREFIX = 'os_compute_api:os-server-groups:%s'


def _view(req, group):
    body = {'id': group.uuid, 'name': group.name, 'members': list(group.members)}
    version = req.api_version_request
    if version >= '2.64':
        body.update(policy=group.policy, rules=dict(group.rules))
    else:
        body.update(policies=[group.policy], metadata={})
    if version >= '2.13':
        body.update(project_id=group.project_id, user_id=group.user_id)
    return body


class ServerGroupController:
    @staticmethod
    def _get(req, action, id):
        context = req.context
        group = objects.InstanceGroup.get_by_uuid(context, id)
        policy.authorize(context, PREFIX % action, {'project_id': group.project_id,
                                                    'user_id': group.user_id})
        return group

    @wsgi.expected_errors(400)
    def index(self, req):
        context = req.context
        policy.authorize(context, PREFIX % 'index')
        project_id = context.project_id
        if strutils.bool_from_string(req.GET.get('all_projects', False)):
            if policy.authorize(context, PREFIX % 'index:all_projects', {}, fatal=False):
                project_id = None
        groups = list(objects.InstanceGroupList.get_all(context, project_id=project_id))
        limit, _ = common.limited_by_marker(req)
        offset = req.GET.get('offset', '0')
        if not offset.isdigit():
            raise webob.exc.HTTPBadRequest(
                explanation='offset param must be a non-negative integer')
        groups = groups[int(offset):int(offset) + limit]
        return {'server_groups': [_view(req, group) for group in groups]}

    @wsgi.expected_errors((400, 403, 409))
    @validation.schema(schema.create, max_version='2.14')
    @validation.schema(schema.create_v215, min_version='2.15', max_version='2.63')
    @validation.schema(schema.create_v264, min_version='2.64')
    def create(self, req, body):
        context = req.context
        policy.authorize(context, PREFIX % 'create')
        values = body['server_group']
        if req.api_version_request >= '2.64':
            group_policy = values['policy']
            rules = {k: int(v) for k, v in values.get('rules', {}).items()}
            if rules and group_policy != 'anti-affinity':
                raise webob.exc.HTTPBadRequest(explanation=(
                    'Only anti-affinity policy supports "max_server_per_host" rule.'))
        else:
            group_policy, rules = values['policies'][0], {}
        group = objects.InstanceGroup(context, name=values['name'], policy=group_policy,
                                      rules=rules, project_id=context.project_id,
                                      user_id=context.user_id)
        group.create()
        return {'server_group': _view(req, group)}

    @wsgi.expected_errors(404)
    def show(self, req, id):
        return {'server_group': _view(req, self._get(req, 'show', id))}

    @wsgi.response(204)
    @wsgi.expected_errors(404)
    def delete(self, req, id):
        self._get(req, 'delete', id).destroy()
