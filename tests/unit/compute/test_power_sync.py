"""Guests that change behind nova's back (the FakeDriver's guests changed
directly, as a `virsh destroy` would): the periodic power-state sync, the
lifecycle events and compute start-up bring their servers in line, as
upstream's _sync_instance_power_state rules say."""
import types

import pytest
from oslo_utils import uuidutils

from nova_lite import objects
from nova_lite.compute import manager as compute_manager
from nova_lite.compute import power_state
from nova_lite.compute import power_sync
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.virt import event as virt_event
from nova_lite.virt import fake
from tests.unit.compute.conftest import HOST


def _reload(context, instance):
    return objects.Instance.get_by_uuid(context.elevated(read_deleted='yes'), instance.uuid)


def _state(context, instance):
    instance = _reload(context, instance)
    return instance.vm_state, instance.task_state, instance.power_state


def _stop_actions(context, instance):
    """[(result of its compute_stop_instance event)] of each 'stop' action."""
    results = []
    for action in objects.InstanceActionList.get_by_instance_uuid(context, instance.uuid):
        if action.action == 'stop':
            events = objects.InstanceActionEventList.get_by_action(context, action.id)
            results.append([e.result for e in events if e.event == 'compute_stop_instance'])
    return results


def _set_vm_state(instance, vm_state):
    instance.vm_state = vm_state
    instance.save()


STOPPED = (vm_states.STOPPED, None, power_state.SHUTDOWN)


# vm_state in the database, what happened to the guest -> where the server ends,
# and whether it took a stop
@pytest.mark.parametrize('vm_state, guest_did, ends, stopped', [
    (vm_states.ACTIVE, 'power_off', STOPPED, True),
    (vm_states.ACTIVE, 'suspend', STOPPED, True),
    (vm_states.ACTIVE, 'pause', (vm_states.ACTIVE, None, power_state.PAUSED), False),
    (vm_states.ACTIVE, 'destroy', (vm_states.ACTIVE, None, power_state.NOSTATE), False),
    (vm_states.STOPPED, None, STOPPED, True),  # a stopped server's guest runs: off
    (vm_states.STOPPED, 'suspend', (vm_states.STOPPED, None, power_state.SUSPENDED), False),
    (vm_states.PAUSED, 'power_off', STOPPED, True),
    (vm_states.RESCUED, 'power_off', (vm_states.RESCUED, None, power_state.SHUTDOWN), False),
])
def test_periodic_sync_follows_upstreams_rules(compute, active, admin_context, request_context,
                                               vm_state, guest_did, ends, stopped):
    instance = active()
    _set_vm_state(instance, vm_state)
    if guest_did:
        getattr(compute.driver, guest_did)(request_context, instance)
    compute._sync_power_states(admin_context)
    assert _state(admin_context, instance) == ends
    assert _stop_actions(admin_context, instance) == ([['Success']] if stopped else [])


def test_the_periodic_sync_reads_the_host_a_page_at_a_time(compute, active, admin_context,
                                                           request_context, monkeypatch):
    """A host with more instances than a page: each is synced, and no answer of the
    conductor holds more than a page (one held all of the host's: 1,500 instances
    took the conductor from 91 to 111 MiB)."""
    monkeypatch.setattr(objects.instance, 'HOST_PAGE', 2)
    instances = [active() for _ in range(5)]
    for instance in instances:
        compute.driver.power_off(request_context, instance)
    limits = []
    get = objects.InstanceList.get_by_filters

    def counted(context, filters, **kwargs):
        limits.append(kwargs.get('limit'))
        return get(context, filters, **kwargs)
    monkeypatch.setattr(objects.InstanceList, 'get_by_filters', counted)
    compute._sync_power_states(admin_context)
    assert [_state(admin_context, i) for i in instances] == [STOPPED] * 5
    assert limits == [2, 2, 2]


def test_an_instance_in_a_task_is_left_to_it(compute, active, admin_context, request_context):
    instance = active()
    compute.driver.power_off(request_context, instance)
    instance.task_state = task_states.REBOOTING
    instance.save()
    compute._sync_power_states(admin_context)
    compute._handle_lifecycle_event(virt_event.LifecycleEvent(
        instance.uuid, virt_event.EVENT_LIFECYCLE_STOPPED))
    assert _state(admin_context, instance) == (
        vm_states.ACTIVE, task_states.REBOOTING, power_state.RUNNING)


def test_a_task_started_meanwhile_wins(compute, active, admin_context, request_context):
    instance = active()
    stale = objects.Instance.get_by_uuid(admin_context, instance.uuid)
    compute.driver.power_off(request_context, instance)
    instance.task_state = task_states.POWERING_ON  # say a user's action got there first
    instance.save()
    power_sync.sync_instance_power_state(compute, admin_context, stale, power_state.SHUTDOWN)
    assert _state(admin_context, instance) == (
        vm_states.ACTIVE, task_states.POWERING_ON, power_state.RUNNING)
    assert _stop_actions(admin_context, instance) == []


def test_a_lifecycle_event_syncs_its_instance_at_once(compute, active, admin_context,
                                                      request_context):
    instance, other = active('shut-down'), active('untouched')
    compute.driver.power_off(request_context, instance)
    compute.driver.power_off(request_context, other)
    compute._handle_lifecycle_event(virt_event.LifecycleEvent(
        instance.uuid, virt_event.EVENT_LIFECYCLE_STOPPED))
    assert _state(admin_context, instance) == STOPPED
    assert _state(admin_context, other) == (vm_states.ACTIVE, None, power_state.RUNNING)


def test_a_stale_event_is_ignored(compute, active, admin_context):
    instance = active()
    compute._handle_lifecycle_event(virt_event.LifecycleEvent(
        instance.uuid, virt_event.EVENT_LIFECYCLE_STOPPED))  # the guest runs again since
    assert _state(admin_context, instance) == (vm_states.ACTIVE, None, power_state.RUNNING)


def test_events_of_unknown_or_other_hosts_instances_are_ignored(
        compute, make_instance, admin_context, request_context):
    compute._handle_lifecycle_event(virt_event.LifecycleEvent(
        uuidutils.generate_uuid(), virt_event.EVENT_LIFECYCLE_STOPPED))
    elsewhere = make_instance(host='host2', vm_state=vm_states.ACTIVE, task_state=None,
                              power_state=power_state.RUNNING)
    compute._handle_lifecycle_event(virt_event.LifecycleEvent(
        elsewhere.uuid, virt_event.EVENT_LIFECYCLE_STOPPED))
    assert _state(admin_context, elsewhere) == (vm_states.ACTIVE, None, power_state.RUNNING)


def test_the_compute_listens_to_its_drivers_events(compute):
    assert compute.driver._compute_event_callback == compute._handle_lifecycle_event
    compute.cleanup_host()
    assert compute.driver._compute_event_callback is None


def _restart(compute):
    """A new manager and driver on the same host, as after the process died."""
    restarted = compute_manager.ComputeManager(HOST, driver=fake.FakeDriver())
    restarted.compute_task_api = compute.compute_task_api
    restarted.init_host(compute.service_ref)
    return restarted


def test_a_guest_stopped_while_the_compute_was_down_is_stopped_at_start(
        compute, active, admin_context, request_context):
    instance = active()
    compute.driver.power_off(request_context, instance)
    _restart(compute)
    assert _state(admin_context, instance) == STOPPED


def test_start_destroys_the_guests_of_deleted_and_moved_instances_only(
        compute, active, admin_context, request_context):
    kept, deleted, moved = active('kept'), active('deleted'), active('moved')
    objects.Instance.get_by_uuid(admin_context, deleted.uuid).destroy()  # the API did it
    moved.host = 'host2'
    moved.save()
    stranger = types.SimpleNamespace(name='instance-7fffffff', display_name='other cloud',
                                     uuid=uuidutils.generate_uuid())
    compute.driver.spawn(request_context, stranger, {})
    restarted = _restart(compute)
    assert sorted(restarted.driver.list_instances()) == sorted([kept.name, stranger.name])


def test_reaping_goes_by_uuid_not_by_name(compute, active, admin_context, request_context):
    instance = active()
    compute.driver.destroy(request_context, instance)
    objects.Instance.get_by_uuid(admin_context, instance.uuid).destroy()
    # another cloud on the same hypervisor has a guest of that very name
    namesake = types.SimpleNamespace(name=instance.name, display_name='namesake',
                                     uuid=uuidutils.generate_uuid())
    compute.driver.spawn(request_context, namesake, {})
    compute.reap_deleted_guests(admin_context)
    assert compute.driver.list_instances() == [instance.name]


def test_image_cache_pass_gives_the_driver_this_hosts_instances(
        compute, active, make_instance, admin_context, conf, monkeypatch):
    instance = active()
    make_instance(host='host2')
    passes = []
    monkeypatch.setattr(compute.driver, 'manage_image_cache',
                        lambda context, instances: passes.append([i.uuid for i in instances]))
    compute._run_image_cache_manager_pass(admin_context)
    conf('manager_interval', -1, 'image_cache')
    compute._run_image_cache_manager_pass(admin_context)
    assert passes == [[instance.uuid]]
