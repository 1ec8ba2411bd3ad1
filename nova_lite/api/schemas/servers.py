"""Request bodies of /servers at 2.1 (every property of upstream's base
create plus the extensions folded into 2.1)."""
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
