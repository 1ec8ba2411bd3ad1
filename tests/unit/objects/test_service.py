"""Service rows, heartbeats and the up/down decision."""
import datetime

import pytest
import sqlalchemy as sa

from nova_lite import exception
from nova_lite import objects
from nova_lite.db import api as db_api
from nova_lite.db import models


def test_create_fills_uuid_and_last_seen_up(make_service):
    service = make_service('host1')
    assert service.id is not None
    assert service.uuid
    assert service.last_seen_up is not None
    assert not service.deleted
    assert not service.obj_what_changed()


def test_get_by_host_and_binary_id_and_uuid(make_service, admin_context):
    service = make_service('host1')
    make_service('host1', binary='nova-scheduler')
    found = objects.Service.get_by_host_and_binary(admin_context, 'host1', 'nova-compute')
    assert found.id == service.id
    assert objects.Service.get_by_id(admin_context, service.id).uuid == service.uuid
    assert objects.Service.get_by_uuid(admin_context, service.uuid).id == service.id
    with pytest.raises(exception.HostBinaryNotFound):
        objects.Service.get_by_host_and_binary(admin_context, 'host2', 'nova-compute')


def test_create_duplicate_raises_service_exists(make_service):
    make_service('host1')
    with pytest.raises(exception.ServiceExists) as error:
        make_service('host1')
    assert error.value.code == 409


def test_heartbeat_counts_and_refreshes_last_seen_up(make_service, admin_context):
    service = make_service('host1')
    first_seen = service.last_seen_up
    service.heartbeat()
    service.heartbeat()
    loaded = objects.Service.get_by_id(admin_context, service.id)
    assert loaded.report_count == 2
    assert loaded.last_seen_up >= first_seen
    assert loaded.last_seen_up == service.last_seen_up
    assert not service.obj_what_changed()


def test_save_writes_changed_fields(make_service, admin_context):
    service = make_service('host1')
    service.disabled = True
    service.disabled_reason = 'maintenance'
    service.save()
    loaded = objects.Service.get_by_id(admin_context, service.id)
    assert (loaded.disabled, loaded.disabled_reason) == (True, 'maintenance')
    assert loaded.updated_at is not None


@pytest.mark.parametrize('age, up', [(0, True), (30, True), (60, True), (61, False),
                                     (3600, False)])
def test_is_up_compares_last_heartbeat_with_service_down_time(make_service, age, up):
    service = make_service('host1')
    now = service.last_seen_up + datetime.timedelta(seconds=age)
    assert service.is_up(now=now) is up


def test_is_up_follows_service_down_time_option(make_service, conf):
    service = make_service('host1')
    now = service.last_seen_up + datetime.timedelta(seconds=100)
    assert not service.is_up(now=now)
    conf('service_down_time', 120)
    assert service.is_up(now=now)


def test_forced_down_service_is_down_despite_fresh_heartbeat(make_service):
    service = make_service('host1', forced_down=True)
    assert not service.is_up(now=service.last_seen_up)


def test_service_without_any_timestamp_is_down(conf, admin_context):
    service = objects.Service(admin_context, host='h', binary='nova-compute',
                              forced_down=False, last_seen_up=None, updated_at=None,
                              created_at=None)
    assert not service.is_up()


def test_destroy_soft_deletes_and_frees_the_name(make_service, admin_context):
    service = make_service('host1')
    service.destroy()
    with pytest.raises(exception.ServiceNotFound):
        objects.Service.get_by_id(admin_context, service.id)
    with db_api.reader() as session:
        row = session.get(models.Service, service.id)
        assert row.deleted == service.id and row.deleted_at is not None
    with pytest.raises(exception.ServiceNotFound):
        service.heartbeat()
    with pytest.raises(exception.ServiceNotFound):
        service.destroy()
    assert make_service('host1').id != service.id


def test_service_list_filters_by_binary_and_host(make_service, admin_context):
    make_service('host1')
    make_service('host2')
    make_service('ctl', binary='nova-conductor')
    gone = make_service('host3')
    gone.destroy()
    computes = objects.ServiceList.get_all(admin_context, binary='nova-compute')
    assert [s.host for s in computes] == ['host1', 'host2']
    assert [s.binary for s in objects.ServiceList.get_all(admin_context, host='ctl')] == [
        'nova-conductor']
    # a list of hosts: the services of any of them (one call for a page of servers)
    assert [s.host for s in objects.ServiceList.get_all(
        admin_context, binary='nova-compute', host=['host2', 'host3', 'ctl'])] == ['host2']
    with db_api.reader() as session:  # the destroyed row is still there, soft-deleted
        assert session.scalar(sa.select(sa.func.count()).select_from(models.Service)) == 4
