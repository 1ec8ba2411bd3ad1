"""Request bodies of PUT /os-services/{action} (until 2.52) and
PUT /os-services/{service_id} (2.53)."""
from nova_lite.api import validation

_binary = {'type': 'string', 'minLength': 1, 'maxLength': 255}
_reason = {'type': 'string', 'minLength': 1, 'maxLength': 255}

service_update = {
    'type': 'object',
    'properties': {'host': validation.hostname, 'binary': _binary,
                   'disabled_reason': _reason},
    'required': ['host', 'binary'],
    'additionalProperties': False,
}
service_force_down = {
    'type': 'object',
    'properties': {'host': validation.hostname, 'binary': _binary,
                   'forced_down': validation.boolean},
    'required': ['host', 'binary', 'forced_down'],
    'additionalProperties': False,
}
update_v253 = {
    'type': 'object',
    'properties': {'status': {'type': 'string', 'enum': ['enabled', 'disabled']},
                   'disabled_reason': _reason,
                   'forced_down': validation.boolean},
    'additionalProperties': False,
}
