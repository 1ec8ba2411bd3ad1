"""Helpers the API handlers share: status mapping, pagination, links, times."""
import urllib.parse

import webob.exc
from oslo_config import cfg

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


def vm_states_for_status(status):
    """The vm_states a ?status= filter means (the inverse of the map above)."""
    status = status.upper()
    states = [vm for vm, task_map in STATE_MAP.items() if task_map['default'] == status]
    return states


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


def _project_url(req):
    project_id = req.environ['wsgiorg.routing_args'][1].get('project_id')
    base = req.application_url.rstrip('/')
    return base + '/' + project_id if project_id else base


def _bookmark_url(req):
    base = req.application_url.rstrip('/')
    parsed = urllib.parse.urlsplit(base)
    path = parsed.path.rstrip('/')
    head, _, last = path.rpartition('/')
    if last.startswith('v2'):
        path = head
    project_id = req.environ['wsgiorg.routing_args'][1].get('project_id')
    if project_id:
        path += '/' + project_id
    return urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, path, '', ''))


def resource_links(req, collection, resource_id):
    """[self, bookmark] links of one resource."""
    return [{'rel': 'self', 'href': '%s/%s/%s' % (_project_url(req), collection, resource_id)},
            {'rel': 'bookmark',
             'href': '%s/%s/%s' % (_bookmark_url(req), collection, resource_id)}]


def collection_links(req, collection, items, limit, id_key='id'):
    """[next] link when the page is full, as upstream's *_links."""
    if not items or len(items) < limit:
        return []
    params = dict(req.GET)
    params['limit'] = limit
    params['marker'] = items[-1][id_key]
    return [{'rel': 'next', 'href': '%s/%s?%s' % (_project_url(req), collection,
                                                  urllib.parse.urlencode(params))}]


def isotime(value):
    """2013-09-03T04:01:32Z, as the API shows created/updated."""
    return value.strftime('%Y-%m-%dT%H:%M:%SZ') if value else None


def isotime_usec(value):
    """2013-09-23T13:37:00.880302, as the API shows launched_at and services' updated_at."""
    return value.replace(tzinfo=None).isoformat(timespec='microseconds') if value else None
