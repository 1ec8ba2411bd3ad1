"""POST /servers/{id}/action suspend / resume."""
from nova_lite.api import common
from nova_lite.api import wsgi
from nova_lite.compute import api as compute_api


class SuspendServerController:
    def __init__(self, compute=None):
        self.compute_api = compute or compute_api.API()

    @wsgi.response(202)
    @wsgi.expected_errors((404, 409))
    @wsgi.action('suspend')
    def suspend(self, req, id, body):
        common.act_on_server(req, self.compute_api, id,
                             'os_compute_api:os-suspend-server:suspend', 'suspend', 'suspend')

    @wsgi.response(202)
    @wsgi.expected_errors((404, 409))
    @wsgi.action('resume')
    def resume(self, req, id, body):
        common.act_on_server(req, self.compute_api, id,
                             'os_compute_api:os-suspend-server:resume', 'resume', 'resume')
