"""The request-log middleware: one INFO line per request, in upstream's shape
(method and path, status, length, microversion, time) plus the request id."""
import logging

import pytest
import webob
import webob.dec

from nova_lite.api import wsgi
from nova_lite.api.middleware import request_log

LOGGER = 'nova_lite.api.requestlog'


@webob.dec.wsgify(RequestClass=wsgi.Request)
def _versioned_app(req):
    """Reads the microversion, as the router does for every /v2.1 request."""
    return webob.Response(body=('v%s' % req.api_version_request).encode(), status=202)


@webob.dec.wsgify
def _unversioned_app(req):
    """Never reads it, as the version documents do."""
    return webob.Response(body=b'{}', content_type='application/json')


def _request(app, path, headers=None):
    req = webob.Request.blank(path, method='POST', remote_addr='192.0.2.7',
                              headers=headers or {})
    req.environ['openstack.request_id'] = 'req-1234'
    return req.get_response(request_log.factory({})(app))


@pytest.fixture
def log_lines(caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)

    def _lines():
        return [record for record in caplog.records if record.name == LOGGER]
    return _lines


def test_line_has_request_status_length_microversion_and_request_id(log_lines):
    response = _request(_versioned_app, '/v2.1/servers?limit=1',
                        {'OpenStack-API-Version': 'compute 2.47'})

    assert response.status_int == 202
    (record,) = log_lines()
    assert record.levelno == logging.INFO
    message = record.getMessage()
    assert message.startswith('192.0.2.7 "POST /v2.1/servers?limit=1" status: 202 len: 5 '
                              'microversion: 2.47 time: ')
    assert message.endswith(' [req-1234]')


def test_default_microversion_is_logged(log_lines):
    _request(_versioned_app, '/v2.1/flavors')
    assert ' microversion: 2.1 ' in log_lines()[0].getMessage()


def test_request_that_never_read_a_microversion_logs_a_dash(log_lines):
    _request(_unversioned_app, '/', {'OpenStack-API-Version': 'compute 2.47'})
    message = log_lines()[0].getMessage()
    assert ' status: 200 len: 2 microversion: - time: ' in message
