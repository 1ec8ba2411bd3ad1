"""/servers/{id}/os-instance-actions: what was done to a server, and (for
admins, or for everyone from 2.51) the events of each action; tracebacks for
admins only. Deleted servers from 2.21; limit/marker/changes-since from 2.58."""
import webob.exc
from oslo_utils import timeutils

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects
from nova_lite import policy
from nova_lite.api import common
from nova_lite.api import wsgi
from nova_lite.compute import api as compute_api

RULE = 'os_compute_api:os-instance-actions:%s'
_ACTION_KEYS = ('action', 'instance_uuid', 'request_id', 'user_id', 'project_id',
                'start_time', 'message')


def _time(value):
    return common.isotime_usec(value)


def _action_view(action, version):
    body = {key: getattr(action, key) for key in _ACTION_KEYS}
    body['start_time'] = _time(action.start_time)
    if version >= '2.58':
        body['updated_at'] = _time(action.updated_at or action.start_time)
    return body


def _event_view(event, show_traceback):
    body = {'event': event.event, 'start_time': _time(event.start_time),
            'finish_time': _time(event.finish_time), 'result': event.result}
    if show_traceback:
        body['traceback'] = event.traceback
    return body


class InstanceActionsController:
    def __init__(self, compute=None):
        self.compute_api = compute or compute_api.API()

    def _instance(self, req, server_id, rule):
        context = req.context
        if req.api_version_request >= '2.21':
            # the actions of a deleted server stay readable
            context = nl_context.RequestContext.from_dict(context.to_dict())
            context.read_deleted = 'yes'
        instance = self.compute_api.get(context, server_id)
        policy.authorize(req.context, RULE % rule, {'project_id': instance.project_id,
                                                    'user_id': instance.user_id})
        return instance

    @wsgi.expected_errors((400, 404))
    def index(self, req, server_id):
        instance = self._instance(req, server_id, 'list')
        version = req.api_version_request
        actions = list(objects.InstanceActionList.get_by_instance_uuid(req.context,
                                                                       instance.uuid))
        limit = None
        if version >= '2.58':
            actions, limit = self._page(req, actions)
        body = {'instanceActions': [_action_view(a, version) for a in actions]}
        if limit is not None and len(actions) == limit:
            body['links'] = common.collection_links(
                req, 'servers/%s/os-instance-actions' % server_id, body['instanceActions'],
                limit, id_key='request_id')
        return body

    @staticmethod
    def _page(req, actions):
        params = req.GET
        since = params.get('changes-since')
        if since:
            try:
                since = timeutils.normalize_time(timeutils.parse_isotime(since))
            except ValueError:
                raise webob.exc.HTTPBadRequest(
                    explanation='Invalid input for field/attribute changes-since.')
            actions = [a for a in actions
                       if (a.updated_at or a.start_time).replace(tzinfo=None) >= since]
        marker = params.get('marker')
        if marker:
            ids = [a.request_id for a in actions]
            if marker not in ids:
                raise webob.exc.HTTPBadRequest(
                    explanation='Marker %s could not be found.' % marker)
            actions = actions[ids.index(marker) + 1:]
        limit = None
        if 'limit' in params:
            limit, _ = common.limited_by_marker(req)
            actions = actions[:limit]
        return actions, limit

    @wsgi.expected_errors(404)
    def show(self, req, server_id, id):
        instance = self._instance(req, server_id, 'show')
        version = req.api_version_request
        action = objects.InstanceAction.get_by_request_id(req.context, instance.uuid, id)
        if action is None:
            raise exception.InstanceActionNotFound(request_id=id, instance_uuid=server_id)
        body = _action_view(action, version)
        is_admin_view = policy.authorize(req.context, RULE % 'events', {
            'project_id': instance.project_id}, fatal=False)
        if is_admin_view or version >= '2.51':
            events = objects.InstanceActionEventList.get_by_action(req.context, action.id)
            body['events'] = [_event_view(e, is_admin_view) for e in events]
        return {'instanceAction': body}
