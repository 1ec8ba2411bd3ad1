"""POST /servers/{id}/action os-getConsoleOutput."""
import webob.exc

from nova_lite.api import common
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.schemas import server_actions as schema
from nova_lite.compute import api as compute_api


class ConsoleOutputController:
    def __init__(self, compute=None):
        self.compute_api = compute or compute_api.API()

    @wsgi.expected_errors((400, 404, 409, 501))
    @wsgi.action('os-getConsoleOutput')
    @validation.schema(schema.console_output)
    def get_console_output(self, req, id, body):
        length = (body['os-getConsoleOutput'] or {}).get('length')
        # -1 (or none) means the whole log, as upstream reads it
        length = None if length is None or int(length) == -1 else int(length)
        output = common.act_on_server(req, self.compute_api, id,
                                      'os_compute_api:os-console-output',
                                      'get_console_output', 'get_console_output', length)
        if output is None:
            raise webob.exc.HTTPConflict(explanation='Unable to get console output')
        return {'output': output}
