"""GET /os-console-auth-tokens/{token} (admin): where a console token connects to.
Before 2.31 only RDP tokens were shown (401 for the others); from 2.31 any token.
Looking a token up does not use it up."""
import webob.exc

from nova_lite import exception
from nova_lite import objects
from nova_lite import policy
from nova_lite.api import wsgi


class ConsoleAuthTokensController:
    @wsgi.expected_errors((400, 401, 404))
    def show(self, req, id):
        context = req.context
        policy.authorize(context, 'os_compute_api:os-console-auth-tokens')
        if not id:
            raise webob.exc.HTTPBadRequest(explanation='token not provided')
        try:
            token = objects.ConsoleAuthToken.validate(context, id)
        except exception.InvalidToken:
            raise webob.exc.HTTPNotFound(explanation='Token not found')
        if req.api_version_request < '2.31' and token.console_type != 'rdp-html5':
            raise webob.exc.HTTPUnauthorized(
                explanation='The requested console type details are not accessible')
        return {'console': {'instance_uuid': token.instance_uuid, 'host': token.host,
                            'port': token.port,
                            'internal_access_path': token.internal_access_path}}
