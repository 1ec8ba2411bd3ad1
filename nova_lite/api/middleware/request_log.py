"""One log line per request, with method, path, status, microversion, time and
request id; with [api] server_timing, a Server-Timing header of its hops."""
import contextlib
import time

import webob.dec
from oslo_config import cfg
from oslo_log import log as logging

from nova_lite import hops
from nova_lite.api import wsgi

CONF = cfg.CONF
LOG = logging.getLogger('nova_lite.api.requestlog')


class RequestLog:
    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        start = time.monotonic()
        timing = CONF.api.server_timing
        with hops.recording() if timing else contextlib.nullcontext() as recorded:
            response = req.get_response(self.application)
        if timing:
            response.headers['Server-Timing'] = hops.server_timing(
                recorded, time.monotonic() - start)
        # set by the router once it read the request's microversion; '-' before that
        microversion = req.environ.get(wsgi.API_VERSION_KEY)
        LOG.info('%(remote)s "%(method)s %(path)s" status: %(status)s len: %(len)s '
                 'microversion: %(microversion)s time: %(time).4f [%(request_id)s]',
                 {'remote': req.remote_addr, 'method': req.method,
                  'path': req.path_qs, 'status': response.status_int,
                  'len': response.content_length,
                  'microversion': microversion if microversion is not None else '-',
                  'time': time.monotonic() - start,
                  'request_id': req.environ.get('openstack.request_id')})
        return response


def factory(global_conf, **local_conf):
    return RequestLog
