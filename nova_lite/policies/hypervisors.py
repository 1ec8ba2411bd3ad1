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
    policy.DocumentedRuleDefault(PREFIX % 'statistics', base.ADMIN,
                                 'Show the sums over every hypervisor (until 2.87)',
                                 [{'method': 'GET', 'path': '/os-hypervisors/statistics'}]),
    policy.DocumentedRuleDefault(PREFIX % 'uptime', base.ADMIN,
                                 'Show the uptime of a hypervisor',
                                 [{'method': 'GET',
                                   'path': '/os-hypervisors/{hypervisor_id}/uptime'}]),
    policy.DocumentedRuleDefault(PREFIX % 'search', base.ADMIN,
                                 'Search hypervisors by host name (until 2.52)',
                                 [{'method': 'GET', 'path':
                                   '/os-hypervisors/{hypervisor_hostname_pattern}/search'}]),
    policy.DocumentedRuleDefault(PREFIX % 'servers', base.ADMIN,
                                 'List the servers of matching hypervisors (until 2.52)',
                                 [{'method': 'GET', 'path':
                                   '/os-hypervisors/{hypervisor_hostname_pattern}/servers'}]),
]


def list_rules():
    return rules
