"""InstanceList.get_page_by_filters and instance_rows: the records of a page tell
the server views what the versioned objects of the same page would."""
import datetime

import pytest
from oslo_utils import timeutils

from nova_lite import exception
from nova_lite import objects
from nova_lite.compute import vm_states
from nova_lite.objects import instance_rows

LAUNCHED = datetime.datetime(2026, 11, 30, 8, 15, 42, 123456)


@pytest.fixture
def page(make_instance, admin_context):
    """Servers of two flavors (one with extra specs), with metadata, tags, a lock
    reason, an address, a launch time and, for one, a fault."""
    small = objects.Flavor.get_by_flavor_id(admin_context, '2')
    small.extra_specs = {'hw:cpu_policy': 'dedicated'}
    made = [make_instance(display_name='plain'),
            make_instance(display_name='rich', flavor=small, metadata={'role': 'db'},
                          system_metadata={'locked_reason': 'audit'}, locked=True,
                          access_ip_v4='192.0.2.7', launched_at=LAUNCHED,
                          vm_state=vm_states.ACTIVE, task_state=None, host='host1'),
            make_instance(display_name='broken', vm_state=vm_states.ERROR)]
    objects.TagList.replace(admin_context, made[1].uuid, ['web', 'prod'])
    objects.InstanceFault(admin_context, instance_uuid=made[2].uuid, code=500,
                          message='No valid host', details='trace', host='h').create()
    return made


def _both(context, **kwargs):
    kwargs.setdefault('expected_attrs', ['fault', 'tags'])
    objs = objects.InstanceList.get_by_filters(context, {}, **kwargs)
    records = instance_rows.unpack(objects.InstanceList.get_page_by_filters(
        context, {}, **kwargs))
    return list(objs), records


def test_records_hold_what_the_objects_hold(page, admin_context):
    objs, records = _both(admin_context)
    assert [r.uuid for r in records] == [o.uuid for o in objs]
    for obj, record in zip(objs, records):
        for name in obj.fields:
            if name in ('flavor', 'fault', 'key_data'):
                continue
            value = getattr(obj, name)
            if name.startswith('access_ip') and value is not None:
                value = str(value)
            assert getattr(record, name) == value, name
        assert record.name == obj.name
        for name in obj.flavor.fields:
            if obj.flavor.obj_attr_is_set(name) and name not in ('created_at',
                                                                 'updated_at'):
                assert getattr(record.flavor, name) == getattr(obj.flavor, name), name
        if obj.fault is None:
            assert record.fault is None
        else:
            for name in ('code', 'message', 'details', 'created_at'):
                assert getattr(record.fault, name) == getattr(obj.fault, name)
    rich = records[[r.display_name for r in records].index('rich')]
    assert rich.tags == ['prod', 'web'] and rich.locked is True
    assert rich.flavor.extra_specs == {'hw:cpu_policy': 'dedicated'}
    assert rich.launched_at.tzinfo is not None


def test_flavors_are_sent_once_each(page, admin_context):
    text = objects.InstanceList.get_page_by_filters(admin_context, {})
    assert text.count('"flavorid"') == 2  # three servers, two flavors
    assert 'key_data' not in text


def test_without_expected_attrs_no_fault_nor_tags(page, admin_context):
    records = instance_rows.unpack(objects.InstanceList.get_page_by_filters(
        admin_context, {}))
    assert not any(r.obj_attr_is_set('fault') or r.obj_attr_is_set('tags')
                   for r in records)


def test_paging_and_empty_pages(page, admin_context):
    objs, records = _both(admin_context, limit=2, sort_keys=['display_name'],
                          sort_dirs=['asc'])
    assert [r.display_name for r in records] == ['broken', 'plain']
    _, after = _both(admin_context, marker=records[-1].uuid, sort_keys=['display_name'],
                     sort_dirs=['asc'])
    assert [r.display_name for r in after] == ['rich']
    assert instance_rows.unpack(objects.InstanceList.get_page_by_filters(
        admin_context, {'display_name': 'nobody'})) == []
    with pytest.raises(exception.MarkerNotFound):
        objects.InstanceList.get_page_by_filters(admin_context, {}, marker='nope')


def test_times_come_back_in_utc(page, admin_context):
    record = instance_rows.unpack(objects.InstanceList.get_page_by_filters(
        admin_context, {'display_name': 'rich'}))[0]
    assert record.launched_at == LAUNCHED.replace(tzinfo=datetime.timezone.utc)
    assert abs(record.created_at - timeutils.utcnow(with_timezone=True)) < \
        datetime.timedelta(minutes=5)


def test_a_page_of_some_columns_reads_and_sends_only_those(page, admin_context):
    text = objects.InstanceList.get_page_by_filters(
        admin_context, {}, sort_keys=['display_name'], sort_dirs=['asc'],
        columns=['uuid', 'display_name'])
    assert 'flavorid' not in text and 'metadata' not in text
    records = instance_rows.unpack(text)
    assert [(r.display_name, r.uuid) for r in records] == sorted(
        (i.display_name, i.uuid) for i in page)
    assert sorted(records[0].__dict__) == ['display_name', 'uuid']
    with pytest.raises(exception.Invalid, match='no column key_data'):
        objects.InstanceList.get_page_by_filters(admin_context, {}, columns=['key_data'])


class _Row:
    """A Core row that counts how many of its kind are alive."""
    _fields = ('uuid', 'display_name')
    alive = 0

    def __init__(self, n):
        self.uuid, self.display_name = 'uuid-%d' % n, 'vm-%d' % n
        _Row.alive += 1

    def __iter__(self):
        return iter((self.uuid, self.display_name))

    def __del__(self):
        _Row.alive -= 1


def test_a_page_is_packed_as_its_rows_are_read():
    """pack reads the rows once and keeps none: a page of a thousand held its rows and
    their encoding at once (5 MB in the conductor)."""
    def rows():
        for n in range(50):
            assert _Row.alive <= 1  # at most the row before this one is still held
            yield _Row(n)
    seen = []
    text = instance_rows.pack(rows(), lambda uuids: seen.append(uuids) or (None, None))
    assert [r.display_name for r in instance_rows.unpack(text)] == [
        'vm-%d' % n for n in range(50)]
    assert seen == [['uuid-%d' % n for n in range(50)]]
