"""Base classes of nova-lite's versioned objects.

Outside the conductor, NovaLiteObject.indirection_api is the conductor's RPC
client, so a @remotable method runs in the conductor, next to the database.
"""
from oslo_utils import timeutils
from oslo_utils import versionutils
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields

remotable = ovo_base.remotable


class NovaLiteObjectRegistry(ovo_base.VersionedObjectRegistry):
    def registration_hook(self, cls, index):
        from nova_lite import objects
        current = getattr(objects, cls.obj_name(), None)
        if current is None or (versionutils.convert_version_to_tuple(cls.VERSION) >=
                               versionutils.convert_version_to_tuple(current.VERSION)):
            setattr(objects, cls.obj_name(), cls)


_COLLECTIONS = (fields.List, fields.Dict, fields.Set)


class NovaLiteObject(ovo_base.VersionedObject):
    """oslo.versionedobjects' object with the same wire format, made cheaper where a
    list of many objects crosses RPC: change tracking looks only at the fields that
    can hold objects, to_primitive computes the changes once, and from_primitive does
    not coerce again what from_primitive just produced (collections excepted: their
    coerced types check later mutations)."""
    OBJ_SERIAL_NAMESPACE = 'nova_lite_object'
    OBJ_PROJECT_NAMESPACE = 'nova_lite'

    @classmethod
    def _field_kinds(cls):
        kinds = cls.__dict__.get('_nl_field_kinds')
        if kinds is None:
            objs = tuple(name for name, field in cls.fields.items()
                         if isinstance(field._type, fields.Object))
            plain = frozenset(name for name, field in cls.fields.items()
                              if not isinstance(field._type, _COLLECTIONS))
            kinds = cls._nl_field_kinds = (objs, plain)
        return kinds

    def obj_what_changed(self):
        changes = {name for name in self._changed_fields if name in self.fields}
        for name in self._field_kinds()[0]:
            if name not in changes and self.obj_attr_is_set(name):
                value = getattr(self, name)
                if isinstance(value, ovo_base.VersionedObject) and value.obj_what_changed():
                    changes.add(name)
        return changes

    def obj_to_primitive(self, target_version=None, version_manifest=None):
        if (target_version not in (None, self.VERSION) or version_manifest
                or isinstance(self, ovo_base.ObjectListBase)):
            return super().obj_to_primitive(target_version, version_manifest)
        data = {name: field.to_primitive(self, name, getattr(self, name))
                for name, field in self.fields.items() if self.obj_attr_is_set(name)}
        key = self._obj_primitive_key
        primitive = {key('name'): self.obj_name(),
                     key('namespace'): self.OBJ_PROJECT_NAMESPACE,
                     key('version'): self.VERSION, key('data'): data}
        changes = [name for name in self.obj_what_changed() if name in data]
        if changes:
            primitive[key('changes')] = changes
        return primitive

    @classmethod
    def _obj_from_primitive(cls, context, objver, primitive):
        if issubclass(cls, ovo_base.ObjectListBase):
            return super()._obj_from_primitive(context, objver, primitive)
        self = cls()
        self._context = context
        self.VERSION = objver
        data = primitive[cls._obj_primitive_key('data')]
        plain = cls._field_kinds()[1]
        for name, field in self.fields.items():
            if name in data:
                value = field.from_primitive(self, name, data[name])
                if name in plain:
                    setattr(self, '_obj_' + name, value)
                else:
                    setattr(self, name, value)
        changes = primitive.get(cls._obj_primitive_key('changes'), ())
        self._changed_fields = {name for name in changes if name in self.fields}
        return self


def versions_are_current(object_versions):
    """True when a caller's manifest names every object at the version this process
    has (the usual case: one release everywhere), so no backport is needed."""
    registry = ovo_base.VersionedObjectRegistry.obj_classes()
    for name, version in object_versions.items():
        classes = registry.get(name)
        if not classes or classes[0].VERSION != version:
            return False
    return True


class TimestampedObject:
    fields = {
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }


class SoftDeletedObject:
    fields = dict(TimestampedObject.fields, **{
        'deleted_at': fields.DateTimeField(nullable=True),
        'deleted': fields.BooleanField(default=False),
    })


class ObjectListBase(ovo_base.ObjectListBase):
    pass


class NovaLiteObjectSerializer(ovo_base.VersionedObjectSerializer):
    OBJ_BASE_CLASS = NovaLiteObject


def from_row(context, obj, row, skip=()):
    """Fill obj from a model row, field by field, and mark it unchanged."""
    for name in obj.fields:
        if name in skip:
            continue
        value = getattr(row, name)
        if name == 'deleted':
            value = bool(value)
        setattr(obj, name, value)
    obj._context = context
    obj.obj_reset_changes()
    return obj


def list_from_rows(context, list_cls, item_cls, rows, **kwargs):
    objs = list_cls(context, objects=[])
    objs.objects = [item_cls._from_db_object(context, item_cls(), row, **kwargs)
                    for row in rows]
    objs._context = context
    objs.obj_reset_changes()
    return objs


def save_to_row(obj, session, row, values):
    """Write values (and updated_at) to obj's row, then refresh obj from it."""
    for key, value in values.items():
        setattr(row, key, value)
    row.updated_at = timeutils.utcnow()
    session.flush()
    obj._from_db_object(obj._context, obj, row)


def changes_for_db(obj, skip=()):
    """The fields changed on obj, minus the ones stored another way."""
    return {k: v for k, v in obj.obj_get_changes().items() if k not in skip}
