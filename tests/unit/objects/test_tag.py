"""TagList: the tags of one server, at most 50, kept sorted."""
import pytest

from nova_lite import exception
from nova_lite import objects
from nova_lite.db import api as db_api
from nova_lite.objects import tag as tag_obj


def test_add_is_idempotent_and_lists_sorted(make_instance, admin_context):
    uuid = make_instance().uuid
    for tag in ('web', 'db', 'web'):
        objects.TagList.add(admin_context, uuid, tag)
    assert objects.TagList.get_by_resource_id(admin_context, uuid).tags == ['db', 'web']


def test_replace_makes_the_whole_set(make_instance, admin_context):
    uuid = make_instance().uuid
    objects.TagList.add(admin_context, uuid, 'old')
    assert objects.TagList.replace(admin_context, uuid, ['b', 'a', 'b']).tags == ['a', 'b']
    assert objects.TagList.get_by_resource_id(admin_context, uuid).tags == ['a', 'b']


def test_at_most_fifty_tags(make_instance, admin_context):
    uuid = make_instance().uuid
    with pytest.raises(exception.TooManyInstanceTags):
        objects.TagList.replace(admin_context, uuid, ['t%d' % i for i in range(51)])
    objects.TagList.replace(admin_context, uuid, ['t%d' % i for i in range(50)])
    with pytest.raises(exception.TooManyInstanceTags):
        objects.TagList.add(admin_context, uuid, 'one-more')
    objects.TagList.add(admin_context, uuid, 't0')  # already there: no new tag


def test_remove_one_or_all(make_instance, admin_context):
    uuid = make_instance().uuid
    objects.TagList.replace(admin_context, uuid, ['a', 'b', 'c'])
    objects.TagList.remove(admin_context, uuid, 'b')
    assert objects.TagList.get_by_resource_id(admin_context, uuid).tags == ['a', 'c']
    with pytest.raises(exception.TagNotFound):
        objects.TagList.remove(admin_context, uuid, 'b')
    objects.TagList.remove(admin_context, uuid)
    objects.TagList.remove(admin_context, uuid)  # removing every tag of none is fine
    assert objects.TagList.get_by_resource_id(admin_context, uuid).tags == []


def test_tags_by_resource_of_several_servers(make_instance, admin_context):
    first, second, bare = (make_instance().uuid for _ in range(3))
    objects.TagList.replace(admin_context, first, ['x', 'a'])
    objects.TagList.add(admin_context, second, 'y')
    with db_api.reader() as session:
        found = tag_obj.tags_by_resource(session, [first, second, bare])
    assert found == {first: ['a', 'x'], second: ['y'], bare: []}
