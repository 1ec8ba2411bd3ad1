"""Microversions: parsing, comparison, and the request headers."""
import pytest
import webob

from nova_lite import exception
from nova_lite.api import api_version as av


@pytest.mark.parametrize('text, parts', [('2.1', (2, 1)), ('2.10', (2, 10)), ('3.0', (3, 0)),
                                         ('12.345', (12, 345))])
def test_parse(text, parts):
    version = av.APIVersionRequest(text)
    assert (version.major, version.minor) == parts
    assert str(version) == text


@pytest.mark.parametrize('text', ['', None, '2', '2.', '.1', '2.01', '02.1', '0.1', 'v2.1',
                                  '2.1.1', 'abc', '2.x', ' 2.1', 'latest'])
def test_malformed_is_invalid_microversion(text):
    with pytest.raises(exception.InvalidMicroversion) as error:
        av.APIVersionRequest(text)
    assert error.value.code == 400


def test_comparison_is_numeric_not_textual():
    assert av.APIVersionRequest('2.10') > av.APIVersionRequest('2.9')
    assert av.APIVersionRequest('2.10') > '2.9'
    assert av.APIVersionRequest('2.1') < '2.10' <= av.APIVersionRequest('2.10')
    assert av.APIVersionRequest('3.0') >= '2.99'
    assert av.APIVersionRequest('2.1') == '2.1'
    assert av.APIVersionRequest('2.1') != '2.2'
    assert len({av.APIVersionRequest('2.1'), av.APIVersionRequest('2.1')}) == 1


def test_no_header_means_the_minimum():
    assert av.from_headers({}) == av.MIN_VERSION


@pytest.mark.parametrize('headers', [
    {'OpenStack-API-Version': 'compute 2.1'},
    {'OpenStack-API-Version': 'volume 3.0, compute 2.1'},
    {'X-OpenStack-Nova-API-Version': '2.1'},
    {'OpenStack-API-Version': 'volume 3.50', 'X-OpenStack-Nova-API-Version': '2.1'},
])
def test_either_header_is_read(headers):
    assert av.from_headers(headers) == '2.1'


def test_new_header_wins_over_the_legacy_one():
    headers = {'OpenStack-API-Version': 'compute 2.1', 'X-OpenStack-Nova-API-Version': '9.9'}
    assert av.from_headers(headers) == '2.1'
    headers = {'OpenStack-API-Version': 'compute 9.9', 'X-OpenStack-Nova-API-Version': '2.1'}
    with pytest.raises(exception.MicroversionNotSupported):
        av.from_headers(headers)


def test_header_names_are_case_insensitive_in_a_request():
    request = webob.Request.blank('/', headers={'openstack-api-version': 'COMPUTE latest'})
    assert av.from_headers(request.headers) == av.MAX_VERSION


@pytest.mark.parametrize('headers', [{'OpenStack-API-Version': 'compute latest'},
                                     {'X-OpenStack-Nova-API-Version': 'Latest'}])
def test_latest_is_the_maximum(headers):
    assert av.from_headers(headers) == av.MAX_VERSION


@pytest.mark.parametrize('value', ['2.0', '1.1', '3.0', '2.1000'])
def test_out_of_range_is_not_supported(value):
    with pytest.raises(exception.MicroversionNotSupported) as error:
        av.from_headers({'OpenStack-API-Version': 'compute %s' % value})
    assert error.value.code == 406
    assert 'Minimum is %s and maximum is %s' % (av.MIN_VERSION, av.MAX_VERSION) in str(
        error.value)


@pytest.mark.parametrize('headers', [{'OpenStack-API-Version': 'compute 2.x'},
                                     {'X-OpenStack-Nova-API-Version': 'two'}])
def test_malformed_header_is_invalid(headers):
    with pytest.raises(exception.InvalidMicroversion) as error:
        av.from_headers(headers)
    assert error.value.code == 400


def test_min_is_not_above_max():
    assert av.APIVersionRequest(av.MIN_VERSION) <= av.APIVersionRequest(av.MAX_VERSION)
