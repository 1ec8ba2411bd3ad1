"""POST /servers/{id}/action restore / forceDelete (soft delete, when
reclaim_instance_interval > 0)."""
from nova_lite.api import common
from nova_lite.api import wsgi
from nova_lite.compute import api as compute_api


class DeferredDeleteController:
    def __init__(self, compute=None):
        self.compute_api = compute or compute_api.API()

    @wsgi.response(202)
    @wsgi.expected_errors((403, 404, 409))
    @wsgi.action('restore')
    def restore(self, req, id, body):
        common.act_on_server(req, self.compute_api, id,
                             'os_compute_api:os-deferred-delete:restore', 'restore', 'restore')

    @wsgi.response(202)
    @wsgi.expected_errors((404, 409))
    @wsgi.action('forceDelete')
    def force_delete(self, req, id, body):
        common.act_on_server(req, self.compute_api, id,
                             'os_compute_api:os-deferred-delete:force', 'forceDelete',
                             'force_delete')
