"""Gives every request an id, returned as x-openstack-request-id and, as
upstream Nova also does, x-compute-request-id."""
from oslo_middleware import request_id


class ComputeReqIdMiddleware(request_id.RequestId):
    compat_headers = [request_id.HTTP_RESP_HEADER_REQUEST_ID, 'x-compute-request-id']


def factory(global_conf, **local_conf):
    return lambda app: ComputeReqIdMiddleware(app)
