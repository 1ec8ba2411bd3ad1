"""Key pair generation and fingerprints."""
import base64
import hashlib

import pytest
from cryptography.hazmat.primitives import serialization

from nova_lite import crypto
from nova_lite import exception


def test_generated_pair_matches_and_has_upstreams_shape():
    private_key, public_key, fingerprint = crypto.generate_key_pair()
    assert private_key.startswith('-----BEGIN RSA PRIVATE KEY-----')
    assert public_key.startswith('ssh-rsa ') and public_key.endswith(' Generated-by-Nova')
    key = serialization.load_pem_private_key(private_key.encode(), password=None)
    derived = key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                            serialization.PublicFormat.OpenSSH).decode()
    assert public_key.split()[1] == derived.split()[1]
    assert fingerprint == crypto.fingerprint(public_key)


def test_fingerprint_is_md5_of_the_key_blob():
    _, public_key, _ = crypto.generate_key_pair()
    digest = hashlib.md5(base64.b64decode(public_key.split()[1])).hexdigest()
    assert crypto.fingerprint(public_key).replace(':', '') == digest
    assert len(crypto.fingerprint(public_key).split(':')) == 16


@pytest.mark.parametrize('bad', ['', 'ssh-rsa', 'ssh-rsa not-base64!', 'hello world',
                                 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQ== truncated'])
def test_bad_public_keys_are_refused(bad):
    with pytest.raises(exception.InvalidKeypair) as error:
        crypto.fingerprint(bad)
    assert error.value.code == 400
    assert 'failed to generate fingerprint' in error.value.format_message()
