"""GET /servers query parameters -> instance filters, as upstream reads them.

Users may filter by name (a regular expression), status (task-state statuses
such as REBOOT too), image, flavor, ip/ip6, changes-since, reservation_id
and, from 2.26, tags/tags-any/not-tags/not-tags-any; admins by anything,
host and deleted included. nova-lite has no networking service yet: an ip
filter matches no server, as upstream's does when Neutron has no port with
that address.
"""
import re

import webob.exc
from oslo_utils import strutils
from oslo_utils import timeutils

from nova_lite import exception
from nova_lite import objects
from nova_lite import policy
from nova_lite.api import common

_TAG_FILTERS = {'tags': 'tags', 'tags-any': 'tags_any', 'not-tags': 'not_tags',
                'not-tags-any': 'not_tags_any'}
NOTHING = None  # what build() returns when no server can match


def _time(params, key):
    try:
        return timeutils.normalize_time(timeutils.parse_isotime(params[key]))
    except ValueError:
        raise webob.exc.HTTPBadRequest(
            explanation='Invalid filter field: %s.' % key)


def _regex(pattern):
    """The name filter, a regular expression (400 if it is none, as upstream's schema)."""
    try:
        re.compile(pattern)
    except re.error:
        raise webob.exc.HTTPBadRequest(
            explanation="Invalid input for query parameters name. Value: %s. "
                        "'%s' is not a 'regex'" % (pattern, pattern))
    return pattern


def _status(req, filters):
    statuses = req.GET.getall('status')
    vm_states, task_states = common.task_and_vm_state_from_status(statuses)
    if not vm_states:
        if req.api_version_request >= '2.38':
            raise webob.exc.HTTPBadRequest(explanation='Invalid status value')
        return False
    filters['vm_state'] = vm_states
    if 'default' not in task_states:
        filters['task_state'] = task_states
    return True


def build(req, all_tenants):
    """The filters of this request, or NOTHING."""
    context, params = req.context, req.GET
    version = req.api_version_request
    is_admin = policy.authorize(context, 'os_compute_api:servers:allow_all_filters',
                                fatal=False)
    filters = {}
    if 'changes-since' in params:
        filters['changes_since'] = _time(params, 'changes-since')
    if is_admin and 'deleted' in params:
        filters['deleted'] = strutils.bool_from_string(params['deleted'], default=False)
    elif 'changes_since' not in filters:
        filters['deleted'] = False
    if params.get('status'):
        if [s for s in params.getall('status') if s.lower() == 'deleted']:
            if not is_admin:
                raise webob.exc.HTTPForbidden(
                    explanation='Only administrators may list deleted instances')
            filters['deleted'] = True
        elif not _status(req, filters):
            return NOTHING
    if params.get('name'):
        filters['name_regex'] = _regex(params['name'])
    if params.get('image'):
        filters['image_ref'] = params['image'].rstrip('/').rsplit('/', 1)[-1]
    if params.get('flavor'):
        try:
            flavor = objects.Flavor.get_by_flavor_id(context, params['flavor'])
        except exception.FlavorNotFound:
            return NOTHING
        filters['instance_type_id'] = flavor.id
    if params.get('ip') or params.get('ip6'):
        return NOTHING
    if params.get('reservation_id'):
        filters['reservation_id'] = params['reservation_id']
    if is_admin:
        for key in ('host', 'node', 'uuid', 'user_id'):
            if params.get(key):
                filters[key] = params[key]
    if version >= '2.26':
        for key, name in _TAG_FILTERS.items():
            if params.get(key):
                filters[name] = params[key].split(',')
    if not all_tenants:
        filters['project_id'] = context.project_id
    elif params.get('project_id') or params.get('tenant_id'):
        filters['project_id'] = params.get('project_id') or params.get('tenant_id')
    return filters
