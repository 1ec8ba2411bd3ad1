"""JSON-schema validation of request bodies, with upstream's error messages."""
import base64
import binascii
import functools

import jsonschema
from oslo_utils import uuidutils

from nova_lite import exception

_FORMAT_CHECKER = jsonschema.FormatChecker()


@_FORMAT_CHECKER.checks('base64', raises=(binascii.Error, ValueError))
def _is_base64(instance):
    if isinstance(instance, str):
        base64.b64decode(''.join(instance.split()), validate=True)
    return True


@_FORMAT_CHECKER.checks('uuid')
def _is_uuid(instance):
    return not isinstance(instance, str) or uuidutils.is_uuid_like(instance)


def _number_from_string(check):
    """A draft-4 numeric check that also holds for numbers given as strings ('2048'),
    as upstream's validator does: the handlers int() them."""
    def validate_number(validator, bound, instance, schema):
        if isinstance(instance, str):
            text = instance
            try:
                instance = int(text)
            except ValueError:
                try:
                    instance = float(text)
                except ValueError:
                    return
                if instance in (float('inf'), float('-inf')):
                    # more digits than int() converts (4,300)
                    yield jsonschema.ValidationError('%s... is too large a number' % text[:20])
                    return
        yield from check(validator, bound, instance, schema)
    return validate_number


_Validator = jsonschema.validators.extend(jsonschema.Draft4Validator, {
    'minimum': _number_from_string(jsonschema.Draft4Validator.VALIDATORS['minimum']),
    'maximum': _number_from_string(jsonschema.Draft4Validator.VALIDATORS['maximum'])})


def validate(schema, body):
    validator = _Validator(schema, format_checker=_FORMAT_CHECKER)
    try:
        validator.validate(body)
    except jsonschema.ValidationError as error:
        if len(error.path) > 0:
            detail = ('Invalid input for field/attribute %(path)s. Value: %(value)s. '
                      '%(message)s' % {'path': error.path.pop(), 'value': error.instance,
                                       'message': error.message})
        else:
            detail = error.message
        raise exception.ValidationError(detail=detail)


def schema(request_body_schema, min_version=None, max_version=None):
    """Validate the body against this schema for requests in [min_version, max_version]."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(self, req, *args, **kwargs):
            version = req.api_version_request
            if ((min_version is None or version >= min_version) and
                    (max_version is None or version <= max_version)):
                validate(request_body_schema, kwargs.get('body'))
            return func(self, req, *args, **kwargs)
        # (schema, min, max) of every decorator, for the OpenAPI document
        wrapper.validation_schemas = getattr(func, 'validation_schemas', []) + [
            (request_body_schema, min_version, max_version)]
        return wrapper
    return decorator


# Building blocks shared by the schemas in api/schemas/.
name = {'type': 'string', 'minLength': 1, 'maxLength': 255,
        'pattern': r'^(?!\s)[^\x00-\x1f]*(?<!\s)$'}
positive_integer = {'type': ['integer', 'string'], 'pattern': '^[0-9]*$', 'minimum': 1,
                    'minLength': 1}
metadata = {'type': 'object',
            'patternProperties': {'^[a-zA-Z0-9-_:. ]{1,255}$': {
                'type': 'string', 'maxLength': 255}},
            'additionalProperties': False}
boolean = {'type': ['boolean', 'string'],
           'enum': [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes',
                    False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No',
                    'no']}
non_negative_integer = {'type': ['integer', 'string'], 'pattern': '^[0-9]*$', 'minimum': 0,
                        'minLength': 1, 'maximum': 0x7FFFFFFF}
hostname = {'type': 'string', 'minLength': 1, 'maxLength': 255,
            'pattern': r'^[a-zA-Z0-9-._]*$'}


def wrapped(key, properties, required=(), **extra):
    """{key: {properties...}}, both levels closed to other properties."""
    inner = dict({'type': 'object', 'properties': properties,
                  'additionalProperties': False}, **extra)
    if required:
        inner['required'] = list(required)
    return {'type': 'object', 'properties': {key: inner}, 'required': [key],
            'additionalProperties': False}
