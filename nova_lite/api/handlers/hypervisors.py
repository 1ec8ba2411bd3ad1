"""/os-hypervisors (admin): list, detail, show, statistics, uptime, search, servers.

2.28 shows cpu_info as an object; 2.33 pages list and detail; 2.53 uses
UUIDs, filters with ?hypervisor_hostname_pattern= and ?with_servers=, and
drops /search and /servers; 2.88 drops the resource figures (and
/statistics and /uptime) and shows uptime in the body.
"""
import json

import webob.exc
from oslo_utils import strutils
from oslo_utils import uuidutils

from nova_lite import exception
from nova_lite import objects
from nova_lite import policy
from nova_lite.api import common
from nova_lite.api import wsgi
from nova_lite.compute import api as compute_api

PREFIX = 'os_compute_api:os-hypervisors:%s'
# summed by /statistics, shown by detail and show until 2.88
_FIGURES = ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used', 'memory_mb_used', 'local_gb_used',
            'free_ram_mb', 'free_disk_gb', 'current_workload', 'running_vms',
            'disk_available_least')


def _figures(node):
    # As upstream shows them: "used" includes what is reserved for the host.
    memory_used = node.memory_mb_used + node.reserved_memory_mb
    disk_used = node.local_gb_used + node.reserved_disk_gb
    return {'vcpus': node.vcpus, 'memory_mb': node.memory_mb, 'local_gb': node.local_gb,
            'vcpus_used': node.vcpus_used, 'memory_mb_used': memory_used,
            'local_gb_used': disk_used, 'free_ram_mb': node.memory_mb - memory_used,
            'free_disk_gb': node.local_gb - disk_used, 'current_workload': 0,
            'running_vms': node.running_vms,
            'disk_available_least': node.disk_available_least}


def _basic(req, node, service):
    return {
        'id': node.uuid if req.api_version_request >= '2.53' else node.id,
        'hypervisor_hostname': node.hypervisor_hostname,
        'state': 'up' if service is not None and service.is_up() else 'down',
        'status': 'disabled' if service is None or service.disabled else 'enabled',
    }


def _detail(req, node, service, host_api):
    version = req.api_version_request
    body = _basic(req, node, service)
    body.update({
        'hypervisor_type': node.hypervisor_type,
        'hypervisor_version': node.hypervisor_version,
        'host_ip': node.host_ip,
        'service': {'host': node.host,
                    'id': (service.uuid if version >= '2.53' else service.id) if service
                    else None,
                    'disabled_reason': service.disabled_reason if service else None},
    })
    if version >= '2.88':
        try:
            body['uptime'] = host_api.get_host_uptime(req.context, node.host, service)
        except (exception.ComputeServiceUnavailable, exception.ActionNotImplemented):
            body['uptime'] = None  # as upstream: none from a host that is down
        return body
    body.update(_figures(node))
    body['cpu_info'] = _cpu_info(node.cpu_info) if version >= '2.28' else node.cpu_info
    return body


def _cpu_info(text):
    try:
        return json.loads(text or '{}')
    except ValueError:
        return {}


def _servers(context, node):
    instances = objects.InstanceList.get_by_filters(
        context, {'host': node.host, 'node': node.hypervisor_hostname, 'deleted': False})
    return [{'name': instance.name, 'uuid': instance.uuid} for instance in instances]


def _with_servers(req, body, node):
    """body with the node's servers, as upstream shows them: the key only when
    there are some, until 2.75 makes it always present (empty) when asked for."""
    servers = _servers(req.context, node)
    if servers or req.api_version_request >= '2.75':
        body['servers'] = servers
    return body


class HypervisorsController:
    def __init__(self, host_api=None):
        self.host_api = host_api or compute_api.HostAPI()

    @staticmethod
    def _nodes_with_services(context, pattern=None):
        services = {s.host: s for s in objects.ServiceList.get_all(context,
                                                                   binary='nova-compute')}
        return [(node, services.get(node.host))
                for node in objects.ComputeNodeList.get_all(context)
                if pattern is None or pattern in node.hypervisor_hostname]

    @wsgi.expected_errors((400, 404))
    def index(self, req):
        return self._list(req, 'list', _basic)

    @wsgi.expected_errors((400, 404))
    def detail(self, req):
        return self._list(req, 'list-detail', self._detail)

    def _detail(self, req, node, service):
        return _detail(req, node, service, self.host_api)

    def _list(self, req, action, view):
        context = req.context
        policy.authorize(context, PREFIX % action, {})
        version = req.api_version_request
        params = req.GET
        pattern = params.get('hypervisor_hostname_pattern') if version >= '2.53' else None
        with_servers = version >= '2.53' and strutils.bool_from_string(
            params.get('with_servers', False))
        nodes = self._nodes_with_services(context, pattern)
        if pattern is not None and not nodes:
            raise webob.exc.HTTPNotFound(
                explanation="No hypervisor matching '%s' could be found." % pattern)
        limit = None
        if version >= '2.33' and pattern is None:
            limit, marker = common.limited_by_marker(req)
            nodes = self._after_marker(req, nodes, marker)[:limit]
        items = []
        for node, service in nodes:
            body = view(req, node, service)
            items.append(_with_servers(req, body, node) if with_servers else body)
        result = {'hypervisors': items}
        if limit is not None:
            links = common.collection_links(
                req, 'os-hypervisors/detail' if action == 'list-detail' else 'os-hypervisors',
                items, limit)
            if links:
                result['hypervisors_links'] = links
        return result

    @staticmethod
    def _after_marker(req, nodes, marker):
        if marker is None:
            return nodes
        key = 'uuid' if req.api_version_request >= '2.53' else 'id'
        ids = [str(getattr(node, key)) for node, _ in nodes]
        if marker not in ids:
            raise webob.exc.HTTPBadRequest(explanation='marker [%s] not found' % marker)
        return nodes[ids.index(marker) + 1:]

    def _node(self, req, id):
        context = req.context
        try:
            if req.api_version_request >= '2.53':
                if not uuidutils.is_uuid_like(id):
                    raise webob.exc.HTTPBadRequest(explanation='Invalid uuid %s' % id)
                node = objects.ComputeNode.get_by_uuid(context, id)
            else:
                node = objects.ComputeNode.get_by_id(context, int(id))
        except (ValueError, exception.ComputeNodeNotFound):
            raise webob.exc.HTTPNotFound(
                explanation='Hypervisor with ID %s could not be found.' % id)
        try:
            service = objects.Service.get_by_host_and_binary(context, node.host,
                                                             'nova-compute')
        except exception.ServiceNotFound:
            service = None
        return node, service

    @wsgi.expected_errors((400, 404))
    def show(self, req, id):
        policy.authorize(req.context, PREFIX % 'show', {})
        node, service = self._node(req, id)
        body = self._detail(req, node, service)
        if req.api_version_request >= '2.53' and strutils.bool_from_string(
                req.GET.get('with_servers', False)):
            body = _with_servers(req, body, node)
        return {'hypervisor': body}

    @wsgi.versions(max_version='2.87')
    @wsgi.expected_errors((400, 404, 501))
    def uptime(self, req, id):
        policy.authorize(req.context, PREFIX % 'uptime', {})
        node, service = self._node(req, id)
        if service is None:
            raise webob.exc.HTTPNotFound(
                explanation='Hypervisor with ID %s could not be found.' % id)
        try:
            uptime = self.host_api.get_host_uptime(req.context, node.host, service)
        except exception.ActionNotImplemented as error:
            raise webob.exc.HTTPNotImplemented(explanation=error.format_message())
        return {'hypervisor': dict(_basic(req, node, service), uptime=uptime)}

    @wsgi.versions(max_version='2.87')
    @wsgi.expected_errors(404)
    def statistics(self, req):
        policy.authorize(req.context, PREFIX % 'statistics', {})
        stats = dict.fromkeys(_FIGURES, 0)
        nodes = self._nodes_with_services(req.context)
        for node, _ in nodes:
            for key, value in _figures(node).items():
                stats[key] += value or 0
        return {'hypervisor_statistics': dict(stats, count=len(nodes))}

    @wsgi.versions(max_version='2.52')
    @wsgi.expected_errors(404)
    def search(self, req, id):
        return {'hypervisors': [_basic(req, node, service)
                                for node, service in self._matching(req, 'search', id)]}

    @wsgi.versions(max_version='2.52')
    @wsgi.expected_errors(404)
    def servers(self, req, id):
        return {'hypervisors': [_with_servers(req, _basic(req, node, service), node)
                                for node, service in self._matching(req, 'servers', id)]}

    def _matching(self, req, action, pattern):
        policy.authorize(req.context, PREFIX % action, {})
        nodes = self._nodes_with_services(req.context, pattern)
        if not nodes:
            raise webob.exc.HTTPNotFound(
                explanation="No hypervisor matching '%s' could be found." % pattern)
        return nodes
