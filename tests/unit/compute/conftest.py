"""Fixtures of the compute unit tests: a ComputeManager on the FakeDriver
whose conductor compute_task API (the edge) is a recording stub."""
import pytest

from nova_lite import context as nl_context
from nova_lite import objects
from nova_lite.compute import manager as compute_manager
from nova_lite.objects import instance_action
from nova_lite.virt import fake

HOST = 'host1'


def action_events(context, instance):
    """[(event, result)] of the instance action the context's request recorded."""
    action = objects.InstanceAction.get_by_request_id(context, instance.uuid,
                                                      context.request_id)
    return [(e.event, e.result) for e in
            objects.InstanceActionEventList.get_by_action(context, action.id)]


class RecordingComputeTaskAPI:
    def __init__(self):
        self.reschedules = []

    def build_instances(self, context, instance, request_spec, alternates):
        self.reschedules.append((instance.uuid, request_spec.instance_uuid, alternates))


@pytest.fixture
def compute(db, fake_rpc, make_service):
    manager = compute_manager.ComputeManager(HOST, driver=fake.FakeDriver())
    manager.compute_task_api = RecordingComputeTaskAPI()
    manager.init_host(make_service(HOST))
    return manager


@pytest.fixture
def node(compute, admin_context):
    return objects.ComputeNode.get_by_host_and_nodename(admin_context, HOST, HOST)


@pytest.fixture
def request_context():
    return nl_context.RequestContext(user_id='demo', project_id='demo-project',
                                     roles=['member'])


@pytest.fixture
def scheduled(make_instance, node, request_context):
    """make(name) -> (instance, spec) placed on HOST by the scheduler, with its claim."""
    def _make(name='server'):
        instance = make_instance(context=request_context, request_spec=True,
                                 display_name=name, host=HOST, node=HOST)
        spec = objects.RequestSpec.get_by_instance_uuid(request_context, instance.uuid)
        objects.Allocation.claim(request_context, node.id, instance.uuid, **spec.resources)
        objects.InstanceAction.action_start(request_context, instance.uuid,
                                            instance_action.CREATE)
        return instance, spec
    return _make


@pytest.fixture
def active(compute, scheduled, request_context):
    """active(name) -> an instance built on HOST: ACTIVE with a running fake guest."""
    def _make(name='server'):
        instance, spec = scheduled(name)
        compute.build_and_run_instance(request_context, instance, spec, HOST, [])
        return objects.Instance.get_by_uuid(request_context, instance.uuid)
    return _make
