"""Key pairs (SSH and x509): generation, validation and fingerprints."""
import base64
import datetime
import hashlib

from cryptography import exceptions as crypto_exceptions
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

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


def x509_fingerprint(certificate_pem):
    """SHA-1 fingerprint (aa:bb:...) of a PEM certificate, as upstream shows x509 keys."""
    try:
        cert = x509.load_pem_x509_certificate(certificate_pem.encode())
    except (ValueError, TypeError, UnicodeError) as error:
        raise exception.InvalidKeypair(reason='failed to generate X509 fingerprint') from error
    digest = cert.fingerprint(hashes.SHA1()).hex()
    return ':'.join(digest[i:i + 2] for i in range(0, len(digest), 2))


def generate_x509_key_pair(common_name, bits=2048, days=365):
    """(private key PEM, self-signed certificate PEM, fingerprint) of a new RSA key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=days))
            .sign(key, hashes.SHA256()))
    private_key = key.private_bytes(serialization.Encoding.PEM,
                                    serialization.PrivateFormat.TraditionalOpenSSL,
                                    serialization.NoEncryption()).decode()
    certificate = cert.public_bytes(serialization.Encoding.PEM).decode()
    return private_key, certificate, x509_fingerprint(certificate)
