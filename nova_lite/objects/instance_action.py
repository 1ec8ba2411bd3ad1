"""Instance actions and their events (os-instance-actions).

Every user action on an instance starts an action tagged with the request id;
every step a service takes for it (conductor, compute) is an event of that
action, so one request can be followed across daemons.
"""
import functools
import traceback
import types

from oslo_utils import timeutils
from oslo_versionedobjects import fields

from nova_lite import exception
from nova_lite.db.lazy import api as db_api
from nova_lite.db.lazy import models
from nova_lite.db.lazy import sa
from nova_lite.objects import base


CREATE = 'create'
# a create's first event: the conductor's scheduling, started with the action
SCHEDULE_EVENT = 'conductor_schedule_and_build_instances'
DELETE = 'delete'
# the lifecycle (upstream's compute/instance_actions.py names)
STOP = 'stop'
START = 'start'
REBOOT = 'reboot'
REBUILD = 'rebuild'
PAUSE = 'pause'
UNPAUSE = 'unpause'
SUSPEND = 'suspend'
RESUME = 'resume'
RESCUE = 'rescue'
UNRESCUE = 'unrescue'
SHELVE = 'shelve'
SHELVE_OFFLOAD = 'shelveOffload'
UNSHELVE = 'unshelve'
LOCK = 'lock'
UNLOCK = 'unlock'
CREATE_IMAGE = 'createImage'
RESET_STATE = 'resetState'
RESTORE = 'restore'
TRIGGER_CRASH_DUMP = 'trigger_crash_dump'


@base.NovaLiteObjectRegistry.register
class InstanceAction(base.NovaLiteObject, base.TimestampedObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.TimestampedObject.fields, **{
        'id': fields.IntegerField(),
        'action': fields.StringField(nullable=True),
        'instance_uuid': fields.UUIDField(),
        'request_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'message': fields.StringField(nullable=True),
    })

    @staticmethod
    def _from_db_object(context, action, row):
        return base.from_row(context, action, row)

    @classmethod
    @base.remotable
    def action_start(cls, context, instance_uuid, action_name, start_event=None, host=None):
        """Start the action of the request on the instance, and with start_event that
        event of it (on host) in the same write."""
        now = timeutils.utcnow()
        with db_api.writer() as session:
            connection = session.connection()
            row = connection.execute(_built().insert_action, {
                'action': action_name, 'instance_uuid': instance_uuid,
                'request_id': context.request_id, 'user_id': context.user_id,
                'project_id': context.project_id, 'start_time': now}).one()
            if start_event:
                connection.execute(_built().insert_event, {
                    'action_id': row.id, 'event': start_event, 'host': host, 'start_time': now})
            return cls._from_db_object(context, cls(), row)

    @classmethod
    @base.remotable
    def get_by_request_id(cls, context, instance_uuid, request_id):
        with db_api.reader() as session:
            row = _action_row(session, instance_uuid, request_id)
            return cls._from_db_object(context, cls(), row) if row else None


def _action_row(session, instance_uuid, request_id):
    action = models.InstanceAction
    return session.scalars(sa.select(action).where(
        action.instance_uuid == instance_uuid, action.request_id == request_id)
        .order_by(action.id.desc())).first()


@base.NovaLiteObjectRegistry.register
class InstanceActionList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('InstanceAction')}

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid):
        with db_api.reader() as session:
            action = models.InstanceAction
            rows = session.scalars(sa.select(action).where(
                action.instance_uuid == instance_uuid).order_by(action.id.desc()))
            return base.list_from_rows(context, cls, InstanceAction, rows)


@base.NovaLiteObjectRegistry.register
class InstanceActionEvent(base.NovaLiteObject, base.TimestampedObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.TimestampedObject.fields, **{
        'id': fields.IntegerField(),
        'action_id': fields.IntegerField(),
        'event': fields.StringField(),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'result': fields.StringField(nullable=True),
        'traceback': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
    })

    @staticmethod
    def _from_db_object(context, event, row):
        return base.from_row(context, event, row)

    @classmethod
    @base.remotable
    def event_start(cls, context, instance_uuid, event_name, host=None):
        with db_api.writer() as session:
            connection = session.connection()  # Core: events are written on every step
            action_id = _action_id(connection, instance_uuid, context.request_id)
            row = connection.execute(_built().insert_event, {
                'action_id': action_id, 'event': event_name, 'host': host,
                'start_time': timeutils.utcnow()}).one()
            return cls._from_db_object(context, cls(), row)

    @classmethod
    @base.remotable
    def event_finish(cls, context, instance_uuid, event_name, error=None, tb=None):
        """Close the newest open event of that name; an error marks it and its action."""
        now = timeutils.utcnow()
        values = {'finish_time': now, 'result': 'Error' if error else 'Success'}
        if error:
            values.update(traceback=tb, details=str(error)[:255])
        with db_api.writer() as session:
            connection = session.connection()
            action_id = _action_id(connection, instance_uuid, context.request_id)
            event_id = connection.scalar(_built().newest_event,
                                         {'b_action': action_id, 'b_event': event_name})
            if event_id is None:
                row = connection.execute(_built().insert_event, dict(
                    values, action_id=action_id, event=event_name, start_time=now)).one()
            else:
                built = _built()
                row = db_api.update_returning(
                    connection, built.update_event_returning, built.update_event,
                    built.event_by_id, dict(values, b_event_id=event_id, updated_at=now))
            connection.execute(_built().finish_action, dict(
                {'message': 'Error'} if error else {}, b_action=action_id, finish_time=now,
                updated_at=now))
            return cls._from_db_object(context, cls(), row)


@functools.cache
def _built():
    """Statements built once (on first use): an event is written at every step of
    every request, and building a statement costs several times what executing it
    does. The values executed with them name the columns written; b_ names are the
    bound criteria."""
    action, event = models.InstanceAction.__table__, models.InstanceActionEvent.__table__
    return types.SimpleNamespace(
        action_id=(sa.select(action.c.id)
                   .where(action.c.instance_uuid == sa.bindparam('b_instance'),
                          action.c.request_id == sa.bindparam('b_request'))
                   .order_by(action.c.id.desc()).limit(1)),
        newest_event=(sa.select(event.c.id)
                      .where(event.c.action_id == sa.bindparam('b_action'),
                             event.c.event == sa.bindparam('b_event'))
                      .order_by(event.c.id.desc()).limit(1)),
        insert_action=sa.insert(action).returning(*action.c),
        insert_event=sa.insert(event).returning(*event.c),
        update_event=sa.update(event).where(event.c.id == sa.bindparam('b_event_id')),
        update_event_returning=(sa.update(event)
                                .where(event.c.id == sa.bindparam('b_event_id'))
                                .returning(*event.c)),
        event_by_id=sa.select(*event.c).where(event.c.id == sa.bindparam('b_event_id')),
        finish_action=sa.update(action).where(action.c.id == sa.bindparam('b_action')))


def _action_id(connection, instance_uuid, request_id):
    """The id of the newest action of that request on the instance, or raise."""
    action_id = connection.scalar(_built().action_id,
                                  {'b_instance': instance_uuid, 'b_request': request_id})
    if action_id is None:
        raise exception.InstanceActionNotFound(request_id=request_id,
                                               instance_uuid=instance_uuid)
    return action_id


@base.NovaLiteObjectRegistry.register
class InstanceActionEventList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('InstanceActionEvent')}

    @classmethod
    @base.remotable
    def get_by_action(cls, context, action_id):
        with db_api.reader() as session:
            event = models.InstanceActionEvent
            rows = session.scalars(sa.select(event).where(event.action_id == action_id)
                                   .order_by(event.id.desc()))
            return base.list_from_rows(context, cls, InstanceActionEvent, rows)


def format_traceback(exc_info):
    return ''.join(traceback.format_exception(*exc_info))
