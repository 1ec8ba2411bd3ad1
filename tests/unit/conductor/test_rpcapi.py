"""Versioned objects remoted to the conductor over oslo.messaging: the caller has
ConductorAPI as its indirection_api, and a conductor Service (as
nova-lite-conductor runs it) answers on the fake:// transport."""
import threading

import pytest
import sqlalchemy as sa

from nova_lite import exception
from nova_lite import objects
from nova_lite import service
from nova_lite.compute import api as compute_api
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.conductor import manager as conductor_manager
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite.db import api as db_api
from nova_lite.db import models
from nova_lite.objects import base as objects_base


class RecordingConductor(conductor_manager.ConductorManager):
    """The real endpoints, noting each object call, the thread that ran it and
    the request id that came with it."""

    def __init__(self, host):
        super().__init__(host)
        self.calls = []

    def object_class_action_versions(self, context, objname, objmethod, object_versions,
                                     args, kwargs):
        self.calls.append(('class', objname, objmethod, threading.current_thread(),
                           context.request_id))
        return super().object_class_action_versions(context, objname, objmethod,
                                                    object_versions, args, kwargs)

    def object_action(self, context, objinst, objmethod, args, kwargs):
        self.calls.append(('action', objinst.obj_name(), objmethod,
                           threading.current_thread(), context.request_id))
        return super().object_action(context, objinst, objmethod, args, kwargs)


class CallerThreadOnly:
    """The conductor API as indirection_api for the test's thread only. In one
    process the conductor's threads share NovaLiteObject with the caller; they
    must run the methods against the database, as nova-lite-conductor (which
    has no indirection_api) does."""

    def __init__(self, api):
        self._api = api
        self._caller = threading.current_thread()

    def __bool__(self):
        return threading.current_thread() is self._caller

    def __getattr__(self, name):
        return getattr(self._api, name)


@pytest.fixture
def conductor(db, fake_rpc):
    manager = RecordingConductor('conductor-host')
    conductor_service = service.Service('conductor-host', 'nova-conductor',
                                        conductor_rpcapi.TOPIC, manager)
    conductor_service.start()
    objects_base.NovaLiteObject.indirection_api = CallerThreadOnly(
        conductor_rpcapi.ConductorAPI())
    yield manager
    objects_base.NovaLiteObject.indirection_api = None
    conductor_service.stop()


@pytest.fixture
def remote_calls(conductor, user_context):
    """remote_calls() -> the object calls the conductor served since the last
    look, as (kind, object, method); each ran in a conductor thread, with the
    request id of user_context, the one the tests act with."""
    def _calls():
        calls, conductor.calls[:] = list(conductor.calls), []
        for _kind, _name, _method, thread, request_id in calls:
            assert thread is not threading.current_thread()
            assert request_id == user_context.request_id
        return [call[:3] for call in calls]
    return _calls


def _row(uuid):
    with db_api.reader() as session:
        return session.scalars(sa.select(models.Instance).where(
            models.Instance.uuid == uuid)).one()


def test_reading_an_instance_goes_through_the_conductor(make_instance, conductor,
                                                        remote_calls, user_context):
    created = make_instance(display_name='remote')
    conductor.calls.clear()

    instance = objects.Instance.get_by_uuid(user_context, created.uuid)

    assert remote_calls() == [('class', 'Instance', 'get_by_uuid')]
    assert isinstance(instance, objects.Instance)
    assert (instance.uuid, instance.display_name, instance.flavor.flavorid) == (
        created.uuid, 'remote', '1')
    assert instance._context is user_context
    assert instance.obj_what_changed() == set()


def test_saving_an_instance_goes_through_the_conductor(make_instance, conductor,
                                                       remote_calls, user_context):
    created = make_instance()
    instance = objects.Instance.get_by_uuid(user_context, created.uuid)
    conductor.calls.clear()

    instance.task_state = task_states.SPAWNING
    instance.save(expected_task_state=[task_states.SCHEDULING])

    assert remote_calls() == [('action', 'Instance', 'save')]
    assert _row(created.uuid).task_state == task_states.SPAWNING
    # what the conductor wrote came back into the caller's object
    assert instance.updated_at is not None
    assert instance.obj_what_changed() == set()


@pytest.mark.parametrize('up', [True, False])
def test_the_apis_delete_is_one_conductor_call(make_instance, make_service, conductor,
                                               remote_calls, user_context, up):
    """The check of the host's compute service and the writes: one call, on an up host
    (then the compute finishes it) as on a down one (destroyed there)."""
    make_service('host1', forced_down=not up)
    created = make_instance(host='host1', vm_state=vm_states.ACTIVE, task_state=None,
                            project_id=user_context.project_id)
    instance = objects.Instance.get_by_uuid(user_context, created.uuid)
    conductor.calls.clear()

    compute_api.API().delete(user_context, instance)

    assert remote_calls() == [('action', 'Instance', 'start_delete')]
    assert _row(created.uuid).task_state == (task_states.DELETING if up else None)
    assert bool(_row(created.uuid).deleted) is not up
    assert instance.task_state == (task_states.DELETING if up else None)


def test_a_class_method_goes_through_the_conductor(make_instance, conductor, remote_calls,
                                                   user_context):
    uuids = {make_instance().uuid, make_instance().uuid}
    conductor.calls.clear()

    found = objects.InstanceList.get_by_filters(user_context, {'deleted': False})

    assert remote_calls() == [('class', 'InstanceList', 'get_by_filters')]
    assert isinstance(found, objects.InstanceList)
    assert all(isinstance(instance, objects.Instance) for instance in found)
    assert {instance.uuid for instance in found} == uuids


def test_domain_errors_come_back_as_themselves(make_instance, conductor, remote_calls,
                                               user_context):
    uuid = make_instance().uuid
    conductor.calls.clear()
    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(user_context, '00000000-0000-4000-8000-000000000000')
    instance = objects.Instance.get_by_uuid(user_context, uuid)
    instance.task_state = task_states.SPAWNING
    with pytest.raises(exception.UnexpectedTaskStateError):
        instance.save(expected_task_state=[task_states.DELETING])

    assert remote_calls() == [('class', 'Instance', 'get_by_uuid'),
                              ('class', 'Instance', 'get_by_uuid'),
                              ('action', 'Instance', 'save')]
    assert _row(instance.uuid).task_state == task_states.SCHEDULING


def test_no_conductor_call_without_the_indirection_api(make_instance, conductor,
                                                       user_context):
    # the conductor's own threads run objects locally: nothing loops back to it
    done = []
    worker = threading.Thread(target=lambda: done.append(
        objects.Instance.get_by_uuid(user_context, make_instance().uuid)))
    worker.start()
    worker.join()
    assert len(done) == 1 and conductor.calls == []
