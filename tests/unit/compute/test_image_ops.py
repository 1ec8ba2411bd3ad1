"""The image operations of compute (snapshot, shelve, offload, unshelve, rebuild)
against a Glance-shaped fake: their task_state steps and where they end."""
import pytest

from nova_lite import objects
from nova_lite.compute import image_ops
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.image import glance
from tests.fakes import glance as fake_glance

IMAGE_ID = '70a599e0-31e7-49b7-b260-868f441e862b'


@pytest.fixture
def glance_server(conf):
    fake = fake_glance.FakeGlance([fake_glance.image(IMAGE_ID)]).start()
    conf('enabled', True, 'glance')
    conf('endpoint_override', fake.endpoint, 'glance')
    conf('auth_type', 'none', 'glance')
    yield fake
    fake.stop()


class StepRecorder:
    """compute.step that remembers the task_states walked through."""

    def __init__(self, compute, monkeypatch):
        self.steps = []
        real = compute.step

        def step(instance, task_state, expected_task_state):
            self.steps.append(task_state)
            real(instance, task_state, expected_task_state)
        monkeypatch.setattr(compute, 'step', step)


def _ops(compute):
    return image_ops.ImageOperations(compute, glance.GlanceClient())


def _snapshot_record(context, glance_server, name):
    return glance.GlanceClient().create(context, {'name': name, 'disk_format': 'raw',
                                                  'container_format': 'bare'})


def _reload(context, instance):
    return objects.Instance.get_by_uuid(context, instance.uuid)


def test_snapshot_walks_upstreams_steps_and_uploads(compute, active, request_context,
                                                     glance_server, monkeypatch):
    instance = active()
    image = _snapshot_record(request_context, glance_server, 'snap')
    instance.task_state = task_states.IMAGE_SNAPSHOT_PENDING
    instance.save()
    recorder = StepRecorder(compute, monkeypatch)
    _ops(compute).snapshot(request_context, instance, image['id'])
    assert recorder.steps == [task_states.IMAGE_SNAPSHOT, task_states.IMAGE_PENDING_UPLOAD,
                              task_states.IMAGE_UPLOADING]
    assert glance_server.images[image['id']]['status'] == 'active'
    assert glance_server.data[image['id']] == b'fake disk of %s' % instance.name.encode()
    instance = _reload(request_context, instance)
    assert (instance.vm_state, instance.task_state) == (vm_states.ACTIVE, None)


def test_a_failed_snapshot_deletes_its_image(compute, active, request_context,
                                             glance_server):
    instance = active()
    image = _snapshot_record(request_context, glance_server, 'snap')
    instance.task_state = task_states.IMAGE_SNAPSHOT_PENDING
    instance.save()
    compute.driver.destroy(request_context, instance)
    with pytest.raises(Exception):
        _ops(compute).snapshot(request_context, instance, image['id'])
    assert image['id'] not in glance_server.images


def test_shelve_offload_and_unshelve(compute, active, request_context, glance_server,
                                     monkeypatch):
    instance = active()
    image = _snapshot_record(request_context, glance_server, 'server-shelved')
    instance.task_state = task_states.SHELVING
    instance.save()
    recorder = StepRecorder(compute, monkeypatch)
    ops = _ops(compute)
    ops.shelve(request_context, instance, image['id'], clean_shutdown=True)
    assert recorder.steps == [task_states.SHELVING_IMAGE_PENDING_UPLOAD,
                              task_states.SHELVING_IMAGE_UPLOADING]
    instance = _reload(request_context, instance)
    assert (instance.vm_state, instance.power_state) == (vm_states.SHELVED,
                                                         power_state.SHUTDOWN)
    assert instance.system_metadata['shelved_image_id'] == image['id']

    compute.step(instance, task_states.SHELVING_OFFLOADING, None)
    ops.shelve_offload(request_context, instance)
    instance = _reload(request_context, instance)
    assert (instance.vm_state, instance.host, instance.node) == (
        vm_states.SHELVED_OFFLOADED, None, None)
    assert compute.driver.list_instances() == []

    instance.host = instance.node = compute.host
    instance.task_state = task_states.UNSHELVING
    instance.save()
    ops.unshelve(request_context, instance, image['id'])
    instance = _reload(request_context, instance)
    assert (instance.vm_state, instance.task_state, instance.power_state) == (
        vm_states.ACTIVE, None, power_state.RUNNING)
    assert 'shelved_image_id' not in instance.system_metadata
    assert image['id'] not in glance_server.images  # the snapshot is not needed any more


def test_a_failed_unshelve_goes_back_to_offloaded(compute, active, request_context, conf):
    instance = active('doomed')
    compute.driver.destroy(request_context, instance)
    instance.vm_state = vm_states.SHELVED_OFFLOADED
    instance.task_state = task_states.UNSHELVING
    instance.save()
    conf('fail_spawn_for_names', ['doomed'], 'fake_driver')
    with pytest.raises(Exception, match='failed to spawn'):
        _ops(compute).unshelve(request_context, instance, None)
    instance = _reload(request_context, instance)
    assert (instance.vm_state, instance.host) == (vm_states.SHELVED_OFFLOADED, None)


@pytest.mark.parametrize('vm_state,power', [(vm_states.ACTIVE, power_state.RUNNING),
                                            (vm_states.STOPPED, power_state.SHUTDOWN)])
def test_rebuild_keeps_the_power_state_asked_for(compute, active, request_context,
                                                 monkeypatch, vm_state, power):
    instance = active()
    if vm_state == vm_states.STOPPED:
        compute.driver.power_off(request_context, instance)
    instance.vm_state = vm_state
    instance.task_state = task_states.REBUILDING
    instance.save()
    recorder = StepRecorder(compute, monkeypatch)
    _ops(compute).rebuild(request_context, instance, IMAGE_ID, 'secret')
    assert recorder.steps == [task_states.REBUILD_BLOCK_DEVICE_MAPPING,
                              task_states.REBUILD_SPAWNING]
    instance = _reload(request_context, instance)
    assert (instance.vm_state, instance.task_state, instance.power_state) == (
        vm_state, None, power)


def test_a_failed_rebuild_is_an_error(compute, active, request_context, conf):
    instance = active('doomed')
    instance.task_state = task_states.REBUILDING
    instance.save()
    conf('fail_spawn_for_names', ['doomed'], 'fake_driver')
    with pytest.raises(Exception, match='failed to spawn'):
        _ops(compute).rebuild(request_context, instance, IMAGE_ID, None)
    assert _reload(request_context, instance).vm_state == vm_states.ERROR
