"""Policies of /os-keypairs: a user manages its own key pairs."""
from oslo_policy import policy

from nova_lite.policies import base

OWNER = '(role:reader and user_id:%(user_id)s) or ' + base.ADMIN
OWNER_WRITE = '(role:member and user_id:%(user_id)s) or ' + base.ADMIN


def _rule(name, check, method, path, description):
    return policy.DocumentedRuleDefault('os_compute_api:os-keypairs:%s' % name, check,
                                        description, [{'method': method, 'path': path}])


rules = [
    _rule('index', OWNER, 'GET', '/os-keypairs', 'List key pairs'),
    _rule('create', OWNER_WRITE, 'POST', '/os-keypairs', 'Create or import a key pair'),
    _rule('show', OWNER, 'GET', '/os-keypairs/{keypair_name}', 'Show a key pair'),
    _rule('delete', OWNER_WRITE, 'DELETE', '/os-keypairs/{keypair_name}', 'Delete a key pair'),
]


def list_rules():
    return rules
