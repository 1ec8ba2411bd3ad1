"""GET /limits: the project's absolute limits and what it uses of them
(admins may ask for another project with ?tenant_id=). 2.36 drops the
network limits, 2.39 maxImageMeta, 2.57 the personality ones."""
from nova_lite import objects
from nova_lite import policy
from nova_lite.api import wsgi

# (API name, quota resource or None for a gone network quota, last version shown)
_MAX = (('maxImageMeta', 'metadata_items', '2.38'),
        ('maxPersonality', 'injected_files', '2.56'),
        ('maxPersonalitySize', 'injected_file_content_bytes', '2.56'),
        ('maxSecurityGroupRules', None, '2.35'),
        ('maxSecurityGroups', None, '2.35'),
        ('maxServerMeta', 'metadata_items', None),
        ('maxTotalCores', 'cores', None),
        ('maxTotalFloatingIps', None, '2.35'),
        ('maxTotalInstances', 'instances', None),
        ('maxTotalKeypairs', 'key_pairs', None),
        ('maxTotalRAMSize', 'ram', None),
        ('maxServerGroups', 'server_groups', None),
        ('maxServerGroupMembers', 'server_group_members', None))
_USED = (('totalCoresUsed', 'cores', None),
         ('totalInstancesUsed', 'instances', None),
         ('totalRAMUsed', 'ram', None),
         ('totalSecurityGroupsUsed', None, '2.35'),
         ('totalFloatingIpsUsed', None, '2.35'),
         ('totalServerGroupsUsed', 'server_groups', None))


def _shown(version, table, values, missing):
    return {name: values[resource] if resource else missing
            for name, resource, until in table if until is None or version <= until}


class LimitsController:
    @wsgi.expected_errors(())
    def index(self, req):
        context = req.context
        project_id = req.GET.get('tenant_id') or context.project_id
        policy.authorize(context, 'os_compute_api:limits', {'project_id': project_id})
        if project_id != context.project_id:
            policy.authorize(context, 'os_compute_api:limits:other_project',
                             {'project_id': project_id})
        limits = objects.Quotas.get_limits(context, project_id)
        usages = objects.Quotas.get_usages(context, project_id)
        version = req.api_version_request
        absolute = _shown(version, _MAX, limits, -1)
        absolute.update(_shown(version, _USED, usages, 0))
        return {'limits': {'absolute': absolute, 'rate': []}}
