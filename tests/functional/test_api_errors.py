"""Upstream's error format, microversion negotiation and the headers every
response carries."""
import re

from keystonemiddleware import auth_token  # noqa: F401 (registers [keystone_authtoken])
import pytest

from nova_lite import hops
from nova_lite.api import api_version
from nova_lite.api import openapi

from tests.functional import conftest as fx

MISSING = '6f4e5c36-2b8c-4c1e-9f39-0d1f0e1b6a10'


def _fault(resp, code, name):
    assert resp.status == code, resp
    assert resp.headers['Content-Type'].startswith('application/json')
    assert set(resp.body) == {name}
    assert resp.body[name]['code'] == code
    assert isinstance(resp.body[name]['message'], str) and resp.body[name]['message']
    return resp.body[name]['message']


@pytest.mark.parametrize('server_id', [MISSING, 'not-a-uuid'])
def test_unknown_server_is_404_item_not_found(cloud, server_id):
    message = _fault(cloud.member.get('/v2.1/servers/%s' % server_id), 404, 'itemNotFound')
    assert message == 'Instance %s could not be found.' % server_id
    _fault(cloud.member.delete('/v2.1/servers/%s' % server_id), 404, 'itemNotFound')


def test_unknown_path_is_404(cloud):
    _fault(cloud.member.get('/v2.1/no-such-resource'), 404, 'itemNotFound')


@pytest.mark.parametrize('method, path', [
    ('PUT', '/v2.1/servers'),
    ('DELETE', '/v2.1/servers'),
    ('PUT', '/v2.1/flavors'),
    ('POST', '/v2.1/servers/detail'),
    ('DELETE', '/v2.1/os-services'),
])
def test_wrong_method_is_405(cloud, method, path):
    _fault(cloud.member.request(method, path), 405, 'badMethod')


def test_unsupported_microversion_is_406_compute_fault(cloud):
    client = cloud.client('demo', 'demo-project', microversion='2.999')
    message = _fault(client.get('/v2.1/servers'), 406, 'computeFault')
    assert '2.999' in message

    legacy = cloud.member.get('/v2.1/flavors',
                              headers={'X-OpenStack-Nova-API-Version': '3.0'})
    _fault(legacy, 406, 'computeFault')


@pytest.mark.parametrize('version', ['2.abc', '2', 'two', '2.01x'])
def test_malformed_microversion_is_400(cloud, version):
    client = cloud.client('demo', 'demo-project', microversion=version)
    _fault(client.get('/v2.1/servers'), 400, 'badRequest')


def test_unsupported_microversion_creates_nothing(cloud):
    client = cloud.client('demo', 'demo-project', microversion='2.999')
    assert client.create_server('versioned').status == 406
    assert fx.all_instances() == []


@pytest.mark.parametrize('headers, expected', [
    ({}, '2.1'),
    ({'OpenStack-API-Version': 'compute 2.1'}, '2.1'),
    ({'OpenStack-API-Version': 'compute latest'}, api_version.MAX_VERSION),
    ({'OpenStack-API-Version': 'placement 1.10, compute 2.1'}, '2.1'),
    ({'X-OpenStack-Nova-API-Version': '2.1'}, '2.1'),
])
def test_response_carries_version_and_request_id_headers(cloud, headers, expected):
    resp = cloud.member.get('/v2.1/servers', headers=headers)

    assert resp.status == 200, resp
    assert resp.headers['OpenStack-API-Version'] == 'compute %s' % expected
    assert resp.headers['X-OpenStack-Nova-API-Version'] == expected
    assert 'OpenStack-API-Version' in resp.headers['Vary']
    request_id = resp.headers['x-openstack-request-id']
    assert request_id.startswith('req-')
    assert resp.headers['x-compute-request-id'] == request_id


def test_every_request_gets_its_own_request_id(cloud):
    ids = {cloud.member.get('/v2.1/flavors').headers['x-openstack-request-id']
           for _ in range(3)}
    assert len(ids) == 3


def test_error_responses_carry_request_id(cloud):
    resp = cloud.member.get('/v2.1/servers/%s' % MISSING)
    assert resp.headers['x-openstack-request-id'].startswith('req-')
    assert resp.headers['x-compute-request-id'] == resp.headers['x-openstack-request-id']
    assert resp.headers['OpenStack-API-Version'] == 'compute 2.1'


def test_forbidden_body(cloud):
    message = _fault(cloud.member.get('/v2.1/os-hypervisors'), 403, 'forbidden')
    assert message == "Policy doesn't allow os_compute_api:os-hypervisors:list to be performed."


def test_noauth2_without_token_hands_out_one(cloud):
    resp = cloud.member.get('/v2.1/servers', token=False,
                            headers={'X-Auth-User': 'joe', 'X-Auth-Project-Id': 'joes'})
    assert resp.status == 204, resp
    assert resp.headers['X-Auth-Token'] == 'joe:joes'


def test_keystone_without_a_token_is_401_on_every_endpoint(make_cloud, conf):
    """The packaged keystone pipeline: keystonemiddleware's auth_token refuses a
    request without X-Auth-Token before any handler (no call to Keystone is needed)."""
    conf('www_authenticate_uri', 'http://keystone.invalid:5000/v3', 'keystone_authtoken')
    cloud = make_cloud([('auth_strategy', 'keystone', 'api')])
    operations = list(openapi.operations())
    paths = {path for _, path, _, _, _ in operations}
    assert {'/flavors', '/os-keypairs', '/os-quota-sets/{id}', '/limits',
            '/os-availability-zone', '/os-aggregates', '/os-server-groups', '/os-services',
            '/os-hypervisors', '/os-simple-tenant-usage'} <= paths
    for _, path, method, _, _ in operations:
        body = {} if method in ('POST', 'PUT') else None
        resp = cloud.member.request(method, '/v2.1' + re.sub(r'{\w+}', 'x', path),
                                    body=body, token=False)
        assert resp.status == 401, (method, path, resp)
        assert resp.body == {'error': {
            'code': 401, 'title': 'Unauthorized',
            'message': 'The request you have made requires authentication.'}}
        assert resp.headers['WWW-Authenticate'] == (
            'Keystone uri="http://keystone.invalid:5000/v3"')


def test_project_id_in_url_must_match_the_token(cloud):
    assert cloud.member.get('/v2.1/demo-project/servers').status == 200
    message = _fault(cloud.member.get('/v2.1/alt-project/servers'), 400, 'badRequest')
    assert "doesn't match" in message


def test_too_large_body_is_413_over_limit(cloud):
    # found by tests/integration/test_api_fuzz.py: oslo's limiter answered in HTML
    body = {'server': {'name': 'x' * 200000, 'flavorRef': '1'}}
    message = _fault(cloud.member.post('/v2.1/servers', body), 413, 'overLimit')
    assert message == 'Request is too large: larger than 114688 bytes.'


def test_server_timing_names_the_hops_of_a_request_only_when_asked(cloud, conf):
    assert 'Server-Timing' not in cloud.member.create_server('untimed').headers
    conf('server_timing', True, 'api')
    resp = cloud.member.create_server('timed')
    assert resp.status == 202, resp
    entries = hops.parse_server_timing(resp.headers['Server-Timing'])
    assert ('conductor_build', 'schedule_and_build_instances (cast)') in [e[:2] for e in entries]
    (total,) = [ms for name, _, ms in entries if name == 'total']
    assert total >= sum(ms for name, _, ms in entries if name != 'total')
