"""/servers/{id}/os-server-password: the encrypted admin password a guest
posted to the metadata service, and clearing it."""
from nova_lite.api import common
from nova_lite.api import wsgi
from nova_lite.compute import api as compute_api

RULE = 'os_compute_api:os-server-password:%s'


class ServerPasswordController:
    def __init__(self, compute=None):
        self.compute_api = compute or compute_api.API()

    @wsgi.expected_errors(404)
    def index(self, req, server_id):
        return {'password': common.act_on_server(req, self.compute_api, server_id,
                                                 RULE % 'show', 'get password',
                                                 'get_password')}

    @wsgi.response(204)
    @wsgi.expected_errors(404)
    def clear(self, req, server_id):
        common.act_on_server(req, self.compute_api, server_id, RULE % 'clear',
                             'clear password', 'set_password', '')
