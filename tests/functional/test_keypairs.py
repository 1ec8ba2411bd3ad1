"""/os-keypairs at 2.1, and key pairs on servers."""


def test_generate_show_list_delete(cloud):
    resp = cloud.member.post('/v2.1/os-keypairs', {'keypair': {'name': 'key-1'}})
    assert resp.status == 200, resp
    created = resp.body['keypair']
    assert set(created) == {'name', 'public_key', 'fingerprint', 'user_id', 'private_key'}
    assert created['user_id'] == 'demo'
    assert created['private_key'].startswith('-----BEGIN RSA PRIVATE KEY-----')

    shown = cloud.member.get('/v2.1/os-keypairs/key-1').body['keypair']
    assert set(shown) == {'name', 'public_key', 'fingerprint', 'user_id', 'deleted',
                          'created_at', 'updated_at', 'deleted_at', 'id'}
    assert 'private_key' not in shown and shown['fingerprint'] == created['fingerprint']

    listed = cloud.member.get('/v2.1/os-keypairs').body['keypairs']
    assert listed == [{'keypair': {'name': 'key-1', 'public_key': created['public_key'],
                                   'fingerprint': created['fingerprint']}}]
    # another user does not see it
    assert cloud.other.get('/v2.1/os-keypairs').body == {'keypairs': []}
    assert cloud.other.get('/v2.1/os-keypairs/key-1').status == 404

    assert cloud.member.delete('/v2.1/os-keypairs/key-1').status == 202
    resp = cloud.member.get('/v2.1/os-keypairs/key-1')
    assert resp.status == 404
    assert resp.body == {'itemNotFound': {
        'code': 404, 'message': 'Keypair key-1 not found for user demo'}}


def test_import_and_errors(cloud):
    generated = cloud.member.post('/v2.1/os-keypairs', {'keypair': {'name': 'gen'}})
    public_key = generated.body['keypair']['public_key']
    resp = cloud.member.post('/v2.1/os-keypairs', {'keypair': {
        'name': 'imported', 'public_key': public_key}})
    assert resp.status == 200
    assert set(resp.body['keypair']) == {'name', 'public_key', 'fingerprint', 'user_id'}
    assert resp.body['keypair']['fingerprint'] == generated.body['keypair']['fingerprint']

    resp = cloud.member.post('/v2.1/os-keypairs', {'keypair': {'name': 'imported'}})
    assert resp.status == 409
    assert resp.body['conflictingRequest']['message'] == \
        "Key pair 'imported' already exists."
    resp = cloud.member.post('/v2.1/os-keypairs', {'keypair': {
        'name': 'bad', 'public_key': 'ssh-rsa not-a-key'}})
    assert resp.status == 400
    assert resp.body['badRequest']['message'] == \
        'Keypair data is invalid: failed to generate fingerprint'
    resp = cloud.member.post('/v2.1/os-keypairs', {'keypair': {'name': 'bad/name'}})
    assert resp.status == 400
    assert cloud.member.delete('/v2.1/os-keypairs/nope').status == 404


def test_server_with_a_key(cloud):
    assert cloud.member.post('/v2.1/os-keypairs', {'keypair': {'name': 'mine'}}).status == 200
    resp = cloud.member.create_server('keyed', key_name='mine')
    assert resp.status == 202, resp
    server = cloud.wait_for_state(resp.body['server']['id'], 'ACTIVE')
    assert server['key_name'] == 'mine'
    resp = cloud.member.create_server('no-key', key_name='missing')
    assert resp.status == 400
    assert resp.body['badRequest']['message'] == 'Invalid key_name provided.'
    # another user's key of the same name is not usable
    resp = cloud.other.create_server('not-mine', key_name='mine')
    assert resp.status == 400
