"""/os-hypervisors: list, detail, show (admin)."""
import webob.exc

from nova_lite import exception
from nova_lite import objects
from nova_lite import policy
from nova_lite.api import wsgi


def _basic(node, service):
    return {
        'id': node.id,
        'hypervisor_hostname': node.hypervisor_hostname,
        'state': 'up' if service is not None and service.is_up() else 'down',
        'status': 'disabled' if service is None or service.disabled else 'enabled',
    }


def _detail(node, service):
    body = _basic(node, service)
    # As upstream shows them: "used" includes what is reserved for the host.
    memory_used = node.memory_mb_used + node.reserved_memory_mb
    disk_used = node.local_gb_used + node.reserved_disk_gb
    body.update({
        'vcpus': node.vcpus,
        'memory_mb': node.memory_mb,
        'local_gb': node.local_gb,
        'vcpus_used': node.vcpus_used,
        'memory_mb_used': memory_used,
        'local_gb_used': disk_used,
        'hypervisor_type': node.hypervisor_type,
        'hypervisor_version': node.hypervisor_version,
        'free_ram_mb': node.memory_mb - memory_used,
        'free_disk_gb': node.local_gb - disk_used,
        'current_workload': 0,
        'running_vms': node.running_vms,
        'cpu_info': node.cpu_info,
        'disk_available_least': node.disk_available_least,
        'host_ip': node.host_ip,
        'service': {'host': node.host, 'id': service.id if service else None,
                    'disabled_reason': service.disabled_reason if service else None},
    })
    return body


class HypervisorsController:
    def _nodes_with_services(self, context):
        services = {s.host: s for s in objects.ServiceList.get_all(context,
                                                                   binary='nova-compute')}
        return [(node, services.get(node.host))
                for node in objects.ComputeNodeList.get_all(context)]

    @wsgi.expected_errors(())
    def index(self, req):
        policy.authorize(req.context, 'os_compute_api:os-hypervisors:list', {})
        return {'hypervisors': [_basic(n, s) for n, s in self._nodes_with_services(req.context)]}

    @wsgi.expected_errors(())
    def detail(self, req):
        policy.authorize(req.context, 'os_compute_api:os-hypervisors:list-detail', {})
        return {'hypervisors': [_detail(n, s)
                                for n, s in self._nodes_with_services(req.context)]}

    @wsgi.expected_errors(404)
    def show(self, req, id):
        policy.authorize(req.context, 'os_compute_api:os-hypervisors:show', {})
        try:
            node = objects.ComputeNode.get_by_id(req.context, int(id))
        except (ValueError, exception.ComputeNodeNotFound):
            raise webob.exc.HTTPNotFound(
                explanation='Hypervisor with ID %s could not be found.' % id)
        try:
            service = objects.Service.get_by_host_and_binary(req.context, node.host,
                                                             'nova-compute')
        except exception.ServiceNotFound:
            service = None
        return {'hypervisor': _detail(node, service)}
