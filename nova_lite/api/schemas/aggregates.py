"""Request bodies of /os-aggregates and its actions."""
from nova_lite.api import validation

# a zone name cannot hold ':' (it would read as 'zone:host' on boot)
_zone = {'oneOf': [{'type': 'string', 'minLength': 1, 'maxLength': 255,
                    'pattern': r'^(?!\s)[^:\x00-\x1f]*(?<!\s)$'},
                   {'type': 'null'}]}

create = validation.wrapped('aggregate', {'name': validation.name,
                                          'availability_zone': _zone}, required=('name',))
update = validation.wrapped('aggregate', {'name': validation.name,
                                          'availability_zone': _zone},
                            anyOf=[{'required': ['name']},
                                   {'required': ['availability_zone']}])
add_host = validation.wrapped('add_host', {'host': validation.hostname}, required=('host',))
remove_host = validation.wrapped('remove_host', {'host': validation.hostname},
                                 required=('host',))
set_metadata = validation.wrapped('set_metadata', {'metadata': {
    'type': 'object',
    'patternProperties': {'^[a-zA-Z0-9-_:. ]{1,255}$': {
        'type': ['string', 'null'], 'maxLength': 255}},
    'additionalProperties': False}}, required=('metadata',))
