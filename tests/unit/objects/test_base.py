"""The cheaper (de)serialization of NovaLiteObject gives exactly what
oslo.versionedobjects' generic code gives, so both ends still agree."""
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
