"""compute.api.API: what nova-lite-api asks of the rest, with the conductor stubbed."""
import pytest

from nova_lite import exception
from nova_lite import objects
from nova_lite.compute import api as compute_api
from nova_lite.compute import task_states
from nova_lite.compute import vm_states

IMAGE = '155d900f-4e14-4e4c-a73d-069cbf4541e6'


class RecordingComputeTaskAPI:
    def __init__(self):
        self.calls = []

    def schedule_and_build_instances(self, context, request_spec, instance_uuids):
        self.calls.append((request_spec, instance_uuids))


class RecordingComputeRPCAPI:
    def __init__(self):
        self.terminated = []

    def terminate_instance(self, context, instance):
        self.terminated.append(instance.uuid)


@pytest.fixture
def api(db, fake_rpc):
    api = compute_api.API()
    api.compute_task_api = RecordingComputeTaskAPI()
    api.compute_rpcapi = RecordingComputeRPCAPI()
    return api


@pytest.fixture
def flavor(db, user_context):
    return objects.Flavor.get_by_flavor_id(user_context, '2')


@pytest.mark.parametrize('name, hostname', [('My Server_1.example', 'my-server-1-example'),
                                            ('---', 'server'), ('Ünï cödé', 'n-cd'),
                                            ('x' * 80, 'x' * 63)])
def test_sanitize_hostname(name, hostname):
    assert compute_api.sanitize_hostname(name) == hostname


def test_create_records_building_instance_spec_and_action(api, flavor, user_context):
    (instance,), reservation_id = api.create(user_context, flavor, IMAGE, 'web 1',
                                              metadata={'a': 'b'})
    assert reservation_id.startswith('r-')
    loaded = objects.Instance.get_by_uuid(user_context, instance.uuid)
    assert (loaded.vm_state, loaded.task_state) == (vm_states.BUILDING, task_states.SCHEDULING)
    assert (loaded.project_id, loaded.user_id) == ('demo-project', 'demo')
    assert (loaded.display_name, loaded.hostname) == ('web 1', 'web-1')
    assert (loaded.flavor.name, loaded.memory_mb, loaded.metadata) == ('m1.small', 2048,
                                                                       {'a': 'b'})
    spec = objects.RequestSpec.get_by_instance_uuid(user_context, instance.uuid)
    assert spec.resources == {'vcpus': 1, 'memory_mb': 2048, 'disk_gb': 20}
    (action,) = objects.InstanceActionList.get_by_instance_uuid(user_context, instance.uuid)
    assert (action.action, action.request_id) == ('create', user_context.request_id)
    ((sent_spec, uuids),) = api.compute_task_api.calls
    assert sent_spec.instance_uuid == instance.uuid and uuids == [instance.uuid]


def test_multiple_create_names_each_server(api, flavor, user_context):
    instances, reservation_id = api.create(user_context, flavor, IMAGE, 'vm', min_count=3,
                                           max_count=3)
    assert [i.display_name for i in instances] == ['vm-1', 'vm-2', 'vm-3']
    assert [i.launch_index for i in instances] == [0, 1, 2]
    assert {i.reservation_id for i in instances} == {reservation_id}
    # one spec for the request, and the instances' uuids
    ((sent_spec, uuids),) = api.compute_task_api.calls
    assert uuids == [i.uuid for i in instances]
    assert (sent_spec.instance_uuid, sent_spec.num_instances) == (instances[0].uuid, 3)


@pytest.mark.parametrize('min_count, max_count', [(0, 0), (1, 0), (0, None)])
def test_zero_count_means_one_server(api, flavor, user_context, min_count, max_count):
    # as upstream: "min_count = min_count or 1; max_count = max_count or min_count"
    instances, _ = api.create(user_context, flavor, IMAGE, 'vm', min_count=min_count,
                              max_count=max_count)
    assert [i.display_name for i in instances] == ['vm']


def test_get_hides_other_projects_and_bad_ids(api, flavor, user_context, admin_context):
    (instance,), _ = api.create(user_context, flavor, IMAGE, 'vm')
    assert api.get(user_context, instance.uuid).uuid == instance.uuid
    assert api.get(admin_context, instance.uuid).uuid == instance.uuid
    other = user_context.__class__(user_id='eve', project_id='other', roles=['member'])
    with pytest.raises(exception.InstanceNotFound):
        api.get(other, instance.uuid)
    with pytest.raises(exception.InstanceNotFound):
        api.get(user_context, 'not-a-uuid')


def test_delete_without_host_deletes_locally(api, flavor, user_context):
    (instance,), _ = api.create(user_context, flavor, IMAGE, 'vm')
    api.delete(user_context, instance)
    assert api.compute_rpcapi.terminated == []
    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(user_context, instance.uuid)


def test_delete_on_an_up_host_asks_the_compute(api, flavor, user_context, make_service):
    make_service('host1')
    (instance,), _ = api.create(user_context, flavor, IMAGE, 'vm')
    instance.host = 'host1'
    instance.save()
    api.delete(user_context, instance)
    assert api.compute_rpcapi.terminated == [instance.uuid]
    loaded = objects.Instance.get_by_uuid(user_context, instance.uuid)
    assert loaded.task_state == task_states.DELETING
    actions = objects.InstanceActionList.get_by_instance_uuid(user_context, instance.uuid)
    assert [a.action for a in actions] == ['delete', 'create']
