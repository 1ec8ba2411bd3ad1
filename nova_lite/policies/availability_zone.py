"""Policies of /os-availability-zone."""
from oslo_policy import policy

from nova_lite.policies import base

rules = [
    policy.DocumentedRuleDefault('os_compute_api:os-availability-zone:list', base.ANY,
                                 'List availability zones',
                                 [{'method': 'GET', 'path': '/os-availability-zone'}]),
    policy.DocumentedRuleDefault('os_compute_api:os-availability-zone:detail', base.ADMIN,
                                 'List availability zones with their hosts and services',
                                 [{'method': 'GET', 'path': '/os-availability-zone/detail'}]),
]


def list_rules():
    return rules
