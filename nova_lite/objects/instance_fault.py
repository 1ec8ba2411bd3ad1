"""Instance faults: why an instance went wrong, shown by GET /servers/{id}."""
import traceback

from oslo_versionedobjects import fields

from nova_lite.db.lazy import api as db_api
from nova_lite.db.lazy import models
from nova_lite.db.lazy import sa
from nova_lite.objects import base


def latest_faults(session, instance_uuids):
    """{instance_uuid: newest fault row} for the given instances."""
    if not instance_uuids:
        return {}
    fault = models.InstanceFault
    rows = session.scalars(sa.select(fault).where(fault.instance_uuid.in_(instance_uuids))
                           .order_by(fault.created_at.desc(), fault.id.desc()))
    latest = {}
    for row in rows:
        latest.setdefault(row.instance_uuid, row)
    return latest


@base.NovaLiteObjectRegistry.register
class InstanceFault(base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'instance_uuid': fields.UUIDField(),
        'code': fields.IntegerField(),
        'message': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'created_at': fields.DateTimeField(nullable=True),
    }

    @staticmethod
    def _from_db_object(context, fault, row):
        return base.from_row(context, fault, row)

    @classmethod
    @base.remotable
    def get_latest_for_instance(cls, context, instance_uuid):
        with db_api.reader() as session:
            row = latest_faults(session, [instance_uuid]).get(instance_uuid)
            return cls._from_db_object(context, cls(), row) if row else None

    @base.remotable
    def create(self):
        values = base.changes_for_db(self, skip=('id',))
        values['message'] = (values.get('message') or '')[:255]
        with db_api.writer() as session:
            row = models.InstanceFault(**values)
            session.add(row)
            session.flush()
            self._from_db_object(self._context, self, row)

    @classmethod
    def from_exception(cls, context, instance_uuid, error, host, exc_info=None):
        """A fault describing error; details carry the traceback for 500s."""
        code = getattr(error, 'code', 500)
        if not isinstance(code, int):
            code = 500
        message = (error.format_message() if hasattr(error, 'format_message')
                   else str(error)) or error.__class__.__name__
        details = ''
        if exc_info is not None:
            details = ''.join(traceback.format_exception(*exc_info))
        elif code == 500:
            details = message
        return cls(context, instance_uuid=instance_uuid, code=code,
                   message=message[:255], details=details, host=host)
