"""InstanceFault: what the API shows as a server's fault."""
import sys

from nova_lite import exception
from nova_lite import objects

UUID = '3f1e6f0c-5b8e-4c3e-9c52-8f0a1d2b3c4d'


class CodedError(Exception):
    code = 'not-an-http-code'


def test_from_domain_exception_keeps_its_code_and_message(admin_context):
    error = exception.InstanceNotFound(instance_id=UUID)
    fault = objects.InstanceFault.from_exception(admin_context, UUID, error, 'host1')
    assert (fault.code, fault.host, fault.instance_uuid) == (404, 'host1', UUID)
    assert fault.message == 'Instance %s could not be found.' % UUID
    assert fault.details == ''


def test_from_unexpected_exception_is_500_with_details(admin_context):
    fault = objects.InstanceFault.from_exception(admin_context, UUID, ValueError('boom'), 'h')
    assert (fault.code, fault.message, fault.details) == (500, 'boom', 'boom')


def test_from_exception_without_text_uses_the_class_name(admin_context):
    fault = objects.InstanceFault.from_exception(admin_context, UUID, RuntimeError(), 'h')
    assert fault.message == 'RuntimeError'


def test_from_exception_with_non_integer_code_is_500(admin_context):
    fault = objects.InstanceFault.from_exception(admin_context, UUID, CodedError('x'), 'h')
    assert fault.code == 500


def test_from_exception_with_exc_info_carries_the_traceback(admin_context):
    try:
        raise exception.NoValidHost(reason='none left')
    except exception.NoValidHost as error:
        fault = objects.InstanceFault.from_exception(admin_context, UUID, error, 'h',
                                                     sys.exc_info())
    assert fault.code == 500
    assert fault.message == 'No valid host was found. none left'
    assert fault.details.startswith('Traceback')
    assert 'NoValidHost' in fault.details


def test_long_message_is_cut_to_the_column(admin_context):
    fault = objects.InstanceFault.from_exception(admin_context, UUID, ValueError('x' * 300), 'h')
    assert len(fault.message) == 255
    assert len(fault.details) == 300


def test_create_and_get_latest(db, admin_context):
    assert objects.InstanceFault.get_latest_for_instance(admin_context, UUID) is None
    objects.InstanceFault.from_exception(admin_context, UUID, ValueError('old'), 'h').create()
    fault = objects.InstanceFault.from_exception(admin_context, UUID, ValueError('new'), 'h')
    fault.create()
    assert fault.id is not None and fault.created_at is not None
    latest = objects.InstanceFault.get_latest_for_instance(admin_context, UUID)
    assert (latest.id, latest.message) == (fault.id, 'new')
