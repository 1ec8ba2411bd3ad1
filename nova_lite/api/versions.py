"""GET / (every version) and GET /v2.1 (this version), as upstream shows them."""
import json

import webob
import webob.dec

from nova_lite.api import api_version
from nova_lite.api import faults

_V21 = {'id': 'v2.1', 'status': 'CURRENT', 'updated': '2013-07-23T11:33:21Z'}
_V20 = {'id': 'v2.0', 'status': 'DEPRECATED', 'version': '', 'min_version': '',
        'updated': '2025-07-04T12:00:00Z'}
_MEDIA = {'v2.1': 'application/vnd.openstack.compute+json;version=2.1',
          'v2.0': 'application/vnd.openstack.compute+json;version=2'}
_PATHS = {'v2.1': 'v2.1/', 'v2.0': 'v2/'}


def _json(body, status=200):
    return webob.Response(status=status, body=json.dumps(body).encode(),
                          content_type='application/json', charset='utf-8')


def _host_url(req):
    return req.host_url + req.script_name.rsplit('/v2', 1)[0] + '/'


def version_body(req, version, detailed):
    body = dict(version)
    if version is _V21:
        body.update(version=api_version.MAX_VERSION, min_version=api_version.MIN_VERSION)
    links = [{'rel': 'self', 'href': _host_url(req) + _PATHS[version['id']]}]
    if detailed:
        links.append({'rel': 'describedby', 'type': 'text/html',
                      'href': 'http://docs.openstack.org/'})
        body['media-types'] = [{'base': 'application/json', 'type': _MEDIA[version['id']]}]
    body['links'] = links
    return body


class Versions:
    """GET / : the versions this endpoint serves (300 Multiple Choices for other paths)."""

    @webob.dec.wsgify
    def __call__(self, req):
        if req.method != 'GET':
            return faults.error_response(405, 'The method is not allowed.')
        body = {'versions': [version_body(req, _V20, False), version_body(req, _V21, False)]}
        if req.path_info not in ('', '/'):
            return _json({'choices': body['versions']}, status=300)
        return _json(body)


def show_v21(req):
    return {'version': version_body(req, _V21, True)}


@webob.dec.wsgify
def _version_v21(req):
    if req.method != 'GET':
        return faults.error_response(405, 'The method is not allowed.')
    return _json(show_v21(req))


def versions_factory(global_conf, **local_conf):
    return Versions()


def version_v21_factory(global_conf, **local_conf):
    return _version_v21
