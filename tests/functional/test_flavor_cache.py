"""POST /servers takes its flavor from the API's cache (nova_lite.compute.flavor_cache);
what changed in the flavor since it was kept counts all the same: create_all checks it
and the API reads it again."""
from tests.functional import conftest as fx

FLAVOR = {'flavor': {'name': 'cached', 'ram': 64, 'vcpus': 1, 'disk': 1, 'id': 'cached'}}


def _flavor_of(cloud, server_id):
    client = cloud.client('admin', 'admin', microversion='2.47')
    return client.get('/v2.1/servers/%s' % server_id).body['server']['flavor']


def test_a_deleted_flavor_boots_nothing_though_the_api_kept_it(cloud):
    assert cloud.admin.post('/v2.1/flavors', FLAVOR).status == 200
    assert cloud.member.create_server('first', flavor_ref='cached').status == 202
    assert cloud.admin.delete('/v2.1/flavors/cached').status == 202
    resp = cloud.member.create_server('second', flavor_ref='cached')
    assert resp.status == 400, resp
    assert resp.body['badRequest']['message'] == 'Invalid flavorRef provided.'
    names = [s['name'] for s in cloud.member.get('/v2.1/servers').body['servers']]
    assert names == ['first']


def test_a_flavor_made_again_under_the_same_id_is_the_one_booted(cloud, max_microversion):
    max_microversion('2.47')
    assert cloud.admin.post('/v2.1/flavors', FLAVOR).status == 200
    assert cloud.member.create_server('small', flavor_ref='cached').status == 202
    assert cloud.admin.delete('/v2.1/flavors/cached').status == 202
    bigger = {'flavor': dict(FLAVOR['flavor'], ram=128)}
    assert cloud.admin.post('/v2.1/flavors', bigger).status == 200
    resp = cloud.member.create_server('big', flavor_ref='cached')
    assert resp.status == 202, resp
    assert _flavor_of(cloud, resp.body['server']['id'])['ram'] == 128


def test_extra_specs_set_after_a_boot_go_with_the_next(cloud, max_microversion):
    max_microversion('2.47')
    assert cloud.admin.post('/v2.1/flavors', FLAVOR).status == 200
    first = cloud.member.create_server('first', flavor_ref='cached').body['server']['id']
    specs = {'extra_specs': {'hw:cpu_policy': 'shared'}}
    assert cloud.admin.post('/v2.1/flavors/cached/os-extra_specs', specs).status == 200
    second = cloud.member.create_server('second', flavor_ref='cached').body['server']['id']
    assert _flavor_of(cloud, first)['extra_specs'] == {}
    assert _flavor_of(cloud, second)['extra_specs'] == specs['extra_specs']


def test_a_project_whose_access_was_removed_cannot_boot_the_private_flavor(cloud):
    private = {'flavor': dict(FLAVOR['flavor'], **{'os-flavor-access:is_public': False})}
    assert cloud.admin.post('/v2.1/flavors', private).status == 200
    access = {'addTenantAccess': {'tenant': 'demo-project'}}
    assert cloud.admin.post('/v2.1/flavors/cached/action', access).status == 200
    assert cloud.member.create_server('allowed', flavor_ref='cached').status == 202
    # another project never sees it, kept or not
    assert cloud.other.create_server('other', flavor_ref='cached').status == 400
    removal = {'removeTenantAccess': {'tenant': 'demo-project'}}
    assert cloud.admin.post('/v2.1/flavors/cached/action', removal).status == 200
    resp = cloud.member.create_server('refused', flavor_ref='cached')
    assert resp.status == 400, resp
    fx.wait_for(lambda: len(cloud.member.get('/v2.1/servers').body['servers']) == 1,
                'the one server booted')
