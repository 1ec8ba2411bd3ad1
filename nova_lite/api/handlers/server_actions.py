"""POST /servers/{id}/action: os-start, os-stop, reboot, rebuild, createImage,
trigger_crash_dump (the actions upstream keeps in its servers controller)."""
import webob
import webob.exc

from nova_lite import exception
from nova_lite.api import common
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.schemas import server_actions as schema
from nova_lite.api.views import servers as view
from nova_lite.compute import api as compute_api

_REBUILD_FIELDS = {'name': 'display_name', 'metadata': 'metadata',
                   'description': 'display_description', 'key_name': 'key_name',
                   'user_data': 'user_data', 'accessIPv4': 'access_ip_v4',
                   'accessIPv6': 'access_ip_v6',
                   'trusted_image_certificates': 'trusted_certs'}


class ServerActionsController:
    def __init__(self, compute=None):
        self.compute_api = compute or compute_api.API()

    def _act(self, req, id, rule, action, method, *args, **kwargs):
        return common.act_on_server(req, self.compute_api, id, 'os_compute_api:' + rule,
                                    action, method, *args, **kwargs)

    @wsgi.response(202)
    @wsgi.expected_errors((404, 409))
    @wsgi.action('os-start')
    def start(self, req, id, body):
        self._act(req, id, 'servers:start', 'start', 'start')

    @wsgi.response(202)
    @wsgi.expected_errors((404, 409))
    @wsgi.action('os-stop')
    def stop(self, req, id, body):
        self._act(req, id, 'servers:stop', 'stop', 'stop')

    @wsgi.response(202)
    @wsgi.expected_errors((404, 409))
    @wsgi.action('reboot')
    @validation.schema(schema.reboot)
    def reboot(self, req, id, body):
        self._act(req, id, 'servers:reboot', 'reboot', 'reboot',
                  body['reboot']['type'].upper())

    @wsgi.response(202)
    @wsgi.expected_errors((400, 403, 404, 409))
    @wsgi.action('rebuild')
    @validation.schema(schema.rebuild, '2.1', '2.18')
    @validation.schema(schema.rebuild_v219, '2.19', '2.53')
    @validation.schema(schema.rebuild_v254, '2.54', '2.56')
    @validation.schema(schema.rebuild_v257, '2.57', '2.62')
    @validation.schema(schema.rebuild_v263, '2.63')
    def rebuild(self, req, id, body):
        rebuild = body['rebuild']
        changes = {field: rebuild[key] for key, field in _REBUILD_FIELDS.items()
                   if key in rebuild}
        password = rebuild.get('adminPass') or common.generate_password()
        try:
            instance = self._act(req, id, 'servers:rebuild', 'rebuild', 'rebuild',
                                 rebuild['imageRef'], password, **changes)
        except exception.ImageNotFound:
            raise webob.exc.HTTPBadRequest(explanation='Cannot find requested image')
        except exception.KeypairNotFound:
            raise webob.exc.HTTPBadRequest(explanation='Invalid key_name provided.')
        server = view.reduced(req, instance, rebuild=True)
        server['adminPass'] = password
        if req.api_version_request >= '2.54':
            server['key_name'] = instance.key_name
        if req.api_version_request >= '2.57':
            server['user_data'] = instance.user_data
        return {'server': server}

    @wsgi.response(202)
    @wsgi.expected_errors((400, 403, 404, 409, 503))
    @wsgi.action('createImage')
    @validation.schema(schema.create_image)
    def create_image(self, req, id, body):
        entity = body['createImage']
        image = self._act(req, id, 'servers:create_image', 'createImage', 'snapshot',
                          entity['name'], entity.get('metadata'))
        if req.api_version_request >= '2.45':
            return {'image_id': image['id']}
        response = webob.Response(status=202)
        response.headers['Location'] = common.resource_links(req, 'images', image['id'])[0][
            'href']
        return response

    @wsgi.response(202)
    @wsgi.versions('2.17')
    @wsgi.expected_errors((400, 404, 409))
    @wsgi.action('trigger_crash_dump')
    def trigger_crash_dump(self, req, id, body):
        if body['trigger_crash_dump'] is not None:
            raise webob.exc.HTTPBadRequest(explanation='trigger_crash_dump takes no body')
        self._act(req, id, 'servers:trigger_crash_dump', 'trigger_crash_dump',
                  'trigger_crash_dump')
