"""Policies of /os-aggregates (admin)."""
from oslo_policy import policy

from nova_lite.policies import base

ONE = '/os-aggregates/{aggregate_id}'

rules = [
    policy.DocumentedRuleDefault('os_compute_api:os-aggregates:%s' % name, base.ADMIN,
                                 description, [{'method': method, 'path': path}])
    for name, method, path, description in (
        ('index', 'GET', '/os-aggregates', 'List aggregates'),
        ('create', 'POST', '/os-aggregates', 'Create an aggregate'),
        ('show', 'GET', ONE, 'Show an aggregate'),
        ('update', 'PUT', ONE, 'Rename an aggregate or change its zone'),
        ('delete', 'DELETE', ONE, 'Delete an aggregate'),
        ('add_host', 'POST', ONE + '/action (add_host)', 'Add a host to an aggregate'),
        ('remove_host', 'POST', ONE + '/action (remove_host)',
         'Remove a host from an aggregate'),
        ('set_metadata', 'POST', ONE + '/action (set_metadata)',
         'Set the metadata of an aggregate'))
]


def list_rules():
    return rules
