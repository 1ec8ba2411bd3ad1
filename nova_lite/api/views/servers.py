"""The server body, per microversion."""
import hashlib

from nova_lite import exception
from nova_lite import objects
from nova_lite import policy
from nova_lite.api import common
from nova_lite.compute import api as compute_api
from nova_lite.compute import vm_states


def hashed_host(project_id, host):
    """Opaque per-project id of a host, as upstream computes hostId ('' for none)."""
    if not host:
        return ''
    return hashlib.sha224((project_id + host).encode()).hexdigest()


def host_id(instance):
    return hashed_host(instance.project_id, instance.host)


# the instance columns basic() shows (all a GET /servers page reads)
BASIC_COLUMNS = ('uuid', 'display_name')


def basic(req, instance):
    return {'id': instance.uuid, 'name': instance.display_name,
            'links': common.resource_links(req, 'servers', instance.uuid)}


def _fault(req, instance):
    fault = instance.fault
    if fault is None:
        return None
    body = {'code': fault.code, 'created': common.isotime(fault.created_at),
            'message': fault.message}
    # Details (a traceback) are for admins, or for anyone when the error was not a 500.
    if req.context.is_admin or fault.code != 500:
        body['details'] = fault.details or ''
    return body


def _embedded_flavor(req, flavor):
    """The flavor as it was at boot (2.47), extra specs for who may read them."""
    body = {'vcpus': flavor.vcpus, 'ram': flavor.memory_mb, 'disk': flavor.root_gb,
            'ephemeral': flavor.ephemeral_gb, 'swap': flavor.swap,
            'original_name': flavor.name}
    # asked for every server of a list: policy.authorize keeps the request's answers
    if policy.authorize(req.context, 'os_compute_api:os-flavor-extra-specs:index',
                        fatal=False):
        body['extra_specs'] = dict(flavor.extra_specs or {})
    return body


def host_statuses(context, instances):
    """{host: host_status} (2.16) of the hosts of instances, as upstream derives
    it from the host's compute service: UP, DOWN (forced down), MAINTENANCE
    (disabled), UNKNOWN (no recent heartbeat); '' for no host or service."""
    hosts = sorted({instance.host for instance in instances if instance.host})
    if not hosts:
        return {}
    statuses = dict.fromkeys(hosts, '')
    # one call for the page's hosts
    for service in objects.ServiceList.get_all(context, binary='nova-compute', host=hosts):
        host = service.host
        if service.forced_down:
            statuses[host] = 'DOWN'
        elif service.disabled:
            statuses[host] = 'MAINTENANCE'
        else:
            statuses[host] = 'UP' if service.is_up() else 'UNKNOWN'
    return statuses


def _can_see_host_status(req):
    return (req.api_version_request >= '2.16' and
            policy.authorize(req.context, 'os_compute_api:servers:show:host_status',
                             fatal=False))


def expected_attrs(req):
    """What to load with the instances for this microversion's server body."""
    return ['fault', 'tags'] if req.api_version_request >= '2.26' else ['fault']


def _core(req, instance):
    """What every full server body has, with the keys microversions added to it."""
    flavor_id = instance.flavor.flavorid if instance.obj_attr_is_set('flavor') else ''
    server = basic(req, instance)
    server.update({
        'status': common.status_from_state(instance.vm_state, instance.task_state),
        'tenant_id': instance.project_id,
        'user_id': instance.user_id,
        'metadata': dict(instance.metadata),
        'hostId': host_id(instance),
        'image': ({'id': instance.image_ref,
                   'links': common.resource_links(req, 'images', instance.image_ref)[1:]}
                  if instance.image_ref else ''),
        'flavor': {'id': flavor_id,
                   'links': common.resource_links(req, 'flavors', flavor_id)[1:]},
        'created': common.isotime(instance.created_at),
        'updated': common.isotime(instance.updated_at or instance.created_at),
        'addresses': {},
        'accessIPv4': str(instance.access_ip_v4) if instance.access_ip_v4 else '',
        'accessIPv6': str(instance.access_ip_v6) if instance.access_ip_v6 else '',
        'progress': instance.progress or 0 if instance.vm_state in (
            vm_states.ACTIVE, vm_states.BUILDING) else 0,
        'OS-DCF:diskConfig': 'MANUAL',
    })
    version = req.api_version_request
    if version >= '2.9':
        server['locked'] = instance.locked
    if version >= '2.19':
        server['description'] = instance.display_description
    if version >= '2.26':
        server['tags'] = list(instance.tags)
    if version >= '2.47':
        server['flavor'] = _embedded_flavor(req, instance.flavor)
    if version >= '2.63':
        server['trusted_image_certificates'] = compute_api.trusted_certs(instance)
    if version >= '2.73':
        server['locked_reason'] = (instance.system_metadata or {}).get('locked_reason')
    if instance.vm_state in (vm_states.ERROR, vm_states.DELETED):
        fault = _fault(req, instance)
        if fault:
            server['fault'] = fault
    return server


def server_groups(context, instance):
    """[uuid] of the server group the server is in (2.71), [] when none."""
    try:
        return [objects.InstanceGroup.get_by_instance_uuid(context, instance.uuid).uuid]
    except exception.InstanceGroupNotFound:
        return []


def reduced(req, instance, rebuild=False):
    """The body PUT /servers/{id} and rebuild answer: before 2.75 the server
    without the extended attributes (upstream's show with its extensions off),
    from 2.75 what GET answers. A rebuild answers user_data itself (2.57), so
    not OS-EXT-SRV-ATTR:user_data too."""
    if req.api_version_request >= '2.75':
        server = show(req, instance, with_server_groups=True)
        if rebuild:
            server.pop('OS-EXT-SRV-ATTR:user_data', None)
        return server
    server = _core(req, instance)
    if req.api_version_request >= '2.71':
        server['server_groups'] = server_groups(req.context, instance)
    return server


def show(req, instance, show_extended_attrs=None, host_status_of=None,
         with_server_groups=False):
    """host_status_of: {host: host_status} when the caller may see it (detail
    computes it once for the page); None works it out for this server.
    with_server_groups: GET /servers/{id} (not /detail) shows them from 2.71."""
    context = req.context
    if show_extended_attrs is None:
        show_extended_attrs = policy.authorize(
            context, 'os_compute_api:os-extended-server-attributes', fatal=False)
    if host_status_of is None and _can_see_host_status(req):
        host_status_of = host_statuses(context, [instance])
    server = _core(req, instance)
    server.update({
        'OS-EXT-AZ:availability_zone': instance.availability_zone or '',
        'config_drive': instance.config_drive or '',
        'key_name': instance.key_name,
        'OS-SRV-USG:launched_at': common.isotime_usec(instance.launched_at),
        'OS-SRV-USG:terminated_at': common.isotime_usec(instance.terminated_at),
        'OS-EXT-STS:task_state': instance.task_state,
        'OS-EXT-STS:vm_state': instance.vm_state,
        'OS-EXT-STS:power_state': instance.power_state,
        'os-extended-volumes:volumes_attached': [],
    })
    if show_extended_attrs:
        server.update({
            'OS-EXT-SRV-ATTR:host': instance.host,
            'OS-EXT-SRV-ATTR:hypervisor_hostname': instance.node,
            'OS-EXT-SRV-ATTR:instance_name': instance.name,
        })
        if req.api_version_request >= '2.3':
            server.update({
                'OS-EXT-SRV-ATTR:reservation_id': instance.reservation_id,
                'OS-EXT-SRV-ATTR:launch_index': instance.launch_index,
                'OS-EXT-SRV-ATTR:hostname': instance.hostname,
                'OS-EXT-SRV-ATTR:kernel_id': instance.kernel_id or '',
                'OS-EXT-SRV-ATTR:ramdisk_id': instance.ramdisk_id or '',
                'OS-EXT-SRV-ATTR:root_device_name': instance.root_device_name,
                'OS-EXT-SRV-ATTR:user_data': instance.user_data,
            })
    if host_status_of is not None:
        server['host_status'] = host_status_of.get(instance.host, '')
    if with_server_groups and req.api_version_request >= '2.71':
        server['server_groups'] = server_groups(context, instance)
    return server


def index(req, instances, limit, detailed):
    if detailed:
        can_see = policy.authorize(req.context, 'os_compute_api:os-extended-server-attributes',
                                   fatal=False)
        statuses = (host_statuses(req.context, instances) if _can_see_host_status(req)
                    else None)
        servers = [show(req, instance, can_see, statuses) for instance in instances]
    else:
        servers = [basic(req, instance) for instance in instances]
    body = {'servers': servers}
    links = common.collection_links(req, 'servers/detail' if detailed else 'servers',
                                    servers, limit)
    if links:
        body['servers_links'] = links
    return body
