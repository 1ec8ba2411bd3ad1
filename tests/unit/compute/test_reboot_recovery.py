"""Reboots as upstream finishes them: after a compute restart (its _retry_reboot:
a soft reboot the guest never saw is done again SOFT, one whose guest runs
after it started is only cleared) and when the hypervisor fails one (a guest
that is not running is ERROR)."""
import pytest

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.virt import fake
from tests.unit.compute.test_recovery import _interrupt
from tests.unit.compute.test_recovery import _reload
from tests.unit.compute.test_recovery import _restart


@pytest.fixture
def reboots(monkeypatch):
    """The reboot types every FakeDriver was asked for."""
    asked = []
    real = fake.FakeDriver.reboot

    def recording(self, context, instance, reboot_type):
        asked.append(reboot_type)
        return real(self, context, instance, reboot_type)
    monkeypatch.setattr(fake.FakeDriver, 'reboot', recording)
    return asked


# task_state left, whether the guest ran at the restart -> the reboot done again
@pytest.mark.parametrize('task_state,running,redone', [
    (task_states.REBOOT_PENDING, True, ['SOFT']),
    (task_states.REBOOT_PENDING, False, ['HARD']),
    (task_states.REBOOT_PENDING_HARD, True, ['HARD']),
    (task_states.REBOOT_STARTED, True, []),
    (task_states.REBOOT_STARTED_HARD, True, []),
    (task_states.REBOOT_STARTED, False, ['HARD']),
    (task_states.REBOOT_STARTED_HARD, False, ['HARD']),
    (task_states.REBOOTING, True, ['HARD']),
])
def test_a_reboot_left_by_a_restart(compute, active, request_context, reboots,
                                    task_state, running, redone):
    instance = active()
    if not running:
        compute.driver.power_off(request_context, instance)
    _interrupt(instance, task_state)
    _restart(compute)
    loaded = _reload(request_context, instance)
    assert reboots == redone
    assert (loaded.vm_state, loaded.task_state, loaded.power_state) == (
        vm_states.ACTIVE, None, power_state.RUNNING)
    assert loaded.fault is None


def _reboot_request(instance, task_state):
    context = nl_context.RequestContext(user_id='demo', project_id='demo-project',
                                        roles=['member'])
    instance.task_state = task_state
    instance.save()
    objects.InstanceAction.action_start(context, instance.uuid, 'reboot')
    return context


@pytest.mark.parametrize('guest_runs,ends', [(True, vm_states.ACTIVE),
                                             (False, vm_states.ERROR)])
def test_a_failed_reboot_is_error_only_when_the_guest_does_not_run(
        compute, active, monkeypatch, guest_runs, ends):
    instance = active()
    context = _reboot_request(instance, task_states.REBOOTING_HARD)

    def broken(context, instance, reboot_type):
        if not guest_runs:
            compute.driver.power_off(context, instance)
        raise exception.NovaLiteException('the hypervisor said no')
    monkeypatch.setattr(compute.driver, 'reboot', broken)
    compute.reboot_instance(context, instance, 'HARD')
    loaded = _reload(context, instance)
    assert (loaded.vm_state, loaded.task_state) == (ends, None)
    assert loaded.power_state == (power_state.RUNNING if guest_runs
                                  else power_state.SHUTDOWN)
    assert loaded.fault.message == 'the hypervisor said no'
