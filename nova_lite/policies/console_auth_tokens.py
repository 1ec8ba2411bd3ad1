"""Policy of GET /os-console-auth-tokens/{token} (admins: it shows where a console is)."""
from oslo_policy import policy

from nova_lite.policies import base

rules = [
    policy.DocumentedRuleDefault(
        'os_compute_api:os-console-auth-tokens', base.ADMIN,
        'Show the connection information of a console token',
        [{'method': 'GET', 'path': '/os-console-auth-tokens/{console_token}'}]),
]


def list_rules():
    return rules
