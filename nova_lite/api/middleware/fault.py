"""Turns any exception that escapes the pipeline into upstream's JSON error body."""
import webob.dec

from nova_lite.api import faults


class FaultWrapper:
    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        try:
            return req.get_response(self.application)
        except Exception as error:
            return faults.response_for(error, req.environ.get('openstack.request_id'))


def factory(global_conf, **local_conf):
    return FaultWrapper
