"""POST /servers/{id}/action shelve / shelveOffload / unshelve."""
from nova_lite.api import common
from nova_lite.api import wsgi
from nova_lite.compute import api as compute_api


class ShelveController:
    def __init__(self, compute=None):
        self.compute_api = compute or compute_api.API()

    @wsgi.response(202)
    @wsgi.expected_errors((404, 409, 503))
    @wsgi.action('shelve')
    def shelve(self, req, id, body):
        common.act_on_server(req, self.compute_api, id, 'os_compute_api:os-shelve:shelve',
                             'shelve', 'shelve')

    @wsgi.response(202)
    @wsgi.expected_errors((404, 409))
    @wsgi.action('shelveOffload')
    def shelve_offload(self, req, id, body):
        common.act_on_server(req, self.compute_api, id,
                             'os_compute_api:os-shelve:shelve_offload', 'shelveOffload',
                             'shelve_offload')

    @wsgi.response(202)
    @wsgi.expected_errors((400, 404, 409))
    @wsgi.action('unshelve')
    def unshelve(self, req, id, body):
        common.act_on_server(req, self.compute_api, id, 'os_compute_api:os-shelve:unshelve',
                             'unshelve', 'unshelve')
