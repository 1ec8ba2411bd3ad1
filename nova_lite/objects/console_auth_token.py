"""Console tokens: what the token of a console URL connects to.

The database keeps only a SHA-256 hash of the token (as upstream), so a
copy of the table opens no console. A token expires after [consoleauth]
token_ttl seconds and opens one connection only: the proxy consumes it.
"""
import hashlib
import urllib.parse

from oslo_log import log as logging
from oslo_utils import timeutils
from oslo_utils import uuidutils
from oslo_versionedobjects import fields

from nova_lite import exception
from nova_lite.db.lazy import api as db_api
from nova_lite.db.lazy import models
from nova_lite.db.lazy import sa
from nova_lite.objects import base

LOG = logging.getLogger(__name__)


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _valid_row(session, token):
    return session.scalars(sa.select(models.ConsoleAuthToken).where(
        models.ConsoleAuthToken.token_hash == token_hash(token or ''),
        models.ConsoleAuthToken.expires > timeutils.utcnow_ts())).first()


@base.NovaLiteObjectRegistry.register
class ConsoleAuthToken(base.NovaLiteObject, base.TimestampedObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.TimestampedObject.fields, **{
        'id': fields.IntegerField(),
        'console_type': fields.StringField(),
        'host': fields.StringField(),
        'port': fields.IntegerField(),
        'internal_access_path': fields.StringField(nullable=True),
        'instance_uuid': fields.UUIDField(),
        'access_url_base': fields.StringField(nullable=True),
        # the token itself is never stored: only its hash (token_hash column)
        'token': fields.StringField(),
    })

    @property
    def access_url(self):
        """access_url_base with the token: noVNC (1.1 and later) takes it inside its
        'path' query parameter, the path of the WebSocket it opens."""
        if not self.obj_attr_is_set('id'):
            return None
        if self.console_type != 'novnc':
            return '%s?token=%s' % (self.access_url_base, self.token)
        parsed = urllib.parse.urlsplit(self.access_url_base)
        query = dict(urllib.parse.parse_qsl(parsed.query))
        query['path'] = '%s?token=%s' % (query.get('path', ''), self.token)
        return urllib.parse.urlunsplit(parsed._replace(query=urllib.parse.urlencode(query)))

    @staticmethod
    def _from_db_object(context, obj, row, token):
        base.from_row(context, obj, row, skip=('token',))
        obj.token = token
        obj.obj_reset_changes()
        return obj

    @base.remotable
    def authorize(self, ttl):
        """Store a new token valid for ttl seconds; returns it (and sets self.token)."""
        if self.obj_attr_is_set('id'):
            raise exception.NovaLiteException('A console token is authorized only once')
        token = uuidutils.generate_uuid()
        values = base.changes_for_db(self, skip=('id', 'token'))
        values.update(token_hash=token_hash(token), expires=timeutils.utcnow_ts() + ttl)
        with db_api.writer() as session:
            tokens = models.ConsoleAuthToken
            if session.scalar(sa.select(tokens.id).where(
                    tokens.token_hash == values['token_hash'])):
                raise exception.TokenInUse()
            row = models.ConsoleAuthToken(**values)
            session.add(row)
            session.flush()
            self._from_db_object(self._context, self, row, token)
        LOG.debug('Authorized a %s console of %s on %s:%s for %ss', self.console_type,
                  self.instance_uuid, self.host, self.port, ttl)
        return token

    @classmethod
    @base.remotable
    def validate(cls, context, token):
        """The connection of a valid token, which stays valid (the admin API's look)."""
        with db_api.reader() as session:
            row = _valid_row(session, token)
            if row is None:
                raise exception.InvalidToken(token='***')
            return cls._from_db_object(context, cls(), row, token)

    @classmethod
    @base.remotable
    def consume(cls, context, token):
        """The connection of a valid token, which is deleted in the same transaction:
        of two connections racing with one token, only one gets it."""
        with db_api.writer() as session:
            row = _valid_row(session, token)
            if row is None:
                raise exception.InvalidToken(token='***')
            obj = cls._from_db_object(context, cls(), row, token)
            session.delete(row)
            return obj

    @classmethod
    @base.remotable
    def clean_console_auths_for_instance(cls, context, instance_uuid):
        with db_api.writer() as session:
            session.connection().execute(sa.delete(models.ConsoleAuthToken.__table__).where(
                models.ConsoleAuthToken.__table__.c.instance_uuid == instance_uuid))

    @classmethod
    @base.remotable
    def clean_expired_console_auths(cls, context):
        """Delete the expired tokens; returns how many there were."""
        with db_api.writer() as session:
            return session.execute(sa.delete(models.ConsoleAuthToken).where(
                models.ConsoleAuthToken.expires <= timeutils.utcnow_ts())).rowcount
