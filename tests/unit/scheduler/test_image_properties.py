"""ImagePropertiesFilter: architecture and hypervisor type asked for by the image."""
import json

import pytest

from nova_lite.scheduler import image_properties
from nova_lite.scheduler.filters import image_props_filter


def test_constraints_from_a_glance_record():
    assert image_properties.host_constraints({'id': 'x', 'name': 'n'}) == {}
    assert image_properties.host_constraints(
        {'hw_architecture': 'X86_64', 'architecture': 'aarch64', 'img_hv_type': 'KVM'}) == \
        {'architecture': 'x86_64', 'hypervisor_type': 'kvm'}
    assert image_properties.host_constraints({'hypervisor_type': 'qemu'}) == \
        {'hypervisor_type': 'qemu'}


@pytest.mark.parametrize('constraints, arch, hv, passes', [
    ({}, 'x86_64', 'QEMU', True),
    ({'architecture': 'x86_64'}, 'x86_64', 'QEMU', True),
    ({'architecture': 'aarch64'}, 'x86_64', 'QEMU', False),
    ({'hypervisor_type': 'qemu'}, 'x86_64', 'QEMU', True),
    ({'hypervisor_type': 'kvm'}, 'x86_64', 'QEMU', True),
    ({'hypervisor_type': 'qemu'}, 'x86_64', 'fake', False),
    ({'architecture': 'x86_64'}, None, None, True),  # a host that does not say
])
def test_filter(make_host_state, make_spec, constraints, arch, hv, passes):
    reported = {'hypervisor_type': hv} if hv else {}
    if arch:
        reported['cpu_info'] = json.dumps({'arch': arch})
    host = make_host_state('h', **reported)
    spec = make_spec(image_properties=constraints)
    assert image_props_filter.ImagePropertiesFilter().host_passes(host, spec) is passes
