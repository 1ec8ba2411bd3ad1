"""Base classes of nova-lite's versioned objects.

Outside the conductor, NovaLiteObject.indirection_api is the conductor's RPC
client, so a @remotable method runs in the conductor, next to the database.
"""
import datetime
import functools

from oslo_utils import timeutils
from oslo_utils import versionutils
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields

from nova_lite.db.lazy import api as db_api


def remotable(fn):
    """oslo.versionedobjects' remotable. Where the method runs here (in the conductor,
    next to the database: no indirection API) and no transaction of this thread is
    open around it, a drop of the database connection under it runs it again, from
    the object as it came (retried). Inside a transaction, the retry of whoever opened
    it runs the whole transaction again."""
    @functools.wraps(fn)
    def here(first, *args, **kwargs):
        if db_api.in_transaction():
            return fn(first, *args, **kwargs)
        return retried(lambda: fn(first, *args, **kwargs), fn.__qualname__,
                       *(() if isinstance(first, type) else (first,)))
    return ovo_base.remotable(here)


def retried(call, what, *objs):
    """call() (what names it in the log), run again when the database connection
    dropped under it (db_api.retry_on_disconnect), with each of objs put back as it
    came before each new try: a try that failed may have taken their changes in as
    written (save does, before its commit)."""
    kept = [(obj, field_snapshot(obj), set(obj.obj_what_changed())) for obj in objs]

    def reset():
        for obj, snapshot, changed in kept:
            restore_fields(obj, snapshot, changed)
    return db_api.retry_on_disconnect(call, reset=reset, what=what)


class NovaLiteObjectRegistry(ovo_base.VersionedObjectRegistry):
    def registration_hook(self, cls, index):
        from nova_lite import objects
        current = getattr(objects, cls.obj_name(), None)
        if current is None or (versionutils.convert_version_to_tuple(cls.VERSION) >=
                               versionutils.convert_version_to_tuple(current.VERSION)):
            setattr(objects, cls.obj_name(), cls)


_COLLECTIONS = (fields.List, fields.Dict, fields.Set)
_SCALARS = (((fields.String, fields.UUID), str), (fields.Boolean, bool),
            (fields.Integer, int), (fields.DateTime, datetime.datetime))


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
        """(object fields, non-collection fields, {field: the one Python type whose
        values need no coercion nor conversion to a primitive})."""
        kinds = cls.__dict__.get('_nl_field_kinds')
        if kinds is None:
            objs = tuple(name for name, field in cls.fields.items()
                         if isinstance(field._type, fields.Object))
            plain = frozenset(name for name, field in cls.fields.items()
                              if not isinstance(field._type, _COLLECTIONS))
            scalar = {name: kind for name, field in cls.fields.items()
                      for types, kind in _SCALARS if isinstance(field._type, types)}
            kinds = cls._nl_field_kinds = (objs, plain, scalar)
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
        scalar = self._field_kinds()[2]
        data = {}
        for name, field in self.fields.items():
            value = getattr(self, '_obj_' + name, _MISSING)
            if value is _MISSING:
                continue
            kind = scalar.get(name)
            if value is None or (type(value) is kind and kind is not datetime.datetime):
                data[name] = value
            else:
                data[name] = field.to_primitive(self, name, value)
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
        _objs, plain, scalar = cls._field_kinds()
        for name, field in self.fields.items():
            if name in data:
                value = data[name]
                kind = scalar.get(name)
                if value is None or type(value) is kind:
                    setattr(self, '_obj_' + name, value)
                    continue
                if kind is datetime.datetime and type(value) is str:
                    # what to_primitive wrote: whole seconds, 'Z' for UTC
                    setattr(self, '_obj_' + name, datetime.datetime.fromisoformat(value))
                    continue
                value = field.from_primitive(self, name, value)
                if name in plain:
                    setattr(self, '_obj_' + name, value)
                else:
                    setattr(self, name, value)
        changes = primitive.get(cls._obj_primitive_key('changes'), ())
        self._changed_fields = {name for name in changes if name in self.fields}
        return self


_MISSING = object()


def field_snapshot(obj):
    """The values of obj's set fields, cheaper than obj_clone() for telling later what
    a method changed: containers are copied one level, objects kept by identity (the
    methods that run in the conductor replace a sub-object, they do not edit it)."""
    snapshot = {}
    for name in obj.fields:
        value = getattr(obj, '_obj_' + name, _MISSING)
        for kind in (dict, list, set):
            if isinstance(value, kind):
                value = kind(value)
        snapshot[name] = value
    return snapshot


def restore_fields(obj, snapshot, changed):
    """Put obj's fields back to snapshot (field_snapshot) and its changed fields to
    changed."""
    for name, value in snapshot.items():
        if value is _MISSING:
            if hasattr(obj, '_obj_' + name):
                delattr(obj, '_obj_' + name)
        else:
            setattr(obj, '_obj_' + name, value)
    obj._changed_fields = set(changed)


def field_changed(obj, name, snapshot):
    """Whether field name of obj is set and differs from its value in snapshot."""
    value = getattr(obj, '_obj_' + name, _MISSING)
    if value is _MISSING:
        return False
    before = snapshot[name]
    if isinstance(value, ovo_base.VersionedObject):
        return value is not before or bool(value.obj_what_changed())
    return before is _MISSING or before != value


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
    """Fill obj from a model row (or a Core row with the same names), field by field,
    and mark it unchanged."""
    values = {name: getattr(row, name) for name in obj.fields if name not in skip}
    if 'deleted' in values:
        values['deleted'] = bool(values['deleted'])
    set_fields(obj, values)
    obj._context = context
    obj.obj_reset_changes()
    return obj


def set_fields(obj, values):
    """Set fields of obj from {name: value}, as setattr would but cheaper: values of
    the field's own type are set as they are; the rest, and NULLs of fields that
    may not be NULL, go through the field's coercion."""
    scalar = obj._field_kinds()[2]
    for name, value in values.items():
        field = obj.fields[name]
        kind = scalar.get(name)
        if value is None:
            if field.nullable:
                setattr(obj, '_obj_' + name, None)
                continue
        elif type(value) is kind:
            if kind is datetime.datetime:
                if value.tzinfo is None:  # stored in UTC, naive (as the coercion assumes)
                    value = value.replace(tzinfo=datetime.timezone.utc)
                else:
                    value = field.coerce(obj, name, value)
            setattr(obj, '_obj_' + name, value)
            continue
        setattr(obj, name, value)


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
