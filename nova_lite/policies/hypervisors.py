"""Policies of /os-hypervisors."""
from oslo_policy import policy

from nova_lite.policies import base

PREFIX = 'os_compute_api:os-hypervisors:%s'

rules = [
    policy.DocumentedRuleDefault(PREFIX % 'list', base.ADMIN, 'List hypervisors',
                                 [{'method': 'GET', 'path': '/os-hypervisors'}]),
    policy.DocumentedRuleDefault(PREFIX % 'list-detail', base.ADMIN,
                                 'List hypervisors with details',
                                 [{'method': 'GET', 'path': '/os-hypervisors/detail'}]),
    policy.DocumentedRuleDefault(PREFIX % 'show', base.ADMIN, 'Show a hypervisor',
                                 [{'method': 'GET', 'path': '/os-hypervisors/{hypervisor_id}'}]),
]


def list_rules():
    return rules
