"""SSH key pairs of a user."""
from oslo_utils import timeutils
from oslo_versionedobjects import fields

from nova_lite import exception
from nova_lite.db.lazy import api as db_api
from nova_lite.db.lazy import models
from nova_lite.db.lazy import sa
from nova_lite.objects import base
from nova_lite.objects import quotas


def _row(session, user_id, name):
    keypair = models.KeyPair
    row = session.scalars(sa.select(keypair).where(
        keypair.user_id == user_id, keypair.name == name, keypair.deleted == 0)).first()
    if row is None:
        raise exception.KeypairNotFound(user_id=user_id, name=name)
    return row


@base.NovaLiteObjectRegistry.register
class KeyPair(base.NovaLiteObject, base.SoftDeletedObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.SoftDeletedObject.fields, **{
        'id': fields.IntegerField(),
        'name': fields.StringField(),
        'user_id': fields.StringField(),
        'fingerprint': fields.StringField(nullable=True),
        'public_key': fields.StringField(nullable=True),
        'type': fields.StringField(),
    })

    @staticmethod
    def _from_db_object(context, keypair, row):
        return base.from_row(context, keypair, row)

    @classmethod
    @base.remotable
    def get_by_name(cls, context, user_id, name):
        with db_api.reader() as session:
            return cls._from_db_object(context, cls(), _row(session, user_id, name))

    @base.remotable
    def create(self):
        values = base.changes_for_db(self, skip=('id',))
        values.setdefault('type', 'ssh')
        with db_api.writer() as session:
            keypair = models.KeyPair
            if session.scalar(sa.select(sa.func.count()).select_from(keypair).where(
                    keypair.user_id == values['user_id'], keypair.name == values['name'],
                    keypair.deleted == 0)):
                raise exception.KeyPairExists(key_name=values['name'])
            try:
                quotas.enforce(session, self._context.project_id, values['user_id'],
                               {'key_pairs': 1})
            except exception.OverQuota:
                raise exception.KeypairLimitExceeded()
            row = models.KeyPair(**values)
            session.add(row)
            session.flush()
            self._from_db_object(self._context, self, row)

    @classmethod
    @base.remotable
    def destroy_by_name(cls, context, user_id, name):
        with db_api.writer() as session:
            row = _row(session, user_id, name)
            row.deleted = row.id
            row.deleted_at = timeutils.utcnow()


@base.NovaLiteObjectRegistry.register
class KeyPairList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('KeyPair')}

    @classmethod
    @base.remotable
    def get_by_user(cls, context, user_id, limit=None, marker=None):
        """A user's key pairs by name; a page of them after the marker's name."""
        keypair = models.KeyPair
        query = sa.select(keypair).where(keypair.user_id == user_id,
                                         keypair.deleted == 0).order_by(keypair.name)
        with db_api.reader() as session:
            if marker is not None:
                _row(session, user_id, marker)  # KeypairNotFound for an unknown marker
                query = query.where(keypair.name > marker)
            if limit is not None:
                query = query.limit(limit)
            return base.list_from_rows(context, cls, KeyPair, session.scalars(query))
