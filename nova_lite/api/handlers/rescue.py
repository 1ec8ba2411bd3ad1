"""POST /servers/{id}/action rescue / unrescue."""
import webob.exc

from nova_lite import exception
from nova_lite.api import common
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.schemas import server_actions as schema
from nova_lite.compute import api as compute_api


class RescueController:
    def __init__(self, compute=None):
        self.compute_api = compute or compute_api.API()

    @wsgi.expected_errors((400, 404, 409, 501))
    @wsgi.action('rescue')
    @validation.schema(schema.rescue)
    def rescue(self, req, id, body):
        entity = body['rescue'] or {}
        password = entity.get('adminPass') or common.generate_password()
        try:
            common.act_on_server(req, self.compute_api, id, 'os_compute_api:os-rescue',
                                 'rescue', 'rescue', password, entity.get('rescue_image_ref'))
        except exception.ImageNotFound as error:
            raise webob.exc.HTTPBadRequest(explanation=error.format_message())
        return {'adminPass': password}

    @wsgi.response(202)
    @wsgi.expected_errors((404, 409, 501))
    @wsgi.action('unrescue')
    def unrescue(self, req, id, body):
        common.act_on_server(req, self.compute_api, id, 'os_compute_api:os-unrescue',
                             'unrescue', 'unrescue')
