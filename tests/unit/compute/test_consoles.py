"""The compute manager's console calls on the FakeDriver: a token per console URL,
and the proxy's check that the guest still listens on the token's port."""
import urllib.parse

import pytest

from nova_lite import exception
from nova_lite import objects
from nova_lite.virt import fake


def test_get_vnc_console_authorizes_a_token(compute, active, request_context, conf):
    conf('novncproxy_base_url', 'https://console.example/vnc_lite.html', 'vnc')
    instance = active()
    info = compute.get_vnc_console(request_context, instance, 'novnc')
    assert (info['host'], info['port']) == ('127.0.0.1', fake.FAKE_VNC_PORT)
    url = urllib.parse.urlsplit(info['access_url'])
    assert url.netloc == 'console.example' and url.path == '/vnc_lite.html'
    assert urllib.parse.parse_qs(url.query) == {'path': ['?token=' + info['token']]}
    token = objects.ConsoleAuthToken.validate(request_context, info['token'])
    assert (token.instance_uuid, token.port) == (instance.uuid, fake.FAKE_VNC_PORT)


def test_get_vnc_console_refusals(compute, active, request_context, conf):
    instance = active()
    with pytest.raises(exception.ConsoleTypeInvalid):
        compute.get_vnc_console(request_context, instance, 'spice-html5')
    compute.driver.destroy(request_context, instance)
    with pytest.raises(exception.InstanceNotFound):
        compute.get_vnc_console(request_context, instance, 'novnc')
    conf('enabled', False, 'vnc')
    with pytest.raises(exception.ConsoleTypeUnavailable):
        compute.get_vnc_console(request_context, instance, 'novnc')


def test_validate_console_port(compute, active, request_context):
    instance = active()
    assert compute.validate_console_port(request_context, instance,
                                         str(fake.FAKE_VNC_PORT), 'novnc')
    assert not compute.validate_console_port(request_context, instance, '5999', 'novnc')
    compute.driver.destroy(request_context, instance)
    assert not compute.validate_console_port(request_context, instance,
                                             str(fake.FAKE_VNC_PORT), 'novnc')


def test_terminate_removes_the_console_tokens(compute, active, request_context):
    instance = active()
    token = compute.get_vnc_console(request_context, instance, 'novnc')['token']
    compute.terminate_instance(request_context, instance)
    with pytest.raises(exception.InvalidToken):
        objects.ConsoleAuthToken.validate(request_context, token)
