"""Key pairs: per user, unique by name, soft-deleted."""
import pytest

from nova_lite import exception
from nova_lite import objects


def _create(context, name='key1', user_id='demo'):
    keypair = objects.KeyPair(context, name=name, user_id=user_id, public_key='ssh-rsa AAA',
                              fingerprint='aa:bb', type='ssh')
    keypair.create()
    return keypair


def test_create_get_list(db, admin_context):
    created = _create(admin_context)
    fetched = objects.KeyPair.get_by_name(admin_context, 'demo', 'key1')
    assert (fetched.id, fetched.public_key, fetched.type) == (created.id, 'ssh-rsa AAA', 'ssh')
    _create(admin_context, name='key0')
    _create(admin_context, name='other', user_id='someone-else')
    assert [kp.name for kp in objects.KeyPairList.get_by_user(admin_context, 'demo')] == \
        ['key0', 'key1']


def test_names_are_unique_per_user(db, admin_context):
    _create(admin_context)
    with pytest.raises(exception.KeyPairExists) as error:
        _create(admin_context)
    assert error.value.code == 409
    _create(admin_context, user_id='another-user')  # same name, other user: fine


def test_destroy_soft_deletes_and_frees_the_name(db, admin_context):
    _create(admin_context)
    objects.KeyPair.destroy_by_name(admin_context, 'demo', 'key1')
    with pytest.raises(exception.KeypairNotFound):
        objects.KeyPair.get_by_name(admin_context, 'demo', 'key1')
    with pytest.raises(exception.KeypairNotFound):
        objects.KeyPair.destroy_by_name(admin_context, 'demo', 'key1')
    _create(admin_context)  # the name can be used again
