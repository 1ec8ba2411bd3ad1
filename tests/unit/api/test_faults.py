"""Error bodies in upstream's format: {"itemNotFound": {"code": 404, "message": ...}}."""
import json

import pytest
import webob.exc

from nova_lite import exception
from nova_lite.api import faults


def _body(response):
    return json.loads(response.body)


@pytest.mark.parametrize('code, name', [
    (400, 'badRequest'), (401, 'unauthorized'), (403, 'forbidden'), (404, 'itemNotFound'),
    (405, 'badMethod'), (409, 'conflictingRequest'), (413, 'overLimit'),
    (415, 'badMediaType'), (429, 'overLimit'), (501, 'notImplemented'),
    (503, 'serviceUnavailable'), (406, 'computeFault'), (500, 'computeFault'),
    (502, 'computeFault'),
])
def test_error_body_name_per_status(code, name):
    response = faults.error_response(code, 'why')
    assert response.status_int == code
    assert response.content_type == 'application/json'
    assert _body(response) == {name: {'code': code, 'message': 'why'}}


@pytest.mark.parametrize('code, retry', [(413, '0'), (429, '0'), (400, None)])
def test_over_limit_carries_retry_after(code, retry):
    assert faults.error_response(code, 'slow down').headers.get('Retry-After') == retry


def test_domain_error_keeps_its_code_and_message():
    error = exception.FlavorNotFound(flavor_id='7')
    assert _body(faults.response_for(error)) == {
        'itemNotFound': {'code': 404, 'message': 'Flavor 7 could not be found.'}}
    not_supported = exception.MicroversionNotSupported(version='9.9', min='2.1', max='2.1')
    assert faults.response_for(not_supported).status_int == 406


def test_webob_error_uses_its_explanation():
    response = faults.response_for(webob.exc.HTTPConflict(explanation='busy'))
    assert _body(response) == {'conflictingRequest': {'code': 409, 'message': 'busy'}}


def test_method_not_allowed_keeps_the_allow_header():
    error = webob.exc.HTTPMethodNotAllowed(headers={'Allow': 'GET, POST'})
    response = faults.response_for(error)
    assert response.status_int == 405 and response.headers['Allow'] == 'GET, POST'


@pytest.mark.parametrize('error', [ValueError('secret detail'),
                                   exception.NovaLiteException('internal')])
def test_unexpected_error_is_a_500_without_details(error):
    response = faults.response_for(error, request_id='req-1')
    body = _body(response)
    assert response.status_int == 500
    assert body['computeFault']['code'] == 500
    assert body['computeFault']['message'].startswith('Unexpected API Error.')
    assert 'secret detail' not in body['computeFault']['message']
