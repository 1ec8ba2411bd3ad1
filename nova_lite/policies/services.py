"""Policies of /os-services."""
from oslo_policy import policy

from nova_lite.policies import base

rules = [
    policy.DocumentedRuleDefault('os_compute_api:os-services:list', base.ADMIN,
                                 'List compute services',
                                 [{'method': 'GET', 'path': '/os-services'}]),
    policy.DocumentedRuleDefault('os_compute_api:os-services:update', base.ADMIN,
                                 'Enable, disable or force down a compute service',
                                 [{'method': 'PUT', 'path': '/os-services/{service_id}'}]),
    policy.DocumentedRuleDefault('os_compute_api:os-services:delete', base.ADMIN,
                                 'Delete a service',
                                 [{'method': 'DELETE', 'path': '/os-services/{service_id}'}]),
]


def list_rules():
    return rules
