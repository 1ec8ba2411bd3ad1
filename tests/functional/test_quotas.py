"""os-quota-sets, os-quota-class-sets and /limits, shaped as upstream's
samples per microversion, and quota enforcement on every create path."""
import threading

import pytest

from tests.functional import conftest as fx

PROJECT = '/v2.1/os-quota-sets/demo-project'
# upstream os-quota-sets/quotas-show-get-resp.json (2.1), v2.36 and v2.57
DEFAULTS_21 = {'cores': 20, 'fixed_ips': -1, 'floating_ips': -1,
               'injected_file_content_bytes': 10240, 'injected_file_path_bytes': 255,
               'injected_files': 5, 'instances': 10, 'key_pairs': 100, 'metadata_items': 128,
               'ram': 51200, 'security_group_rules': -1, 'security_groups': -1,
               'server_groups': 10, 'server_group_members': 10}
DEFAULTS_236 = {k: v for k, v in DEFAULTS_21.items() if v != -1}
DEFAULTS_257 = {k: v for k, v in DEFAULTS_236.items() if not k.startswith('injected')}
# upstream limits/limit-get-resp.json and its v2.36, v2.39, v2.57 versions
LIMITS_21 = {'maxImageMeta': 128, 'maxPersonality': 5, 'maxPersonalitySize': 10240,
             'maxSecurityGroupRules': -1, 'maxSecurityGroups': -1, 'maxServerMeta': 128,
             'maxTotalCores': 20, 'maxTotalFloatingIps': -1, 'maxTotalInstances': 10,
             'maxTotalKeypairs': 100, 'maxTotalRAMSize': 51200, 'maxServerGroups': 10,
             'maxServerGroupMembers': 10, 'totalCoresUsed': 0, 'totalInstancesUsed': 0,
             'totalRAMUsed': 0, 'totalSecurityGroupsUsed': 0, 'totalFloatingIpsUsed': 0,
             'totalServerGroupsUsed': 0}
_NETWORK_LIMITS = ('maxSecurityGroupRules', 'maxSecurityGroups', 'maxTotalFloatingIps',
                   'totalSecurityGroupsUsed', 'totalFloatingIpsUsed')
LIMITS_236 = {k: v for k, v in LIMITS_21.items() if k not in _NETWORK_LIMITS}
LIMITS_239 = {k: v for k, v in LIMITS_236.items() if k != 'maxImageMeta'}
LIMITS_257 = {k: v for k, v in LIMITS_239.items() if not k.startswith('maxPersonality')}




def _set_quota(cloud, **values):
    resp = cloud.admin.request('PUT', PROJECT, body={'quota_set': values})
    assert resp.status == 200, resp
    return resp.body['quota_set']


@pytest.mark.parametrize('version, expected', [('2.1', DEFAULTS_21), ('2.36', DEFAULTS_236),
                                               ('2.57', DEFAULTS_257)])
def test_show_and_defaults_shapes(cloud, at, version, expected):
    for path in (PROJECT, PROJECT + '/defaults'):
        resp = at(version).get(path)
        assert resp.status == 200, resp
        assert resp.body == {'quota_set': dict(expected, id='demo-project')}


def test_detail_counts_what_is_in_use(cloud, at):
    cloud.boot('one', client=cloud.member)
    cloud.member.post('/v2.1/os-keypairs', {'keypair': {'name': 'k'}})
    resp = cloud.member.get(PROJECT + '/detail?user_id=demo')
    assert resp.status == 200, resp
    detail = resp.body['quota_set']
    assert set(detail) == set(DEFAULTS_21) | {'id'}
    assert detail['instances'] == {'limit': 10, 'in_use': 1, 'reserved': 0}
    assert detail['cores'] == {'limit': 20, 'in_use': 1, 'reserved': 0}
    assert detail['ram'] == {'limit': 51200, 'in_use': 512, 'reserved': 0}
    assert detail['key_pairs'] == {'limit': 100, 'in_use': 1, 'reserved': 0}
    assert set(at('2.57').get(PROJECT + '/detail').body['quota_set']) == \
        set(DEFAULTS_257) | {'id'}


def test_update_force_user_and_delete(cloud, at):
    # upstream quotas-update-post-req.json / -resp.json
    assert _set_quota(cloud, cores=45) == dict(DEFAULTS_21, cores=45)
    assert at('2.57').request('PUT', PROJECT, body={'quota_set': {'instances': 20}}).body == {
        'quota_set': dict(DEFAULTS_257, cores=45, instances=20)}
    cloud.boot('one', client=cloud.member)
    resp = cloud.admin.request('PUT', PROJECT, body={'quota_set': {'instances': 0}})
    assert resp.status == 400
    assert resp.body['badRequest']['message'] == (
        'Quota limit 0 for instances must be greater than or equal to already used and '
        'reserved 1.')
    assert _set_quota(cloud, instances=0, force='True')['instances'] == 0
    # a user's limit: at most the project's
    resp = cloud.admin.request('PUT', PROJECT + '?user_id=demo',
                               body={'quota_set': {'cores': 46}})
    assert resp.status == 400
    assert resp.body['badRequest']['message'] == (
        'Quota limit 46 for cores must be less than or equal to 45.')
    resp = cloud.admin.request('PUT', PROJECT + '?user_id=demo',
                               body={'quota_set': {'cores': 9}})
    assert resp.status == 200 and resp.body['quota_set']['cores'] == 9
    assert cloud.member.get(PROJECT + '?user_id=demo').body['quota_set']['cores'] == 9
    assert cloud.member.get(PROJECT).body['quota_set']['cores'] == 45

    assert cloud.admin.delete(PROJECT).status == 202
    assert cloud.member.get(PROJECT).body['quota_set'] == dict(DEFAULTS_21, id='demo-project')
    assert cloud.member.get(PROJECT + '?user_id=demo').body['quota_set']['cores'] == 20


def test_quota_set_errors(cloud, at):
    assert cloud.member.request('PUT', PROJECT, body={'quota_set': {'cores': 1}}).status == 403
    assert cloud.member.delete(PROJECT).status == 403
    assert cloud.other.get(PROJECT).status == 403
    for body in ({'quota_set': {'cores': -2}}, {'quota_set': {'cores': 'lots'}},
                 {'quota_set': {'colours': 1}}, {'quotas': {}}):
        assert cloud.admin.request('PUT', PROJECT, body=body).status == 400, body
    # 2.36 has no network quotas any more
    resp = at('2.36').request('PUT', PROJECT, body={'quota_set': {'floating_ips': 1}})
    assert resp.status == 400


def test_quota_class_sets(cloud, at):
    # upstream os-quota-class-sets/quota-classes-show-get-resp.json and v2.50, v2.57
    network = {'fixed_ips': -1, 'floating_ips': -1, 'security_group_rules': -1,
               'security_groups': -1}
    groups = {'server_groups': 10, 'server_group_members': 10}
    base = {k: v for k, v in DEFAULTS_236.items() if k not in groups}
    path = '/v2.1/os-quota-class-sets/default'
    assert cloud.admin.get(path).body == {'quota_class_set': dict(base, id='default',
                                                                  **network)}
    assert at('2.50').get(path).body == {'quota_class_set': dict(base, id='default',
                                                                 **groups)}
    resp = at('2.57').request('PUT', path, body={'quota_class_set': {'instances': 50,
                                                                     'cores': 50}})
    assert resp.status == 200
    assert resp.body == {'quota_class_set': dict(DEFAULTS_257, instances=50, cores=50)}
    # the default class is every project's default
    assert cloud.member.get(PROJECT).body['quota_set']['instances'] == 50
    assert cloud.member.get(path).status == 403
    assert cloud.admin.request('PUT', path, body={'quota_class_set': {'x': 1}}).status == 400


@pytest.mark.parametrize('version, expected', [('2.1', LIMITS_21), ('2.36', LIMITS_236),
                                               ('2.39', LIMITS_239), ('2.57', LIMITS_257)])
def test_limits_shapes(cloud, at, version, expected):
    resp = at(version, 'demo', 'demo-project').get('/v2.1/limits')
    assert resp.status == 200, resp
    assert resp.body == {'limits': {'absolute': expected, 'rate': []}}


def test_limits_count_usage_and_other_projects_are_admin_only(cloud):
    cloud.boot('one', client=cloud.member)
    cloud.member.post('/v2.1/os-server-groups',
                      {'server_group': {'name': 'g', 'policies': ['affinity']}})
    absolute = cloud.member.get('/v2.1/limits').body['limits']['absolute']
    assert (absolute['totalInstancesUsed'], absolute['totalCoresUsed'],
            absolute['totalRAMUsed'], absolute['totalServerGroupsUsed']) == (1, 1, 512, 1)
    assert cloud.other.get('/v2.1/limits?tenant_id=demo-project').status == 403
    admin_view = cloud.admin.get('/v2.1/limits?tenant_id=demo-project').body
    assert admin_view['limits']['absolute']['totalInstancesUsed'] == 1


def test_over_quota_boot_is_403_with_upstreams_message(cloud):
    _set_quota(cloud, instances=1)
    cloud.boot('first', client=cloud.member)
    resp = cloud.member.create_server('second')
    assert resp.status == 403
    assert resp.body == {'forbidden': {'code': 403, 'message': (
        'Quota exceeded for instances: Requested 1, but already used 1 of 1 instances')}}
    # cores and ram too
    _set_quota(cloud, instances=10, cores=1, force=True)
    resp = cloud.member.create_server('third')
    assert resp.body['forbidden']['message'] == (
        'Quota exceeded for cores: Requested 1, but already used 1 of 1 cores')
    _set_quota(cloud, cores=20, ram=1000, force=True)
    resp = cloud.member.create_server('fourth')  # m1.tiny: 512 MB, 512 in use
    assert resp.status == 403
    assert resp.body == {'forbidden': {'code': 403, 'message': (
        'Quota exceeded for ram: Requested 512, but already used 512 of 1000 ram')}}


def test_multi_create_is_all_or_nothing(cloud):
    _set_quota(cloud, instances=3)
    resp = cloud.member.create_server('many', min_count=4, max_count=5)
    assert resp.status == 403
    assert resp.body['forbidden']['message'] == (
        'Quota exceeded for instances: Requested 4-5, but already used 0 of 3 instances')
    assert [i for i in fx.all_instances() if i.project_id == 'demo-project'] == []
    # as upstream: with room for min_count, as many as fit are created
    resp = cloud.member.create_server('some', min_count=2, max_count=5,
                                      return_reservation_id=True)
    assert resp.status == 202, resp
    mine = [i for i in fx.all_instances() if i.project_id == 'demo-project']
    assert len(mine) == 3


def test_metadata_items_quota(cloud):
    _set_quota(cloud, metadata_items=2)
    resp = cloud.member.create_server('meta', metadata={'a': '1', 'b': '2', 'c': '3'})
    assert resp.status == 403
    assert resp.body['forbidden']['message'] == 'Maximum number of metadata items exceeds 2'
    assert cloud.member.create_server('meta', metadata={'a': '1', 'b': '2'}).status == 202


def test_metadata_items_quota_on_server_metadata(cloud):
    """POST merges into the server's metadata and PUT of one key too, so they count
    what would be there; PUT of the whole set counts the new set (upstream's rule)."""
    _set_quota(cloud, metadata_items=2)
    resp = cloud.member.create_server('meta', metadata={'a': '1'})
    path = '/v2.1/servers/%s/metadata' % resp.body['server']['id']
    cloud.wait_for_state(resp.body['server']['id'], 'ACTIVE')
    over = {'forbidden': {'code': 403, 'message': 'Maximum number of metadata items exceeds 2'}}
    for method, url, body in (
            ('POST', path, {'metadata': {'b': '2', 'c': '3'}}),
            ('PUT', path, {'metadata': {'x': '1', 'y': '2', 'z': '3'}})):
        resp = cloud.member.request(method, url, body=body)
        assert (resp.status, resp.body) == (403, over), (method, resp)
    resp = cloud.member.post(path, {'metadata': {'b': '2'}})
    assert (resp.status, resp.body) == (200, {'metadata': {'a': '1', 'b': '2'}})
    resp = cloud.member.request('PUT', path + '/c', body={'meta': {'c': '3'}})
    assert (resp.status, resp.body) == (403, over)
    resp = cloud.member.request('PUT', path, body={'metadata': {'x': '1', 'y': '2'}})
    assert (resp.status, resp.body) == (200, {'metadata': {'x': '1', 'y': '2'}})
    assert cloud.member.get(path).body == {'metadata': {'x': '1', 'y': '2'}}


def test_key_pairs_and_server_groups_quotas(cloud):
    _set_quota(cloud, key_pairs=1, server_groups=1)
    assert cloud.member.post('/v2.1/os-keypairs', {'keypair': {'name': 'a'}}).status == 200
    resp = cloud.member.post('/v2.1/os-keypairs', {'keypair': {'name': 'b'}})
    assert resp.status == 403
    assert resp.body['forbidden']['message'] == 'Quota exceeded, too many key pairs.'
    group = {'server_group': {'name': 'g', 'policies': ['anti-affinity']}}
    assert cloud.member.post('/v2.1/os-server-groups', group).status == 200
    resp = cloud.member.post('/v2.1/os-server-groups', group)
    assert resp.status == 403
    assert resp.body['forbidden']['message'] == 'Quota exceeded, too many server groups.'


def test_thirty_boots_racing_for_ten_instances(cloud):
    _set_quota(cloud, instances=10)
    results = []
    start = threading.Barrier(30)

    def boot(index):
        start.wait()
        results.append(cloud.member.create_server('race-%d' % index))
    threads = [threading.Thread(target=boot, args=(i,)) for i in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    accepted = [r for r in results if r.status == 202]
    refused = [r for r in results if r.status == 403]
    assert (len(accepted), len(refused)) == (10, 20), [r for r in results
                                                       if r.status not in (202, 403)]
    for resp in refused:
        assert resp.body['forbidden']['message'] == (
            'Quota exceeded for instances: Requested 1, but already used 10 of 10 instances')
    live = [i for i in fx.all_instances(read_deleted='no') if i.project_id == 'demo-project']
    assert len(live) == 10
    detail = cloud.member.get(PROJECT + '/detail').body['quota_set']
    assert detail['instances'] == {'limit': 10, 'in_use': 10, 'reserved': 0}
    for resp in accepted:
        cloud.wait_for_state(resp.body['server']['id'], 'ACTIVE')
