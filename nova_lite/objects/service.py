"""Services: one row per daemon per host, kept fresh by heartbeats."""
import datetime

from oslo_config import cfg
from oslo_utils import timeutils
from oslo_utils import uuidutils
from oslo_versionedobjects import fields

from nova_lite import exception
from nova_lite.db.lazy import api as db_api
from nova_lite.db.lazy import models
from nova_lite.db.lazy import sa
from nova_lite.objects import base

CONF = cfg.CONF

# The binaries keep upstream's names so that clients and scripts written for
# Nova (`openstack compute service set HOST nova-compute`) work unchanged.
BINARIES = ('nova-conductor', 'nova-scheduler', 'nova-compute')


@base.NovaLiteObjectRegistry.register
class Service(base.NovaLiteObject, base.SoftDeletedObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.SoftDeletedObject.fields, **{
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'host': fields.StringField(),
        'binary': fields.StringField(),
        'topic': fields.StringField(nullable=True),
        'report_count': fields.IntegerField(),
        'disabled': fields.BooleanField(),
        'disabled_reason': fields.StringField(nullable=True),
        'forced_down': fields.BooleanField(),
        'last_seen_up': fields.DateTimeField(nullable=True),
        'version': fields.IntegerField(),
    })

    @staticmethod
    def _from_db_object(context, service, row):
        return base.from_row(context, service, row)

    def is_up(self, now=None):
        """Up when its last heartbeat is recent and nobody forced it down."""
        if self.forced_down:
            return False
        last = self.last_seen_up or self.updated_at or self.created_at
        if last is None:
            return False
        now = now or timeutils.utcnow(with_timezone=True)
        if last.tzinfo is None:
            last = last.replace(tzinfo=datetime.timezone.utc)
        return abs((now - last).total_seconds()) <= CONF.service_down_time

    @classmethod
    def _get(cls, context, not_found, *conditions):
        with db_api.reader() as session:
            row = session.scalars(sa.select(models.Service).where(
                models.Service.deleted == 0, *conditions)).first()
            if row is None:
                raise not_found
            return cls._from_db_object(context, cls(), row)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, service_id):
        return cls._get(context, exception.ServiceNotFound(service_id=service_id),
                        models.Service.id == service_id)

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, service_uuid):
        return cls._get(context, exception.ServiceNotFound(service_id=service_uuid),
                        models.Service.uuid == service_uuid)

    @classmethod
    @base.remotable
    def get_by_host_and_binary(cls, context, host, binary):
        return cls._get(context, exception.HostBinaryNotFound(host=host, binary=binary),
                        models.Service.host == host, models.Service.binary == binary)

    @base.remotable
    def create(self):
        values = base.changes_for_db(self)
        values.setdefault('uuid', uuidutils.generate_uuid())
        values['last_seen_up'] = timeutils.utcnow()
        with db_api.writer() as session:
            exists = session.scalar(sa.select(sa.func.count()).select_from(models.Service).where(
                models.Service.host == values['host'],
                models.Service.binary == values['binary'], models.Service.deleted == 0))
            if exists:
                raise exception.ServiceExists(host=values['host'], binary=values['binary'])
            row = models.Service(**values)
            session.add(row)
            session.flush()
            self._from_db_object(self._context, self, row)

    @base.remotable
    def save(self):
        values = base.changes_for_db(self, skip=('id', 'uuid', 'created_at'))
        with db_api.writer() as session:
            row = session.get(models.Service, self.id)
            if row is None or row.deleted:
                raise exception.ServiceNotFound(service_id=self.id)
            base.save_to_row(self, session, row, values)

    @base.remotable
    def heartbeat(self):
        """Record that the service is alive, in one UPDATE."""
        now = timeutils.utcnow()
        with db_api.writer() as session:
            result = session.execute(
                sa.update(models.Service)
                .where(models.Service.id == self.id, models.Service.deleted == 0)
                .values(report_count=models.Service.report_count + 1,
                        last_seen_up=now, updated_at=now))
            if not result.rowcount:
                raise exception.ServiceNotFound(service_id=self.id)
        self.last_seen_up = now
        self.obj_reset_changes(['last_seen_up'])

    @base.remotable
    def destroy(self):
        """Soft-delete the service. A compute service goes only when no instance is on
        its host (ComputeHostHasInstances), and takes its compute nodes and its host's
        aggregate membership with it, in the same transaction."""
        with db_api.writer() as session:
            row = session.get(models.Service, self.id)
            if row is None or row.deleted:
                raise exception.ServiceNotFound(service_id=self.id)
            now = timeutils.utcnow()
            if row.binary == 'nova-compute':
                _forget_compute_host(session, row.host, now)
            row.deleted = row.id
            row.deleted_at = now


def _forget_compute_host(session, host, now):
    instances = models.Instance
    if session.scalar(sa.select(instances.id).where(
            instances.host == host, instances.deleted == 0).limit(1)) is not None:
        raise exception.ComputeHostHasInstances()
    session.execute(sa.delete(models.AggregateHost).where(models.AggregateHost.host == host))
    nodes = models.ComputeNode
    session.execute(sa.update(nodes).where(nodes.host == host, nodes.deleted == 0).values(
        deleted=nodes.id, deleted_at=now))


@base.NovaLiteObjectRegistry.register
class ServiceList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    # Version 1.1: get_all takes a list of hosts
    VERSION = '1.1'
    fields = {'objects': fields.ListOfObjectsField('Service')}

    @classmethod
    @base.remotable
    def get_all(cls, context, binary=None, host=None):
        """The services (of binary, of host: a name or a list of names), oldest first."""
        query = sa.select(models.Service).where(models.Service.deleted == 0)
        if binary:
            query = query.where(models.Service.binary == binary)
        if isinstance(host, (list, tuple)):
            query = query.where(models.Service.host.in_(host))
        elif host:
            query = query.where(models.Service.host == host)
        with db_api.reader() as session:
            rows = session.scalars(query.order_by(models.Service.id))
            return base.list_from_rows(context, cls, Service, rows)


def compute_is_up(context, host):
    """Whether the compute service of host exists and is up."""
    try:
        return Service.get_by_host_and_binary(context, host, 'nova-compute').is_up()
    except exception.ServiceNotFound:
        return False
