"""POST /servers/{id}/action os-resetState (admin)."""
from nova_lite.api import common
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.schemas import server_actions as schema
from nova_lite.compute import api as compute_api


class AdminActionsController:
    def __init__(self, compute=None):
        self.compute_api = compute or compute_api.API()

    @wsgi.response(202)
    @wsgi.expected_errors(404)
    @wsgi.action('os-resetState')
    @validation.schema(schema.reset_state)
    def reset_state(self, req, id, body):
        common.act_on_server(req, self.compute_api, id,
                             'os_compute_api:os-admin-actions:reset_state', 'os-resetState',
                             'reset_state', body['os-resetState']['state'])
