"""Policies of /os-simple-tenant-usage."""
from oslo_policy import policy

from nova_lite.policies import base

rules = [
    policy.DocumentedRuleDefault('os_compute_api:os-simple-tenant-usage:show',
                                 base.PROJECT_READER_OR_ADMIN, 'Show the usage of a project',
                                 [{'method': 'GET',
                                   'path': '/os-simple-tenant-usage/{tenant_id}'}]),
    policy.DocumentedRuleDefault('os_compute_api:os-simple-tenant-usage:list', base.ADMIN,
                                 'List the usage of every project',
                                 [{'method': 'GET', 'path': '/os-simple-tenant-usage'}]),
]


def list_rules():
    return rules
