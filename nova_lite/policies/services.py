"""Policies of /os-services."""
from oslo_policy import policy

from nova_lite.policies import base

rules = [
    policy.DocumentedRuleDefault('os_compute_api:os-services:list', base.ADMIN,
                                 'List compute services',
                                 [{'method': 'GET', 'path': '/os-services'}]),
]


def list_rules():
    return rules
