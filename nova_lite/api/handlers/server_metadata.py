"""/servers/{id}/metadata: list, show, create (merge), update_all (replace),
update one key, delete one key."""
import webob.exc

from nova_lite.api import common
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.schemas import server_actions as schema
from nova_lite.compute import api as compute_api

RULE = 'os_compute_api:server-metadata:%s'


class ServerMetadataController:
    def __init__(self, compute=None):
        self.compute_api = compute or compute_api.API()

    def _metadata(self, req, server_id, rule):
        return common.act_on_server(req, self.compute_api, server_id, RULE % rule,
                                    'get metadata', 'get_metadata')

    def _update(self, req, server_id, rule, metadata, delete):
        return common.act_on_server(req, self.compute_api, server_id, RULE % rule,
                                    'update metadata', 'update_instance_metadata', metadata,
                                    delete=delete)

    @wsgi.expected_errors(404)
    def index(self, req, server_id):
        return {'metadata': self._metadata(req, server_id, 'index')}

    @wsgi.expected_errors(404)
    def show(self, req, server_id, id):
        metadata = self._metadata(req, server_id, 'show')
        if id not in metadata:
            raise webob.exc.HTTPNotFound(explanation='Metadata item was not found')
        return {'meta': {id: metadata[id]}}

    @wsgi.expected_errors((403, 404, 409))
    @validation.schema(schema.metadata_all)
    def create(self, req, server_id, body):
        return {'metadata': self._update(req, server_id, 'create', body['metadata'], False)}

    @wsgi.expected_errors((403, 404, 409))
    @validation.schema(schema.metadata_all)
    def update_all(self, req, server_id, body):
        return {'metadata': self._update(req, server_id, 'update_all', body['metadata'], True)}

    @wsgi.expected_errors((400, 403, 404, 409))
    @validation.schema(schema.metadata_item)
    def update(self, req, server_id, id, body):
        if id not in body['meta']:
            raise webob.exc.HTTPBadRequest(explanation='Request body and URI mismatch')
        self._update(req, server_id, 'update', body['meta'], False)
        return {'meta': body['meta']}

    @wsgi.response(204)
    @wsgi.expected_errors((404, 409))
    def delete(self, req, server_id, id):
        if id not in self._metadata(req, server_id, 'delete'):
            raise webob.exc.HTTPNotFound(explanation='Metadata item was not found')
        common.act_on_server(req, self.compute_api, server_id, RULE % 'delete',
                             'delete metadata', 'delete_instance_metadata', id)
