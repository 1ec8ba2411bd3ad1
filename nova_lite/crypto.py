"""SSH key pairs: generation, validation and fingerprints."""
import base64
import hashlib

from cryptography import exceptions as crypto_exceptions
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from nova_lite import exception


def generate_key_pair(bits=2048):
    """(private key PEM, OpenSSH public key, fingerprint) of a new RSA key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    private_key = key.private_bytes(serialization.Encoding.PEM,
                                    serialization.PrivateFormat.TraditionalOpenSSL,
                                    serialization.NoEncryption()).decode()
    public_key = key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                               serialization.PublicFormat.OpenSSH).decode()
    public_key += ' Generated-by-Nova'
    return private_key, public_key, fingerprint(public_key)


def fingerprint(public_key):
    """MD5 fingerprint (aa:bb:...) of an OpenSSH public key; InvalidKeypair if it is not one."""
    try:
        serialization.load_ssh_public_key(public_key.strip().encode())
        blob = base64.b64decode(public_key.split()[1])
    except (ValueError, IndexError, TypeError, UnicodeError,
            crypto_exceptions.UnsupportedAlgorithm) as error:
        raise exception.InvalidKeypair(reason='failed to generate fingerprint') from error
    digest = hashlib.md5(blob, usedforsecurity=False).hexdigest()
    return ':'.join(digest[i:i + 2] for i in range(0, len(digest), 2))
