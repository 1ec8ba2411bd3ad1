"""/servers: create, list, show, delete."""

import functools

import webob.exc
from oslo_config import cfg
from oslo_utils import strutils
from oslo_utils import uuidutils

from nova_lite import availability_zones
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import policy
from nova_lite.api import common
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.handlers import server_filters
from nova_lite.api.schemas import server_actions as actions_schema
from nova_lite.api.schemas import servers as schema
from nova_lite.api.views import servers as view
from nova_lite.compute import api as compute_api
from nova_lite.compute import block_device
from nova_lite.compute import flavor_cache
from nova_lite.policies import servers as servers_policies

CONF = cfg.CONF


def _ref_id(ref):
    """'1' from '1' or from 'http://host/flavors/1'."""
    return str(ref).rstrip('/').rsplit('/', 1)[-1]


def _security_groups(server):
    """[{'name': ...}] of the groups the request named, each once; 'default' when none."""
    names = []
    for group in server.get('security_groups') or ():
        if group.get('name') and group['name'] not in names:
            names.append(group['name'])
    return [{'name': name} for name in names or ['default']]


def _scheduler_hints(hints):
    """{hint: [text]} as the request spec holds them: a hint is a value or a list of
    values; an object or a list in a list means nothing to any filter."""
    scalar = (str, int, float, bool, type(None))
    result = {}
    for key, value in hints.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(item, scalar) for item in values):
            raise webob.exc.HTTPBadRequest(
                explanation='Invalid scheduler hint %s: a value or a list of values '
                            'is expected' % key)
        result[key] = [str(item) for item in values]
    return result


class ServersController:
    def __init__(self, compute=None):
        self.compute_api = compute or compute_api.API()

    @wsgi.expected_errors((400, 403))
    def index(self, req):
        return self._list(req, detailed=False)

    @wsgi.expected_errors((400, 403))
    def detail(self, req):
        return self._list(req, detailed=True)

    def _list(self, req, detailed):
        context = req.context
        name = 'detail' if detailed else 'index'
        server_filters.check_params(req)
        policy.authorize(context, 'os_compute_api:servers:%s' % name)
        params = req.GET
        all_tenants = 'all_tenants' in params and strutils.bool_from_string(
            params.get('all_tenants') or 'True', default=True)
        if all_tenants:
            policy.authorize(context, 'os_compute_api:servers:%s:get_all_tenants' % name)
        filters = server_filters.build(req, all_tenants)
        if filters is server_filters.NOTHING:
            return {'servers': []}
        limit, marker = common.limited_by_marker(req)
        sort_keys, sort_dirs = server_filters.sort_params(req)
        if 'deleted' not in filters:
            # changes-since/-before: deleted servers too, as upstream lists them
            context = nl_context.RequestContext.from_dict(context.to_dict())
            context.read_deleted = 'yes'
        try:
            instances = self.compute_api.get_all(
                context, filters, limit=limit, marker=marker, sort_keys=sort_keys,
                sort_dirs=sort_dirs,
                expected_attrs=view.expected_attrs(req) if detailed else None,
                columns=None if detailed else view.BASIC_COLUMNS)
        except exception.MarkerNotFound as error:
            raise webob.exc.HTTPBadRequest(explanation=error.format_message())
        except exception.Invalid as error:
            raise webob.exc.HTTPBadRequest(explanation=error.format_message())
        return view.index(req, instances, limit, detailed)

    @wsgi.expected_errors(404)
    def show(self, req, id):
        instance = self.compute_api.get(req.context, id,
                                        expected_attrs=view.expected_attrs(req))
        policy.authorize(req.context, 'os_compute_api:servers:show',
                         {'project_id': instance.project_id})
        return {'server': view.show(req, instance, with_server_groups=True)}

    @wsgi.expected_errors((400, 404))
    @validation.schema(actions_schema.update, '2.1', '2.18')
    @validation.schema(actions_schema.update_v219, '2.19')
    def update(self, req, id, body):
        instance = self.compute_api.get(req.context, id,
                                        expected_attrs=view.expected_attrs(req))
        policy.authorize(req.context, 'os_compute_api:servers:update',
                         {'project_id': instance.project_id, 'user_id': instance.user_id})
        fields = {'name': 'display_name', 'description': 'display_description',
                  'accessIPv4': 'access_ip_v4', 'accessIPv6': 'access_ip_v6'}
        updates = {field: body['server'][key] for key, field in fields.items()
                   if key in body['server']}
        # a rename keeps the hostname (upstream sets it only from 2.90, on its own)
        instance = self.compute_api.update_instance(req.context, instance, updates)
        return {'server': view.reduced(req, instance)}

    @wsgi.response(202)
    @wsgi.expected_errors((400, 403, 409, 503))
    @validation.schema(schema.create, '2.1', '2.18')
    @validation.schema(schema.create_v219, '2.19', '2.31')
    @validation.schema(schema.create_v232, '2.32', '2.32')
    @validation.schema(schema.create_v219, '2.33', '2.36')
    @validation.schema(schema.create_v237, '2.37', '2.41')
    @validation.schema(schema.create_v242, '2.42', '2.51')
    @validation.schema(schema.create_v252, '2.52', '2.56')
    @validation.schema(schema.create_v257, '2.57', '2.62')
    @validation.schema(schema.create_v263, '2.63', '2.66')
    @validation.schema(schema.create_v267, '2.67', '2.73')
    @validation.schema(schema.create_v274, '2.74')
    def create(self, req, body):
        context = req.context
        server = body['server']
        policy.authorize(context, 'os_compute_api:servers:create',
                         {'project_id': context.project_id, 'user_id': context.user_id})
        flavor = self._flavor(context, server['flavorRef'])
        try:
            image_ref = block_device.root_image_id(
                server.get('imageRef'), server.get('block_device_mapping_v2'),
                server.get('block_device_mapping'))
        except exception.Invalid as error:
            raise webob.exc.HTTPBadRequest(explanation=error.format_message())
        image_ref = self._image_ref(image_ref or '')
        min_count = int(server.get('min_count', 1))
        max_count = int(server.get('max_count', min_count))
        if min_count > max_count:
            raise webob.exc.HTTPBadRequest(
                explanation="min_count must be <= max_count")
        if ':' in server.get('availability_zone', ''):
            policy.authorize(context, 'os_compute_api:servers:create:forced_host', {})
        self._check_requested_destination(context, server)
        hints = body.get('os:scheduler_hints') or body.get('OS-SCH-HNT:scheduler_hints') or {}
        create = functools.partial(self._create, context, server, image_ref=image_ref,
                                   min_count=min_count, max_count=max_count, hints=hints)
        try:
            try:
                instances, reservation_id = create(flavor)
            except exception.FlavorChanged:
                # the API's kept copy was out of date: once more, with the flavor read again
                instances, reservation_id = create(
                    self._flavor(context, server['flavorRef'], fresh=True))
        except exception.ImageNotFound:
            raise webob.exc.HTTPBadRequest(explanation='Can not find requested image')
        except exception.KeypairNotFound:
            raise webob.exc.HTTPBadRequest(explanation='Invalid key_name provided.')
        except (exception.InstanceGroupNotFound, exception.ComputeHostNotFound) as error:
            raise webob.exc.HTTPBadRequest(explanation=error.format_message())
        if strutils.bool_from_string(server.get('return_reservation_id', False)):
            return {'reservation_id': reservation_id}
        instance = instances[0]
        return {'server': {
            'id': instance.uuid,
            'links': common.resource_links(req, 'servers', instance.uuid),
            'OS-DCF:diskConfig': server.get('OS-DCF:diskConfig', 'MANUAL'),
            'adminPass': server.get('adminPass') or common.generate_password(),
            'security_groups': _security_groups(server),
        }}

    def _create(self, context, server, flavor, image_ref, min_count, max_count, hints):
        return self.compute_api.create(
            context, flavor, image_ref, server['name'], min_count=min_count,
            max_count=max_count, metadata=server.get('metadata'),
            key_name=server.get('key_name'), user_data=server.get('user_data'),
            availability_zone=server.get('availability_zone'),
            access_ip_v4=server.get('accessIPv4'), access_ip_v6=server.get('accessIPv6'),
            config_drive=strutils.bool_from_string(server.get('config_drive') or False),
            description=server.get('description'), tags=server.get('tags'),
            scheduler_hints=_scheduler_hints(hints),
            trusted_certs=server.get('trusted_image_certificates'),
            requested_host=server.get('host'), requested_node=server.get('hypervisor_hostname'))

    @staticmethod
    def _check_requested_destination(context, server):
        """host/hypervisor_hostname (2.74): for admins, and not with 'zone:host:node'."""
        if not server.get('host') and not server.get('hypervisor_hostname'):
            return
        policy.authorize(context, servers_policies.REQUESTED_DESTINATION,
                         {'project_id': context.project_id, 'user_id': context.user_id})
        _, forced_host, forced_node = availability_zones.parse_zone(
            server.get('availability_zone'))
        if forced_host or forced_node:
            raise webob.exc.HTTPBadRequest(explanation=(
                'One mechanism with host and/or hypervisor_hostname and another '
                'mechanism with zone:host:node are mutually exclusive.'))

    @staticmethod
    def _flavor(context, flavor_ref, fresh=False):
        try:
            flavor = flavor_cache.CACHE.get(context, _ref_id(flavor_ref), fresh=fresh)
        except exception.FlavorNotFound:
            flavor = None
        if flavor is None or flavor.disabled:
            raise webob.exc.HTTPBadRequest(explanation='Invalid flavorRef provided.')
        return flavor

    @staticmethod
    def _image_ref(image_ref):
        if not image_ref:
            raise webob.exc.HTTPBadRequest(explanation='Invalid imageRef provided.')
        image_id = _ref_id(image_ref)
        if not uuidutils.is_uuid_like(image_id):
            raise webob.exc.HTTPBadRequest(explanation='Invalid imageRef provided.')
        return image_id

    @wsgi.response(204)
    @wsgi.expected_errors((404, 409))
    def delete(self, req, id):
        instance = self.compute_api.get(req.context, id)
        policy.authorize(req.context, 'os_compute_api:servers:delete',
                         {'project_id': instance.project_id, 'user_id': instance.user_id})
        self.compute_api.delete(req.context, instance)
