"""Traits: a compute host reports its driver's traits, and a flavor that requires
or forbids one (trait:NAME=required|forbidden) is placed accordingly."""
from tests.functional import conftest as fx


def _flavor(cloud, flavor_id, extra_specs):
    resp = cloud.admin.post('/v2.1/flavors', {'flavor': {
        'name': flavor_id, 'id': flavor_id, 'ram': 512, 'vcpus': 1, 'disk': 1}})
    assert resp.status == 200, resp
    resp = cloud.admin.post('/v2.1/flavors/%s/os-extra_specs' % flavor_id,
                            {'extra_specs': extra_specs})
    assert resp.status == 200, resp
    return flavor_id


def test_boots_go_where_the_traits_are(make_cloud, conf):
    cloud = make_cloud()
    conf('traits', ['CUSTOM_GOLD', 'HW_CPU_X86_SSE2'], 'fake_driver')
    cloud.start_compute('host3')  # its fake driver reads the traits as it starts

    gold = _flavor(cloud, 'gold', {'trait:CUSTOM_GOLD': 'required'})
    hosts = {cloud.boot('gold-%d' % index, gold)['OS-EXT-SRV-ATTR:host'] for index in range(3)}
    assert hosts == {'host3'}

    plain = _flavor(cloud, 'plain', {'trait:CUSTOM_GOLD': 'forbidden'})
    hosts = {cloud.boot('plain-%d' % index, plain)['OS-EXT-SRV-ATTR:host']
             for index in range(4)}
    assert hosts == set(fx.COMPUTE_HOSTS)

    platinum = _flavor(cloud, 'platinum', {'trait:CUSTOM_PLATINUM': 'required'})
    resp = cloud.admin.create_server('nowhere', platinum)
    server = cloud.wait_for_state(resp.body['server']['id'], 'ERROR')
    assert server['fault']['message'].startswith('No valid host was found.')
