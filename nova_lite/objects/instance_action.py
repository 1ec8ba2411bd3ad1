"""Instance actions and their events (os-instance-actions).

Every user action on an instance starts an action tagged with the request id;
every step a service takes for it (conductor, compute) is an event of that
action, so one request can be followed across daemons.
"""
import traceback

import sqlalchemy as sa
from oslo_utils import timeutils
from oslo_versionedobjects import fields

from nova_lite import exception
from nova_lite.db import api as db_api
from nova_lite.db import models
from nova_lite.objects import base

ACTION = models.InstanceAction
EVENT = models.InstanceActionEvent
ACTION_TABLE = ACTION.__table__
EVENT_TABLE = EVENT.__table__

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
            row = connection.execute(_INSERT_ACTION, {
                'action': action_name, 'instance_uuid': instance_uuid,
                'request_id': context.request_id, 'user_id': context.user_id,
                'project_id': context.project_id, 'start_time': now}).one()
            if start_event:
                connection.execute(_INSERT_EVENT, {'action_id': row.id, 'event': start_event,
                                                   'host': host, 'start_time': now})
            return cls._from_db_object(context, cls(), row)

    @classmethod
    @base.remotable
    def get_by_request_id(cls, context, instance_uuid, request_id):
        with db_api.reader() as session:
            row = _action_row(session, instance_uuid, request_id)
            return cls._from_db_object(context, cls(), row) if row else None


def _action_row(session, instance_uuid, request_id):
    return session.scalars(sa.select(ACTION).where(
        ACTION.instance_uuid == instance_uuid, ACTION.request_id == request_id)
        .order_by(ACTION.id.desc())).first()


@base.NovaLiteObjectRegistry.register
class InstanceActionList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('InstanceAction')}

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid):
        with db_api.reader() as session:
            rows = session.scalars(sa.select(ACTION).where(
                ACTION.instance_uuid == instance_uuid).order_by(ACTION.id.desc()))
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
            row = connection.execute(_INSERT_EVENT, {
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
            event_id = connection.scalar(_NEWEST_EVENT, {'b_action': action_id,
                                                         'b_event': event_name})
            if event_id is None:
                row = connection.execute(_INSERT_EVENT, dict(
                    values, action_id=action_id, event=event_name, start_time=now)).one()
            else:
                row = connection.execute(_UPDATE_EVENT, dict(
                    values, b_event_id=event_id, updated_at=now)).one()
            connection.execute(_FINISH_ACTION, dict(
                {'message': 'Error'} if error else {}, b_action=action_id, finish_time=now,
                updated_at=now))
            return cls._from_db_object(context, cls(), row)


# Statements built once: an event is written at every step of every request, and
# building a statement costs several times what executing it does. The values
# executed with them name the columns written; b_ names are the bound criteria.
_ACTION_ID = (sa.select(ACTION_TABLE.c.id)
              .where(ACTION_TABLE.c.instance_uuid == sa.bindparam('b_instance'),
                     ACTION_TABLE.c.request_id == sa.bindparam('b_request'))
              .order_by(ACTION_TABLE.c.id.desc()).limit(1))
_NEWEST_EVENT = (sa.select(EVENT_TABLE.c.id)
                 .where(EVENT_TABLE.c.action_id == sa.bindparam('b_action'),
                        EVENT_TABLE.c.event == sa.bindparam('b_event'))
                 .order_by(EVENT_TABLE.c.id.desc()).limit(1))
_INSERT_ACTION = sa.insert(ACTION_TABLE).returning(*ACTION_TABLE.c)
_INSERT_EVENT = sa.insert(EVENT_TABLE).returning(*EVENT_TABLE.c)
_UPDATE_EVENT = (sa.update(EVENT_TABLE).where(EVENT_TABLE.c.id == sa.bindparam('b_event_id'))
                 .returning(*EVENT_TABLE.c))
_FINISH_ACTION = sa.update(ACTION_TABLE).where(ACTION_TABLE.c.id == sa.bindparam('b_action'))


def _action_id(connection, instance_uuid, request_id):
    """The id of the newest action of that request on the instance, or raise."""
    action_id = connection.scalar(_ACTION_ID, {'b_instance': instance_uuid,
                                               'b_request': request_id})
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
            rows = session.scalars(sa.select(EVENT).where(EVENT.action_id == action_id)
                                   .order_by(EVENT.id.desc()))
            return base.list_from_rows(context, cls, InstanceActionEvent, rows)


def format_traceback(exc_info):
    return ''.join(traceback.format_exception(*exc_info))
