"""os-services updates and delete, os-hypervisors per microversion,
os-simple-tenant-usage and os-keypairs past 2.1, shaped as upstream's samples."""
import pytest




def test_services_disable_enable_force_down_before_253(cloud, at):
    # upstream os-services/service-disable-log-put-req.json / -resp.json
    resp = cloud.admin.request('PUT', '/v2.1/os-services/disable-log-reason', body={
        'host': 'host1', 'binary': 'nova-compute', 'disabled_reason': 'test2'})
    assert resp.status == 200, resp
    assert resp.body == {'service': {'binary': 'nova-compute', 'disabled_reason': 'test2',
                                     'host': 'host1', 'status': 'disabled'}}
    resp = cloud.admin.request('PUT', '/v2.1/os-services/enable',
                               body={'host': 'host1', 'binary': 'nova-compute'})
    assert resp.body == {'service': {'binary': 'nova-compute', 'host': 'host1',
                                     'status': 'enabled'}}
    resp = cloud.admin.request('PUT', '/v2.1/os-services/disable-log-reason',
                               body={'host': 'host1', 'binary': 'nova-compute'})
    assert resp.status == 400
    assert resp.body['badRequest']['message'] == 'Missing disabled reason field'
    resp = cloud.admin.request('PUT', '/v2.1/os-services/disable',
                               body={'host': 'nowhere', 'binary': 'nova-compute'})
    assert resp.status == 404
    body = {'host': 'host1', 'binary': 'nova-compute', 'forced_down': True}
    assert cloud.admin.request('PUT', '/v2.1/os-services/force-down', body=body).status == 404
    resp = at('2.11').request('PUT', '/v2.1/os-services/force-down', body=body)
    assert resp.body == {'service': {'binary': 'nova-compute', 'host': 'host1',
                                     'forced_down': True}}
    listed = at('2.11').get('/v2.1/os-services?host=host1').body['services'][0]
    assert (listed['forced_down'], listed['state']) == (True, 'down')
    assert cloud.member.request('PUT', '/v2.1/os-services/disable', body={
        'host': 'host1', 'binary': 'nova-compute'}).status == 403


def test_services_by_uuid_from_253(cloud, at):
    client = at('2.53')
    services = client.get('/v2.1/os-services?binary=nova-compute').body['services']
    service = next(s for s in services if s['host'] == 'host1')
    assert len(service['id']) == 36 and 'forced_down' in service
    path = '/v2.1/os-services/%s' % service['id']
    # upstream os-services/v2.53/service-disable-log-put-req.json / -resp.json
    resp = client.request('PUT', path, body={'status': 'disabled',
                                             'disabled_reason': 'maintenance'})
    assert resp.status == 200, resp
    assert set(resp.body['service']) == {'id', 'binary', 'disabled_reason', 'host', 'state',
                                         'status', 'updated_at', 'forced_down', 'zone'}
    assert (resp.body['service']['status'], resp.body['service']['disabled_reason']) == (
        'disabled', 'maintenance')
    for body, message in (
            ({}, "At least one of 'status' or 'forced_down' must be specified in the "
                 "request body."),
            ({'status': 'enabled', 'disabled_reason': 'x'},
             "Specifying 'disabled_reason' with status 'enabled' is invalid.")):
        resp = client.request('PUT', path, body=body)
        assert resp.status == 400 and resp.body['badRequest']['message'] == message
    scheduler = next(s for s in client.get('/v2.1/os-services').body['services']
                     if s['binary'] == 'nova-scheduler')
    resp = client.request('PUT', '/v2.1/os-services/%s' % scheduler['id'],
                          body={'status': 'disabled'})
    assert resp.status == 400
    assert client.request('PUT', '/v2.1/os-services/%s' % ('0' * 8 + '-0000-4000-8000-' +
                                                           '0' * 12),
                          body={'status': 'enabled'}).status == 404
    assert client.request('PUT', '/v2.1/os-services/not-a-uuid',
                          body={'status': 'enabled'}).status == 400


def test_service_delete(cloud, at):
    server = cloud.boot('busy')
    host = server['OS-EXT-SRV-ATTR:host']
    services = cloud.admin.get('/v2.1/os-services?binary=nova-compute').body['services']
    busy = next(s for s in services if s['host'] == host)
    idle = next(s for s in services if s['host'] != host)
    resp = cloud.admin.delete('/v2.1/os-services/%s' % busy['id'])
    assert resp.status == 409
    assert resp.body['conflictingRequest']['message'] == (
        'Unable to delete compute service that is hosting instances. Migrate or delete the '
        'instances first.')
    assert cloud.admin.delete('/v2.1/os-services/abc').status == 400
    assert cloud.member.delete('/v2.1/os-services/%s' % idle['id']).status == 403
    cloud.stop_service(cloud.compute(idle['host']))
    assert cloud.admin.delete('/v2.1/os-services/%s' % idle['id']).status == 204
    assert cloud.admin.delete('/v2.1/os-services/%s' % idle['id']).status == 404
    remaining = cloud.admin.get('/v2.1/os-hypervisors').body['hypervisors']
    assert [h['hypervisor_hostname'] for h in remaining] == [host]


def test_hypervisors_per_microversion(cloud, at):
    server = cloud.boot('on-a-host')
    host = server['OS-EXT-SRV-ATTR:host']
    old = cloud.hypervisor(host)
    assert isinstance(old['id'], int) and isinstance(old['cpu_info'], str)
    assert isinstance(at('2.28').get('/v2.1/os-hypervisors/detail').body['hypervisors'][0][
        'cpu_info'], dict)
    page = at('2.33').get('/v2.1/os-hypervisors?limit=1').body
    assert len(page['hypervisors']) == 1 and page['hypervisors_links'][0]['rel'] == 'next'

    client = at('2.53')
    listed = client.get('/v2.1/os-hypervisors?with_servers=true').body['hypervisors']
    mine = next(h for h in listed if h['hypervisor_hostname'] == host)
    assert len(mine['id']) == 36
    assert mine['servers'] == [{'name': server['OS-EXT-SRV-ATTR:instance_name'],
                                'uuid': server['id']}]
    assert client.get('/v2.1/os-hypervisors?hypervisor_hostname_pattern=%s' % host).body[
        'hypervisors'][0]['id'] == mine['id']
    assert client.get('/v2.1/os-hypervisors?hypervisor_hostname_pattern=zzz').status == 404
    shown = client.get('/v2.1/os-hypervisors/%s' % mine['id']).body['hypervisor']
    assert shown['service']['id'] != old['service']['id'] and len(shown['service']['id']) == 36
    assert client.get('/v2.1/os-hypervisors/%s/search' % host).status == 404
    assert client.get('/v2.1/os-hypervisors/%s' % old['id']).status == 400

    # upstream os-hypervisors/v2.88/hypervisors-show-resp.json
    shown = at('2.88').get('/v2.1/os-hypervisors/%s' % mine['id']).body['hypervisor']
    assert set(shown) == {'host_ip', 'hypervisor_hostname', 'hypervisor_type',
                          'hypervisor_version', 'id', 'service', 'state', 'status', 'uptime'}
    assert at('2.88').get('/v2.1/os-hypervisors/statistics').status == 404


def test_hypervisor_statistics_search_servers_uptime(cloud):
    server = cloud.boot('counted')
    stats = cloud.admin.get('/v2.1/os-hypervisors/statistics').body['hypervisor_statistics']
    detail = cloud.admin.get('/v2.1/os-hypervisors/detail').body['hypervisors']
    assert stats['count'] == 2
    assert stats['vcpus_used'] == sum(h['vcpus_used'] for h in detail) == 1
    assert stats['memory_mb'] == sum(h['memory_mb'] for h in detail)
    found = cloud.admin.get('/v2.1/os-hypervisors/host/search').body['hypervisors']
    assert {h['hypervisor_hostname'] for h in found} == {'host1', 'host2'}
    assert set(found[0]) == {'id', 'hypervisor_hostname', 'state', 'status'}
    with_servers = cloud.admin.get('/v2.1/os-hypervisors/%s/servers' % server[
        'OS-EXT-SRV-ATTR:host']).body['hypervisors']
    assert with_servers[0]['servers'][0]['uuid'] == server['id']
    resp = cloud.admin.get('/v2.1/os-hypervisors/nohost/search')
    assert resp.status == 404
    assert resp.body['itemNotFound']['message'] == (
        "No hypervisor matching 'nohost' could be found.")
    resp = cloud.admin.get('/v2.1/os-hypervisors/%s/uptime' % detail[0]['id'])
    assert resp.status == 501
    assert cloud.member.get('/v2.1/os-hypervisors/statistics').status == 403


def test_simple_tenant_usage(cloud):
    server = cloud.boot('used', client=cloud.member)
    cloud.boot('other', client=cloud.other)
    window = '?start=2000-01-01T00:00:00&end=2100-01-01T00:00:00'
    resp = cloud.admin.get('/v2.1/os-simple-tenant-usage' + window)
    assert resp.status == 200, resp
    usages = {u['tenant_id']: u for u in resp.body['tenant_usages']}
    assert set(usages) == {'demo-project', 'alt-project'}
    # upstream os-simple-tenant-usage/simple-tenant-usage-get.json
    assert set(usages['demo-project']) == {'start', 'stop', 'tenant_id', 'total_hours',
                                           'total_local_gb_usage', 'total_memory_mb_usage',
                                           'total_vcpus_usage'}
    resp = cloud.member.get('/v2.1/os-simple-tenant-usage/demo-project' + window)
    usage = resp.body['tenant_usage']
    (server_usage,) = usage['server_usages']
    # upstream os-simple-tenant-usage/simple-tenant-usage-get-specific.json
    assert set(server_usage) == {'ended_at', 'flavor', 'hours', 'instance_id', 'local_gb',
                                 'memory_mb', 'name', 'started_at', 'state', 'tenant_id',
                                 'uptime', 'vcpus'}
    assert (server_usage['instance_id'], server_usage['flavor'], server_usage['state'],
            server_usage['vcpus'], server_usage['memory_mb']) == (
        server['id'], 'm1.tiny', 'active', 1, 512)
    assert usage['total_memory_mb_usage'] == pytest.approx(512 * usage['total_hours'])
    detailed = cloud.admin.get('/v2.1/os-simple-tenant-usage%s&detailed=1' % window).body
    assert all('server_usages' in u for u in detailed['tenant_usages'])
    assert cloud.member.get('/v2.1/os-simple-tenant-usage').status == 403
    assert cloud.other.get('/v2.1/os-simple-tenant-usage/demo-project').status == 403
    resp = cloud.admin.get('/v2.1/os-simple-tenant-usage?start=2100-01-01T00:00:00'
                           '&end=2000-01-01T00:00:00')
    assert resp.status == 400
    assert cloud.admin.get('/v2.1/os-simple-tenant-usage?start=yesterday').status == 400


def test_keypairs_from_22(cloud, at):
    member = at('2.2', 'demo', 'demo-project')
    resp = member.post('/v2.1/os-keypairs', {'keypair': {'name': 'k1', 'type': 'ssh'}})
    assert resp.status == 201, resp
    # upstream os-keypairs/v2.2/keypairs-post-resp.json
    assert set(resp.body['keypair']) == {'fingerprint', 'name', 'type', 'private_key',
                                         'public_key', 'user_id'}
    resp = member.post('/v2.1/os-keypairs', {'keypair': {'name': 'cert', 'type': 'x509'}})
    assert resp.status == 201
    assert resp.body['keypair']['public_key'].startswith('-----BEGIN CERTIFICATE-----')
    assert len(resp.body['keypair']['fingerprint'].split(':')) == 20
    listed = member.get('/v2.1/os-keypairs').body['keypairs']
    assert {k['keypair']['name']: k['keypair']['type'] for k in listed} == {
        'k1': 'ssh', 'cert': 'x509'}
    assert member.get('/v2.1/os-keypairs/k1').body['keypair']['type'] == 'ssh'
    assert member.post('/v2.1/os-keypairs', {'keypair': {'name': 'k', 'type': 'gpg'}}
                       ).status == 400
    assert member.delete('/v2.1/os-keypairs/k1').status == 204
    assert cloud.member.post('/v2.1/os-keypairs', {'keypair': {'name': 'k', 'type': 'ssh'}}
                             ).status == 400  # no type at 2.1


def test_keypairs_of_other_users_from_210_and_pages_from_235(cloud, at):
    admin = at('2.35')
    for name in ('a', 'b', 'c'):
        resp = admin.post('/v2.1/os-keypairs', {'keypair': {'name': name, 'user_id': 'demo'}})
        assert resp.status == 201 and resp.body['keypair']['user_id'] == 'demo'
    assert [k['keypair']['name'] for k in cloud.member.get('/v2.1/os-keypairs').body[
        'keypairs']] == ['a', 'b', 'c']
    page = admin.get('/v2.1/os-keypairs?user_id=demo&limit=2').body
    assert [k['keypair']['name'] for k in page['keypairs']] == ['a', 'b']
    assert 'marker=b' in page['keypairs_links'][0]['href']
    page = admin.get('/v2.1/os-keypairs?user_id=demo&limit=2&marker=b').body
    assert [k['keypair']['name'] for k in page['keypairs']] == ['c']
    assert admin.get('/v2.1/os-keypairs?user_id=demo&marker=zz').status == 400
    assert admin.get('/v2.1/os-keypairs/a?user_id=demo').status == 200
    assert admin.delete('/v2.1/os-keypairs/a?user_id=demo').status == 204
    member = at('2.10', 'demo', 'demo-project')
    assert member.post('/v2.1/os-keypairs', {'keypair': {'name': 'x', 'user_id': 'alt'}}
                       ).status == 403
    assert member.get('/v2.1/os-keypairs?user_id=alt').status == 403
