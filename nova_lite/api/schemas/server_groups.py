"""Request bodies of POST /os-server-groups: a list of one policy until 2.64,
then one policy and its rules; 2.15 adds the soft policies."""
from nova_lite.api import validation


def _policies(names):
    return {'type': 'array', 'items': [{'type': 'string', 'enum': list(names)}],
            'uniqueItems': True, 'minItems': 1, 'maxItems': 1, 'additionalItems': False}


create = validation.wrapped('server_group', {
    'name': validation.name, 'policies': _policies(['anti-affinity', 'affinity'])},
    required=('name', 'policies'))
create_v215 = validation.wrapped('server_group', {
    'name': validation.name,
    'policies': _policies(['anti-affinity', 'affinity', 'soft-anti-affinity',
                           'soft-affinity'])},
    required=('name', 'policies'))
create_v264 = validation.wrapped('server_group', {
    'name': validation.name,
    'policy': {'type': 'string', 'enum': ['anti-affinity', 'affinity',
                                          'soft-anti-affinity', 'soft-affinity']},
    'rules': {'type': 'object',
              'properties': {'max_server_per_host': validation.positive_integer},
              'additionalProperties': False}},
    required=('name', 'policy'))
