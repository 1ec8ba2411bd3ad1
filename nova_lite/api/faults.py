"""Errors in upstream's JSON format: {"itemNotFound": {"code": 404, "message": "..."}}."""
import json

import webob
import webob.exc
from oslo_log import log as logging

from nova_lite import exception

LOG = logging.getLogger(__name__)

FAULT_NAMES = {
    400: 'badRequest', 401: 'unauthorized', 403: 'forbidden', 404: 'itemNotFound',
    405: 'badMethod', 409: 'conflictingRequest', 413: 'overLimit',
    415: 'badMediaType', 429: 'overLimit', 501: 'notImplemented', 503: 'serviceUnavailable',
}

UNEXPECTED = ('Unexpected API Error. Please report this to the nova-lite developers and '
              'attach the nova-lite-api log if possible.\n%s')


def error_response(code, message, headers=None):
    name = FAULT_NAMES.get(code, 'computeFault')  # 406 too, as upstream
    body = json.dumps({name: {'code': code, 'message': message}})
    response = webob.Response(status=code, body=body.encode(),
                              content_type='application/json', charset='utf-8')
    for key, value in (headers or {}).items():
        response.headers[key] = value
    if code in (413, 429):
        response.headers.setdefault('Retry-After', '0')
    return response


def response_for(error, request_id=None):
    """The HTTP response for any exception a handler or middleware raised."""
    if isinstance(error, exception.NovaLiteException) and error.code != 500:
        return error_response(error.code, error.format_message())
    if isinstance(error, webob.exc.HTTPException) and error.code < 500:
        message = error.explanation if not error.detail else error.detail
        return error_response(error.code, message, dict(error.headers.items()
                                                        if error.code == 405 else {}))
    if isinstance(error, webob.exc.HTTPException):
        return error_response(error.code, error.explanation)
    LOG.exception('Unexpected error (request %s)', request_id)
    return error_response(500, UNEXPECTED % type(error))
