"""Request bodies of POST /flavors, PUT /flavors/{id} (2.55), flavor access
actions and /flavors/{id}/os-extra_specs."""
import copy

from nova_lite.api import validation

_positive = dict(validation.positive_integer, maximum=0x7FFFFFFF)
_description = {'type': ['string', 'null'], 'minLength': 0, 'maxLength': 65535,
                'pattern': r'^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$'}

create = validation.wrapped('flavor', {
    'name': validation.name,
    'id': {'type': ['string', 'number', 'null'], 'minLength': 1, 'maxLength': 255,
           'pattern': r'^(?! )[a-zA-Z0-9. _-]+(?<! )$'},
    'ram': _positive,
    'vcpus': _positive,
    'disk': validation.non_negative_integer,
    'OS-FLV-EXT-DATA:ephemeral': validation.non_negative_integer,
    'swap': validation.non_negative_integer,
    'rxtx_factor': {'type': ['number', 'string'], 'pattern': r'^[0-9]+(\.[0-9]+)?$',
                    'minimum': 0, 'exclusiveMinimum': True, 'maximum': 3.40282e+38},
    'os-flavor-access:is_public': validation.boolean,
}, required=('name', 'ram', 'vcpus', 'disk'))

create_v255 = copy.deepcopy(create)
create_v255['properties']['flavor']['properties']['description'] = _description

update = validation.wrapped('flavor', {'description': _description},
                            required=('description',))

_tenant = {'type': 'string', 'minLength': 1, 'maxLength': 255,
           'pattern': r'^[a-zA-Z0-9-_]*$'}
add_tenant_access = validation.wrapped('addTenantAccess', {'tenant': _tenant},
                                       required=('tenant',))
remove_tenant_access = validation.wrapped('removeTenantAccess', {'tenant': _tenant},
                                          required=('tenant',))

_spec_key = '^[a-zA-Z0-9-_:. ]{1,255}$'
_spec_value = {'type': ['string', 'number', 'boolean'], 'minLength': 0, 'maxLength': 255}
_specs = {'type': 'object', 'patternProperties': {_spec_key: _spec_value},
          'additionalProperties': False}
create_extra_specs = {'type': 'object', 'properties': {'extra_specs': _specs},
                      'required': ['extra_specs'], 'additionalProperties': False}
update_extra_spec = dict(_specs, minProperties=1, maxProperties=1)
