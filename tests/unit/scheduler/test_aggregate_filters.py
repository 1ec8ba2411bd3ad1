"""AggregateInstanceExtraSpecsFilter and AggregateMultiTenancyIsolation."""
import pytest

from nova_lite.scheduler.filters import aggregate_filters


def _host(make_host_state, *metadata):
    host = make_host_state('h')
    host.aggregates_metadata = list(metadata)
    return host


def _spec(make_spec, extra_specs, project_id='p1'):
    spec = make_spec(project_id=project_id)
    spec.flavor.extra_specs = extra_specs
    return spec


@pytest.mark.parametrize('metadata, extra_specs, passes', [
    ({}, {}, True),
    ({'ssd': 'true'}, {'ssd': 'true'}, True),
    ({'ssd': 'true'}, {'aggregate_instance_extra_specs:ssd': 'true'}, True),
    ({'ssd': 'false'}, {'ssd': 'true'}, False),
    ({}, {'ssd': 'true'}, False),
    ({}, {'hw:cpu_policy': 'dedicated'}, True),          # other scopes are not ours
    ({'gpu': 'a100,h100'}, {'gpu': 'h100'}, True),       # comma-separated values
    ({'cpus': '16'}, {'cpus': '>= 8'}, True),
    ({'cpus': '4'}, {'cpus': '>= 8'}, False),
    ({'cpus': '16'}, {'cpus': '= 8'}, True),             # '=' is "at least"
    ({'cpus': '16'}, {'cpus': '== 8'}, False),
    ({'gpu': 'a100,h100'}, {'gpu': 's!= a100'}, True),   # one value of the list differs
    ({'model': 'xeon gold'}, {'model': '<in> gold'}, True),
    ({'tier': 'b'}, {'tier': '<or> a <or> b'}, True),
    ({'tier': 'c'}, {'tier': '<or> a <or> b'}, False),
])
def test_extra_specs_against_aggregate_metadata(make_host_state, make_spec, metadata,
                                                extra_specs, passes):
    host = _host(make_host_state, metadata)
    result = aggregate_filters.AggregateInstanceExtraSpecsFilter().host_passes(
        host, _spec(make_spec, extra_specs))
    assert result is passes


@pytest.mark.parametrize('value, requirement, matches', [
    # no operator: the strings are equal
    ('true', 'true', True),
    ('true', 'True', False),
    ('xeon gold', 'xeon gold', True),
    ('', '', True),
    # '=' is "at least" for numbers (upstream's odd one)
    ('16', '= 8', True),
    ('8', '= 8', True),
    ('4', '= 8', False),
    ('8.5', '= 8', True),
    ('many', '= 8', False),   # not a number
    ('8', '==', False),       # no operand
    # numeric comparisons
    ('8', '== 8', True),
    ('8.0', '== 8', True),
    ('16', '== 8', False),
    ('16', '!= 8', True),
    ('8', '!= 8', False),
    ('16', '>= 8', True),
    ('4', '>= 8', False),
    ('4', '<= 8', True),
    ('16', '<= 8', False),
    ('abc', '>= 8', False),
    # string comparisons
    ('xeon', 's== xeon', True),
    ('8', 's== 8.0', False),
    ('epyc', 's!= xeon', True),
    ('xeon', 's!= xeon', False),
    ('abc', 's< abd', True),
    ('abd', 's< abd', False),
    ('abd', 's<= abd', True),
    ('abe', 's<= abd', False),
    ('b', 's> a', True),
    ('a', 's> a', False),
    ('a', 's>= a', True),
    ('10', 's>= 9', False),   # as strings, '10' < '9'
    # substrings: <in> one operand, <all-in> every one
    ('xeon gold', '<in> gold', True),
    ('xeon gold', '<in> silver', False),
    ('xeon gold', '<in> silver gold', False),  # the first operand only, as upstream
    ('avx avx2 sse', '<all-in> avx2 sse', True),
    ('avx sse', '<all-in> avx2 sse', False),
    ('avx', '<all-in>', False),
    # one of several values
    ('b', '<or> a <or> b', True),
    ('a', '<or> a <or> b <or> c', True),
    ('c', '<or> a <or> b <or> c', True),
    ('d', '<or> a <or> b <or> c', False),
    ('<or>', '<or> a <or> b', False),
])
def test_extra_specs_operators(value, requirement, matches):
    assert aggregate_filters._matches(value, requirement) is matches


def test_any_aggregate_of_the_host_may_match(make_host_state, make_spec):
    host = _host(make_host_state, {'ssd': 'false'}, {'ssd': 'true'})
    assert aggregate_filters.AggregateInstanceExtraSpecsFilter().host_passes(
        host, _spec(make_spec, {'ssd': 'true'}))


def test_multi_tenancy_isolation(make_host_state, make_spec):
    isolation = aggregate_filters.AggregateMultiTenancyIsolation()
    free_host = _host(make_host_state, {'other': 'x'})
    reserved = _host(make_host_state, {'filter_tenant_id': 'p1,p2'},
                     {'filter_tenant_id2': 'p3'})
    assert isolation.host_passes(free_host, _spec(make_spec, {}, 'anyone'))
    for project, passes in (('p1', True), ('p2', True), ('p3', True), ('p4', False)):
        assert isolation.host_passes(reserved, _spec(make_spec, {}, project)) is passes
