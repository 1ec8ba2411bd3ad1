"""/servers/{id}/os-instance-actions: what was done to a server, and (for
admins, or for everyone from 2.51) the events of each action; tracebacks for
admins only. Deleted servers from 2.21; limit/marker/changes-since from 2.58;
each event's hostId (and host, for admins) from 2.62; changes-before from 2.66."""
import webob.exc
from oslo_utils import timeutils

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects
from nova_lite import policy
from nova_lite.api import common
from nova_lite.api import wsgi
from nova_lite.api.views import servers as servers_view
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


def _event_view(event, project_id, version, is_admin_view):
    body = {'event': event.event, 'start_time': _time(event.start_time),
            'finish_time': _time(event.finish_time), 'result': event.result}
    if is_admin_view:
        body['traceback'] = event.traceback
    if version >= '2.62':
        if is_admin_view:
            body['host'] = event.host
        body['hostId'] = servers_view.hashed_host(project_id, event.host)
    return body


def _time_param(params, key):
    """The query's time `key` as a naive UTC datetime, None when not given."""
    if not params.get(key):
        return None
    try:
        return timeutils.normalize_time(timeutils.parse_isotime(params[key]))
    except ValueError:
        raise webob.exc.HTTPBadRequest(
            explanation='Invalid input for field/attribute %s.' % key)


def _since_and_before(params, version):
    """(changes-since, changes-before) of the query or None; changes-before only
    from 2.66, and never before changes-since (400)."""
    since = _time_param(params, 'changes-since')
    before = _time_param(params, 'changes-before') if version >= '2.66' else None
    if since and before and before < since:
        raise webob.exc.HTTPBadRequest(explanation='The value of changes-since must be '
                                                   'less than or equal to changes-before.')
    return since, before


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
        since, before = _since_and_before(params, req.api_version_request)

        def updated(action):
            return (action.updated_at or action.start_time).replace(tzinfo=None)
        if since:
            actions = [a for a in actions if updated(a) >= since]
        if before:
            actions = [a for a in actions if updated(a) <= before]
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
            project_id = action.project_id or instance.project_id
            body['events'] = [_event_view(e, project_id, version, is_admin_view)
                              for e in events]
        return {'instanceAction': body}
