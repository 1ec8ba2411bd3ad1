"""Helpers the API handlers share: status mapping, pagination, links, times."""
import secrets
import string
import urllib.parse

import webob.exc
from oslo_config import cfg

from nova_lite import exception
from nova_lite import policy
from nova_lite.compute import task_states as ts
from nova_lite.compute import vm_states as vs

CONF = cfg.CONF

_REBOOT = {ts.REBOOTING: 'REBOOT', ts.REBOOT_PENDING: 'REBOOT', ts.REBOOT_STARTED: 'REBOOT',
           ts.REBOOTING_HARD: 'HARD_REBOOT', ts.REBOOT_PENDING_HARD: 'HARD_REBOOT',
           ts.REBOOT_STARTED_HARD: 'HARD_REBOOT'}
_REBUILD = {ts.REBUILDING: 'REBUILD', ts.REBUILD_BLOCK_DEVICE_MAPPING: 'REBUILD',
            ts.REBUILD_SPAWNING: 'REBUILD'}
_RESIZE = {ts.RESIZE_PREP: 'RESIZE', ts.RESIZE_MIGRATING: 'RESIZE',
           ts.RESIZE_MIGRATED: 'RESIZE', ts.RESIZE_FINISH: 'RESIZE'}

# vm_state -> {task_state: status}, 'default' when no task_state matches (upstream's map).
STATE_MAP = {
    vs.ACTIVE: {'default': 'ACTIVE', **_REBOOT, **_REBUILD, **_RESIZE,
                ts.UPDATING_PASSWORD: 'PASSWORD', ts.MIGRATING: 'MIGRATING'},
    vs.BUILDING: {'default': 'BUILD'},
    vs.STOPPED: {'default': 'SHUTOFF', **_RESIZE, **_REBUILD},
    vs.RESIZED: {'default': 'VERIFY_RESIZE', ts.RESIZE_REVERTING: 'REVERT_RESIZE'},
    vs.PAUSED: {'default': 'PAUSED', ts.MIGRATING: 'MIGRATING'},
    vs.SUSPENDED: {'default': 'SUSPENDED'},
    vs.RESCUED: {'default': 'RESCUE'},
    vs.ERROR: {'default': 'ERROR', **_REBUILD},
    vs.DELETED: {'default': 'DELETED'},
    vs.SOFT_DELETED: {'default': 'SOFT_DELETED'},
    vs.SHELVED: {'default': 'SHELVED'},
    vs.SHELVED_OFFLOADED: {'default': 'SHELVED_OFFLOADED'},
}


def status_from_state(vm_state, task_state=None):
    """The API's status of an instance, derived exactly as upstream derives it."""
    task_map = STATE_MAP.get(vm_state, {'default': 'UNKNOWN'})
    status = task_map.get(task_state, task_map['default'])
    if status == 'UNKNOWN':
        return 'UNKNOWN'
    return status


def task_and_vm_state_from_status(statuses):
    """([vm_state], [task_state]) of API statuses, as upstream inverts its map;
    'default' among the task states means any task state."""
    wanted = {status.lower() for status in statuses}
    vm_states, task_states = set(), set()
    for vm_state, task_map in STATE_MAP.items():
        for task_state, status in task_map.items():
            if status.lower() in wanted:
                vm_states.add(vm_state)
                task_states.add(task_state)
    return sorted(vm_states), sorted(task_states, key=str)


def limited_by_marker(req):
    """(limit, marker) from the query; limit at most [api] max_limit."""
    params = req.GET
    marker = params.get('marker')
    limit = params.get('limit')
    if limit is not None:
        try:
            limit = int(limit)
        except ValueError:
            raise webob.exc.HTTPBadRequest(explanation='limit param must be an integer')
        if limit < 0:
            raise webob.exc.HTTPBadRequest(explanation='limit param must be positive')
    max_limit = CONF.api.max_limit
    limit = min(max_limit, limit) if limit is not None else max_limit
    return limit, marker


def _base_urls(req):
    """(the versioned URL with the project, its bookmark without the version), worked
    out once per request: a list links each of its items with them."""
    urls = req.environ.get('nova_lite.base_urls')
    if urls is None:
        project_id = req.environ['wsgiorg.routing_args'][1].get('project_id')
        base = req.application_url.rstrip('/')
        parsed = urllib.parse.urlsplit(base)
        path = parsed.path.rstrip('/')
        head, _, last = path.rpartition('/')
        if last.startswith('v2'):
            path = head
        if project_id:
            path += '/' + project_id
        urls = req.environ['nova_lite.base_urls'] = (
            base + '/' + project_id if project_id else base,
            urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, path, '', '')))
    return urls


def resource_links(req, collection, resource_id):
    """[self, bookmark] links of one resource."""
    project_url, bookmark_url = _base_urls(req)
    return [{'rel': 'self', 'href': '%s/%s/%s' % (project_url, collection, resource_id)},
            {'rel': 'bookmark', 'href': '%s/%s/%s' % (bookmark_url, collection, resource_id)}]


def collection_links(req, collection, items, limit, id_key='id'):
    """[next] link when the page is full, as upstream's *_links."""
    if not items or len(items) < limit:
        return []
    params = dict(req.GET)
    params['limit'] = limit
    params['marker'] = items[-1][id_key]
    return [{'rel': 'next', 'href': '%s/%s?%s' % (_base_urls(req)[0], collection,
                                                  urllib.parse.urlencode(params))}]


def isotime(value):
    """2013-09-03T04:01:32Z, as the API shows created/updated."""
    if not value:
        return None
    # strftime's equal, at a quarter of its cost (a list formats thousands)
    return '%04d-%02d-%02dT%02d:%02d:%02dZ' % (value.year, value.month, value.day,
                                               value.hour, value.minute, value.second)


def isotime_usec(value):
    """2013-09-23T13:37:00.880302, as the API shows launched_at and services' updated_at."""
    return value.replace(tzinfo=None).isoformat(timespec='microseconds') if value else None


def require_version(req, min_version=None, max_version=None):
    """404, as upstream answers a method the requested microversion does not have."""
    version = req.api_version_request
    if ((min_version and version < min_version) or
            (max_version and version > max_version)):
        raise webob.exc.HTTPNotFound(
            explanation='API version %s is not supported on this method.' % version)


def raise_http_conflict_for_instance_invalid_state(error, action, server_id):
    """409 in upstream's words: Cannot 'stop' instance X while it is in vm_state stopped."""
    attr, state = error.kwargs.get('attr'), error.kwargs.get('state')
    if attr is not None and state is not None:
        message = "Cannot '%s' instance %s while it is in %s %s" % (action, server_id, attr,
                                                                   state)
    else:
        message = "Instance %s is in an invalid state for '%s'" % (server_id, action)
    raise webob.exc.HTTPConflict(explanation=message)


def act_on_server(req, compute_api, server_id, rule, action, method, *args, **kwargs):
    """Load the server, authorize rule on it, call compute_api.<method>; an invalid
    state becomes upstream's 409 for action."""
    context = req.context
    instance = compute_api.get(context, server_id)
    policy.authorize(context, rule, {'project_id': instance.project_id,
                                     'user_id': instance.user_id})
    try:
        return getattr(compute_api, method)(context, instance, *args, **kwargs)
    except exception.InstanceInvalidState as error:
        raise_http_conflict_for_instance_invalid_state(error, action, server_id)


def generate_password(length=12):
    """An admin password for a server the user did not give one (adminPass)."""
    chars = string.ascii_letters + string.digits
    return ''.join(secrets.choice(chars) for _ in range(length))
