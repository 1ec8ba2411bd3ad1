"""/os-simple-tenant-usage: what projects used between start and end, in
hours of servers, vCPUs, RAM and disk, computed from the instance records
(deleted ones too). Every project (admin) or one; 2.40 pages by instance."""
import datetime

import webob.exc
from oslo_utils import strutils
from oslo_utils import timeutils

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects
from nova_lite import policy
from nova_lite.api import common
from nova_lite.api import wsgi

_TIME_FORMATS = ('%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M:%S.%f', '%Y-%m-%d %H:%M:%S.%f')


def _parse(value, default):
    if not value:
        return default
    for fmt in _TIME_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt)
        except ValueError:
            pass
    try:
        return timeutils.normalize_time(timeutils.parse_isotime(value))
    except ValueError:
        raise webob.exc.HTTPBadRequest(explanation='Invalid time format %s' % value)


def _period(req):
    now = timeutils.utcnow().replace(tzinfo=None)
    start = _parse(req.GET.get('start'), now)
    end = _parse(req.GET.get('end'), now)
    if start > end:
        raise webob.exc.HTTPBadRequest(explanation=(
            'Invalid start time. The start time cannot occur after the end time.'))
    return start, min(end, now)


def _naive(value):
    return value.replace(tzinfo=None) if value else None


def _server_usage(instance, start, end):
    launched = _naive(instance.launched_at) or _naive(instance.created_at)
    terminated = _naive(instance.terminated_at)
    used_from, used_until = max(launched, start), min(terminated or end, end)
    hours = max((used_until - used_from).total_seconds(), 0) / 3600.0
    if terminated is not None and terminated <= end:
        state = 'terminated'
    else:
        state = instance.vm_state
    uptime_end = terminated if terminated and terminated < end else end
    return {'instance_id': instance.uuid, 'name': instance.display_name,
            'hours': hours, 'memory_mb': instance.memory_mb,
            'local_gb': instance.root_gb + instance.ephemeral_gb,
            'vcpus': instance.vcpus, 'tenant_id': instance.project_id,
            'flavor': instance.flavor.name if instance.obj_attr_is_set('flavor') else '',
            'started_at': common.isotime_usec(launched),
            'ended_at': common.isotime_usec(terminated) if terminated else None,
            'state': state,
            'uptime': int(max((uptime_end - launched).total_seconds(), 0))}


def _tenant_usages(req, project_id, start, end, detailed):
    """[usage of each project] and the page's instances, ordered by project then
    instance UUID as upstream pages them."""
    context = nl_context.get_admin_context(read_deleted='yes')
    filters = {} if project_id is None else {'project_id': project_id}
    paged = req.api_version_request >= '2.40'
    limit, marker = common.limited_by_marker(req) if paged else (None, None)
    try:
        instances = objects.InstanceList.get_by_filters(
            context, filters, sort_keys=['project_id', 'uuid'], sort_dirs=['asc', 'asc'],
            limit=None, marker=marker)
    except exception.MarkerNotFound as error:
        raise webob.exc.HTTPBadRequest(explanation=error.format_message())
    used = [i for i in instances
            if (_naive(i.launched_at) or _naive(i.created_at)) <= end and
            (i.terminated_at is None or _naive(i.terminated_at) >= start)]
    if limit is not None:
        used = used[:limit]
    usages = {}
    for instance in used:
        server = _server_usage(instance, start, end)
        usage = usages.setdefault(instance.project_id, {
            'tenant_id': instance.project_id, 'start': common.isotime_usec(start),
            'stop': common.isotime_usec(end), 'total_hours': 0.0,
            'total_local_gb_usage': 0.0, 'total_memory_mb_usage': 0.0,
            'total_vcpus_usage': 0.0, 'server_usages': []})
        usage['total_hours'] += server['hours']
        usage['total_local_gb_usage'] += server['local_gb'] * server['hours']
        usage['total_memory_mb_usage'] += server['memory_mb'] * server['hours']
        usage['total_vcpus_usage'] += server['vcpus'] * server['hours']
        usage['server_usages'].append(server)
    if not detailed:
        for usage in usages.values():
            del usage['server_usages']
    return list(usages.values()), limit, used


def _links(req, collection, used, limit):
    if limit is None:
        return []
    return common.collection_links(req, collection, [{'id': i.uuid} for i in used], limit)


class SimpleTenantUsageController:
    @wsgi.expected_errors(400)
    def index(self, req):
        policy.authorize(req.context, 'os_compute_api:os-simple-tenant-usage:list', {})
        start, end = _period(req)
        detailed = strutils.bool_from_string(req.GET.get('detailed', False))
        usages, limit, used = _tenant_usages(req, None, start, end, detailed)
        body = {'tenant_usages': usages}
        links = _links(req, 'os-simple-tenant-usage', used, limit)
        if links:
            body['tenant_usages_links'] = links
        return body

    @wsgi.expected_errors(400)
    def show(self, req, id):
        policy.authorize(req.context, 'os_compute_api:os-simple-tenant-usage:show',
                         {'project_id': id})
        start, end = _period(req)
        usages, limit, used = _tenant_usages(req, id, start, end, detailed=True)
        body = {'tenant_usage': usages[0] if usages else {}}
        links = _links(req, 'os-simple-tenant-usage/%s' % id, used, limit)
        if links:
            body['tenant_usage_links'] = links
        return body
