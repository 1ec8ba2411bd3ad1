"""The query parameters the handlers read (req.GET), by operation id: the API
validates them in code, not by schema, so they are listed here by hand."""

_STR = {'type': 'string'}
_LIMIT = ('limit', {'type': 'integer', 'minimum': 0})
_MARKER = ('marker', _STR)
_PAGE = (_LIMIT, _MARKER)
_SORT = (('sort_key', _STR), ('sort_dir', {'enum': ['asc', 'desc']}))
_SERVER_FILTERS = _PAGE + _SORT + (
    ('name', _STR), ('status', _STR), ('image', _STR), ('flavor', _STR),
    ('changes-since', _STR), ('changes-before', _STR), ('reservation_id', _STR),
    ('all_tenants', _STR), ('tags', _STR), ('tags-any', _STR), ('not-tags', _STR),
    ('not-tags-any', _STR), ('locked', _STR))
_FLAVOR_FILTERS = _PAGE + _SORT + (('minRam', _STR), ('minDisk', _STR),
                                   ('is_public', _STR))
_IMAGE_FILTERS = _PAGE + (('name', _STR), ('status', _STR), ('minRam', _STR),
                          ('minDisk', _STR))
_HYPERVISOR_FILTERS = _PAGE + (('hypervisor_hostname_pattern', _STR),
                               ('with_servers', _STR))
_USER = (('user_id', _STR),)
_PERIOD = (('start', _STR), ('end', _STR))

QUERY = {
    'servers:index': _SERVER_FILTERS,
    'servers:detail': _SERVER_FILTERS,
    'os-instance-actions:index': _PAGE + (('changes-since', _STR), ('changes-before', _STR)),
    'flavors:index': _FLAVOR_FILTERS,
    'flavors:detail': _FLAVOR_FILTERS,
    'images:index': _IMAGE_FILTERS,
    'images:detail': _IMAGE_FILTERS,
    'os-keypairs:index': _PAGE + _USER,
    'os-keypairs:show': _USER,
    'os-keypairs:delete': _USER,
    'os-services:index': (('binary', _STR), ('host', _STR)),
    'os-hypervisors:index': _HYPERVISOR_FILTERS,
    'os-hypervisors:detail': _HYPERVISOR_FILTERS,
    'os-hypervisors:show': (('with_servers', _STR),),
    'os-quota-sets:show': _USER,
    'os-quota-sets:detail': _USER,
    'os-quota-sets:update': _USER,
    'os-quota-sets:delete': _USER,
    'limits:index': (('tenant_id', _STR),),
    'os-server-groups:index': (_LIMIT, ('offset', _STR), ('all_projects', _STR)),
    'os-simple-tenant-usage:index': _PAGE + _PERIOD + (('detailed', _STR),),
    'os-simple-tenant-usage:show': _PAGE + _PERIOD,
}


def query(operation_id):
    return [{'name': name, 'in': 'query', 'required': False, 'schema': dict(schema)}
            for name, schema in QUERY.get(operation_id, ())]
