"""Policies of /flavors/{flavor_id}/os-extra_specs."""
from oslo_policy import policy

from nova_lite.policies import base

PATH = '/flavors/{flavor_id}/os-extra_specs'

rules = [
    policy.DocumentedRuleDefault('os_compute_api:os-flavor-extra-specs:%s' % name, check,
                                 description, [{'method': method, 'path': path}])
    for name, check, method, path, description in (
        ('index', base.PROJECT_READER_OR_ADMIN, 'GET', PATH, 'List the extra specs of a flavor'),
        ('show', base.PROJECT_READER_OR_ADMIN, 'GET', PATH + '/{key}', 'Show an extra spec'),
        ('create', base.ADMIN, 'POST', PATH, 'Add or change extra specs'),
        ('update', base.ADMIN, 'PUT', PATH + '/{key}', 'Change an extra spec'),
        ('delete', base.ADMIN, 'DELETE', PATH + '/{key}', 'Delete an extra spec'))
]


def list_rules():
    return rules
