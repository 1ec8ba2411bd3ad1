"""InstanceList.get_by_filters in the database: the GET /servers filters that are
not 'column equals value' (tags, changes-since/before), the column ones the API
maps (image, flavor, host, deleted) and upstream's sort parameters."""
import datetime

import pytest
import sqlalchemy as sa
from oslo_utils import timeutils

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects
from nova_lite.db import api as db_api
from nova_lite.db import models

IMAGE_A = '155d900f-4e14-4e4c-a73d-069cbf4541e6'
IMAGE_B = '70a599e0-31e7-49b7-b260-868f441e862b'
# name -> tags; each server is also on a host and boots an image of its own
TAGS = {'web-1': ['web', 'prod'], 'web-2': ['web'], 'db-1': ['db', 'prod'], 'bare': []}


@pytest.fixture
def servers(make_instance, admin_context):
    tiny = objects.Flavor.get_by_flavor_id(admin_context, '1')
    small = objects.Flavor.get_by_flavor_id(admin_context, '2')
    made = {}
    for index, (name, tags) in enumerate(TAGS.items()):
        flavor = small if name == 'db-1' else tiny
        made[name] = make_instance(display_name=name, flavor=flavor,
                                   host='host%d' % (index % 2),
                                   image_ref=IMAGE_B if name == 'bare' else IMAGE_A)
        objects.TagList.replace(admin_context, made[name].uuid, tags)
    return made


def _names(filters, context=None, **kwargs):
    context = context or nl_context.get_admin_context()
    return sorted(i.display_name for i in objects.InstanceList.get_by_filters(
        context, filters, **kwargs))


@pytest.mark.parametrize('name,tags,matches', [
    ('tags', ['web', 'prod'], ['web-1']),            # every tag
    ('tags', ['prod'], ['db-1', 'web-1']),
    ('tags_any', ['db', 'web'], ['db-1', 'web-1', 'web-2']),  # one of them
    ('not_tags', ['web', 'prod'], ['bare', 'db-1', 'web-2']),  # not every tag
    ('not_tags_any', ['prod', 'db'], ['bare', 'web-2']),  # none of them
])
def test_tag_filters(servers, name, tags, matches):
    assert _names({name: tags}) == matches


def test_tag_filters_combine(servers):
    assert _names({'tags_any': ['web', 'db'], 'not_tags': ['prod']}) == ['web-2']


def _touch(instance, when):
    with db_api.writer() as session:
        session.execute(sa.update(models.Instance).where(
            models.Instance.uuid == instance.uuid).values(updated_at=when))


def test_changes_since_and_before_compare_the_last_change(servers):
    now = timeutils.utcnow().replace(microsecond=0)
    for age, name in enumerate(('web-1', 'web-2', 'db-1', 'bare')):
        _touch(servers[name], now - datetime.timedelta(hours=age))
    hour = datetime.timedelta(hours=1)
    assert _names({'changes_since': now - hour}) == ['web-1', 'web-2']
    assert _names({'changes_before': now - 2 * hour}) == ['bare', 'db-1']
    assert _names({'changes_since': now - 2 * hour, 'changes_before': now - hour}) == [
        'db-1', 'web-2']


def test_a_never_updated_server_changed_when_it_was_created(make_instance):
    created = timeutils.utcnow() - datetime.timedelta(days=1)
    make_instance(display_name='old', created_at=created)
    assert _names({'changes_since': created - datetime.timedelta(minutes=1)}) == ['old']
    assert _names({'changes_since': created + datetime.timedelta(minutes=1)}) == []


def test_created_before_ignores_later_changes(make_instance):
    """The conductor's sweep of builds past their timeout: creation, not the last change."""
    created = timeutils.utcnow() - datetime.timedelta(days=1)
    old = make_instance(display_name='old', created_at=created)
    make_instance(display_name='new')
    _touch(old, timeutils.utcnow())
    assert _names({'created_before': created + datetime.timedelta(minutes=1)}) == ['old']
    assert _names({'created_before': created - datetime.timedelta(minutes=1)}) == []


@pytest.mark.parametrize('page_size', [1, 2, 3, 5])
def test_each_by_filters_reads_every_one_page_by_page(make_instance, admin_context,
                                                      monkeypatch, page_size):
    """A host's own instances, oldest first, page_size a call (a compute's periodic
    tasks): every one once, and no call reads more than a page."""
    made = [make_instance(display_name='vm%d' % n, host='host1') for n in range(4)]
    make_instance(display_name='elsewhere', host='host2')
    limits = []
    get = objects.InstanceList.get_by_filters

    def counted(context, filters, **kwargs):
        limits.append(kwargs['limit'])
        return get(context, filters, **kwargs)
    monkeypatch.setattr(objects.InstanceList, 'get_by_filters', counted)
    found = objects.InstanceList.each_by_filters(admin_context, {'host': 'host1'},
                                                 page_size=page_size)
    assert [i.uuid for i in found] == [i.uuid for i in made]
    assert limits == [page_size] * (4 // page_size + 1)


def test_image_flavor_and_host(servers, admin_context):
    small = objects.Flavor.get_by_flavor_id(admin_context, '2')
    assert _names({'image_ref': IMAGE_B}) == ['bare']
    assert _names({'instance_type_id': small.id}) == ['db-1']
    assert _names({'host': 'host0'}) == ['db-1', 'web-1']
    assert _names({'host': 'host1', 'image_ref': IMAGE_A}) == ['web-2']


def test_deleted_servers_only_when_asked(servers):
    servers['web-2'].destroy()
    assert 'web-2' not in _names({})
    assert _names({'deleted': True}) == ['web-2']
    assert _names({'deleted': False, 'tags': ['web']}) == ['web-1']
    # no 'deleted' filter and a context that reads deleted rows: both
    assert 'web-2' in _names({}, nl_context.get_admin_context(read_deleted='yes'))


def _ordered(**kwargs):
    return [i.display_name for i in objects.InstanceList.get_by_filters(
        nl_context.get_admin_context(), {}, **kwargs)]


def test_fewer_sort_dirs_than_keys_keeps_every_key(make_instance):
    # the same vm_state and task_state: only the third key orders them, and its
    # order is not the order they were created in
    for name in ('c', 'a', 'b'):
        make_instance(display_name=name)
    assert _ordered(sort_keys=['vm_state', 'task_state', 'display_name'],
                    sort_dirs=['asc']) == ['a', 'b', 'c']
    # a missing direction is the first one given (upstream's process_sort_params)
    assert _ordered(sort_keys=['vm_state', 'task_state', 'display_name'],
                    sort_dirs=['desc']) == ['c', 'b', 'a']


@pytest.mark.parametrize('sort_keys,sort_dirs,message', [
    (['display_name'], ['up'], "Unknown sort direction, must be 'desc' or 'asc'"),
    (['display_name'], ['asc', 'desc'], 'Sort direction size exceeds sort key size'),
    (None, ['asc', 'asc'], 'Sort direction size exceeds sort key size'),
])
def test_bad_sort_dirs_are_invalid(db, sort_keys, sort_dirs, message):
    with pytest.raises(exception.Invalid) as raised:
        _ordered(sort_keys=sort_keys, sort_dirs=sort_dirs)
    assert message in raised.value.format_message()
