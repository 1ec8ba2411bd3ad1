"""Version discovery: GET / and GET /v2.1, shaped as upstream's versions/*.json."""
import pytest

from nova_lite.api import api_version

# upstream versions/versions-get-resp.json
VERSION_KEYS = {'id', 'links', 'status', 'version', 'min_version', 'updated'}
# upstream versions/v21-version-get-resp.json
V21_KEYS = VERSION_KEYS | {'media-types'}


@pytest.mark.parametrize('token', [True, False])
def test_root_lists_both_versions(cloud, token):
    resp = cloud.member.get('/', token=token)

    assert resp.status == 200, resp
    assert set(resp.body) == {'versions'}
    versions = {v['id']: v for v in resp.body['versions']}
    assert set(versions) == {'v2.0', 'v2.1'}
    for version in versions.values():
        assert set(version) == VERSION_KEYS
    v21 = versions['v2.1']
    assert (v21['status'], v21['version'], v21['min_version']) == (
        'CURRENT', api_version.MAX_VERSION, api_version.MIN_VERSION)
    assert v21['links'] == [{'rel': 'self', 'href': 'http://localhost/v2.1/'}]
    v20 = versions['v2.0']
    assert (v20['status'], v20['version'], v20['min_version']) == ('DEPRECATED', '', '')
    assert v20['links'] == [{'rel': 'self', 'href': 'http://localhost/v2/'}]
    assert resp.headers['x-openstack-request-id'].startswith('req-')


@pytest.mark.parametrize('path', ['/v2.1', '/v2.1/'])
@pytest.mark.parametrize('token', [True, False])
def test_v21_document(cloud, path, token):
    resp = cloud.member.get(path, token=token)

    assert resp.status == 200, resp
    assert set(resp.body) == {'version'}
    version = resp.body['version']
    assert set(version) == V21_KEYS
    assert version['id'] == 'v2.1'
    assert version['status'] == 'CURRENT'
    assert version['version'] == api_version.MAX_VERSION
    assert version['min_version'] == api_version.MIN_VERSION
    assert version['updated'] == '2013-07-23T11:33:21Z'
    assert version['links'] == [
        {'rel': 'self', 'href': 'http://localhost/v2.1/'},
        {'rel': 'describedby', 'type': 'text/html', 'href': 'http://docs.openstack.org/'}]
    assert version['media-types'] == [{
        'base': 'application/json',
        'type': 'application/vnd.openstack.compute+json;version=2.1'}]


def test_root_links_follow_the_host_asked(cloud):
    resp = cloud.member.get('/', headers={'Host': 'api.example.com:8774'})
    hrefs = {link['href'] for v in resp.body['versions'] for link in v['links']}
    assert hrefs == {'http://api.example.com:8774/v2/', 'http://api.example.com:8774/v2.1/'}


def test_unknown_version_path_offers_choices(cloud):
    resp = cloud.member.get('/v3/servers', token=False)
    assert resp.status == 300, resp
    assert {v['id'] for v in resp.body['choices']} == {'v2.0', 'v2.1'}
