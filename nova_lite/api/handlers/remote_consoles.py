"""Console URLs: POST /servers/{id}/remote-consoles (2.6) and, before 2.6, the
os-getVNCConsole action. Only VNC (noVNC) consoles exist in nova-lite: the other
protocols answer as upstream's libvirt driver does when they are off (SPICE,
serial: 400) or unsupported (RDP, MKS: 501)."""
import webob.exc

from nova_lite import exception
from nova_lite import policy
from nova_lite.api import common
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.schemas import remote_consoles as schema
from nova_lite.compute import api as compute_api

RULE = 'os_compute_api:os-remote-consoles'
UNAVAILABLE = ('spice', 'serial')  # protocols upstream's libvirt has, here switched off
UNSUPPORTED = ('rdp', 'mks')


class RemoteConsolesController:
    def __init__(self, compute=None):
        self.compute_api = compute or compute_api.API()

    def _console_url(self, req, server_id, protocol, console_type):
        context = req.context
        instance = self.compute_api.get(context, server_id)
        policy.authorize(context, RULE, {'project_id': instance.project_id,
                                         'user_id': instance.user_id})
        try:
            if protocol in UNSUPPORTED:
                raise exception.ConsoleNotSupported(protocol=protocol)
            if protocol in UNAVAILABLE:
                raise exception.ConsoleTypeUnavailable(console_type=console_type)
            return self.compute_api.get_vnc_console(context, instance, console_type)['url']
        except exception.InstanceInvalidState as error:
            common.raise_http_conflict_for_instance_invalid_state(
                error, 'get_%s_console' % protocol, server_id)
        except exception.ActionNotImplemented:
            raise webob.exc.HTTPNotImplemented(explanation='Feature not supported.')

    @wsgi.versions('2.6')
    @wsgi.expected_errors((400, 404, 409, 501))
    @validation.schema(schema.create_v26, '2.6', '2.7')
    @validation.schema(schema.create_v28, '2.8')
    def create(self, req, server_id, body):
        protocol = body['remote_console']['protocol']
        console_type = body['remote_console']['type']
        url = self._console_url(req, server_id, protocol, console_type)
        return {'remote_console': {'protocol': protocol, 'type': console_type, 'url': url}}

    @wsgi.versions(max_version='2.5')
    @wsgi.expected_errors((400, 404, 409, 501))
    @wsgi.action('os-getVNCConsole')
    @validation.schema(schema.get_vnc_console, '2.1', '2.5')
    def get_vnc_console(self, req, id, body):
        console_type = body['os-getVNCConsole'].get('type')
        url = self._console_url(req, id, 'vnc', console_type)
        return {'console': {'type': console_type, 'url': url}}
