"""AggregateInstanceExtraSpecsFilter and AggregateMultiTenancyIsolation: hosts
chosen by the metadata of the aggregates they are in."""
import operator

from nova_lite.scheduler import filters

_SCOPE = 'aggregate_instance_extra_specs'
_NUMERIC = {'=': operator.eq, '>=': operator.ge, '<=': operator.le}


def _matches(value, requirement):
    """An aggregate metadata value against a flavor extra spec, with the operators
    upstream's extra specs take: '<in> x', '<or> a <or> b', 's== x', '= n', '>= n', '<= n'."""
    words = requirement.split()
    if not words:
        return value == requirement
    op, args = words[0], words[1:]
    if op == '<in>':
        return ' '.join(args) in value
    if op == '<or>':
        return value in [w for w in words if w != '<or>']
    if op == 's==':
        return value == ' '.join(args)
    if op in _NUMERIC and len(args) == 1:
        try:
            return _NUMERIC[op](float(value), float(args[0]))
        except ValueError:
            return False
    return value == requirement


class AggregateInstanceExtraSpecsFilter(filters.BaseHostFilter):
    """Flavor extra specs (unscoped or aggregate_instance_extra_specs:KEY) must be
    matched by the metadata of one of the host's aggregates."""

    def host_passes(self, host_state, request_spec):
        specs = request_spec.flavor.extra_specs if request_spec.flavor.obj_attr_is_set(
            'extra_specs') else {}
        for key, requirement in specs.items():
            scope, _, name = key.partition(':')
            if name:
                if scope != _SCOPE:
                    continue  # another filter's (or the driver's) business
                key = name
            values = {md[key] for md in host_state.aggregates_metadata if key in md}
            if not any(_matches(value.strip(), requirement) for value in
                       (v for joined in values for v in joined.split(','))):
                return False
        return True


class AggregateMultiTenancyIsolation(filters.BaseHostFilter):
    """A host in an aggregate with filter_tenant_id* metadata takes only those projects."""

    def host_passes(self, host_state, request_spec):
        allowed = {project.strip() for md in host_state.aggregates_metadata
                   for key, value in md.items() if key.startswith('filter_tenant_id')
                   for project in value.split(',')}
        return not allowed or request_spec.project_id in allowed
