"""Authentication: keystonemiddleware's auth_token followed by
KeystoneContext, or NoAuth2 for development; both leave a RequestContext in
the environ."""
import webob.dec
import webob.exc
from oslo_config import cfg
from oslo_log import log as logging
from oslo_middleware import request_id

from nova_lite import context as nl_context
from nova_lite.api import faults
from nova_lite.api import wsgi

CONF = cfg.CONF
LOG = logging.getLogger(__name__)


def pipeline_factory(loader, global_conf, **local_conf):
    """Pick the pipeline named by [api] auth_strategy from the paste section."""
    pipeline = local_conf[CONF.api.auth_strategy].split()
    filters = [loader.get_filter(name) for name in pipeline[:-1]]
    app = loader.get_app(pipeline[-1])
    for filter_ in reversed(filters):
        app = filter_(app)
    return app


class NoAuth2:
    """Trusts 'X-Auth-Token: user:project'; the user 'admin' is an admin.

    As upstream: without a token it answers 204 with a token for
    X-Auth-User / X-Auth-Project-Id (both default 'admin').
    """

    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        token = req.headers.get('X-Auth-Token')
        if not token:
            user = req.headers.get('X-Auth-User', 'admin')
            project = req.headers.get('X-Auth-Project-Id', 'admin')
            response = webob.Response(status=204)
            response.headers['X-Auth-Token'] = '%s:%s' % (user, project)
            response.headers['X-Server-Management-Url'] = req.url.rstrip('/')
            response.content_type = 'text/plain'
            return response
        user_id, _, project_id = token.partition(':')
        project_id = project_id or user_id
        roles = ['member', 'reader'] + (['admin'] if user_id == 'admin' else [])
        req.environ[wsgi.CONTEXT_KEY] = nl_context.RequestContext(
            user_id=user_id, project_id=project_id, roles=roles,
            is_admin=user_id == 'admin', auth_token=token,
            request_id=req.environ.get('openstack.request_id'),
            global_request_id=req.environ.get(request_id.GLOBAL_REQ_ID))
        return self.application


class KeystoneContext:
    """Builds the RequestContext from the headers auth_token validated."""

    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        if req.headers.get('X-Identity-Status', 'Confirmed') != 'Confirmed':
            return faults.error_response(401, 'The request you have made requires '
                                              'authentication.')
        user_id = req.headers.get('X-User-Id') or req.headers.get('X-User')
        if not user_id:
            return faults.error_response(401, 'The request you have made requires '
                                              'authentication.')
        roles = [r.strip() for r in req.headers.get('X-Roles', '').split(',') if r.strip()]
        req.environ[wsgi.CONTEXT_KEY] = nl_context.RequestContext(
            user_id=user_id, project_id=req.headers.get('X-Project-Id') or
            req.headers.get('X-Tenant-Id'), roles=roles,
            user_name=req.headers.get('X-User-Name'),
            project_name=req.headers.get('X-Project-Name'),
            auth_token=req.headers.get('X-Auth-Token'),
            request_id=req.environ.get('openstack.request_id'),
            global_request_id=req.environ.get(request_id.GLOBAL_REQ_ID))
        return self.application


def noauth2_factory(global_conf, **local_conf):
    return NoAuth2


def keystone_context_factory(global_conf, **local_conf):
    return KeystoneContext
