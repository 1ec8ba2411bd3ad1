"""Policies of POST/PUT/DELETE /flavors (admin)."""
from oslo_policy import policy

from nova_lite.policies import base

rules = [
    policy.DocumentedRuleDefault('os_compute_api:os-flavor-manage:%s' % name, base.ADMIN,
                                 description, [{'method': method, 'path': path}])
    for name, method, path, description in (
        ('create', 'POST', '/flavors', 'Create a flavor'),
        ('update', 'PUT', '/flavors/{flavor_id}', "Update a flavor's description"),
        ('delete', 'DELETE', '/flavors/{flavor_id}', 'Delete a flavor'))
]


def list_rules():
    return rules
