"""KeystoneContext: the RequestContext built from the headers auth_token validated."""
import json

import pytest
import webob
import webob.dec

from nova_lite.api import wsgi
from nova_lite.api.middleware import auth
from nova_lite.api.middleware import request_id

GLOBAL_ID = 'req-6d3a4f0c-2b1e-4c5d-8e9f-0a1b2c3d4e5f'
UNAUTHORIZED = {'unauthorized': {'code': 401, 'message': 'The request you have made '
                                                         'requires authentication.'}}


class _Seen:
    """The application behind the middleware: keeps the context it was given."""

    def __init__(self):
        self.context = None

    @webob.dec.wsgify
    def __call__(self, req):
        self.context = req.environ[wsgi.CONTEXT_KEY]
        return webob.Response(status=200, body=b'ok')


@pytest.fixture
def app():
    seen = _Seen()
    # as in api-paste.ini: the request id middleware first, then auth_token's headers
    return request_id.ComputeReqIdMiddleware(auth.KeystoneContext(seen)), seen


def _call(app, headers):
    req = webob.Request.blank('/v2.1/servers')
    for key, value in headers.items():
        req.headers[key] = value
    return req.get_response(app)


IDENTITY = {'X-Identity-Status': 'Confirmed', 'X-User-Id': 'u-1', 'X-User-Name': 'demo',
            'X-Project-Id': 'p-1', 'X-Project-Name': 'demo-project',
            'X-Auth-Token': 'gAAAAA-token'}


def test_context_of_a_confirmed_identity(app):
    app, seen = app
    resp = _call(app, dict(IDENTITY, **{'X-Roles': ' member, reader,,admin ',
                                        'X-OpenStack-Request-ID': GLOBAL_ID}))
    assert resp.status_int == 200
    context = seen.context
    assert (context.user_id, context.project_id) == ('u-1', 'p-1')
    assert (context.user_name, context.project_name) == ('demo', 'demo-project')
    assert context.roles == ['member', 'reader', 'admin'] and context.is_admin
    assert context.auth_token == 'gAAAAA-token'
    # the id the response carries is the context's; the caller's id is the global one
    assert context.request_id.startswith('req-')
    assert resp.headers['x-openstack-request-id'] == context.request_id
    assert resp.headers['x-compute-request-id'] == context.request_id
    assert context.request_id != GLOBAL_ID and context.global_request_id == GLOBAL_ID


def test_member_roles_are_not_admin(app):
    app, seen = app
    assert _call(app, dict(IDENTITY, **{'X-Roles': 'member,reader'})).status_int == 200
    assert seen.context.roles == ['member', 'reader'] and not seen.context.is_admin
    assert seen.context.global_request_id is None


def test_no_roles_header_is_no_roles(app):
    app, seen = app
    assert _call(app, IDENTITY).status_int == 200
    assert seen.context.roles == [] and not seen.context.is_admin


def test_legacy_user_and_tenant_headers(app):
    app, seen = app
    headers = {'X-User': 'legacy-user', 'X-Tenant-Id': 'legacy-project', 'X-Roles': 'member'}
    assert _call(app, headers).status_int == 200
    assert (seen.context.user_id, seen.context.project_id) == ('legacy-user',
                                                               'legacy-project')


@pytest.mark.parametrize('headers', [
    dict(IDENTITY, **{'X-Identity-Status': 'Invalid'}),  # auth_token's delay_auth_decision
    {'X-Identity-Status': 'Invalid'},
    {'X-Project-Id': 'p-1', 'X-Roles': 'admin'},  # no user: auth_token was not in front
])
def test_unconfirmed_identity_is_401(app, headers):
    app, seen = app
    resp = _call(app, headers)
    assert resp.status_int == 401
    assert resp.content_type == 'application/json'
    assert json.loads(resp.body) == UNAUTHORIZED
    assert seen.context is None
    assert resp.headers['x-openstack-request-id'].startswith('req-')
