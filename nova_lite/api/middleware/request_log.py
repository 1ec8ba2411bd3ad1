"""One log line per request, with method, path, status, time and request id."""
import time

import webob.dec
from oslo_log import log as logging

LOG = logging.getLogger('nova_lite.api.requestlog')


class RequestLog:
    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        start = time.monotonic()
        response = req.get_response(self.application)
        LOG.info('%(remote)s "%(method)s %(path)s" status: %(status)s len: %(len)s '
                 'time: %(time).4f [%(request_id)s]',
                 {'remote': req.remote_addr, 'method': req.method,
                  'path': req.path_qs, 'status': response.status_int,
                  'len': response.content_length, 'time': time.monotonic() - start,
                  'request_id': req.environ.get('openstack.request_id')})
        return response


def factory(global_conf, **local_conf):
    return RequestLog
