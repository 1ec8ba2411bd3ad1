"""Policies of /flavors."""
from oslo_policy import policy

from nova_lite.policies import base

rules = [
    policy.DocumentedRuleDefault('os_compute_api:flavors', base.ANY, 'List and show flavors',
                                 [{'method': 'GET', 'path': '/flavors'},
                                  {'method': 'GET', 'path': '/flavors/detail'},
                                  {'method': 'GET', 'path': '/flavors/{flavor_id}'}]),
]


def list_rules():
    return rules
