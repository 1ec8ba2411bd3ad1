"""The request object, the per-controller WSGI Resource, and the decorators a
handler method declares itself with: response code, expected errors, action."""
import functools
import json

import webob
import webob.dec
import webob.exc
from oslo_log import log as logging

from nova_lite import exception
from nova_lite.api import api_version
from nova_lite.api import common
from nova_lite.api import faults

LOG = logging.getLogger(__name__)

CONTEXT_KEY = 'nova_lite.context'
API_VERSION_KEY = 'nova_lite.api_version'  # the request's APIVersionRequest, once read


class Request(webob.Request):
    @property
    def context(self):
        return self.environ[CONTEXT_KEY]

    @property
    def api_version_request(self):
        version = self.environ.get(API_VERSION_KEY)
        if version is None:
            version = api_version.from_headers(self.headers)
            self.environ[API_VERSION_KEY] = version
        return version

    def is_legacy_v2(self):
        return False


def response(code, since=None):
    """The success status of a handler method; since={'2.2': 201} changes it
    from a microversion on."""
    def decorator(func):
        func.wsgi_code = code
        func.wsgi_codes_since = since or {}
        return func
    return decorator


def _success_code(method, version):
    code = getattr(method, 'wsgi_code', 200)
    for min_version, later_code in getattr(method, 'wsgi_codes_since', {}).items():
        if version >= min_version:
            code = later_code
    return code


def expected_errors(codes):
    """Domain errors a handler may answer with; any other becomes a 500 (as upstream)."""
    codes = (codes,) if isinstance(codes, int) else tuple(codes)

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except (exception.NovaLiteException, webob.exc.HTTPException) as error:
                code = getattr(error, 'code', 500)
                # policy refusals and schema errors are expected of every handler
                if code in codes or code >= 500 or isinstance(
                        error, (exception.Forbidden, exception.ValidationError)):
                    raise
                LOG.exception('Unexpected %s error from %s', code, func.__qualname__)
                raise webob.exc.HTTPInternalServerError(
                    explanation=faults.UNEXPECTED % type(error))
        wrapper.wsgi_errors = codes
        return wrapper
    return decorator


def versions(min_version=None, max_version=None):
    """The microversions a handler method exists in; outside them it answers 404."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(self, req, *args, **kwargs):
            common.require_version(req, min_version, max_version)
            return func(self, req, *args, **kwargs)
        wrapper.wsgi_versions = (min_version, max_version)
        return wrapper
    return decorator


def action(name):
    """Mark a method as the server action named by the body's single key."""
    def decorator(func):
        func.wsgi_action = name
        return func
    return decorator


def actions_of(owner):
    """{action name: method} of a controller (class or instance) marked with @action."""
    actions = {}
    for attr in dir(owner):
        method = getattr(owner, attr, None)
        if callable(method) and hasattr(method, 'wsgi_action'):
            actions[method.wsgi_action] = method
    return actions


def _version_headers(response, version):
    response.headers['OpenStack-API-Version'] = 'compute %s' % version
    response.headers['X-OpenStack-Nova-API-Version'] = str(version)
    response.headers['Vary'] = 'OpenStack-API-Version, X-OpenStack-Nova-API-Version'


class Resource:
    """The WSGI app of one controller: routes' match -> controller method."""

    def __init__(self, controller, action_controllers=()):
        """action_controllers: more controllers whose @action methods this
        resource's /action serves (upstream splits server actions so)."""
        self.controller = controller
        self.actions = {}
        for owner in (controller,) + tuple(action_controllers):
            self.actions.update(actions_of(owner))

    @webob.dec.wsgify(RequestClass=Request)
    def __call__(self, req):
        try:
            version = req.api_version_request
        except exception.NovaLiteException as error:
            return faults.error_response(error.code, error.format_message())
        try:
            response = self._dispatch(req)
        except Exception as error:
            response = faults.response_for(error, req.environ.get('openstack.request_id'))
        _version_headers(response, version)
        return response

    def _dispatch(self, req):
        args = dict(req.environ['wsgiorg.routing_args'][1])
        method_name = args.pop('action')
        for key in ('controller', 'format'):
            args.pop(key, None)
        self._check_project_id(req, args.pop('project_id', None))
        body = self._body(req) if req.method in ('POST', 'PUT') else None
        if method_name == 'action':
            method = self._action_method(body)
        else:
            method = getattr(self.controller, method_name)
        if body is not None:
            args['body'] = body
        result = method(req, **args)
        code = _success_code(method, req.api_version_request)
        if isinstance(result, webob.Response):
            return result
        response = webob.Response(status=code, charset='utf-8')
        if result is None or code == 204:
            response.content_type = None
            response.body = b''
        else:
            response.content_type = 'application/json'
            response.body = json.dumps(result).encode()
        return response

    def _action_method(self, body):
        if not isinstance(body, dict) or len(body) != 1:
            raise webob.exc.HTTPBadRequest(explanation='There is no such action: %s' % (
                ', '.join(body) if isinstance(body, dict) else body))
        name = next(iter(body))
        if name not in self.actions:
            raise webob.exc.HTTPBadRequest(explanation='There is no such action: %s' % name)
        return self.actions[name]

    @staticmethod
    def _body(req):
        if not req.body:
            return None
        content_type = req.content_type or 'application/json'
        if content_type not in ('application/json', 'application/vnd.openstack.compute+json'):
            raise webob.exc.HTTPUnsupportedMediaType(
                explanation='Unsupported Content-Type')
        try:
            return json.loads(req.body)
        except ValueError:
            raise webob.exc.HTTPBadRequest(explanation='Malformed request body')

    @staticmethod
    def _check_project_id(req, project_id):
        context = req.environ.get(CONTEXT_KEY)
        if project_id and context is not None and context.project_id and \
                project_id != context.project_id:
            raise webob.exc.HTTPBadRequest(
                explanation="Malformed request URL: URL's project_id '%s' doesn't match "
                            "Context's project_id '%s'" % (project_id, context.project_id))
