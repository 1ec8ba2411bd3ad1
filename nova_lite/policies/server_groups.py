"""Policies of /os-server-groups."""
from oslo_policy import policy

from nova_lite.policies import base

ONE = '/os-server-groups/{server_group_id}'

rules = [
    policy.DocumentedRuleDefault('os_compute_api:os-server-groups:%s' % name, check,
                                 description, [{'method': method, 'path': path}])
    for name, check, method, path, description in (
        ('create', base.PROJECT_MEMBER_OR_ADMIN, 'POST', '/os-server-groups',
         'Create a server group'),
        ('delete', base.PROJECT_MEMBER_OR_ADMIN, 'DELETE', ONE, 'Delete a server group'),
        ('index', base.PROJECT_READER_OR_ADMIN, 'GET', '/os-server-groups',
         "List the project's server groups"),
        ('index:all_projects', base.ADMIN, 'GET', '/os-server-groups',
         'List the server groups of every project'),
        ('show', base.PROJECT_READER_OR_ADMIN, 'GET', ONE, 'Show a server group'))
]


def list_rules():
    return rules
