"""Policies of /os-quota-sets and /os-quota-class-sets and /limits."""
from oslo_policy import policy

from nova_lite.policies import base

SETS = '/os-quota-sets/{tenant_id}'


def _rule(name, check, method, path, description):
    return policy.DocumentedRuleDefault(name, check, description,
                                        [{'method': method, 'path': path}])


rules = [
    _rule('os_compute_api:os-quota-sets:show', base.PROJECT_READER_OR_ADMIN, 'GET', SETS,
          'Show the quotas of a project'),
    _rule('os_compute_api:os-quota-sets:detail', base.PROJECT_READER_OR_ADMIN, 'GET',
          SETS + '/detail', 'Show the quotas of a project with their usage'),
    _rule('os_compute_api:os-quota-sets:defaults', base.ANY, 'GET', SETS + '/defaults',
          'Show the default quotas'),
    _rule('os_compute_api:os-quota-sets:update', base.ADMIN, 'PUT', SETS,
          'Change the quotas of a project or user'),
    _rule('os_compute_api:os-quota-sets:delete', base.ADMIN, 'DELETE', SETS,
          'Revert the quotas of a project or user to the defaults'),
    _rule('os_compute_api:os-quota-class-sets:show', base.ADMIN, 'GET',
          '/os-quota-class-sets/{quota_class}', 'Show the quotas of a quota class'),
    _rule('os_compute_api:os-quota-class-sets:update', base.ADMIN, 'PUT',
          '/os-quota-class-sets/{quota_class}', 'Change the quotas of a quota class'),
    _rule('os_compute_api:limits', base.ANY, 'GET', '/limits',
          'Show the rate and absolute limits of the current project'),
    _rule('os_compute_api:limits:other_project', base.ADMIN, 'GET', '/limits',
          'Show the limits of another project (?tenant_id=)'),
]


def list_rules():
    return rules
