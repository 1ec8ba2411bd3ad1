"""os-services updates and delete, os-hypervisors per microversion,
os-simple-tenant-usage and os-keypairs past 2.1, shaped as upstream's samples."""
import urllib.parse

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
    aggregate = cloud.admin.post('/v2.1/os-aggregates',
                                 body={'aggregate': {'name': 'rack'}}).body['aggregate']
    cloud.admin.post('/v2.1/os-aggregates/%s/action' % aggregate['id'],
                     body={'add_host': {'host': idle['host']}})
    cloud.stop_service(cloud.compute(idle['host']))
    assert cloud.admin.delete('/v2.1/os-services/%s' % idle['id']).status == 204
    assert cloud.admin.get('/v2.1/os-aggregates/%s' % aggregate['id']).body[
        'aggregate']['hosts'] == []
    assert cloud.admin.delete('/v2.1/os-services/%s' % idle['id']).status == 404
    remaining = cloud.admin.get('/v2.1/os-hypervisors').body['hypervisors']
    assert [h['hypervisor_hostname'] for h in remaining] == [host]


def test_services_force_down_and_delete_by_uuid_at_253(cloud, at):
    client = at('2.53')
    services = client.get('/v2.1/os-services?binary=nova-compute').body['services']
    host1 = next(s for s in services if s['host'] == 'host1')
    path = '/v2.1/os-services/%s' % host1['id']
    # upstream os-services/v2.53/service-force-down-put-req.json / -resp.json
    resp = client.request('PUT', path, body={'forced_down': True})
    assert resp.status == 200, resp
    assert set(resp.body['service']) == {'id', 'binary', 'disabled_reason', 'host', 'state',
                                         'status', 'updated_at', 'forced_down', 'zone'}
    assert {k: resp.body['service'][k] for k in (
        'id', 'binary', 'host', 'state', 'status', 'forced_down', 'zone')} == {
        'id': host1['id'], 'binary': 'nova-compute', 'host': 'host1', 'state': 'down',
        'status': 'enabled', 'forced_down': True, 'zone': 'nova'}
    resp = client.request('PUT', path, body={'forced_down': False})
    assert (resp.body['service']['forced_down'], resp.body['service']['state']) == (
        False, 'up')
    assert client.request('PUT', path, body={'forced_down': 'maybe'}).status == 400

    # DELETE by UUID; an integer id is not one any more
    old_id = cloud.admin.get('/v2.1/os-services?host=host1').body['services'][0]['id']
    resp = client.delete('/v2.1/os-services/%s' % old_id)
    assert resp.status == 400
    assert resp.body['badRequest']['message'] == 'Invalid uuid %s' % old_id
    cloud.stop_service(cloud.compute('host1'))
    assert client.delete(path).status == 204
    resp = client.delete(path)
    assert resp.status == 404
    assert [s['host'] for s in client.get('/v2.1/os-services?binary=nova-compute').body[
        'services']] == ['host2']
    assert [h['hypervisor_hostname'] for h in client.get('/v2.1/os-hypervisors').body[
        'hypervisors']] == ['host2']


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
    assert 'load average' in shown['uptime']  # the compute host's own `uptime`
    assert at('2.88').get('/v2.1/os-hypervisors/statistics').status == 404


def test_hypervisor_without_servers_has_no_servers_key_until_275(cloud, at):
    """upstream os-hypervisors/hypervisors-without-servers-resp.json (and v2.53): the
    key is left out for a hypervisor without servers; 2.75 always shows it."""
    server = cloud.admin.create_server('on-host1', availability_zone='nova:host1')
    cloud.wait_for_state(server.body['server']['id'], 'ACTIVE')
    empty = cloud.admin.get('/v2.1/os-hypervisors/host2/servers').body['hypervisors']
    assert empty == [{'hypervisor_hostname': 'host2', 'id': empty[0]['id'], 'state': 'up',
                      'status': 'enabled'}]
    used = cloud.admin.get('/v2.1/os-hypervisors/host1/servers').body['hypervisors'][0]
    assert [s['uuid'] for s in used['servers']] == [server.body['server']['id']]
    for version, expected in (('2.53', None), ('2.75', [])):
        listed = at(version).get('/v2.1/os-hypervisors?with_servers=true').body['hypervisors']
        by_host = {h['hypervisor_hostname']: h for h in listed}
        assert by_host['host2'].get('servers') == expected, version
        assert ('servers' in by_host['host2']) == (expected is not None)
        assert len(by_host['host1']['servers']) == 1
        shown = at(version).get('/v2.1/os-hypervisors/%s?with_servers=1' % by_host['host2'][
            'id']).body['hypervisor']
        assert shown.get('servers') == expected and (
            'servers' in shown) == (expected is not None), version
    # not asked for: never there
    listed = at('2.75').get('/v2.1/os-hypervisors').body['hypervisors']
    assert all('servers' not in h for h in listed)


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
    assert cloud.member.get('/v2.1/os-hypervisors/statistics').status == 403


def test_hypervisor_uptime_comes_from_its_compute_host(cloud, at):
    node = cloud.admin.get('/v2.1/os-hypervisors').body['hypervisors'][0]
    resp = cloud.admin.get('/v2.1/os-hypervisors/%s/uptime' % node['id'])
    assert resp.status == 200, resp
    # upstream os-hypervisors/hypervisors-uptime-resp.json
    assert set(resp.body['hypervisor']) == {'hypervisor_hostname', 'id', 'state', 'status',
                                            'uptime'}
    assert ' up ' in resp.body['hypervisor']['uptime']
    assert 'load average' in resp.body['hypervisor']['uptime']
    host = node['hypervisor_hostname']
    at('2.11').request('PUT', '/v2.1/os-services/force-down', body={
        'host': host, 'binary': 'nova-compute', 'forced_down': True})
    resp = cloud.admin.get('/v2.1/os-hypervisors/%s/uptime' % node['id'])
    assert (resp.status, resp.body['badRequest']['message']) == (
        400, 'Compute service of %s is unavailable at this time.' % host)
    node_uuid = at('2.53').get('/v2.1/os-hypervisors?hypervisor_hostname_pattern=%s' % host
                               ).body['hypervisors'][0]['id']
    shown = at('2.88').get('/v2.1/os-hypervisors/%s' % node_uuid).body['hypervisor']
    assert shown['uptime'] is None  # as upstream: none from a host that is down
    assert cloud.admin.get('/v2.1/os-hypervisors/999/uptime').status == 404
    assert cloud.member.get('/v2.1/os-hypervisors/%s/uptime' % node['id']).status == 403


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


def test_simple_tenant_usage_pages_from_240(cloud, at):
    """upstream os-simple-tenant-usage/v2.40/*.json: pages of instances, ordered by
    project then instance UUID, with a next link whenever a page is full."""
    booted = [cloud.boot('d1', client=cloud.member), cloud.boot('d2', client=cloud.member),
              cloud.boot('a1', client=cloud.other)]
    expected = [s['id'] for s in sorted(booted, key=lambda s: (s['tenant_id'], s['id']))]
    assert expected[0] == booted[2]['id']  # alt-project before demo-project
    window = 'start=2000-01-01T00:00:00&end=2100-01-01T00:00:00'
    client = at('2.40')
    # without paging: every project, in that order
    resp = client.get('/v2.1/os-simple-tenant-usage?%s&detailed=1' % window)
    assert 'tenant_usages_links' not in resp.body
    assert [u['tenant_id'] for u in resp.body['tenant_usages']] == [
        'alt-project', 'demo-project']
    seen, url = [], '/v2.1/os-simple-tenant-usage?%s&detailed=1&limit=1' % window
    while url:
        body = client.get(url).body
        assert set(body) <= {'tenant_usages', 'tenant_usages_links'}
        usages = body['tenant_usages']
        assert len(usages) <= 1 and all(len(u['server_usages']) == 1 for u in usages)
        seen += [u['server_usages'][0]['instance_id'] for u in usages]
        links = body.get('tenant_usages_links')
        if links:
            (link,) = links
            assert link['rel'] == 'next'
            query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link['href']).query))
            assert query == {'start': '2000-01-01T00:00:00', 'end': '2100-01-01T00:00:00',
                             'detailed': '1', 'limit': '1', 'marker': seen[-1]}
            url = '/v2.1/os-simple-tenant-usage?' + urllib.parse.urlsplit(link['href']).query
        else:
            assert usages == []  # the page after the last full one
            url = None
    assert seen == expected
    # one project: tenant_usage_links
    resp = client.get('/v2.1/os-simple-tenant-usage/demo-project?%s&limit=1' % window)
    (server_usage,) = resp.body['tenant_usage']['server_usages']
    assert server_usage['instance_id'] == expected[1]
    (link,) = resp.body['tenant_usage_links']
    assert urllib.parse.urlsplit(link['href']).path.endswith(
        '/os-simple-tenant-usage/demo-project')
    resp = client.get('/v2.1/os-simple-tenant-usage/demo-project?%s&limit=1&marker=%s' % (
        window, expected[1]))
    assert resp.body['tenant_usage']['server_usages'][0]['instance_id'] == expected[2]
    assert client.get('/v2.1/os-simple-tenant-usage?%s&marker=%s' % (
        window, '9d0f1d5c-0000-4000-8000-000000000000')).status == 400
    # before 2.40 limit and marker are not paging parameters
    resp = cloud.admin.get('/v2.1/os-simple-tenant-usage?%s&limit=1' % window)
    assert 'tenant_usages_links' not in resp.body
    assert len(resp.body['tenant_usages']) == 2


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
