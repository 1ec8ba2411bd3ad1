"""The rules the API policies are built from (upstream's secure RBAC defaults)."""
from oslo_policy import policy

ADMIN = 'rule:context_is_admin'
PROJECT_MEMBER = 'role:member and project_id:%(project_id)s'
PROJECT_READER = 'role:reader and project_id:%(project_id)s'
PROJECT_MEMBER_OR_ADMIN = 'rule:project_member_or_admin'
PROJECT_READER_OR_ADMIN = 'rule:project_reader_or_admin'
ANY = '@'

rules = [
    policy.RuleDefault('context_is_admin', 'role:admin', 'Decides what is an admin.'),
    policy.RuleDefault('project_member_or_admin', '%s or %s' % (PROJECT_MEMBER, ADMIN),
                       'A member of the owning project, or an admin.'),
    policy.RuleDefault('project_reader_or_admin', '%s or %s' % (PROJECT_READER, ADMIN),
                       'A reader of the owning project, or an admin.'),
]


def list_rules():
    return rules
