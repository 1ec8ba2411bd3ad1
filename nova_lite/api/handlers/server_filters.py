"""GET /servers query parameters -> instance filters, as upstream reads them.

Users may filter by name (a regular expression), status (task-state statuses
such as REBOOT too), image, flavor, ip/ip6, changes-since, reservation_id
and, from 2.26, tags/tags-any/not-tags/not-tags-any, from 2.66
changes-before, from 2.73 locked; admins by anything, host and deleted
included. nova-lite has no networking service yet: an ip filter matches no
server, as upstream's does when Neutron has no port with that address.
From 2.75 a parameter upstream's query schema does not know is a 400.
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

# Sort keys upstream ignores instead of refusing them (until 2.75, where they are
# a 400); 'locked' among them until 2.73, where it became a real sort key.
IGNORED_SORT_KEYS = frozenset((
    'architecture', 'cell_name', 'cleaned', 'default_ephemeral_device',
    'default_swap_device', 'deleted', 'deleted_at', 'disable_terminate', 'ephemeral_gb',
    'ephemeral_key_uuid', 'id', 'key_data', 'launched_on', 'locked', 'memory_mb', 'os_type',
    'reservation_id', 'root_gb', 'shutdown_terminate', 'user_data', 'vcpus', 'vm_mode'))
# Every query parameter of upstream's GET /servers schema at 2.75 (any other is a 400).
KNOWN_PARAMS_V275 = frozenset((
    'user_id', 'project_id', 'tenant_id', 'launch_index', 'image_ref', 'image', 'kernel_id',
    'ramdisk_id', 'hostname', 'key_name', 'power_state', 'vm_state', 'task_state', 'host',
    'node', 'flavor', 'reservation_id', 'launched_at', 'terminated_at', 'availability_zone',
    'name', 'display_name', 'description', 'display_description', 'locked_by', 'uuid',
    'root_device_name', 'config_drive', 'access_ip_v4', 'access_ip_v6', 'auto_disk_config',
    'progress', 'sort_key', 'sort_dir', 'all_tenants', 'soft_deleted', 'deleted', 'status',
    'changes-since', 'ip', 'ip6', 'created_at', 'block_device_mapping', 'services',
    'metadata', 'system_metadata', 'info_cache', 'security_groups', 'pci_devices', 'limit',
    'marker', 'tags', 'tags-any', 'not-tags', 'not-tags-any', 'changes-before', 'locked'))


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


def check_params(req):
    """From 2.75, 400 for a query parameter upstream's schema does not know."""
    if req.api_version_request < '2.75':
        return
    unknown = sorted(set(req.GET) - KNOWN_PARAMS_V275)
    if unknown:
        raise webob.exc.HTTPBadRequest(
            explanation='Additional properties are not allowed (%s %s unexpected)' % (
                ', '.join(repr(name) for name in unknown),
                'was' if len(unknown) == 1 else 'were'))


def sort_params(req):
    """(sort_keys, sort_dirs) or (None, None), as upstream's remove_invalid_sort_keys
    leaves them: an ignored key goes with its direction (a 400 from 2.75); host and
    node are for admins (403)."""
    version = req.api_version_request
    sort_keys, sort_dirs = req.GET.getall('sort_key'), req.GET.getall('sort_dir')
    ignored = IGNORED_SORT_KEYS - ({'locked'} if version >= '2.73' else set())
    for key in list(sort_keys):
        if key in ignored:
            if version >= '2.75':
                raise webob.exc.HTTPBadRequest(
                    explanation='Invalid input for query parameters sort_key. Value: %s. '
                                "'%s' is not a valid sort key" % (key, key))
            index = sort_keys.index(key)
            if len(sort_dirs) > index:
                sort_dirs.pop(index)
            sort_keys.pop(index)
        elif key in ('host', 'node') and not req.context.is_admin:
            raise webob.exc.HTTPForbidden(
                explanation='Only administrators can sort servers by %s' % key)
    return sort_keys or None, sort_dirs or None


def _locked(params):
    """The 'locked' filter (2.73) as a boolean; upstream's 400 for anything else."""
    try:
        return strutils.bool_from_string(params['locked'], strict=True)
    except ValueError as error:
        raise webob.exc.HTTPBadRequest(explanation='Invalid input received: %s' % error)


def build(req, all_tenants):
    """The filters of this request, or NOTHING."""
    context, params = req.context, req.GET
    version = req.api_version_request
    is_admin = policy.authorize(context, 'os_compute_api:servers:allow_all_filters',
                                fatal=False)
    filters = {}
    if 'changes-since' in params:
        filters['changes_since'] = _time(params, 'changes-since')
    if version >= '2.66' and 'changes-before' in params:
        filters['changes_before'] = _time(params, 'changes-before')
        if filters['changes_before'] < filters.get('changes_since', filters['changes_before']):
            raise webob.exc.HTTPBadRequest(explanation='The value of changes-since must be '
                                                       'less than or equal to changes-before.')
    if is_admin and 'deleted' in params:
        filters['deleted'] = strutils.bool_from_string(params['deleted'], default=False)
    elif not {'changes_since', 'changes_before'} & set(filters):
        # changes-since/-before list deleted servers too, as upstream's
        filters['deleted'] = False
    if version >= '2.73' and 'locked' in params:
        filters['locked'] = _locked(params)
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
