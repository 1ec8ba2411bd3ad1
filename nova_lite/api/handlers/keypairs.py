"""/os-keypairs at 2.1: create (generate or import), list, show, delete."""
from nova_lite import crypto
from nova_lite import objects
from nova_lite import policy
from nova_lite.api import common
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.schemas import keypairs as schema


def _view(keypair, detailed=False):
    body = {'name': keypair.name, 'public_key': keypair.public_key,
            'fingerprint': keypair.fingerprint}
    if detailed:
        body.update({'user_id': keypair.user_id, 'deleted': False,
                     'created_at': common.isotime_usec(keypair.created_at),
                     'updated_at': common.isotime_usec(keypair.updated_at),
                     'deleted_at': None, 'id': keypair.id})
    return body


class KeypairController:
    @wsgi.expected_errors((400, 403, 409))
    @validation.schema(schema.create)
    def create(self, req, body):
        context = req.context
        policy.authorize(context, 'os_compute_api:os-keypairs:create',
                         {'user_id': context.user_id})
        params = body['keypair']
        private_key = None
        if 'public_key' in params:
            public_key = params['public_key']
            fingerprint = crypto.fingerprint(public_key)
        else:
            private_key, public_key, fingerprint = crypto.generate_key_pair()
        keypair = objects.KeyPair(context, name=params['name'], user_id=context.user_id,
                                  public_key=public_key, fingerprint=fingerprint, type='ssh')
        keypair.create()
        body = dict(_view(keypair), user_id=keypair.user_id)
        if private_key:
            body['private_key'] = private_key
        return {'keypair': body}

    @wsgi.expected_errors(())
    def index(self, req):
        context = req.context
        policy.authorize(context, 'os_compute_api:os-keypairs:index',
                         {'user_id': context.user_id})
        return {'keypairs': [{'keypair': _view(kp)}
                             for kp in objects.KeyPairList.get_by_user(context, context.user_id)]}

    @wsgi.expected_errors(404)
    def show(self, req, id):
        context = req.context
        policy.authorize(context, 'os_compute_api:os-keypairs:show',
                         {'user_id': context.user_id})
        keypair = objects.KeyPair.get_by_name(context, context.user_id, id)
        return {'keypair': _view(keypair, detailed=True)}

    @wsgi.response(202)
    @wsgi.expected_errors(404)
    def delete(self, req, id):
        context = req.context
        policy.authorize(context, 'os_compute_api:os-keypairs:delete',
                         {'user_id': context.user_id})
        objects.KeyPair.destroy_by_name(context, context.user_id, id)
