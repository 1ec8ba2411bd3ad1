"""What a user changes on a server besides its power: metadata, tags (2.26),
os-server-password, the console log, name and description; and the GET /servers
sort parameters as upstream checks them."""
import pytest

from nova_lite import context as nl_context
from nova_lite import objects
from tests.functional import conftest as fx

RESCUED_409 = "Cannot '%s' instance %s while it is in vm_state rescued"


@pytest.fixture
def server(cloud):
    return cloud.boot('changed', client=cloud.member)


def _put(client, path, body):
    return client.request('PUT', path, body=body)


def _rescue(cloud, server_id):
    assert cloud.member.post('/v2.1/servers/%s/action' % server_id,
                             {'rescue': None}).status == 200
    cloud.wait_for_state(server_id, 'RESCUE')


def test_metadata_crud(cloud, server):
    path = '/v2.1/servers/%s/metadata' % server['id']
    member = cloud.member
    assert member.get(path).body == {'metadata': {}}
    # POST merges, PUT replaces the whole set
    resp = member.post(path, {'metadata': {'role': 'web', 'tier': '1'}})
    assert (resp.status, resp.body) == (200, {'metadata': {'role': 'web', 'tier': '1'}})
    resp = member.post(path, {'metadata': {'tier': '2', 'zone': 'a'}})
    assert resp.body == {'metadata': {'role': 'web', 'tier': '2', 'zone': 'a'}}
    resp = _put(member, path, {'metadata': {'only': 'this'}})
    assert (resp.status, resp.body) == (200, {'metadata': {'only': 'this'}})
    # one key
    assert member.get(path + '/only').body == {'meta': {'only': 'this'}}
    assert member.get(path + '/nope').status == 404
    resp = _put(member, path + '/color', {'meta': {'color': 'blue'}})
    assert (resp.status, resp.body) == (200, {'meta': {'color': 'blue'}})
    assert _put(member, path + '/color', {'meta': {'other': 'x'}}).status == 400
    assert _put(member, path + '/color', {'meta': {'a': '1', 'b': '2'}}).status == 400
    assert member.get(path).body == {'metadata': {'only': 'this', 'color': 'blue'}}
    resp = member.delete(path + '/only')
    assert (resp.status, resp.text) == (204, '')
    assert member.delete(path + '/only').status == 404
    assert cloud.get_server(server['id'])['metadata'] == {'color': 'blue'}
    # another project's server is not found
    assert cloud.other.get(path).status == 404


def test_metadata_is_checked_against_the_quota_and_the_state(cloud, server):
    path = '/v2.1/servers/%s/metadata' % server['id']
    too_many = {'k%d' % n: 'v' for n in range(129)}  # metadata_items is 128
    resp = cloud.member.post(path, {'metadata': too_many})
    assert resp.status == 403, resp
    assert cloud.member.post(path, {'metadata': {'bad/key': 'v'}}).status == 400
    _rescue(cloud, server['id'])
    resp = cloud.member.post(path, {'metadata': {'role': 'web'}})
    assert resp.status == 409
    assert resp.body['conflictingRequest']['message'].startswith(
        RESCUED_409 % ('update metadata', server['id']))
    assert cloud.member.delete(path + '/role').status == 404


def test_tags(cloud, server):
    tags = cloud.client('demo', 'demo-project', '2.26')
    path = '/v2.1/servers/%s/tags' % server['id']
    assert cloud.member.get(path).status == 404  # before 2.26
    assert tags.get(path).body == {'tags': []}
    resp = _put(tags, path + '/web', None)
    assert resp.status == 201
    assert resp.headers['Location'].endswith('/servers/%s/tags/web' % server['id'])
    assert _put(tags, path + '/web', None).status == 204  # already there
    assert tags.get(path + '/web').status == 204
    assert tags.get(path + '/db').status == 404
    resp = _put(tags, path, {'tags': ['a', 'b', 'a']})
    assert (resp.status, sorted(resp.body['tags'])) == (200, ['a', 'b'])
    assert sorted(tags.get(path).body['tags']) == ['a', 'b']
    assert tags.delete(path + '/a').status == 204
    assert tags.delete(path + '/a').status == 404
    assert tags.delete(path).status == 204
    assert tags.get(path).body == {'tags': []}
    assert _put(tags, path + '/bad,tag', None).status == 400
    # at most 50
    resp = _put(tags, path, {'tags': ['t%d' % n for n in range(51)]})
    assert resp.status == 400, resp
    assert _put(tags, path, {'tags': ['t%d' % n for n in range(50)]}).status == 200
    resp = _put(tags, path + '/one-more', None)
    assert resp.status == 400, resp
    assert len(tags.get(path).body['tags']) == 50
    # a rescued server's tags do not change (upstream's allowed vm_states)
    _rescue(cloud, server['id'])
    resp = _put(tags, path + '/late', None)
    assert resp.status == 409, resp
    assert tags.delete(path).status == 409


def test_server_password_show_and_clear(cloud, server):
    path = '/v2.1/servers/%s/os-server-password' % server['id']
    assert cloud.member.get(path).body == {'password': ''}
    # what the metadata service stores when the guest posts its encrypted password
    context = nl_context.get_admin_context()
    instance = objects.Instance.get_by_uuid(context, server['id'])
    instance.system_metadata = dict(instance.system_metadata, password='ZW5jcnlwdGVk')
    instance.save()
    assert cloud.member.get(path).body == {'password': 'ZW5jcnlwdGVk'}
    assert cloud.other.get(path).status == 404
    resp = cloud.member.delete(path)
    assert (resp.status, resp.text) == (204, '')
    assert cloud.member.get(path).body == {'password': ''}


@pytest.mark.parametrize('length,output', [
    (None, 'FAKE CONSOLE OUTPUT\nANOTHER\nLAST LINE'),
    (-1, 'FAKE CONSOLE OUTPUT\nANOTHER\nLAST LINE'),
    (2, 'ANOTHER\nLAST LINE'), ('1', 'LAST LINE'), (0, ''),
    (10, 'FAKE CONSOLE OUTPUT\nANOTHER\nLAST LINE'),
])
def test_console_output_length(cloud, server, length, output):
    body = {'os-getConsoleOutput': {} if length is None else {'length': length}}
    resp = cloud.member.post('/v2.1/servers/%s/action' % server['id'], body)
    assert (resp.status, resp.body) == (200, {'output': output})


def test_console_output_bad_length_is_400(cloud, server):
    for length in (-2, 'ten', 1.5):
        resp = cloud.member.post('/v2.1/servers/%s/action' % server['id'],
                                 {'os-getConsoleOutput': {'length': length}})
        assert resp.status == 400, (length, resp)


def test_description_from_2_19_and_a_rename_keeps_the_hostname(cloud, server):
    path = '/v2.1/servers/%s' % server['id']
    old, new = (cloud.client('demo', 'demo-project', v) for v in ('2.18', '2.19'))
    assert _put(old, path, {'server': {'description': 'web'}}).status == 400
    resp = _put(new, path, {'server': {'description': 'web tier'}})
    assert (resp.status, resp.body['server']['description']) == (200, 'web tier')
    assert new.get(path).body['server']['description'] == 'web tier'
    resp = _put(new, path, {'server': {'description': None}})
    assert new.get(path).body['server']['description'] is None
    admin = cloud.client('admin', 'admin', '2.19')  # the hostname is an admin's attribute
    assert admin.get(path).body['server']['OS-EXT-SRV-ATTR:hostname'] == 'changed'
    resp = _put(new, path, {'server': {'name': 'Renamed Server'}})
    assert (resp.status, resp.body['server']['name']) == (200, 'Renamed Server')
    shown = admin.get(path).body['server']
    # upstream changes the hostname only when asked to (2.90); a rename does not
    assert (shown['name'], shown['OS-EXT-SRV-ATTR:hostname']) == ('Renamed Server',
                                                                   'changed')


@pytest.fixture
def three(cloud):
    ids = {}
    for name in ('b', 'a', 'c'):
        resp = cloud.member.create_server(name)
        assert resp.status == 202, resp
        ids[name] = resp.body['server']['id']
    for server_id in ids.values():
        cloud.wait_for_state(server_id, 'ACTIVE')
    return ids


def _listed(client, query):
    resp = client.get('/v2.1/servers?' + query)
    assert resp.status == 200, resp
    return [s['name'] for s in resp.body['servers']]


def test_sort_parameters(cloud, three):
    member = cloud.member
    assert _listed(member, 'sort_key=display_name&sort_dir=asc') == ['a', 'b', 'c']
    assert _listed(member, 'sort_key=display_name&sort_dir=desc') == ['c', 'b', 'a']
    # a key without a direction takes the first direction given
    assert _listed(member, 'sort_key=vm_state&sort_key=task_state&sort_key=display_name'
                           '&sort_dir=asc') == ['a', 'b', 'c']
    for query in ('sort_key=display_name&sort_dir=up',
                  'sort_key=display_name&sort_dir=asc&sort_dir=desc',
                  'sort_key=no_such_key'):
        resp = member.get('/v2.1/servers?' + query)
        assert resp.status == 400, (query, resp)
    # sorting by host or node is for admins (upstream's 403)
    for key in ('host', 'node'):
        resp = member.get('/v2.1/servers/detail?sort_key=%s' % key)
        assert resp.status == 403, resp
        assert resp.body['forbidden']['message'] == (
            'Only administrators can sort servers by %s' % key)
    resp = cloud.admin.get('/v2.1/servers/detail?all_tenants=1&sort_key=host&sort_dir=asc')
    hosts = [s['OS-EXT-SRV-ATTR:host'] for s in resp.body['servers']]
    assert resp.status == 200 and hosts == sorted(hosts)
    assert set(fx.COMPUTE_HOSTS) >= set(hosts)
