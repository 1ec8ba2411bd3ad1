"""The Routes mapper of /v2.1: URL + method -> controller method."""
import routes
import routes.middleware
import webob.dec

from nova_lite.api import faults
from nova_lite.api import wsgi
from nova_lite.api.handlers import admin_actions
from nova_lite.api.handlers import aggregates
from nova_lite.api.handlers import availability_zone
from nova_lite.api.handlers import console_auth_tokens
from nova_lite.api.handlers import console_output
from nova_lite.api.handlers import deferred_delete
from nova_lite.api.handlers import flavor_access
from nova_lite.api.handlers import flavor_extra_specs
from nova_lite.api.handlers import flavors
from nova_lite.api.handlers import hypervisors
from nova_lite.api.handlers import images
from nova_lite.api.handlers import instance_actions
from nova_lite.api.handlers import keypairs
from nova_lite.api.handlers import limits
from nova_lite.api.handlers import lock_server
from nova_lite.api.handlers import pause_server
from nova_lite.api.handlers import quota_classes
from nova_lite.api.handlers import quota_sets
from nova_lite.api.handlers import remote_consoles
from nova_lite.api.handlers import rescue
from nova_lite.api.handlers import server_actions
from nova_lite.api.handlers import server_groups
from nova_lite.api.handlers import server_metadata
from nova_lite.api.handlers import server_password
from nova_lite.api.handlers import server_tags
from nova_lite.api.handlers import servers
from nova_lite.api.handlers import services
from nova_lite.api.handlers import shelve
from nova_lite.api.handlers import simple_tenant_usage
from nova_lite.api.handlers import suspend_server


# The controllers whose @action methods POST /servers/{id}/action also serves.
SERVER_ACTION_CONTROLLERS = (
    server_actions.ServerActionsController, admin_actions.AdminActionsController,
    lock_server.LockServerController, pause_server.PauseServerController,
    suspend_server.SuspendServerController, rescue.RescueController,
    shelve.ShelveController, console_output.ConsoleOutputController,
    deferred_delete.DeferredDeleteController, remote_consoles.RemoteConsolesController)

# (path, {method: controller method}) per controller; every path is served
# both as is and under an optional /{project_id} prefix, as upstream does.
ROUTES = {
    'servers': (servers.ServersController, [
        ('/servers', {'GET': 'index', 'POST': 'create'}),
        ('/servers/detail', {'GET': 'detail'}),
        ('/servers/{id}', {'GET': 'show', 'PUT': 'update', 'DELETE': 'delete'}),
        ('/servers/{id}/action', {'POST': 'action'}),
    ]),
    'server-metadata': (server_metadata.ServerMetadataController, [
        ('/servers/{server_id}/metadata', {'GET': 'index', 'POST': 'create',
                                           'PUT': 'update_all'}),
        ('/servers/{server_id}/metadata/{id}', {'GET': 'show', 'PUT': 'update',
                                                'DELETE': 'delete'}),
    ]),
    'server-tags': (server_tags.ServerTagsController, [
        ('/servers/{server_id}/tags', {'GET': 'index', 'PUT': 'update_all',
                                       'DELETE': 'delete_all'}),
        ('/servers/{server_id}/tags/{id}', {'GET': 'show', 'PUT': 'update',
                                            'DELETE': 'delete'}),
    ]),
    'server-password': (server_password.ServerPasswordController, [
        ('/servers/{server_id}/os-server-password', {'GET': 'index', 'DELETE': 'clear'}),
    ]),
    'remote-consoles': (remote_consoles.RemoteConsolesController, [
        ('/servers/{server_id}/remote-consoles', {'POST': 'create'}),
    ]),
    'os-console-auth-tokens': (console_auth_tokens.ConsoleAuthTokensController, [
        ('/os-console-auth-tokens/{id}', {'GET': 'show'}),
    ]),
    'os-instance-actions': (instance_actions.InstanceActionsController, [
        ('/servers/{server_id}/os-instance-actions', {'GET': 'index'}),
        ('/servers/{server_id}/os-instance-actions/{id}', {'GET': 'show'}),
    ]),
    'flavors': (flavors.FlavorsController, [
        ('/flavors', {'GET': 'index', 'POST': 'create'}),
        ('/flavors/detail', {'GET': 'detail'}),
        ('/flavors/{id}', {'GET': 'show', 'PUT': 'update', 'DELETE': 'delete'}),
    ]),
    'flavor-access': (flavor_access.FlavorAccessController, [
        ('/flavors/{flavor_id}/os-flavor-access', {'GET': 'index'}),
        ('/flavors/{id}/action', {'POST': 'action'}),
    ]),
    'os-extra_specs': (flavor_extra_specs.FlavorExtraSpecsController, [
        ('/flavors/{flavor_id}/os-extra_specs', {'GET': 'index', 'POST': 'create'}),
        ('/flavors/{flavor_id}/os-extra_specs/{id}',
         {'GET': 'show', 'PUT': 'update', 'DELETE': 'delete'}),
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
    'os-services': (services.ServicesController, [
        ('/os-services', {'GET': 'index'}),
        ('/os-services/{id}', {'PUT': 'update', 'DELETE': 'delete'}),
    ]),
    'os-hypervisors': (hypervisors.HypervisorsController, [
        ('/os-hypervisors', {'GET': 'index'}),
        ('/os-hypervisors/detail', {'GET': 'detail'}),
        ('/os-hypervisors/statistics', {'GET': 'statistics'}),
        ('/os-hypervisors/{id}', {'GET': 'show'}),
        ('/os-hypervisors/{id}/uptime', {'GET': 'uptime'}),
        ('/os-hypervisors/{id}/search', {'GET': 'search'}),
        ('/os-hypervisors/{id}/servers', {'GET': 'servers'}),
    ]),
    'os-quota-sets': (quota_sets.QuotaSetsController, [
        ('/os-quota-sets/{id}', {'GET': 'show', 'PUT': 'update', 'DELETE': 'delete'}),
        ('/os-quota-sets/{id}/detail', {'GET': 'detail'}),
        ('/os-quota-sets/{id}/defaults', {'GET': 'defaults'}),
    ]),
    'os-quota-class-sets': (quota_classes.QuotaClassSetsController, [
        ('/os-quota-class-sets/{id}', {'GET': 'show', 'PUT': 'update'}),
    ]),
    'limits': (limits.LimitsController, [('/limits', {'GET': 'index'})]),
    'os-availability-zone': (availability_zone.AvailabilityZoneController, [
        ('/os-availability-zone', {'GET': 'index'}),
        ('/os-availability-zone/detail', {'GET': 'detail'}),
    ]),
    'os-aggregates': (aggregates.AggregatesController, [
        ('/os-aggregates', {'GET': 'index', 'POST': 'create'}),
        ('/os-aggregates/{id}', {'GET': 'show', 'PUT': 'update', 'DELETE': 'delete'}),
        ('/os-aggregates/{id}/action', {'POST': 'action'}),
    ]),
    'os-server-groups': (server_groups.ServerGroupController, [
        ('/os-server-groups', {'GET': 'index', 'POST': 'create'}),
        ('/os-server-groups/{id}', {'GET': 'show', 'DELETE': 'delete'}),
    ]),
    'os-simple-tenant-usage': (simple_tenant_usage.SimpleTenantUsageController, [
        ('/os-simple-tenant-usage', {'GET': 'index'}),
        ('/os-simple-tenant-usage/{id}', {'GET': 'show'}),
    ]),
}


def action_controllers(name):
    """The controller classes whose @action methods POST .../action of ROUTES[name]
    serves, besides the route's own controller."""
    return SERVER_ACTION_CONTROLLERS if name == 'servers' else ()


class APIRouter:
    def __init__(self, controllers=None):
        controllers = controllers or {}
        self.mapper = routes.Mapper()
        resources = {}
        for name, (controller_cls, paths) in ROUTES.items():
            actions = [cls() for cls in action_controllers(name)]
            resource = wsgi.Resource(controllers.get(name) or controller_cls(), actions)
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
