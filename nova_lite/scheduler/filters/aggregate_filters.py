"""AggregateInstanceExtraSpecsFilter and AggregateMultiTenancyIsolation: hosts
chosen by the metadata of the aggregates they are in."""
import operator

from nova_lite.scheduler import filters

_SCOPE = 'aggregate_instance_extra_specs'


def _numeric(compare):
    def method(value, wanted):
        try:
            return compare(float(value), float(wanted))
        except ValueError:  # not a number: no match (upstream would fail the request)
            return False
    return method


# upstream's extra_specs_ops: '=' is the odd one, "at least" for numbers
_OPERATORS = {
    '=': _numeric(operator.ge),
    '==': _numeric(operator.eq),
    '!=': _numeric(operator.ne),
    '>=': _numeric(operator.ge),
    '<=': _numeric(operator.le),
    's==': operator.eq,
    's!=': operator.ne,
    's<': operator.lt,
    's<=': operator.le,
    's>': operator.gt,
    's>=': operator.ge,
    '<in>': lambda value, wanted: wanted in value,
}


def _matches(value, requirement):
    """An aggregate metadata value against a flavor extra spec, as upstream's
    extra_specs_ops.match: '<op> operand' with an operator of _OPERATORS (one operand,
    the first word), '<all-in> a b...' (every word in the value), '<or> a <or> b...'
    (the value is one of them); anything else is compared as a plain string."""
    words = requirement.split()
    op = words[0] if words else None
    if op == '<or>':
        return value in words[1::2]
    if op == '<all-in>':
        return len(words) > 1 and all(word in value for word in words[1:])
    if op not in _OPERATORS:
        return value == requirement
    return len(words) > 1 and _OPERATORS[op](value, words[1])


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
