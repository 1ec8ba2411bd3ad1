"""Factories the unit tests share: rows made through the real objects."""
import pytest
from oslo_utils import uuidutils

from nova_lite import objects
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import vm_states


@pytest.fixture
def make_service(db, admin_context):
    """make_service(host, binary='nova-compute', **fields) -> a created Service."""
    def _make(host, binary='nova-compute', **fields):
        values = dict(host=host, binary=binary, topic=binary.split('-')[-1],
                      report_count=0, disabled=False, forced_down=False, version=1)
        values.update(fields)
        service = objects.Service(admin_context, **values)
        service.create()
        return service
    return _make


@pytest.fixture
def make_node(db, admin_context):
    """make_node(host, vcpus, memory_mb, local_gb, service_id=None, **reported)."""
    def _make(host, vcpus=4, memory_mb=4096, local_gb=100, service_id=None, **reported):
        resources = dict(vcpus=vcpus, memory_mb=memory_mb, local_gb=local_gb,
                         hypervisor_type='fake', hypervisor_version=1000, cpu_info='{}')
        resources.update(reported)
        return objects.ComputeNode.report(admin_context, host, host, service_id, resources)
    return _make


@pytest.fixture
def make_instance(db, admin_context):
    """make_instance(context=None, request_spec=False, **fields) -> a created Instance.

    Defaults to an m1.tiny instance in building/scheduling of project 'demo-project'.
    """
    def _make(context=None, request_spec=False, **fields):
        context = context or admin_context
        flavor = fields.pop('flavor', None) or objects.Flavor.get_by_flavor_id(context, '1')
        values = dict(uuid=uuidutils.generate_uuid(), user_id='demo',
                      project_id='demo-project', display_name='server', flavor=flavor,
                      instance_type_id=flavor.id, vcpus=flavor.vcpus,
                      memory_mb=flavor.memory_mb, root_gb=flavor.root_gb,
                      ephemeral_gb=flavor.ephemeral_gb, vm_state=vm_states.BUILDING,
                      task_state=task_states.SCHEDULING, power_state=power_state.NOSTATE,
                      metadata={}, locked=False)
        values.update(fields)
        instance = objects.Instance(context, **values)
        spec = None
        if request_spec:
            spec = objects.RequestSpec(context, instance_uuid=instance.uuid,
                                       project_id=instance.project_id,
                                       user_id=instance.user_id, flavor=flavor,
                                       image_ref=values.get('image_ref'),
                                       num_instances=1, scheduler_hints={},
                                       ignore_hosts=[], tried_hosts=[])
        instance.create(request_spec=spec)
        return instance
    return _make
