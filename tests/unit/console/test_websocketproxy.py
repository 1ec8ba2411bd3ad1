"""The console proxy's checks: where the token comes from, the Origin, the token
(used up through the object), and the compute host's word on the port."""
import oslo_messaging as messaging
import pytest

from nova_lite import objects
from nova_lite.console import websocketproxy as proxy

BASE_URL = 'http://proxy.example:6080/vnc_lite.html'


class StubComputeAPI:
    def __init__(self, answer=True):
        self.answer = answer
        self.calls = []

    def validate_console_port(self, context, instance, port, console_type):
        self.calls.append((instance.uuid, port, console_type))
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


@pytest.fixture
def token(make_instance, admin_context):
    """make(base_url=BASE_URL) -> (instance, token of its novnc console on port 5901)."""
    instance = make_instance(host='host1')

    def _make(base_url=BASE_URL):
        obj = objects.ConsoleAuthToken(
            admin_context, console_type='novnc', host='10.0.0.5', port=5901,
            instance_uuid=instance.uuid, access_url_base=base_url)
        return instance, obj.authorize(600)
    return _make


def _headers(origin=None, host='proxy.example:6080', **extra):
    headers = {'Host': host}
    if origin:
        headers['Origin'] = origin
    headers.update(extra)
    return headers


def test_token_from_the_query_or_the_cookie():
    assert proxy.token_from_request('/?token=abc', {}) == 'abc'
    assert proxy.token_from_request('/websockify', {'Cookie': 'a=1; token=xyz'}) == 'xyz'
    assert proxy.token_from_request('/', {'Cookie': 'bad"cookie; token=t'}) == 't'
    assert proxy.token_from_request('/', {}) == ''


def test_a_valid_token_connects_once(token):
    instance, value = token()
    compute = StubComputeAPI()
    authorizer = proxy.ConsoleAuthorizer(compute_api=compute)
    info = authorizer.authorize('/?token=' + value, _headers('http://proxy.example'))
    assert (info.host, info.port) == ('10.0.0.5', 5901)
    assert compute.calls == [(instance.uuid, '5901', 'novnc')]
    with pytest.raises(proxy.ConsoleRefused) as error:
        authorizer.authorize('/?token=' + value, _headers())
    assert error.value.code == 403 and value not in error.value.reason


@pytest.mark.parametrize('origin, allowed, reason', [
    ('http://elsewhere.example', [], 'does not match this host'),
    ('null', [], 'not valid'),
    ('https://proxy.example', [], 'protocol does not match'),
])
def test_origins_refused(token, origin, allowed, reason):
    _, value = token()
    authorizer = proxy.ConsoleAuthorizer(allowed, compute_api=StubComputeAPI())
    with pytest.raises(proxy.ConsoleRefused) as error:
        authorizer.authorize('/?token=' + value, _headers(origin))
    assert reason in error.value.reason


def test_origins_accepted(token):
    authorizer = proxy.ConsoleAuthorizer(['portal.example'], compute_api=StubComputeAPI())
    for origin, headers in (('http://portal.example', {}),
                            ('http://[::1]', {'host': '[::1]:6080'}),
                            ('http://proxy.example', {})):
        _, value = token()
        host = headers.get('host', 'proxy.example:6080')
        assert authorizer.authorize('/?token=' + value, _headers(origin, host))
    # no Origin: not a browser, nothing to check; TLS ended by a proxy in front
    _, value = token()
    assert authorizer.authorize('/?token=' + value, _headers())
    _, value = token('https://proxy.example/vnc_lite.html')
    assert authorizer.authorize('/?token=' + value, _headers(
        'http://proxy.example', **{'X-Forwarded-Proto': 'https'}))


def test_a_port_the_guest_no_longer_has_is_refused(token):
    _, value = token()
    authorizer = proxy.ConsoleAuthorizer(compute_api=StubComputeAPI(answer=False))
    with pytest.raises(proxy.ConsoleRefused, match='gone'):
        authorizer.authorize('/?token=' + value, _headers())


def test_an_unreachable_compute_host_is_a_503(token):
    _, value = token()
    authorizer = proxy.ConsoleAuthorizer(
        compute_api=StubComputeAPI(answer=messaging.MessagingTimeout('no answer')))
    with pytest.raises(proxy.ConsoleRefused) as error:
        authorizer.authorize('/?token=' + value, _headers())
    assert error.value.code == 503
