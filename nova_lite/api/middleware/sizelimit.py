"""Refuses request bodies larger than [oslo_middleware] max_request_body_size with 413."""
import webob.dec
import webob.exc
from oslo_middleware import sizelimit

from nova_lite.api import faults


class RequestBodySizeLimiter(sizelimit.RequestBodySizeLimiter):
    """oslo.middleware's limiter, its 413 in upstream's JSON error format (oslo's is HTML)."""

    @webob.dec.wsgify
    def __call__(self, req):
        try:
            return super().__call__(req)
        except webob.exc.HTTPRequestEntityTooLarge:
            return faults.error_response(413, 'Request is too large: larger than %d bytes.' %
                                         self._conf_get('max_request_body_size'))


def factory(global_conf, **local_conf):
    return lambda app: RequestBodySizeLimiter(app)
