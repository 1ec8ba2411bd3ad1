"""POST /servers/{id}/action pause / unpause."""
from nova_lite.api import common
from nova_lite.api import wsgi
from nova_lite.compute import api as compute_api


class PauseServerController:
    def __init__(self, compute=None):
        self.compute_api = compute or compute_api.API()

    @wsgi.response(202)
    @wsgi.expected_errors((404, 409, 501))
    @wsgi.action('pause')
    def pause(self, req, id, body):
        common.act_on_server(req, self.compute_api, id, 'os_compute_api:os-pause-server:pause',
                             'pause', 'pause')

    @wsgi.response(202)
    @wsgi.expected_errors((404, 409, 501))
    @wsgi.action('unpause')
    def unpause(self, req, id, body):
        common.act_on_server(req, self.compute_api, id,
                             'os_compute_api:os-pause-server:unpause', 'unpause', 'unpause')
