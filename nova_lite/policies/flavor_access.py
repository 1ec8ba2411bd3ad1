"""Policies of /flavors/{flavor_id}/os-flavor-access and its actions (admin)."""
from oslo_policy import policy

from nova_lite.policies import base

ROOT = 'os_compute_api:os-flavor-access'

rules = [
    policy.DocumentedRuleDefault(ROOT, base.ADMIN, 'List the projects of a private flavor',
                                 [{'method': 'GET',
                                   'path': '/flavors/{flavor_id}/os-flavor-access'}]),
    policy.DocumentedRuleDefault(ROOT + ':add_tenant_access', base.ADMIN,
                                 'Give a project access to a private flavor',
                                 [{'method': 'POST',
                                   'path': '/flavors/{flavor_id}/action (addTenantAccess)'}]),
    policy.DocumentedRuleDefault(ROOT + ':remove_tenant_access', base.ADMIN,
                                 "Take a project's access to a private flavor away",
                                 [{'method': 'POST',
                                   'path': '/flavors/{flavor_id}/action (removeTenantAccess)'}]),
]


def list_rules():
    return rules
