"""The cheaper (de)serialization of NovaLiteObject gives exactly what
oslo.versionedobjects' generic code gives, so both ends still agree."""
import pytest
from oslo_versionedobjects import base as ovo_base

from nova_lite import objects
from nova_lite.objects import base


def _generic_to_primitive(obj):
    return ovo_base.VersionedObject.obj_to_primitive(obj)


def test_to_primitive_matches_the_generic_one(make_instance, admin_context):
    instance = objects.Instance.get_by_uuid(
        admin_context, make_instance(metadata={'role': 'web'}).uuid)
    assert instance.obj_to_primitive() == _generic_to_primitive(instance)
    instance.display_name = 'renamed'
    instance.flavor.extra_specs = {'hw:cpu_policy': 'dedicated'}  # a change inside a child
    fast, generic = instance.obj_to_primitive(), _generic_to_primitive(instance)
    assert fast == generic
    assert sorted(fast['nova_lite_object.changes']) == ['display_name', 'flavor']


def test_from_primitive_gives_the_same_object(make_instance, admin_context):
    instance = objects.Instance.get_by_uuid(
        admin_context, make_instance(metadata={'role': 'web'}).uuid)
    instance.task_state = 'spawning'
    primitive = _generic_to_primitive(instance)
    loaded = objects.Instance.obj_from_primitive(primitive, context=admin_context)
    generic = ovo_base.VersionedObject._obj_from_primitive.__func__(
        objects.Instance, admin_context, instance.VERSION, primitive)
    for name in instance.fields:
        assert loaded.obj_attr_is_set(name) == generic.obj_attr_is_set(name), name
        if generic.obj_attr_is_set(name) and name != 'flavor':
            assert getattr(loaded, name) == getattr(generic, name), name
            assert type(getattr(loaded, name)) is type(getattr(generic, name)), name
    assert loaded.flavor.obj_to_primitive() == generic.flavor.obj_to_primitive()
    assert loaded.obj_what_changed() == {'task_state'}
    loaded.metadata['added'] = 'later'  # collections keep their coercing types
    assert loaded.metadata == {'role': 'web', 'added': 'later'}


def test_versions_are_current():
    assert base.versions_are_current({'Instance': objects.Instance.VERSION,
                                      'InstanceList': objects.InstanceList.VERSION})
    assert not base.versions_are_current({'Instance': '0.9'})
    assert not base.versions_are_current({'NoSuchObject': '1.0'})


def test_from_row_sets_what_the_coercing_setters_set(make_instance, admin_context):
    instance = objects.Instance.get_by_uuid(admin_context, make_instance().uuid)
    generic = objects.Instance(admin_context)
    for name in instance.fields:
        if instance.obj_attr_is_set(name):
            setattr(generic, name, getattr(instance, name))
    fast = objects.Instance(admin_context)
    base.set_fields(fast, {name: getattr(instance, name).replace(tzinfo=None)
                           if name == 'created_at' else getattr(instance, name)
                           for name in instance.fields if instance.obj_attr_is_set(name)})
    for name in instance.fields:
        if generic.obj_attr_is_set(name):
            assert getattr(fast, name) == getattr(generic, name), name
            assert type(getattr(fast, name)) is type(getattr(generic, name)), name
    assert fast.created_at.tzinfo is not None  # a naive database time is UTC


def test_set_fields_still_refuses_what_the_field_refuses(admin_context):
    flavor = objects.Flavor(admin_context)
    with pytest.raises(ValueError):
        base.set_fields(flavor, {'memory_mb': None})  # not nullable
    with pytest.raises(ValueError):
        base.set_fields(flavor, {'memory_mb': 'lots'})
    base.set_fields(flavor, {'memory_mb': '512', 'name': 'tiny'})  # coerced, as setattr
    assert (flavor.memory_mb, flavor.name) == (512, 'tiny')
