"""POST/PUT/DELETE /flavors, os-flavor-access and os-extra_specs, shaped as
upstream's flavor-manage, flavor-access and flavor-extra-specs samples."""
import pytest

from tests.functional import test_flavors

# upstream flavor-manage/flavor-create-post-req.json
CREATE = {'flavor': {'name': 'test_flavor', 'ram': 1024, 'vcpus': 2, 'disk': 10, 'id': '10',
                     'rxtx_factor': 2.0}}
# upstream flavor-manage/flavor-create-post-resp.json, links aside
CREATED = {'OS-FLV-DISABLED:disabled': False, 'disk': 10, 'OS-FLV-EXT-DATA:ephemeral': 0,
           'os-flavor-access:is_public': True, 'id': '10', 'name': 'test_flavor', 'ram': 1024,
           'swap': '', 'rxtx_factor': 2.0, 'vcpus': 2}


def _without_links(flavor):
    return {k: v for k, v in flavor.items() if k != 'links'}


@pytest.fixture
def v275(cloud, max_microversion):
    max_microversion('2.75')
    return cloud.client('admin', 'admin', microversion='2.75')


def test_create_show_delete_at_21(cloud):
    resp = cloud.admin.post('/v2.1/flavors', CREATE)
    assert resp.status == 200, resp
    assert _without_links(resp.body['flavor']) == CREATED
    assert _without_links(cloud.member.get('/v2.1/flavors/10').body['flavor']) == CREATED
    assert cloud.admin.delete('/v2.1/flavors/10').status == 202
    assert cloud.member.get('/v2.1/flavors/10').status == 404
    assert cloud.admin.delete('/v2.1/flavors/10').status == 404


def test_create_without_id_generates_a_uuid(cloud):
    body = {'flavor': dict(CREATE['flavor'])}
    del body['flavor']['id']
    flavor = cloud.admin.post('/v2.1/flavors', body).body['flavor']
    assert len(flavor['id']) == 36


@pytest.mark.parametrize('version, extra', [
    ('2.55', {'description': 'test description'}),
    ('2.61', {'description': 'test description', 'extra_specs': {}}),
    ('2.75', {'description': 'test description', 'extra_specs': {}, 'swap': 0}),
])
def test_create_shape_per_microversion(cloud, max_microversion, version, extra):
    max_microversion('2.75')
    client = cloud.client('admin', 'admin', microversion=version)
    body = {'flavor': dict(CREATE['flavor'], description='test description')}
    resp = client.post('/v2.1/flavors', body)
    assert resp.status == 200, resp
    assert _without_links(resp.body['flavor']) == dict(CREATED, **extra)


def test_description_is_refused_before_255(cloud):
    body = {'flavor': dict(CREATE['flavor'], description='x')}
    assert cloud.admin.post('/v2.1/flavors', body).status == 400


def test_update_description_from_255(cloud, v275):
    resp = v275.request('PUT', '/v2.1/flavors/1',
                        body={'flavor': {'description': 'updated description'}})
    assert resp.status == 200, resp
    assert resp.body['flavor']['description'] == 'updated description'
    assert resp.body['flavor']['name'] == 'm1.tiny'
    # 2.1 has no such method
    resp = cloud.admin.request('PUT', '/v2.1/flavors/1', body={'flavor': {'description': 'x'}})
    assert resp.status == 404
    assert v275.request('PUT', '/v2.1/flavors/1', body={'flavor': {'name': 'x'}}).status == 400
    assert v275.request('PUT', '/v2.1/flavors/nope',
                        body={'flavor': {'description': 'x'}}).status == 404


@pytest.mark.parametrize('change, message', [
    ({'id': '1'}, 'Flavor with ID 1 already exists.'),
    ({'name': 'm1.tiny'}, 'Flavor with name m1.tiny already exists.'),
])
def test_duplicates_are_409(cloud, change, message):
    resp = cloud.admin.post('/v2.1/flavors', {'flavor': dict(CREATE['flavor'], **change)})
    assert resp.status == 409
    assert resp.body == {'conflictingRequest': {'code': 409, 'message': message}}


@pytest.mark.parametrize('change', [{'ram': 0}, {'vcpus': 'many'}, {'disk': -1},
                                    {'rxtx_factor': 0}, {'colour': 'red'},
                                    {'os-flavor-access:is_public': 'maybe'}])
def test_bad_bodies_are_400(cloud, change):
    resp = cloud.admin.post('/v2.1/flavors', {'flavor': dict(CREATE['flavor'], **change)})
    assert resp.status == 400, resp
    assert set(resp.body) == {'badRequest'}


def test_members_cannot_manage_flavors(cloud):
    resp = cloud.member.post('/v2.1/flavors', CREATE)
    assert resp.status == 403
    assert resp.body['forbidden']['message'] == (
        "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.")
    assert cloud.member.delete('/v2.1/flavors/1').status == 403


def _private(cloud):
    body = {'flavor': dict(CREATE['flavor'], **{'os-flavor-access:is_public': False})}
    assert cloud.admin.post('/v2.1/flavors', body).status == 200


def test_flavor_access_lifecycle(cloud):
    _private(cloud)
    public = set(test_flavors.DEFAULT_FLAVORS)
    assert test_flavors._ids(cloud.member.get('/v2.1/flavors')) == public
    assert cloud.member.get('/v2.1/flavors/10').status == 404

    resp = cloud.admin.get('/v2.1/flavors/10/os-flavor-access')
    assert resp.body == {'flavor_access': []}
    resp = cloud.admin.post('/v2.1/flavors/10/action',
                            {'addTenantAccess': {'tenant': 'demo-project'}})
    assert resp.status == 200, resp
    assert resp.body == {'flavor_access': [{'flavor_id': '10', 'tenant_id': 'demo-project'}]}
    # the member's project now sees and can boot it; another project cannot
    assert test_flavors._ids(cloud.member.get('/v2.1/flavors')) == public | {'10'}
    assert cloud.member.get('/v2.1/flavors/10').status == 200
    assert cloud.other.get('/v2.1/flavors/10').status == 404
    assert cloud.member.create_server('on-private', flavor_ref='10').status == 202

    resp = cloud.admin.post('/v2.1/flavors/10/action',
                            {'addTenantAccess': {'tenant': 'demo-project'}})
    assert resp.status == 409
    assert resp.body['conflictingRequest']['message'] == (
        'Flavor access already exists for flavor 10 and project demo-project combination.')
    resp = cloud.admin.post('/v2.1/flavors/10/action',
                            {'removeTenantAccess': {'tenant': 'demo-project'}})
    assert resp.body == {'flavor_access': []}
    resp = cloud.admin.post('/v2.1/flavors/10/action',
                            {'removeTenantAccess': {'tenant': 'demo-project'}})
    assert resp.status == 404
    assert resp.body['itemNotFound']['message'] == (
        'Flavor access not found for 10 / demo-project combination.')


def test_flavor_access_errors(cloud, max_microversion):
    resp = cloud.admin.get('/v2.1/flavors/1/os-flavor-access')
    assert resp.status == 404
    assert resp.body['itemNotFound']['message'] == (
        'Access list not available for public flavors.')
    assert cloud.member.get('/v2.1/flavors/1/os-flavor-access').status == 403
    assert cloud.member.post('/v2.1/flavors/1/action',
                             {'addTenantAccess': {'tenant': 'x'}}).status == 403
    assert cloud.admin.post('/v2.1/flavors/1/action', {'addTenantAccess': {}}).status == 400
    assert cloud.admin.post('/v2.1/flavors/nope/action',
                            {'addTenantAccess': {'tenant': 'x'}}).status == 404
    max_microversion('2.7')
    resp = cloud.client('admin', 'admin', '2.7').post(
        '/v2.1/flavors/1/action', {'addTenantAccess': {'tenant': 'x'}})
    assert resp.status == 409
    assert resp.body['conflictingRequest']['message'] == 'Can not add access to a public flavor.'


def test_extra_specs_crud(cloud):
    base = '/v2.1/flavors/1/os-extra_specs'
    assert cloud.member.get(base).body == {'extra_specs': {}}
    # upstream flavor-extra-specs-create-req.json / -resp.json
    specs = {'hw:cpu_policy': 'shared', 'hw:numa_nodes': '1'}
    resp = cloud.admin.post(base, {'extra_specs': specs})
    assert resp.status == 200 and resp.body == {'extra_specs': specs}
    assert cloud.member.get(base).body == {'extra_specs': specs}
    assert cloud.member.get(base + '/hw:numa_nodes').body == {'hw:numa_nodes': '1'}
    resp = cloud.admin.request('PUT', base + '/hw:numa_nodes', body={'hw:numa_nodes': '2'})
    assert resp.status == 200 and resp.body == {'hw:numa_nodes': '2'}
    resp = cloud.admin.request('PUT', base + '/hw:numa_nodes', body={'other': '2'})
    assert resp.status == 400
    assert resp.body['badRequest']['message'] == 'Request body and URI mismatch'
    resp = cloud.admin.delete(base + '/hw:numa_nodes')
    assert (resp.status, resp.body) == (200, None)  # upstream answers 200, not 202
    resp = cloud.member.get(base + '/hw:numa_nodes')
    assert resp.status == 404
    assert resp.body['itemNotFound']['message'] == (
        'Flavor 1 has no extra specs with key hw:numa_nodes.')
    assert cloud.admin.delete(base + '/hw:numa_nodes').status == 404
    assert cloud.member.post(base, {'extra_specs': specs}).status == 403
    assert cloud.admin.post(base, {'extra_specs': {'bad/key': 'x'}}).status == 400
    assert cloud.admin.post('/v2.1/flavors/nope/os-extra_specs',
                            {'extra_specs': specs}).status == 404
    # numbers are stored as text; 2.61 shows the specs in the flavor
    cloud.admin.post(base, {'extra_specs': {'hw:numa_nodes': 4}})
    assert cloud.member.get(base + '/hw:numa_nodes').body == {'hw:numa_nodes': '4'}


def test_extra_specs_in_the_flavor_from_261(cloud, max_microversion):
    cloud.admin.post('/v2.1/flavors/1/os-extra_specs', {'extra_specs': {'a': 'b'}})
    assert 'extra_specs' not in cloud.member.get('/v2.1/flavors/1').body['flavor']
    max_microversion('2.61')
    member = cloud.client('demo', 'demo-project', '2.61')
    assert member.get('/v2.1/flavors/1').body['flavor']['extra_specs'] == {'a': 'b'}
    detail = member.get('/v2.1/flavors/detail').body['flavors']
    assert {f['id']: f['extra_specs'] for f in detail}['1'] == {'a': 'b'}
    assert 'extra_specs' not in member.get('/v2.1/flavors').body['flavors'][0]
