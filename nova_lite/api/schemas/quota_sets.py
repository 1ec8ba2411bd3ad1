"""Request bodies of PUT /os-quota-sets/{tenant_id} and /os-quota-class-sets/{id},
per microversion: 2.36 drops the network quotas, 2.57 the injected files."""
from nova_lite.api import validation

_limit = {'type': ['integer', 'string'], 'pattern': '^-?[0-9]+$', 'minimum': -1,
          'maximum': 0x7FFFFFFF}
NETWORK = ('fixed_ips', 'floating_ips', 'security_groups', 'security_group_rules',
           'networks')
INJECTED = ('injected_files', 'injected_file_content_bytes', 'injected_file_path_bytes')
_BASE = ('instances', 'cores', 'ram', 'metadata_items', 'key_pairs', 'server_groups',
         'server_group_members')


def _resources(network, injected):
    return _BASE + (NETWORK if network else ()) + (INJECTED if injected else ())


def _update(key, resources, force):
    properties = {resource: _limit for resource in resources}
    if force:
        properties['force'] = validation.boolean
    return validation.wrapped(key, properties)


update = _update('quota_set', _resources(True, True), force=True)
update_v236 = _update('quota_set', _resources(False, True), force=True)
update_v257 = _update('quota_set', _resources(False, False), force=True)
class_update = _update('quota_class_set', _resources(True, True), force=False)
class_update_v250 = _update('quota_class_set', _resources(False, True), force=False)
class_update_v257 = _update('quota_class_set', _resources(False, False), force=False)
