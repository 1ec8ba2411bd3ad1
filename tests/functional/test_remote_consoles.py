"""Console URLs (POST /servers/{id}/remote-consoles, os-getVNCConsole), the
admin's token look-up (os-console-auth-tokens) and the noVNC proxy in front of
a fake guest's VNC server, in one process on the fake driver."""
import threading
import urllib.error
import urllib.request

import pytest

from nova_lite.console import websocketproxy
from nova_lite.virt import fake as fake_driver
from tests.fakes import vnc as fake_vnc
from tests.functional import conftest as fx

URL_PREFIX = 'http://127.0.0.1:6080/vnc_lite.html?path=%3Ftoken%3D'


def _client(cloud, version, user='demo', project='demo-project'):
    return cloud.client(user, project, microversion=version)


def _remote_console(cloud, server_id, protocol='vnc', type_='novnc', version='2.6',
                    user='demo', project='demo-project'):
    return _client(cloud, version, user, project).post(
        '/v2.1/servers/%s/remote-consoles' % server_id,
        {'remote_console': {'protocol': protocol, 'type': type_}})


def _new_token(cloud, server_id):
    """The token of a new console URL of the server."""
    resp = _remote_console(cloud, server_id)
    assert resp.status == 200, resp
    return fake_vnc.console_token(resp.body['remote_console']['url'])


@pytest.fixture
def server(cloud):
    return cloud.boot('console-vm', client=cloud.member)


def test_remote_console_at_2_6_as_upstream(cloud, server):
    resp = _remote_console(cloud, server['id'])
    assert resp.status == 200, resp
    console = resp.body['remote_console']
    assert set(console) == {'protocol', 'type', 'url'}
    assert (console['protocol'], console['type']) == ('vnc', 'novnc')
    assert console['url'].startswith(URL_PREFIX)
    # a new token each time
    assert _new_token(cloud, server['id']) != fake_vnc.console_token(console['url'])


def test_get_vnc_console_action_until_2_5(cloud, server):
    body = {'os-getVNCConsole': {'type': 'novnc'}}
    resp = _client(cloud, '2.1').post('/v2.1/servers/%s/action' % server['id'], body)
    assert resp.status == 200, resp
    assert set(resp.body) == {'console'}
    assert resp.body['console']['type'] == 'novnc'
    assert resp.body['console']['url'].startswith(URL_PREFIX)
    resp = _client(cloud, '2.6').post('/v2.1/servers/%s/action' % server['id'], body)
    assert resp.status == 404, resp
    assert _remote_console(cloud, server['id'], version='2.5').status == 404
    resp = _client(cloud, '2.1').post('/v2.1/servers/%s/action' % server['id'],
                                      {'os-getVNCConsole': {}})
    assert resp.status == 400, resp


@pytest.mark.parametrize('protocol, type_, version, status', [
    ('spice', 'spice-html5', '2.6', 400),   # upstream's libvirt with SPICE off
    ('serial', 'serial', '2.6', 400),
    ('rdp', 'rdp-html5', '2.6', 501),       # no nova-lite driver has it
    ('mks', 'webmks', '2.6', 400),          # not in the schema before 2.8
    ('mks', 'webmks', '2.8', 501),
    ('vnc', 'spice-html5', '2.6', 400),     # ConsoleTypeInvalid
    ('vnc', 'xvpvnc', '2.6', 400),
    ('telnet', 'novnc', '2.6', 400),
])
def test_unsupported_consoles(cloud, server, protocol, type_, version, status):
    resp = _remote_console(cloud, server['id'], protocol, type_, version)
    assert resp.status == status, resp


def test_console_of_a_server_that_cannot_have_one(cloud, server):
    assert _remote_console(cloud, fx.IMAGE_ID).status == 404
    assert _remote_console(cloud, server['id'], user='alt', project='alt-project').status \
        == 404
    stop = cloud.member.post('/v2.1/servers/%s/action' % server['id'], {'os-stop': None})
    assert stop.status == 202, stop
    cloud.wait_for_state(server['id'], 'SHUTOFF')
    resp = _remote_console(cloud, server['id'])
    assert resp.status == 409, resp
    assert "while it is in vm_state stopped" in resp.body['conflictingRequest']['message']


def test_a_server_without_host_is_not_ready(cloud):
    resp = cloud.member.create_server('no-host', flavor_ref=fx.XLARGE)  # fits no host
    assert resp.status == 202, resp
    cloud.wait_for_state(resp.body['server']['id'], 'ERROR')
    resp = _remote_console(cloud, resp.body['server']['id'])
    assert resp.status == 409, resp


def test_vnc_disabled_is_unavailable(make_cloud):
    cloud = make_cloud([('enabled', False, 'vnc')])
    server = cloud.boot('vm', client=cloud.member)
    resp = _remote_console(cloud, server['id'])
    assert resp.status == 400, resp
    assert resp.body['badRequest']['message'] == 'Unavailable console type novnc.'


def test_admin_looks_up_a_token_without_using_it(cloud, server):
    token = _new_token(cloud, server['id'])
    admin = _client(cloud, '2.31', 'admin', 'admin')
    for _ in range(2):
        resp = admin.get('/v2.1/os-console-auth-tokens/%s' % token)
        assert resp.status == 200, resp
        assert resp.body == {'console': {
            'instance_uuid': server['id'], 'host': '127.0.0.1',
            'port': fake_driver.FAKE_VNC_PORT, 'internal_access_path': None}}
    # before 2.31 only RDP tokens were shown
    resp = _client(cloud, '2.30', 'admin', 'admin').get(
        '/v2.1/os-console-auth-tokens/%s' % token)
    assert resp.status == 401, resp
    assert admin.get('/v2.1/os-console-auth-tokens/not-a-token').status == 404
    member = _client(cloud, '2.31')
    assert member.get('/v2.1/os-console-auth-tokens/%s' % token).status == 403


@pytest.fixture
def proxy(cloud, tmp_path, monkeypatch):
    """nova-lite-novncproxy's server on a free port, before a greeting VNC server that
    every fake guest's console points at."""
    vnc = fake_vnc.GreetingVNCServer()
    monkeypatch.setattr(fake_driver, 'FAKE_VNC_PORT', vnc.port)
    web = tmp_path / 'novnc'
    web.mkdir()
    (web / 'vnc_lite.html').write_text('<html>noVNC</html>')
    server = websocketproxy.NoVNCProxyServer(
        '127.0.0.1', 0, str(web), websocketproxy.ConsoleAuthorizer(['console.example']))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], vnc
    server.shutdown()
    server.server_close()
    vnc.close()


def _upgrade(port, token, origin='http://127.0.0.1'):
    status, sock, rest = fake_vnc.websocket_upgrade('127.0.0.1', port, '/?token=%s' % token,
                                                    origin)
    return status, sock, rest


def test_proxy_connects_a_token_once(cloud, server, proxy):
    port, vnc = proxy
    token = _new_token(cloud, server['id'])
    status, sock, rest = _upgrade(port, token)
    assert status == 101
    assert fake_vnc.read_frame_payload(sock, rest) == fake_vnc.RFB_GREETING
    sock.close()
    assert vnc.connections == 1
    status, sock, _ = _upgrade(port, token)  # used
    sock.close()
    assert status == 403
    assert _upgrade(port, 'made-up')[0] == 403
    admin = _client(cloud, '2.31', 'admin', 'admin')
    assert admin.get('/v2.1/os-console-auth-tokens/%s' % token).status == 404


def test_proxy_checks_the_origin_before_the_token(cloud, server, proxy):
    port, _ = proxy
    token = _new_token(cloud, server['id'])
    assert _upgrade(port, token, origin='http://evil.example')[0] == 403
    # a foreign page did not use the token up; an allowed origin gets the console
    status, sock, _ = _upgrade(port, token, origin='http://console.example')
    sock.close()
    assert status == 101
    token = _new_token(cloud, server['id'])
    assert _upgrade(port, token, origin='https://console.example')[0] == 403  # not http


def test_proxy_serves_the_client_and_no_listing(cloud, proxy):
    port, _ = proxy
    with urllib.request.urlopen('http://127.0.0.1:%d/vnc_lite.html' % port) as page:
        assert b'noVNC' in page.read()
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen('http://127.0.0.1:%d/' % port)
    assert error.value.code == 404


def test_proxy_refuses_expired_tokens_and_deleted_servers(cloud, server, proxy, conf):
    port, _ = proxy
    conf('token_ttl', 0, 'consoleauth')
    token = _new_token(cloud, server['id'])
    assert _upgrade(port, token)[0] == 403
    conf('token_ttl', 600, 'consoleauth')
    token = _new_token(cloud, server['id'])
    assert cloud.member.delete('/v2.1/servers/%s' % server['id']).status == 204
    cloud.wait_for_deleted(server['id'])
    assert _upgrade(port, token)[0] == 403
