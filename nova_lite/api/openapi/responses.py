"""The shapes of the success bodies at the document's microversion, by operation
id ('<route>:<method>', '<route>:action:<action>'), and the schemas they share.

They name the keys every body has and their types; keys a body has only for
some callers (an admin's extended attributes) or some states (a server's
fault) are left open, so the shapes hold for every caller.
"""

STR = {'type': 'string'}
INT = {'type': 'integer'}
BOOL = {'type': 'boolean'}
NUM = {'type': 'number'}
NULL_STR = {'type': ['string', 'null']}
NULL_INT = {'type': ['integer', 'null']}


def obj(required=(), extra=None, **properties):
    """An object that has the required keys; **properties types keys it may have."""
    schema = {'type': 'object', 'properties': properties}
    if required:
        schema['required'] = list(required)
    if extra is not None:
        schema['additionalProperties'] = extra
    return schema


def array(items):
    return {'type': 'array', 'items': items}


def ref(name):
    return {'$ref': '#/components/schemas/%s' % name}


def envelope(key, schema, **more):
    return obj([key], **{key: schema}, **more)


def listing(key, item):
    """{key: [item], key_links: [next]} as a paged list answers."""
    return envelope(key, array(item), **{key + '_links': ref('Links')})


_SERVER_CORE = ('id', 'name', 'links', 'status', 'tenant_id', 'user_id', 'metadata', 'hostId',
                'image', 'flavor', 'created', 'updated', 'addresses', 'accessIPv4',
                'accessIPv6', 'progress', 'OS-DCF:diskConfig', 'locked', 'description', 'tags',
                'trusted_image_certificates', 'locked_reason')
_SERVER_SHOW = ('OS-EXT-AZ:availability_zone', 'config_drive', 'key_name',
                'OS-SRV-USG:launched_at', 'OS-SRV-USG:terminated_at', 'OS-EXT-STS:task_state',
                'OS-EXT-STS:vm_state', 'OS-EXT-STS:power_state',
                'os-extended-volumes:volumes_attached')
_SERVER_PROPERTIES = dict(
    id=STR, name=STR, links=ref('Links'), status=STR, tenant_id=STR, user_id=STR,
    metadata=ref('StringMap'), hostId=STR, image={'type': ['object', 'string']},
    flavor=obj(['vcpus', 'ram', 'disk', 'ephemeral', 'swap', 'original_name'],
               vcpus=INT, ram=INT, disk=INT, ephemeral=INT, swap=INT, original_name=STR,
               extra_specs=ref('StringMap')),
    created=STR, updated=STR, addresses=obj(), accessIPv4=STR, accessIPv6=STR,
    progress=INT, locked=BOOL, description=NULL_STR, tags=array(STR),
    trusted_image_certificates={'type': ['array', 'null'], 'items': STR},
    locked_reason=NULL_STR, server_groups=dict(array(STR), maxItems=1), user_data=NULL_STR,
    fault=obj(['code', 'created', 'message'], code=INT, created=STR, message=STR,
              details=STR),
    key_name=NULL_STR, host_status=STR, **{
        'OS-DCF:diskConfig': {'enum': ['AUTO', 'MANUAL']},
        'OS-EXT-STS:task_state': NULL_STR, 'OS-EXT-STS:vm_state': STR,
        'OS-EXT-STS:power_state': NULL_INT, 'OS-EXT-AZ:availability_zone': STR,
        'OS-SRV-USG:launched_at': NULL_STR, 'OS-SRV-USG:terminated_at': NULL_STR,
        'os-extended-volumes:volumes_attached': array(obj()),
        'config_drive': {'type': ['string', 'boolean']}})
_FLAVOR_BASIC = ('id', 'name', 'links', 'description')
_FLAVOR = _FLAVOR_BASIC + ('ram', 'disk', 'vcpus', 'swap', 'rxtx_factor',
                           'OS-FLV-EXT-DATA:ephemeral', 'OS-FLV-DISABLED:disabled',
                           'os-flavor-access:is_public')
_FLAVOR_PROPERTIES = dict(
    id=STR, name=STR, links=ref('Links'), description=NULL_STR, ram=INT, disk=INT, vcpus=INT,
    swap={'type': ['integer', 'string']}, rxtx_factor=NUM, extra_specs=ref('StringMap'),
    **{'OS-FLV-EXT-DATA:ephemeral': INT, 'OS-FLV-DISABLED:disabled': BOOL,
       'os-flavor-access:is_public': BOOL})
_ACTION = obj(['action', 'instance_uuid', 'request_id', 'user_id', 'project_id',
               'start_time', 'message', 'updated_at'],
              action=STR, instance_uuid=STR, request_id=STR, user_id=NULL_STR,
              project_id=NULL_STR, start_time=NULL_STR, message=NULL_STR,
              updated_at=NULL_STR,
              events=array(obj(['event', 'start_time', 'finish_time', 'result', 'hostId'],
                               event=STR, start_time=NULL_STR, finish_time=NULL_STR,
                               result=NULL_STR, traceback=NULL_STR, host=NULL_STR,
                               hostId=STR)))
_HYPERVISOR_BASIC = ('id', 'hypervisor_hostname', 'state', 'status')
_HYPERVISOR_PROPERTIES = dict(
    id={'type': ['string', 'integer']}, hypervisor_hostname=STR,
    state={'enum': ['up', 'down']}, status={'enum': ['enabled', 'disabled']},
    hypervisor_type=STR, hypervisor_version=INT, host_ip=NULL_STR,
    service=obj(['host', 'id', 'disabled_reason'], host=STR,
                id={'type': ['string', 'integer', 'null']}, disabled_reason=NULL_STR),
    cpu_info={'type': ['object', 'string']},
    servers=array(obj(['name', 'uuid'], name=STR, uuid=STR)))
_KEYPAIR = obj(['name', 'public_key', 'fingerprint', 'type'], name=STR, public_key=STR,
               fingerprint=STR, type={'enum': ['ssh', 'x509']}, user_id=STR,
               private_key=STR, id=INT, deleted=BOOL, created_at=NULL_STR,
               updated_at=NULL_STR, deleted_at=NULL_STR)
_USAGE = obj(['tenant_id', 'start', 'stop', 'total_hours', 'total_local_gb_usage',
              'total_memory_mb_usage', 'total_vcpus_usage'],
             tenant_id=STR, start=STR, stop=STR, total_hours=NUM,
             total_local_gb_usage=NUM, total_memory_mb_usage=NUM, total_vcpus_usage=NUM,
             server_usages=array(obj(['instance_id', 'name', 'hours', 'memory_mb',
                                      'local_gb', 'vcpus', 'tenant_id', 'flavor',
                                      'started_at', 'ended_at', 'state', 'uptime'])))
_QUOTAS = obj(extra=INT, id=STR)

COMPONENTS = {
    'Fault': {'type': 'object', 'minProperties': 1, 'maxProperties': 1,
              'description': "Upstream's error body: {\"itemNotFound\": {\"code\": 404, "
                             "\"message\": \"...\"}}",
              'additionalProperties': obj(['code', 'message'], code=INT, message=STR)},
    'Links': array(obj(['rel', 'href'], rel=STR, href=STR, type=STR)),
    'StringMap': obj(extra=STR),
    'ServerBasic': obj(['id', 'name', 'links'], id=STR, name=STR, links=ref('Links')),
    'Server': obj(_SERVER_CORE + _SERVER_SHOW, **_SERVER_PROPERTIES),
    'ServerWithGroups': obj(_SERVER_CORE + _SERVER_SHOW + ('server_groups',),
                            **_SERVER_PROPERTIES),
    'FlavorBasic': obj(_FLAVOR_BASIC, **_FLAVOR_PROPERTIES),
    'Flavor': obj(_FLAVOR, **_FLAVOR_PROPERTIES),
    'FlavorAccess': envelope('flavor_access', array(obj(['flavor_id', 'tenant_id'],
                                                        flavor_id=STR, tenant_id=STR))),
    'Image': obj(['id', 'name', 'links'], id=STR, name=NULL_STR, links=ref('Links')),
    'Service': obj(['id', 'binary', 'host', 'zone', 'status', 'state', 'updated_at',
                    'disabled_reason', 'forced_down'],
                   id={'type': ['string', 'integer']}, binary=STR, host=STR, zone=STR,
                   status={'enum': ['enabled', 'disabled']}, state={'enum': ['up', 'down']},
                   updated_at=NULL_STR, disabled_reason=NULL_STR, forced_down=BOOL),
    'HypervisorBasic': obj(_HYPERVISOR_BASIC, **_HYPERVISOR_PROPERTIES),
    'Hypervisor': obj(_HYPERVISOR_BASIC + ('hypervisor_type', 'hypervisor_version',
                                           'host_ip', 'service'), **_HYPERVISOR_PROPERTIES),
    'Aggregate': obj(['id', 'name', 'availability_zone', 'created_at', 'updated_at',
                      'deleted_at', 'deleted', 'uuid'],
                     id=INT, name=STR, availability_zone=NULL_STR, created_at=NULL_STR,
                     updated_at=NULL_STR, deleted_at={'type': 'null'}, deleted=BOOL,
                     uuid=STR, hosts=array(STR), metadata=ref('StringMap')),
    'ServerGroup': obj(['id', 'name', 'members', 'policy', 'rules', 'project_id', 'user_id'],
                       id=STR, name=STR, members=array(STR),
                       policy={'enum': ['affinity', 'anti-affinity', 'soft-affinity',
                                        'soft-anti-affinity']},
                       rules=obj(extra=False, max_server_per_host=INT), project_id=STR,
                       user_id=STR),
    'ExtraSpec': dict(ref('StringMap'), minProperties=1, maxProperties=1),
}

BODIES = {
    'servers:index': listing('servers', ref('ServerBasic')),
    'servers:detail': listing('servers', ref('Server')),
    # GET /servers/{id}, PUT and rebuild show the server's group (2.71), /detail does not
    'servers:show': envelope('server', ref('ServerWithGroups')),
    'servers:update': envelope('server', ref('ServerWithGroups')),
    'servers:create': {'anyOf': [
        envelope('server', obj(['id', 'links', 'OS-DCF:diskConfig', 'adminPass',
                                'security_groups'], id=STR, links=ref('Links'),
                               adminPass=STR, security_groups=array(obj(['name'])))),
        envelope('reservation_id', STR)]},
    # the rebuild answers user_data instead of OS-EXT-SRV-ATTR:user_data, and adminPass
    'servers:action:rebuild': envelope('server', obj(
        _SERVER_CORE + _SERVER_SHOW + ('server_groups', 'user_data', 'adminPass'),
        **_SERVER_PROPERTIES, adminPass=STR)),
    'servers:action:createImage': envelope('image_id', STR),
    'servers:action:rescue': envelope('adminPass', STR),
    'servers:action:os-getConsoleOutput': envelope('output', STR),
    'server-metadata:index': envelope('metadata', ref('StringMap')),
    'server-metadata:create': envelope('metadata', ref('StringMap')),
    'server-metadata:update_all': envelope('metadata', ref('StringMap')),
    'server-metadata:show': envelope('meta', ref('StringMap')),
    'server-metadata:update': envelope('meta', ref('StringMap')),
    'server-tags:index': envelope('tags', array(STR)),
    'server-tags:update_all': envelope('tags', array(STR)),
    'server-password:index': envelope('password', STR),
    'remote-consoles:create': envelope('remote_console', obj(
        ['protocol', 'type', 'url'], protocol=STR, type=STR, url=STR)),
    'servers:action:os-getVNCConsole': envelope('console', obj(['type', 'url'], type=STR,
                                                               url=STR)),
    'os-console-auth-tokens:show': envelope('console', obj(
        ['instance_uuid', 'host', 'port', 'internal_access_path'], instance_uuid=STR,
        host=NULL_STR, port=NULL_INT, internal_access_path=NULL_STR)),
    'os-instance-actions:index': envelope('instanceActions', array(_ACTION),
                                          links=ref('Links')),
    'os-instance-actions:show': envelope('instanceAction', _ACTION),
    'flavors:index': listing('flavors', ref('FlavorBasic')),
    'flavors:detail': listing('flavors', ref('Flavor')),
    'flavors:show': envelope('flavor', ref('Flavor')),
    'flavors:create': envelope('flavor', ref('Flavor')),
    'flavors:update': envelope('flavor', ref('Flavor')),
    'flavor-access:index': ref('FlavorAccess'),
    'flavor-access:action:addTenantAccess': ref('FlavorAccess'),
    'flavor-access:action:removeTenantAccess': ref('FlavorAccess'),
    'os-extra_specs:index': envelope('extra_specs', ref('StringMap')),
    'os-extra_specs:create': envelope('extra_specs', ref('StringMap')),
    'os-extra_specs:show': ref('ExtraSpec'),
    'os-extra_specs:update': ref('ExtraSpec'),
    'images:index': listing('images', ref('Image')),
    'images:detail': listing('images', ref('Image')),
    'images:show': envelope('image', ref('Image')),
    'os-keypairs:index': envelope('keypairs', array(envelope('keypair', _KEYPAIR)),
                                  keypairs_links=ref('Links')),
    'os-keypairs:create': envelope('keypair', _KEYPAIR),
    'os-keypairs:show': envelope('keypair', _KEYPAIR),
    'os-services:index': envelope('services', array(ref('Service'))),
    'os-services:update': envelope('service', ref('Service')),
    'os-hypervisors:index': listing('hypervisors', ref('HypervisorBasic')),
    'os-hypervisors:detail': listing('hypervisors', ref('Hypervisor')),
    'os-hypervisors:show': envelope('hypervisor', ref('Hypervisor')),
    'os-hypervisors:uptime': envelope('hypervisor', obj(
        _HYPERVISOR_BASIC + ('uptime',), **_HYPERVISOR_PROPERTIES, uptime=STR)),
    'os-hypervisors:statistics': envelope('hypervisor_statistics', obj(['count'], extra=INT)),
    'os-hypervisors:search': envelope('hypervisors', array(ref('HypervisorBasic'))),
    'os-hypervisors:servers': envelope('hypervisors', array(ref('HypervisorBasic'))),
    'os-quota-sets:show': envelope('quota_set', _QUOTAS),
    'os-quota-sets:defaults': envelope('quota_set', _QUOTAS),
    'os-quota-sets:update': envelope('quota_set', _QUOTAS),
    'os-quota-sets:detail': envelope('quota_set', obj(
        ['id'], id=STR, extra=obj(['limit', 'in_use', 'reserved'], limit=INT, in_use=INT,
                                  reserved=INT))),
    'os-quota-class-sets:show': envelope('quota_class_set', _QUOTAS),
    'os-quota-class-sets:update': envelope('quota_class_set', _QUOTAS),
    'limits:index': envelope('limits', obj(['absolute', 'rate'], absolute=obj(extra=INT),
                                           rate=array(obj()))),
    'os-availability-zone:index': envelope('availabilityZoneInfo', array(obj(
        ['zoneName', 'zoneState', 'hosts'], zoneName=STR,
        zoneState=obj(['available'], available=BOOL), hosts={'type': ['object', 'null']}))),
    'os-availability-zone:detail': envelope('availabilityZoneInfo', array(obj(
        ['zoneName', 'zoneState', 'hosts'], zoneName=STR,
        zoneState=obj(['available'], available=BOOL), hosts={'type': ['object', 'null']}))),
    'os-aggregates:index': envelope('aggregates', array(ref('Aggregate'))),
    'os-aggregates:create': envelope('aggregate', ref('Aggregate')),
    'os-aggregates:show': envelope('aggregate', ref('Aggregate')),
    'os-aggregates:update': envelope('aggregate', ref('Aggregate')),
    'os-aggregates:action:add_host': envelope('aggregate', ref('Aggregate')),
    'os-aggregates:action:remove_host': envelope('aggregate', ref('Aggregate')),
    'os-aggregates:action:set_metadata': envelope('aggregate', ref('Aggregate')),
    'os-server-groups:index': envelope('server_groups', array(ref('ServerGroup'))),
    'os-server-groups:create': envelope('server_group', ref('ServerGroup')),
    'os-server-groups:show': envelope('server_group', ref('ServerGroup')),
    'os-simple-tenant-usage:index': envelope('tenant_usages', array(_USAGE),
                                             tenant_usages_links=ref('Links')),
    'os-simple-tenant-usage:show': envelope('tenant_usage', {'anyOf': [_USAGE, obj()]},
                                            tenant_usage_links=ref('Links')),
}

# Methods that answer with a status of their own instead of their @response one.
SUCCESS_CODES = {'server-tags:update': (201, 204)}
