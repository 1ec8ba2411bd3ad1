"""/os-keypairs: create (generate or import), list, show, delete.

2.2 adds the key type (ssh or x509) and answers 201 to a create, 204 to a
delete; 2.10 lets admins name the user (body user_id, ?user_id=); 2.35
pages the list (limit, marker).
"""
import webob.exc

from nova_lite import crypto
from nova_lite import exception
from nova_lite import objects
from nova_lite import policy
from nova_lite.api import common
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.schemas import keypairs as schema


def _view(req, keypair, detailed=False):
    body = {'name': keypair.name, 'public_key': keypair.public_key,
            'fingerprint': keypair.fingerprint}
    if req.api_version_request >= '2.2':
        body['type'] = keypair.type
    if detailed:
        body.update({'user_id': keypair.user_id, 'deleted': False,
                     'created_at': common.isotime_usec(keypair.created_at),
                     'updated_at': common.isotime_usec(keypair.updated_at),
                     'deleted_at': None, 'id': keypair.id})
    return body


def _user_id(req, action):
    """The user whose key pairs this is about: ?user_id= from 2.10, else the caller."""
    context = req.context
    user_id = context.user_id
    if req.api_version_request >= '2.10':
        user_id = req.GET.get('user_id') or user_id
    policy.authorize(context, 'os_compute_api:os-keypairs:%s' % action, {'user_id': user_id})
    return user_id


class KeypairController:
    @wsgi.response(200, since={'2.2': 201})
    @wsgi.expected_errors((400, 403, 409))
    @validation.schema(schema.create, max_version='2.1')
    @validation.schema(schema.create_v22, min_version='2.2', max_version='2.9')
    @validation.schema(schema.create_v210, min_version='2.10')
    def create(self, req, body):
        context = req.context
        params = body['keypair']
        user_id = params.get('user_id', context.user_id)
        policy.authorize(context, 'os_compute_api:os-keypairs:create', {'user_id': user_id})
        key_type = params.get('type', 'ssh')
        private_key = None
        if 'public_key' in params:
            public_key = params['public_key']
            fingerprint = (crypto.x509_fingerprint(public_key) if key_type == 'x509'
                           else crypto.fingerprint(public_key))
        elif key_type == 'x509':
            private_key, public_key, fingerprint = crypto.generate_x509_key_pair(user_id)
        else:
            private_key, public_key, fingerprint = crypto.generate_key_pair()
        keypair = objects.KeyPair(context, name=params['name'], user_id=user_id,
                                  public_key=public_key, fingerprint=fingerprint, type=key_type)
        keypair.create()
        body = dict(_view(req, keypair), user_id=keypair.user_id)
        if private_key:
            body['private_key'] = private_key
        return {'keypair': body}

    @wsgi.expected_errors(400)
    def index(self, req):
        user_id = _user_id(req, 'index')
        paged = req.api_version_request >= '2.35'
        limit, marker = common.limited_by_marker(req) if paged else (None, None)
        try:
            keypairs = objects.KeyPairList.get_by_user(req.context, user_id, limit=limit,
                                                       marker=marker)
        except exception.KeypairNotFound:
            raise webob.exc.HTTPBadRequest(explanation='Marker %s could not be found.' % marker)
        items = [{'keypair': _view(req, kp)} for kp in keypairs]
        body = {'keypairs': items}
        if paged:
            links = common.collection_links(req, 'os-keypairs',
                                            [item['keypair'] for item in items], limit,
                                            id_key='name')
            if links:
                body['keypairs_links'] = links
        return body

    @wsgi.expected_errors(404)
    def show(self, req, id):
        keypair = objects.KeyPair.get_by_name(req.context, _user_id(req, 'show'), id)
        return {'keypair': _view(req, keypair, detailed=True)}

    @wsgi.response(202, since={'2.2': 204})
    @wsgi.expected_errors(404)
    def delete(self, req, id):
        objects.KeyPair.destroy_by_name(req.context, _user_id(req, 'delete'), id)
