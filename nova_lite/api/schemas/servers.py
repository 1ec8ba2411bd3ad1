"""Request bodies of /servers: create at 2.1 (every property of upstream's
base create plus the extensions folded into 2.1) and as later microversions
change it."""
import copy

from nova_lite.api import validation

_networks = {
    'type': 'array',
    'items': {
        'type': 'object',
        'properties': {
            'fixed_ip': {'type': 'string', 'format': 'ipv4'},
            'port': {'type': ['string', 'null'], 'format': 'uuid'},
            'uuid': {'type': 'string'},
        },
        'additionalProperties': False,
    },
}

_bool = {'type': ['boolean', 'string'],
         'enum': [True, False, 'True', 'False', 'true', 'false', '0', '1']}
_block_device_mapping_v2 = {
    'type': 'array',
    'items': {
        'type': 'object',
        'properties': {
            'source_type': {'type': 'string', 'enum': ['volume', 'image', 'snapshot', 'blank']},
            'destination_type': {'type': 'string', 'enum': ['local', 'volume']},
            'uuid': {'type': 'string', 'minLength': 1, 'maxLength': 255,
                     'pattern': '^[a-zA-Z0-9._-]*$'},
            'boot_index': {'type': ['integer', 'string', 'null'], 'pattern': '^-?[0-9]+$'},
            'device_name': {'type': 'string', 'minLength': 1, 'maxLength': 255},
            'device_type': {'type': 'string', 'maxLength': 255},
            'disk_bus': {'type': 'string', 'maxLength': 255},
            'guest_format': {'type': 'string', 'maxLength': 255},
            'volume_size': {'type': ['integer', 'string', 'null'], 'pattern': '^[0-9]*$'},
            'delete_on_termination': _bool,
            'no_device': {},
            'connection_info': {'type': 'string', 'maxLength': 16777215},
            'volume_id': {'type': 'string'},
            'snapshot_id': {'type': 'string'},
            'image_id': {'type': 'string'},
        },
        'additionalProperties': False,
    },
}
_block_device_mapping = {
    'type': 'array',
    'items': {
        'type': 'object',
        'properties': {
            'virtual_name': {'type': 'string', 'maxLength': 255},
            'volume_id': {'type': 'string'},
            'snapshot_id': {'type': 'string'},
            'volume_size': {'type': ['integer', 'string', 'null'], 'pattern': '^[0-9]*$'},
            'device_name': {'type': 'string', 'minLength': 1, 'maxLength': 255},
            'delete_on_termination': _bool,
            'no_device': {},
            'connection_info': {'type': 'string', 'maxLength': 16777215},
        },
        'additionalProperties': False,
    },
}

_server_properties = {
    'name': validation.name,
    'imageRef': {'type': 'string'},
    'flavorRef': {'type': ['string', 'integer'], 'minLength': 1},
    'adminPass': {'type': 'string'},
    'metadata': validation.metadata,
    'networks': _networks,
    'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']},
    'accessIPv4': {'type': 'string', 'format': 'ipv4'},
    'accessIPv6': {'type': 'string', 'format': 'ipv6'},
    'availability_zone': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    'config_drive': {'type': ['boolean', 'string', 'null']},
    'key_name': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    'min_count': validation.positive_integer,
    'max_count': validation.positive_integer,
    'return_reservation_id': {'type': ['boolean', 'string'],
                              'enum': [True, False, 'True', 'False', 'true', 'false']},
    'security_groups': {'type': 'array',
                        'items': {'type': 'object',
                                  'properties': {'name': {'type': 'string', 'minLength': 1,
                                                          'maxLength': 255}},
                                  'additionalProperties': False}},
    'user_data': {'type': 'string', 'format': 'base64', 'maxLength': 65535},
    'block_device_mapping': _block_device_mapping,
    'block_device_mapping_v2': _block_device_mapping_v2,
    'personality': {'type': 'array', 'items': {
        'type': 'object',
        'properties': {'path': {'type': 'string'}, 'contents': {'type': 'string',
                                                                'format': 'base64'}},
        'additionalProperties': False}},
}

create = {
    'type': 'object',
    'properties': {
        'server': {
            'type': 'object',
            'properties': _server_properties,
            'required': ['name', 'flavorRef'],
            'additionalProperties': False,
        },
        'os:scheduler_hints': {'type': 'object', 'additionalProperties': True},
        'OS-SCH-HNT:scheduler_hints': {'type': 'object', 'additionalProperties': True},
    },
    'required': ['server'],
    'additionalProperties': False,
}


def _create_with(base, **changes):
    """A copy of the create schema base with server properties changed (None removes)."""
    schema = copy.deepcopy(base)
    server = schema['properties']['server']
    for key, value in changes.items():
        if value is None:
            server['properties'].pop(key)
        else:
            server['properties'][key] = value
    return schema


description = {'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255,
               'pattern': r'^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$'}
# a server tag (2.26) and a device tag (2.32) have the same form
tag = {'type': 'string', 'minLength': 1, 'maxLength': 60, 'pattern': '^[^,/]*$'}


def _tagged(items_schema):
    tagged = copy.deepcopy(items_schema)
    tagged['items']['properties']['tag'] = tag
    return tagged


# 2.37: networks is required: a list of networks/ports, or 'auto' or 'none'
# (the uuid of a network must now look like one).
_networks_v237 = copy.deepcopy(_networks)
_networks_v237['items']['properties']['uuid'] = {'type': 'string', 'format': 'uuid'}
_networks_v237 = {'oneOf': [_networks_v237, {'type': 'string', 'enum': ['none', 'auto']}]}
_networks_v242 = {'oneOf': [_tagged(_networks_v237['oneOf'][0]),
                            _networks_v237['oneOf'][1]]}

create_v219 = _create_with(create, description=description)
# 2.32 tags network interfaces and block devices; 2.33 to 2.41 lost them by mistake
create_v232 = _create_with(create_v219, networks=_tagged(_networks),
                           block_device_mapping_v2=_tagged(_block_device_mapping_v2))
create_v237 = _create_with(create_v219, networks=_networks_v237)
create_v237['properties']['server']['required'].append('networks')
create_v242 = _create_with(create_v237, networks=_networks_v242,
                           block_device_mapping_v2=_tagged(_block_device_mapping_v2))
create_v252 = _create_with(create_v242, tags={'type': 'array', 'items': tag, 'maxItems': 50})
create_v257 = _create_with(create_v252, personality=None)
# 2.63: the ids of the certificates an image's signature may be signed with
trusted_certs = {'type': ['array', 'null'], 'minItems': 1, 'maxItems': 50, 'uniqueItems': True,
                 'items': {'type': 'string', 'minLength': 1}}
create_v263 = _create_with(create_v257, trusted_image_certificates=trusted_certs)
# 2.67: the Cinder volume type of a volume a block device mapping creates
_block_device_mapping_v267 = copy.deepcopy(
    create_v263['properties']['server']['properties']['block_device_mapping_v2'])
_block_device_mapping_v267['items']['properties']['volume_type'] = {
    'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255}
create_v267 = _create_with(create_v263, block_device_mapping_v2=_block_device_mapping_v267)
# 2.74: the host and/or node to boot on (admins), the scheduler's filters still run
create_v274 = _create_with(create_v267, host=validation.hostname,
                           hypervisor_hostname=validation.hostname)
