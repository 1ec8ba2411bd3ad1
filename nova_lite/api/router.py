"""The Routes mapper of /v2.1: URL + method -> controller method."""
import routes
import routes.middleware
import webob.dec

from nova_lite.api import faults
from nova_lite.api import wsgi
from nova_lite.api.handlers import flavors
from nova_lite.api.handlers import hypervisors
from nova_lite.api.handlers import images
from nova_lite.api.handlers import keypairs
from nova_lite.api.handlers import servers
from nova_lite.api.handlers import services


# (path, {method: controller method}) per controller; every path is served
# both as is and under an optional /{project_id} prefix, as upstream does.
ROUTES = {
    'servers': (servers.ServersController, [
        ('/servers', {'GET': 'index', 'POST': 'create'}),
        ('/servers/detail', {'GET': 'detail'}),
        ('/servers/{id}', {'GET': 'show', 'DELETE': 'delete'}),
        ('/servers/{id}/action', {'POST': 'action'}),
    ]),
    'flavors': (flavors.FlavorsController, [
        ('/flavors', {'GET': 'index'}),
        ('/flavors/detail', {'GET': 'detail'}),
        ('/flavors/{id}', {'GET': 'show'}),
    ]),
    'images': (images.ImagesController, [
        ('/images', {'GET': 'index'}),
        ('/images/detail', {'GET': 'detail'}),
        ('/images/{id}', {'GET': 'show'}),
    ]),
    'os-keypairs': (keypairs.KeypairController, [
        ('/os-keypairs', {'GET': 'index', 'POST': 'create'}),
        ('/os-keypairs/{id}', {'GET': 'show', 'DELETE': 'delete'}),
    ]),
    'os-services': (services.ServicesController, [('/os-services', {'GET': 'index'})]),
    'os-hypervisors': (hypervisors.HypervisorsController, [
        ('/os-hypervisors', {'GET': 'index'}),
        ('/os-hypervisors/detail', {'GET': 'detail'}),
        ('/os-hypervisors/{id}', {'GET': 'show'}),
    ]),
}


class APIRouter:
    def __init__(self, controllers=None):
        controllers = controllers or {}
        self.mapper = routes.Mapper()
        resources = {}
        for name, (controller_cls, paths) in ROUTES.items():
            resource = wsgi.Resource(controllers.get(name) or controller_cls())
            resources[name] = (resource, paths)
        for prefix in ('', '/{project_id}'):
            for name, (resource, paths) in resources.items():
                for path, methods in paths:
                    for method, action in methods.items():
                        self.mapper.connect(prefix + path, controller=resource,
                                            action=action, conditions={'method': [method]})
        self._router = routes.middleware.RoutesMiddleware(self._dispatch, self.mapper)

    def __call__(self, environ, start_response):
        return self._router(environ, start_response)

    @webob.dec.wsgify
    def _dispatch(self, req):
        match = req.environ['wsgiorg.routing_args'][1]
        if match:
            return match['controller']
        for method in ('GET', 'POST', 'PUT', 'DELETE'):
            if self.mapper.match(req.path_info, environ=dict(req.environ,
                                                             REQUEST_METHOD=method)):
                return faults.error_response(
                    405, 'The method is not allowed for the requested URL.')
        return faults.error_response(404, 'The resource could not be found.')


def app_factory(global_conf, **local_conf):
    return APIRouter()
