"""JSON-schema validation with upstream's error messages."""
import pytest
import webob

from nova_lite import exception
from nova_lite.api import api_version
from nova_lite.api import validation
from nova_lite.api.schemas import servers as servers_schema

UUID = '9c1f0d5e-2a3b-4c4d-8e5f-6a7b8c9d0e1f'


def _server(**fields):
    server = {'name': 'vm', 'flavorRef': '1'}
    server.update(fields)
    return {'server': server}


def _error(schema, body):
    with pytest.raises(exception.ValidationError) as error:
        validation.validate(schema, body)
    assert error.value.code == 400
    return error.value.format_message()


def test_valid_body_passes():
    validation.validate(servers_schema.create, _server(
        imageRef=UUID, metadata={'a': 'b'}, user_data='aGVsbG8gd29ybGQ=',
        networks=[{'port': UUID}], accessIPv4='10.0.0.1', min_count='2', max_count=3,
        config_drive=True))


def test_message_names_field_value_and_reason():
    assert _error(servers_schema.create, _server(name=123)) == (
        "Invalid input for field/attribute name. Value: 123. 123 is not of type 'string'")


def test_missing_property_names_the_parent():
    message = _error(servers_schema.create, {'server': {'flavorRef': '1'}})
    assert message == ("Invalid input for field/attribute server. Value: {'flavorRef': '1'}. "
                       "'name' is a required property")


def test_error_at_the_top_has_no_field():
    assert _error(servers_schema.create, {}) == "'server' is a required property"


def test_additional_properties_are_refused():
    message = _error(servers_schema.create, _server(flavor='1'))
    assert message.startswith('Invalid input for field/attribute server.')
    assert "Additional properties are not allowed ('flavor' was unexpected)" in message


@pytest.mark.parametrize('value', ['aGVsbG8=', 'aGVs\nbG8=', ''])
def test_base64_accepts_encoded_text(value):
    validation.validate(servers_schema.create, _server(user_data=value))


@pytest.mark.parametrize('value', ['not base64!', 'aGVsbG8', 'a==='])
def test_base64_refuses_garbage(value):
    assert _error(servers_schema.create, _server(user_data=value)) == (
        "Invalid input for field/attribute user_data. Value: %s. '%s' is not a 'base64'" % (
            value, value))


def test_uuid_format():
    validation.validate(servers_schema.create, _server(networks=[{'port': UUID}]))
    validation.validate(servers_schema.create, _server(networks=[{'port': None}]))
    assert _error(servers_schema.create, _server(networks=[{'port': 'abc'}])) == (
        "Invalid input for field/attribute port. Value: abc. 'abc' is not a 'uuid'")


@pytest.mark.parametrize('name', ['', ' lead', 'trail ', 'bad\x01char', 'x' * 256])
def test_name_rules(name):
    assert _error(servers_schema.create, _server(name=name)).startswith(
        'Invalid input for field/attribute name.')


@pytest.mark.parametrize('count', [0, 'two', -1, ''])
def test_positive_integer(count):
    assert 'min_count' in _error(servers_schema.create, _server(min_count=count))


class _Controller:
    @validation.schema({'type': 'object', 'required': ['x']}, min_version='2.1',
                       max_version='2.1')
    def create(self, req, body):
        return body


def _request(version):
    request = webob.Request.blank('/')
    request.api_version_request = api_version.APIVersionRequest(version)
    return request


def test_schema_decorator_validates_inside_its_version_range():
    controller = _Controller()
    assert controller.create(_request('2.1'), body={'x': 1}) == {'x': 1}
    with pytest.raises(exception.ValidationError):
        controller.create(_request('2.1'), body={})
    assert controller.create(_request('2.2'), body={}) == {}  # outside the range: not checked


def test_string_zero_count_fails_the_schema_as_upstream():
    # upstream's validator applies 'minimum' to numbers given as strings too
    assert _error(servers_schema.create, _server(min_count='0')) == (
        'Invalid input for field/attribute min_count. Value: 0. '
        '0 is less than the minimum of 1')


def test_minimum_and_maximum_hold_for_numbers_given_as_strings():
    """As upstream's validator: '99999999999' is no more a valid RAM size than
    99999999999 (the API took it, and a quota of 2**70 failed in the database: 500)."""
    from nova_lite.api.schemas import flavors as flavors_schema
    from nova_lite.api.schemas import quota_sets as quota_schema
    body = {'quota_class_set': {'server_groups': '577144648597946545485'}}
    assert _error(quota_schema.class_update_v257, body) == (
        'Invalid input for field/attribute server_groups. Value: 577144648597946545485. '
        '577144648597946545485 is greater than the maximum of 2147483647')
    assert 'less than the minimum of -1' in _error(
        quota_schema.update_v257, {'quota_set': {'cores': '-2'}})
    flavor = {'name': 'f', 'ram': '99999999999', 'vcpus': '1', 'disk': '0'}
    assert 'greater than the maximum' in _error(flavors_schema.create, {'flavor': flavor})
    validation.validate(flavors_schema.create, {'flavor': dict(flavor, ram='2048')})
    validation.validate(quota_schema.update_v257, {'quota_set': {'cores': '-1'}})


def test_a_number_too_long_to_convert_is_refused():
    """int() takes at most 4,300 digits: a longer count passed the schema and the
    handler's int() failed with a 500."""
    message = _error(servers_schema.create, _server(min_count='9' * 5000))
    assert message.startswith('Invalid input for field/attribute min_count.')
    assert message.endswith('is too large a number')
