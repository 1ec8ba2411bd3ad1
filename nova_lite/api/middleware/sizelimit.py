"""Refuses request bodies larger than [oslo_middleware] max_request_body_size with 413."""
from oslo_middleware import sizelimit


def factory(global_conf, **local_conf):
    return lambda app: sizelimit.RequestBodySizeLimiter(app)
