"""Instance persistence: create, get, the optimistic-lock save, soft delete, lists."""
import datetime

import pytest
import sqlalchemy as sa
from oslo_utils import timeutils

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.db import api as db_api
from nova_lite.db import models


def _get(context, instance, **kwargs):
    return objects.Instance.get_by_uuid(context, instance.uuid, **kwargs)


def test_create_stores_flavor_metadata_and_request_spec(make_instance, admin_context):
    instance = make_instance(request_spec=True, metadata={'role': 'web'},
                             image_ref='155d900f-4e14-4e4c-a73d-069cbf4541e6')
    assert instance.id is not None and not instance.deleted
    assert not instance.obj_what_changed()
    loaded = _get(admin_context, instance)
    assert loaded.flavor.name == 'm1.tiny' and loaded.flavor.memory_mb == 512
    assert loaded.metadata == {'role': 'web'}
    assert (loaded.vm_state, loaded.task_state) == (vm_states.BUILDING, task_states.SCHEDULING)
    assert loaded.name == 'instance-%08x' % loaded.id
    spec = objects.RequestSpec.get_by_instance_uuid(admin_context, instance.uuid)
    assert spec.instance_uuid == instance.uuid
    assert spec.image_ref == '155d900f-4e14-4e4c-a73d-069cbf4541e6'


def test_create_defaults_vm_state_building(db, admin_context):
    flavor = objects.Flavor.get_by_flavor_id(admin_context, '1')
    instance = objects.Instance(admin_context, flavor=flavor, vcpus=1, memory_mb=512,
                                root_gb=1, ephemeral_gb=0, locked=False)
    instance.create()
    assert instance.vm_state == vm_states.BUILDING
    assert instance.uuid and instance.metadata == {}


def test_get_by_uuid_missing_raises(db, admin_context):
    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(admin_context, 'a5b4b2a8-0f9e-4c71-9a2b-9dbd3e0f5c1e')


def test_get_by_uuid_with_fault_returns_the_newest(make_instance, admin_context):
    instance = make_instance()
    assert _get(admin_context, instance, expected_attrs=['fault']).fault is None
    for message in ('first', 'second'):
        objects.InstanceFault(admin_context, instance_uuid=instance.uuid, code=500,
                              message=message, details='', host='h').create()
    loaded = _get(admin_context, instance, expected_attrs=['fault'])
    assert (loaded.fault.message, loaded.fault.code) == ('second', 500)


def test_fault_is_lazy_loaded_when_not_asked_for(make_instance, admin_context):
    instance = make_instance()
    objects.InstanceFault(admin_context, instance_uuid=instance.uuid, code=404,
                          message='gone', details='', host='h').create()
    loaded = _get(admin_context, instance)
    assert not loaded.obj_attr_is_set('fault')
    assert loaded.fault.message == 'gone'
    assert not loaded.obj_what_changed()


def test_save_writes_changes(make_instance, admin_context):
    instance = make_instance()
    instance.task_state = task_states.NETWORKING
    instance.metadata = {'a': 'b'}
    instance.save(expected_task_state=[task_states.SCHEDULING])
    assert not instance.obj_what_changed()
    loaded = _get(admin_context, instance)
    assert (loaded.task_state, loaded.metadata) == (task_states.NETWORKING, {'a': 'b'})
    assert loaded.updated_at is not None


def test_save_keeps_a_loaded_fault(make_instance, admin_context):
    instance = make_instance()
    objects.InstanceFault(admin_context, instance_uuid=instance.uuid, code=500,
                          message='boom', details='', host='h').create()
    loaded = _get(admin_context, instance, expected_attrs=['fault'])
    loaded.vm_state = vm_states.ERROR
    loaded.save()
    assert loaded.fault is not None and loaded.fault.message == 'boom'


def test_save_without_changes_is_a_no_op(make_instance, admin_context):
    instance = make_instance()
    instance.save(expected_task_state=['not-the-state'])  # nothing to write, no check


def test_save_with_stale_expected_task_state_raises(make_instance, admin_context):
    instance = make_instance()
    other = _get(admin_context, instance)
    other.task_state = task_states.NETWORKING
    other.save(expected_task_state=[task_states.SCHEDULING])
    instance.task_state = task_states.NETWORKING
    with pytest.raises(exception.UnexpectedTaskStateError) as error:
        instance.save(expected_task_state=task_states.SCHEDULING)
    assert not isinstance(error.value, exception.UnexpectedDeletingTaskStateError)
    assert error.value.code == 409
    assert error.value.kwargs['actual']['task_state'] == task_states.NETWORKING


def test_save_racing_a_delete_raises_unexpected_deleting(make_instance, admin_context):
    instance = make_instance()
    deleter = _get(admin_context, instance)
    deleter.task_state = task_states.DELETING
    deleter.save()
    instance.task_state = task_states.NETWORKING
    with pytest.raises(exception.UnexpectedDeletingTaskStateError):
        instance.save(expected_task_state=[task_states.SCHEDULING])
    assert _get(admin_context, instance).task_state == task_states.DELETING


def test_save_expecting_no_task_state(make_instance, admin_context):
    instance = make_instance(vm_state=vm_states.ACTIVE, task_state=None)
    instance.task_state = task_states.DELETING
    instance.save(expected_task_state=[None])
    again = _get(admin_context, instance)
    again.task_state = task_states.REBOOTING
    with pytest.raises(exception.UnexpectedDeletingTaskStateError):
        again.save(expected_task_state=[None])


def test_save_with_expected_vm_state(make_instance, admin_context):
    instance = make_instance(vm_state=vm_states.ACTIVE, task_state=None)
    instance.vm_state = vm_states.ERROR
    with pytest.raises(exception.UnexpectedTaskStateError):
        instance.save(expected_vm_state=[vm_states.BUILDING])
    instance.save(expected_vm_state=[vm_states.ACTIVE])
    assert _get(admin_context, instance).vm_state == vm_states.ERROR


def _actions(context, instance):
    return [a.action for a in objects.InstanceActionList.get_by_instance_uuid(
        context, instance.uuid)]


def test_save_with_an_action_records_it_with_the_change(make_instance, admin_context):
    instance = make_instance(vm_state=vm_states.ACTIVE, task_state=None)
    instance.task_state = task_states.POWERING_OFF
    instance.save(expected_task_state=[None], action='stop')
    assert _actions(admin_context, instance) == ['stop']
    assert _get(admin_context, instance).task_state == task_states.POWERING_OFF
    # a save that loses its race records nothing
    instance.task_state = task_states.PAUSING
    with pytest.raises(exception.UnexpectedTaskStateError):
        instance.save(expected_task_state=[None], action='pause')
    assert _actions(admin_context, instance) == ['stop']


def test_save_reads_back_the_row_but_keeps_an_unchanged_flavor(make_instance,
                                                                admin_context):
    instance = make_instance(metadata={'a': '1'})
    flavor = instance.flavor
    other = _get(admin_context, instance)
    other.display_name = 'renamed'
    other.save()
    instance.metadata = {'b': '2'}
    instance.save()
    assert instance.flavor is flavor and not instance.obj_what_changed()
    assert (instance.display_name, instance.metadata) == ('renamed', {'b': '2'})
    assert instance.updated_at is not None


def test_destroy_releases_the_claims_in_the_same_transaction(make_instance, make_node,
                                                             admin_context):
    node = make_node('host1', vcpus=4)
    instance = make_instance()
    objects.Allocation.claim(admin_context, node.id, instance.uuid, 1, 512, 1)
    instance.destroy()
    with db_api.reader() as session:
        assert not session.scalars(sa.select(models.Allocation)).all()
        assert session.get(models.ComputeNode, node.id).vcpus_used == 0


def test_destroy_soft_deletes(make_instance, admin_context):
    instance = make_instance()
    instance.destroy()
    assert (instance.vm_state, instance.task_state, instance.deleted) == (
        vm_states.DELETED, None, True)
    assert instance.terminated_at is not None
    with pytest.raises(exception.InstanceNotFound):
        _get(admin_context, instance)
    deleted = _get(admin_context.elevated(read_deleted='yes'), instance)
    assert deleted.deleted and deleted.vm_state == vm_states.DELETED
    with db_api.reader() as session:
        assert session.scalar(sa.select(models.Instance.deleted).where(
            models.Instance.uuid == instance.uuid)) == instance.id
    with pytest.raises(exception.InstanceNotFound):
        instance.destroy()
    instance.task_state = task_states.DELETING
    with pytest.raises(exception.InstanceNotFound):
        instance.save()


def _actions(context, instance):
    return [a.action for a in objects.InstanceActionList.get_by_instance_uuid(
        context, instance.uuid)]


def test_start_delete_on_an_up_host_leaves_the_delete_to_its_compute(
        make_instance, make_service, admin_context):
    make_service('host1')  # just created: up
    instance = make_instance(host='host1', vm_state=vm_states.ACTIVE, task_state=None)
    assert instance.start_delete() is True
    assert instance.task_state == task_states.DELETING and not instance.obj_what_changed()
    loaded = _get(admin_context, instance)
    assert (loaded.vm_state, loaded.task_state) == (vm_states.ACTIVE, task_states.DELETING)
    assert _actions(admin_context, instance) == ['delete']


@pytest.mark.parametrize('host', [None, 'host1', 'host2'])
def test_start_delete_without_an_up_host_destroys_here(make_instance, make_service, make_node,
                                                       admin_context, host):
    make_service('host1', forced_down=True)  # down; host2 has no service at all
    node = make_node('host1')
    instance = make_instance(host=host)
    objects.Allocation.claim(admin_context, node.id, instance.uuid, 1, 512, 1)
    assert instance.start_delete() is False
    assert instance.deleted and instance.vm_state == vm_states.DELETED
    with pytest.raises(exception.InstanceNotFound):
        _get(admin_context, instance)
    assert objects.ComputeNode.get_by_id(admin_context, node.id).vcpus_used == 0
    assert _actions(admin_context, instance) == ['delete']


def _names(instances):
    return [i.display_name for i in instances]


@pytest.fixture
def five(make_instance):
    """Five instances created one minute apart: s0 oldest ... s4 newest."""
    start = timeutils.utcnow() - datetime.timedelta(hours=1)
    return [make_instance(display_name='s%d' % n, created_at=start + datetime.timedelta(
        minutes=n), host='host%d' % (n % 2), project_id='p%d' % (n % 2)) for n in range(5)]


def test_list_default_order_is_newest_first(five, admin_context):
    assert _names(objects.InstanceList.get_by_filters(admin_context)) == [
        's4', 's3', 's2', 's1', 's0']


def test_list_filters_by_value_list_and_none(five, admin_context):
    def names(filters):
        return sorted(_names(objects.InstanceList.get_by_filters(admin_context, filters)))
    assert names({'project_id': 'p1'}) == ['s1', 's3']
    assert names({'display_name': ['s0', 's4', 'nope']}) == ['s0', 's4']
    assert names({'host': 'host0', 'project_id': 'p0'}) == ['s0', 's2', 's4']
    five[2].host = None
    five[2].save()
    assert names({'host': None}) == ['s2']
    with pytest.raises(exception.Invalid):
        objects.InstanceList.get_by_filters(admin_context, {'no_such_column': 1})


def test_list_deleted_filter_and_read_deleted(five, admin_context):
    five[0].destroy()
    assert 's0' not in _names(objects.InstanceList.get_by_filters(admin_context))
    assert _names(objects.InstanceList.get_by_filters(admin_context, {'deleted': True})) == [
        's0']
    only = nl_context.get_admin_context(read_deleted='only')
    assert _names(objects.InstanceList.get_by_filters(only)) == ['s0']
    both = nl_context.get_admin_context(read_deleted='yes')
    assert len(objects.InstanceList.get_by_filters(both)) == 5


def test_list_sort_keys_and_dirs(five, admin_context):
    listed = objects.InstanceList.get_by_filters(
        admin_context, sort_keys=['host', 'display_name'], sort_dirs=['asc', 'desc'])
    assert _names(listed) == ['s4', 's2', 's0', 's3', 's1']
    with pytest.raises(exception.Invalid):
        objects.InstanceList.get_by_filters(admin_context, sort_keys=['user_data'])


def test_list_limit_and_fault(five, admin_context):
    objects.InstanceFault(admin_context, instance_uuid=five[4].uuid, code=500,
                          message='bad', details='', host='h').create()
    listed = objects.InstanceList.get_by_filters(admin_context, limit=2,
                                                 expected_attrs=['fault'])
    assert _names(listed) == ['s4', 's3']
    assert listed[0].fault.message == 'bad' and listed[1].fault is None


@pytest.mark.parametrize('sort_keys, sort_dirs', [
    (None, None),
    (['display_name'], ['asc']),
    (['host', 'display_name'], ['asc', 'desc']),
    (['host'], ['desc']),  # ties broken by id
])
def test_marker_pagination_visits_every_instance_once(five, admin_context, sort_keys,
                                                      sort_dirs):
    expected = _names(objects.InstanceList.get_by_filters(
        admin_context, sort_keys=sort_keys, sort_dirs=sort_dirs))
    seen, marker = [], None
    while True:
        page = objects.InstanceList.get_by_filters(admin_context, sort_keys=sort_keys,
                                                   sort_dirs=sort_dirs, limit=2, marker=marker)
        if not page:
            break
        seen.extend(_names(page))
        marker = page[-1].uuid
    assert seen == expected and len(seen) == 5


def test_marker_pagination_over_null_sort_values(five, admin_context):
    for instance in five[1:3]:
        instance.host = None
        instance.save()
    for direction in ('asc', 'desc'):
        expected = _names(objects.InstanceList.get_by_filters(
            admin_context, sort_keys=['host'], sort_dirs=[direction]))
        seen, marker = [], None
        for _ in range(5):
            page = objects.InstanceList.get_by_filters(
                admin_context, sort_keys=['host'], sort_dirs=[direction], limit=1,
                marker=marker)
            seen.extend(_names(page))
            marker = page[-1].uuid
        assert seen == expected


def test_unknown_marker_raises_marker_not_found(five, admin_context):
    with pytest.raises(exception.MarkerNotFound) as error:
        objects.InstanceList.get_by_filters(admin_context,
                                            marker='0b0e3f5e-3c4b-4f1e-8a1d-5d8c2f1e9a7b')
    assert error.value.code == 400


def test_save_and_destroy_record_the_events_of_the_requests_action(make_instance,
                                                                  admin_context):
    """start_event/finish_event: the event of the request's action starts (on the
    instance's host) and ends in the same write, without a call of its own."""
    instance = make_instance(host='host1')
    objects.InstanceAction.action_start(admin_context, instance.uuid, 'create')
    instance.task_state = task_states.SPAWNING
    instance.save(start_event='compute__do_build_and_run_instance')
    instance.save(finish_event='compute__do_build_and_run_instance')  # no change but that
    action = objects.InstanceAction.get_by_request_id(admin_context, instance.uuid,
                                                      admin_context.request_id)
    (event,) = objects.InstanceActionEventList.get_by_action(admin_context, action.id)
    assert (event.event, event.host, event.result) == (
        'compute__do_build_and_run_instance', 'host1', 'Success')
    assert event.start_time <= event.finish_time
    # a context whose request recorded no action: the write is done all the same
    other = nl_context.get_admin_context()
    instance._context = other
    instance.task_state = None
    instance.save(start_event='compute__do_build_and_run_instance')
    instance.destroy(finish_event='compute_terminate_instance')
    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(admin_context, instance.uuid)
