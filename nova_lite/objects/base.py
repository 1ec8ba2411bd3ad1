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


class NovaLiteObject(ovo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'nova_lite_object'
    OBJ_PROJECT_NAMESPACE = 'nova_lite'


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
