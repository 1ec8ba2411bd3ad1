"""In-memory host states and request specs for filter and weigher tests."""
import datetime

import pytest
from oslo_utils import timeutils

from nova_lite import objects
from nova_lite.scheduler import host_state


@pytest.fixture
def make_host_state(conf, admin_context):
    """make_host_state(host, vcpus, memory_mb, local_gb, service=..., **node fields)."""
    def _make(host='host1', vcpus=4, memory_mb=4096, local_gb=100, service='up', node_id=1,
              **fields):
        values = dict(id=node_id, host=host, hypervisor_hostname=host, vcpus=vcpus,
                      memory_mb=memory_mb, local_gb=local_gb, vcpus_used=0,
                      memory_mb_used=0, local_gb_used=0, reserved_vcpus=0,
                      reserved_memory_mb=0, reserved_disk_gb=0, cpu_allocation_ratio=1.0,
                      ram_allocation_ratio=1.0, disk_allocation_ratio=1.0, running_vms=0)
        values.update(fields)
        node = objects.ComputeNode(admin_context, **values)
        svc = None
        if service is not None:
            last_seen = timeutils.utcnow()
            if service == 'down':
                last_seen -= datetime.timedelta(hours=1)
            svc = objects.Service(admin_context, host=host, binary='nova-compute',
                                  disabled=service == 'disabled',
                                  forced_down=service == 'forced_down',
                                  last_seen_up=last_seen)
        return host_state.HostState(node, svc)
    return _make


@pytest.fixture
def make_spec(admin_context):
    """make_spec(vcpus=1, memory_mb=512, root_gb=1, ephemeral_gb=0, swap=0, **spec fields)."""
    def _make(vcpus=1, memory_mb=512, root_gb=1, ephemeral_gb=0, swap=0, **fields):
        flavor = objects.Flavor(admin_context, flavorid='f', name='f', vcpus=vcpus,
                                memory_mb=memory_mb, root_gb=root_gb,
                                ephemeral_gb=ephemeral_gb, swap=swap)
        values = dict(instance_uuid='1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d', flavor=flavor,
                      ignore_hosts=[], tried_hosts=[])
        values.update(fields)
        return objects.RequestSpec(admin_context, **values)
    return _make
