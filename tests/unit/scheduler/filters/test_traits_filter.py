"""TraitsFilter: the traits a flavor or an image requires or forbids, against the
traits the host's driver reported."""
import pytest

from nova_lite.scheduler import image_properties
from nova_lite.scheduler.filters import traits_filter


def _spec(make_spec, extra_specs=None, image_properties=None):
    spec = make_spec(image_properties=image_properties or {})
    spec.flavor.extra_specs = extra_specs or {}
    return spec


@pytest.mark.parametrize('host_traits, extra_specs, passes', [
    ([], {}, True),
    (['HW_CPU_X86_AVX2'], {}, True),
    (['HW_CPU_X86_AVX2'], {'trait:HW_CPU_X86_AVX2': 'required'}, True),
    ([], {'trait:HW_CPU_X86_AVX2': 'required'}, False),
    (['CUSTOM_GOLD'], {'trait:HW_CPU_X86_AVX2': 'required', 'trait:CUSTOM_GOLD': 'required'},
     False),
    (['CUSTOM_GOLD', 'HW_CPU_X86_AVX2'],
     {'trait:HW_CPU_X86_AVX2': 'required', 'trait:CUSTOM_GOLD': 'required'}, True),
    (['CUSTOM_GOLD'], {'trait:CUSTOM_GOLD': 'forbidden'}, False),
    (['CUSTOM_SILVER'], {'trait:CUSTOM_GOLD': 'forbidden'}, True),
    ([], {'trait:CUSTOM_GOLD': 'forbidden'}, True),
    (['CUSTOM_GOLD'], {'trait:CUSTOM_GOLD': 'required', 'trait:CUSTOM_SLOW': 'forbidden'},
     True),
    (['CUSTOM_GOLD', 'CUSTOM_SLOW'],
     {'trait:CUSTOM_GOLD': 'required', 'trait:CUSTOM_SLOW': 'forbidden'}, False),
    ([], {'trait:CUSTOM_GOLD': 'preferred'}, True),   # not a trait request: ignored
    ([], {'trait:CUSTOM_GOLD': 'Required'}, True),    # the values are case-sensitive
    ([], {'trait:': 'required'}, True),               # no name
    ([], {'hw:cpu_policy': 'dedicated', 'ssd': 'true'}, True),  # others' extra specs
])
def test_flavor_extra_specs(make_host_state, make_spec, host_traits, extra_specs, passes):
    host = make_host_state('h', traits=host_traits)
    spec = _spec(make_spec, extra_specs)
    assert traits_filter.TraitsFilter().host_passes(host, spec) is passes


def test_image_can_require_a_trait(make_host_state, make_spec):
    gold = make_host_state('gold', traits=['CUSTOM_GOLD'])
    plain = make_host_state('plain')
    constraints = image_properties.host_constraints(
        {'id': 'x', 'trait:CUSTOM_GOLD': 'required', 'architecture': 'x86_64'})
    spec = _spec(make_spec, image_properties=constraints)
    assert traits_filter.TraitsFilter().filter_all([plain, gold], spec) == [gold]


def test_flavor_forbids_what_the_image_requires(make_host_state, make_spec):
    gold = make_host_state('gold', traits=['CUSTOM_GOLD'])
    spec = _spec(make_spec, {'trait:CUSTOM_GOLD': 'forbidden'},
                 {'trait:CUSTOM_GOLD': 'required'})
    assert traits_filter.TraitsFilter().filter_all([gold, make_host_state('plain')],
                                                   spec) == []


def test_requested_traits(make_spec):
    spec = _spec(make_spec, {'trait:A': 'required', 'trait:B': 'forbidden', 'trait:C': 'x',
                             'D': 'required'}, {'trait:E': 'required', 'architecture': 'x86_64'})
    assert traits_filter.requested_traits(spec) == ({'A', 'E'}, {'B'})


def test_a_request_without_traits_passes_every_host(make_host_state, make_spec):
    hosts = [make_host_state('a', traits=['CUSTOM_GOLD']), make_host_state('b')]
    assert traits_filter.TraitsFilter().filter_all(hosts, make_spec()) == hosts
