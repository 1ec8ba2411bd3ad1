"""POST /servers/{id}/action lock / unlock (locked_reason from 2.73)."""
from nova_lite import policy
from nova_lite.api import common
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.schemas import server_actions as schema
from nova_lite.compute import api as compute_api


class LockServerController:
    def __init__(self, compute=None):
        self.compute_api = compute or compute_api.API()

    @wsgi.response(202)
    @wsgi.expected_errors((400, 404))
    @wsgi.action('lock')
    @validation.schema(schema.lock_v273, '2.73')
    def lock(self, req, id, body):
        reason = None
        if req.api_version_request >= '2.73' and body['lock']:
            reason = body['lock'].get('locked_reason')
        common.act_on_server(req, self.compute_api, id, 'os_compute_api:os-lock-server:lock',
                             'lock', 'lock', reason)

    @wsgi.response(202)
    @wsgi.expected_errors(404)
    @wsgi.action('unlock')
    def unlock(self, req, id, body):
        context = req.context
        instance = self.compute_api.get(context, id)
        target = {'project_id': instance.project_id, 'user_id': instance.user_id}
        policy.authorize(context, 'os_compute_api:os-lock-server:unlock', target)
        if not self.compute_api.is_expected_locked_by(context, instance):
            # a lock an admin set is lifted by an admin only
            policy.authorize(context, 'os_compute_api:os-lock-server:unlock:unlock_override',
                             target)
        self.compute_api.unlock(context, instance)
