"""/flavors list, detail and show, shaped as upstream's flavors/*.json at 2.1."""
import urllib.parse

import pytest

from nova_lite import objects

# upstream flavors/flavors-list-resp.json and flavors/flavor-get-resp.json
INDEX_KEYS = {'id', 'links', 'name'}
DETAIL_KEYS = {'OS-FLV-DISABLED:disabled', 'disk', 'OS-FLV-EXT-DATA:ephemeral',
               'os-flavor-access:is_public', 'id', 'links', 'name', 'ram', 'swap', 'vcpus',
               'rxtx_factor'}
# the flavors the initial migration creates: id -> (name, ram, vcpus, disk)
DEFAULT_FLAVORS = {
    '1': ('m1.tiny', 512, 1, 1), '2': ('m1.small', 2048, 1, 20),
    '3': ('m1.medium', 4096, 2, 40), '4': ('m1.large', 8192, 4, 80),
    '5': ('m1.xlarge', 16384, 8, 160), '42': ('m1.nano', 128, 1, 1),
    '84': ('m1.micro', 192, 1, 1),
}


@pytest.fixture
def private_flavor(cloud, ctxt):
    flavor = objects.Flavor(ctxt, flavorid='secret', name='m1.secret', memory_mb=1024,
                            vcpus=1, root_gb=10, ephemeral_gb=0, swap=0, rxtx_factor=1.0,
                            disabled=False, is_public=False)
    flavor.create()
    return flavor


def _ids(resp):
    assert resp.status == 200, resp
    return {flavor['id'] for flavor in resp.body['flavors']}


def test_list_shape(cloud):
    resp = cloud.member.get('/v2.1/flavors')
    assert resp.status == 200, resp
    assert set(resp.body) == {'flavors'}
    assert {f['id']: f['name'] for f in resp.body['flavors']} == {
        flavor_id: values[0] for flavor_id, values in DEFAULT_FLAVORS.items()}
    for flavor in resp.body['flavors']:
        assert set(flavor) == INDEX_KEYS
        assert flavor['links'] == [
            {'rel': 'self', 'href': 'http://localhost/v2.1/flavors/%s' % flavor['id']},
            {'rel': 'bookmark', 'href': 'http://localhost/flavors/%s' % flavor['id']}]


def test_detail_shape(cloud):
    resp = cloud.member.get('/v2.1/flavors/detail')
    assert resp.status == 200, resp
    assert len(resp.body['flavors']) == len(DEFAULT_FLAVORS)
    for flavor in resp.body['flavors']:
        assert set(flavor) == DETAIL_KEYS
        name, ram, vcpus, disk = DEFAULT_FLAVORS[flavor['id']]
        assert (flavor['name'], flavor['ram'], flavor['vcpus'], flavor['disk']) == (
            name, ram, vcpus, disk)


def test_show_tiny_as_upstream_sample(cloud):
    resp = cloud.member.get('/v2.1/flavors/1')
    assert resp.status == 200, resp
    flavor = resp.body['flavor']
    assert set(flavor) == DETAIL_KEYS
    assert {k: v for k, v in flavor.items() if k != 'links'} == {
        'OS-FLV-DISABLED:disabled': False, 'disk': 1, 'OS-FLV-EXT-DATA:ephemeral': 0,
        'os-flavor-access:is_public': True, 'id': '1', 'name': 'm1.tiny', 'ram': 512,
        'swap': '', 'vcpus': 1, 'rxtx_factor': 1.0}


def test_show_unknown_is_404(cloud):
    resp = cloud.member.get('/v2.1/flavors/999')
    assert resp.status == 404, resp
    assert resp.body == {'itemNotFound': {'code': 404,
                                          'message': 'Flavor 999 could not be found.'}}


def test_min_ram_and_min_disk_filters(cloud):
    assert _ids(cloud.member.get('/v2.1/flavors?minRam=2048')) == {'2', '3', '4', '5'}
    assert _ids(cloud.member.get('/v2.1/flavors/detail?minDisk=40')) == {'3', '4', '5'}
    assert _ids(cloud.member.get('/v2.1/flavors?minRam=4096&minDisk=80')) == {'4', '5'}
    assert _ids(cloud.member.get('/v2.1/flavors?minRam=999999')) == set()


@pytest.mark.parametrize('query', ['minRam=lots', 'minDisk=big', 'limit=-1',
                                   'marker=no-such-flavor', 'sort_key=colour'])
def test_bad_list_parameters_are_400(cloud, query):
    resp = cloud.member.get('/v2.1/flavors?%s' % query)
    assert resp.status == 400, resp
    assert set(resp.body) == {'badRequest'}


def test_private_flavors_are_listed_for_admins_who_ask(cloud, private_flavor):
    public = set(DEFAULT_FLAVORS)
    assert _ids(cloud.member.get('/v2.1/flavors')) == public
    assert _ids(cloud.member.get('/v2.1/flavors?is_public=false')) == public
    assert _ids(cloud.admin.get('/v2.1/flavors')) == public
    assert _ids(cloud.admin.get('/v2.1/flavors?is_public=false')) == {'secret'}
    assert _ids(cloud.admin.get('/v2.1/flavors/detail?is_public=none')) == public | {'secret'}

    shown = cloud.admin.get('/v2.1/flavors/secret').body['flavor']
    assert shown['os-flavor-access:is_public'] is False
    # as upstream without flavor access for the project: not found
    resp = cloud.member.get('/v2.1/flavors/secret')
    assert resp.status == 404, resp
    assert resp.body['itemNotFound']['message'] == 'Flavor secret could not be found.'


def test_limit_and_marker_paginate(cloud):
    everything = [f['id'] for f in cloud.member.get('/v2.1/flavors').body['flavors']]
    seen, path = [], '/v2.1/flavors?limit=3'
    while path:
        resp = cloud.member.get(path)
        assert resp.status == 200, resp
        page = [f['id'] for f in resp.body['flavors']]
        assert len(page) <= 3
        seen += page
        links = resp.body.get('flavors_links')
        path = None
        if links:
            url = urllib.parse.urlsplit(links[0]['href'])
            assert links[0]['rel'] == 'next'
            assert urllib.parse.parse_qs(url.query)['marker'] == [page[-1]]
            path = url.path + '?' + url.query
    assert seen == everything
