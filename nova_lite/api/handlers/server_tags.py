"""/servers/{id}/tags (2.26): list, check, add, replace, delete one or all."""
import webob
import webob.exc

from nova_lite import exception
from nova_lite.api import common
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.schemas import server_actions as schema
from nova_lite.compute import api as compute_api

RULE = 'os_compute_api:os-server-tags:%s'


class ServerTagsController:
    def __init__(self, compute=None):
        self.compute_api = compute or compute_api.API()

    def _server(self, req, server_id, rule, action, method='get_tags', *args):
        return common.act_on_server(req, self.compute_api, server_id, RULE % rule, action,
                                    method, *args)

    @wsgi.versions('2.26')
    @wsgi.expected_errors(404)
    def index(self, req, server_id):
        return {'tags': self._server(req, server_id, 'index', 'get tags')}

    @wsgi.response(204)
    @wsgi.versions('2.26')
    @wsgi.expected_errors(404)
    def show(self, req, server_id, id):
        if id not in self._server(req, server_id, 'show', 'get tags'):
            raise webob.exc.HTTPNotFound(explanation='Tag %s could not be found.' % id)

    @wsgi.versions('2.26')
    @wsgi.expected_errors((400, 404, 409))
    def update(self, req, server_id, id, body=None):
        validation.validate(schema.tag, id)
        added = id not in self._server(req, server_id, 'update', 'update tag')
        try:
            self._server(req, server_id, 'update', 'update tag', 'add_tag', id)
        except exception.TooManyInstanceTags as error:
            raise webob.exc.HTTPBadRequest(explanation=error.format_message())
        response = webob.Response(status=201 if added else 204)
        response.headers['Location'] = '%s/tags/%s' % (
            common.resource_links(req, 'servers', server_id)[0]['href'], id)
        return response

    @wsgi.versions('2.26')
    @wsgi.expected_errors((400, 404, 409))
    @validation.schema(schema.tags_update_all)
    def update_all(self, req, server_id, body):
        tags = self._server(req, server_id, 'update_all', 'update tags', 'replace_tags',
                            body['tags'])
        return {'tags': tags}

    @wsgi.response(204)
    @wsgi.versions('2.26')
    @wsgi.expected_errors((404, 409))
    def delete(self, req, server_id, id):
        try:
            self._server(req, server_id, 'delete', 'delete tag', 'remove_tag', id)
        except exception.TagNotFound as error:
            raise webob.exc.HTTPNotFound(explanation=error.format_message())

    @wsgi.response(204)
    @wsgi.versions('2.26')
    @wsgi.expected_errors((404, 409))
    def delete_all(self, req, server_id):
        self._server(req, server_id, 'delete_all', 'delete tags', 'remove_tag', None)
