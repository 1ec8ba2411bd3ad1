"""Policy of the remote consoles: POST /servers/{id}/remote-consoles and the
os-getVNCConsole action (upstream's rule name and default)."""
from oslo_policy import policy

from nova_lite.policies import base

rules = [
    policy.DocumentedRuleDefault(
        'os_compute_api:os-remote-consoles', base.PROJECT_MEMBER_OR_ADMIN,
        'Generate a URL to a console of a server',
        [{'method': 'POST', 'path': '/servers/{server_id}/action (os-getVNCConsole)'},
         {'method': 'POST', 'path': '/servers/{server_id}/remote-consoles'}]),
]


def list_rules():
    return rules
