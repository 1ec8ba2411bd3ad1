"""What a restarted compute does with instances left in a task (recovery.reconcile):
the FakeDriver keeps its guests across the restart, as a hypervisor does."""
import pytest

from nova_lite import objects
from nova_lite.compute import manager as compute_manager
from nova_lite.compute import power_state
from nova_lite.compute import recovery
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.virt import fake
from tests.unit.compute.conftest import HOST


def _interrupt(instance, task_state, **changes):
    """Leave instance in task_state as a killed compute would."""
    instance.task_state = task_state
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.save()


def _restart(compute):
    """A new manager and driver on the same host, as after the process died."""
    restarted = compute_manager.ComputeManager(HOST, driver=fake.FakeDriver())
    restarted.compute_task_api = compute.compute_task_api
    restarted.init_host(compute.service_ref)
    return restarted


def _reload(context, instance):
    return objects.Instance.get_by_uuid(context, instance.uuid, expected_attrs=['fault'])


def test_guests_outlive_the_compute_process(compute, active, request_context):
    instance = active()
    assert _restart(compute).power_state_of(instance) == power_state.RUNNING


ACTIVE = (vm_states.ACTIVE, None, power_state.RUNNING)
STOPPED = (vm_states.STOPPED, None, power_state.SHUTDOWN)


# task_state left, what the guest did before the kill, vm_state then -> where it ends
@pytest.mark.parametrize('task_state,guest_did,vm_state,ends', [
    (task_states.POWERING_OFF, None, vm_states.ACTIVE, STOPPED),  # done again
    (task_states.POWERING_ON, 'power_off', vm_states.STOPPED, ACTIVE),  # done again
    (task_states.REBOOT_STARTED, None, vm_states.ACTIVE, ACTIVE),  # done again, hard
    (task_states.PAUSING, 'pause', vm_states.ACTIVE,  # the guest shows it done
     (vm_states.PAUSED, None, power_state.PAUSED)),
    # an ACTIVE server whose guest is off is STOPPED (upstream's power sync)
    (task_states.SHELVING, 'power_off', vm_states.ACTIVE, STOPPED),
])
def test_a_task_left_by_a_restart_ends_settled(compute, active, request_context,
                                               task_state, guest_did, vm_state, ends):
    instance = active()
    if guest_did:
        getattr(compute.driver, guest_did)(request_context, instance)
    _interrupt(instance, task_state, vm_state=vm_state)
    _restart(compute)
    instance = _reload(request_context, instance)
    assert (instance.vm_state, instance.task_state, instance.power_state) == ends


def test_a_pause_the_guest_never_saw_is_given_up_with_a_fault(compute, active,
                                                               request_context):
    instance = active()
    _interrupt(instance, task_states.PAUSING)
    _restart(compute)
    instance = _reload(request_context, instance)
    assert (instance.vm_state, instance.task_state, instance.power_state) == (
        vm_states.ACTIVE, None, power_state.RUNNING)
    assert 'restarted while the instance was in task_state pausing' in (
        instance.fault.message)


def test_an_interrupted_rebuild_is_an_error(compute, active, request_context):
    instance = active()
    _interrupt(instance, task_states.REBUILD_SPAWNING)
    _restart(compute)
    instance = _reload(request_context, instance)
    assert (instance.vm_state, instance.task_state) == (vm_states.ERROR, None)


def test_an_interrupted_unshelve_goes_back_to_offloaded(compute, active, request_context):
    instance = active()
    _interrupt(instance, task_states.SPAWNING, vm_state=vm_states.SHELVED_OFFLOADED)
    restarted = _restart(compute)
    instance = _reload(request_context, instance)
    assert (instance.vm_state, instance.task_state, instance.host) == (
        vm_states.SHELVED_OFFLOADED, None, None)
    assert restarted.driver.list_instances() == []


def test_an_instance_with_no_task_is_left_alone(compute, active, request_context):
    instance = active()
    before = _reload(request_context, instance).updated_at
    recovery.reconcile(compute, request_context, instance)
    assert _reload(request_context, instance).updated_at == before
