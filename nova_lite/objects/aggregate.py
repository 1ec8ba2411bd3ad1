"""Host aggregates: named sets of compute hosts with metadata. The metadata
key availability_zone makes the aggregate's hosts an availability zone.

The zone rules are checked in the same write transaction as the change they
guard, so two racing admins cannot put one host in two zones.
"""
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
AZ_KEY = 'availability_zone'


def _row(session, aggregate_id):
    row = session.get(models.Aggregate, aggregate_id)
    if row is None:
        raise exception.AggregateNotFound(aggregate_id=aggregate_id)
    return row


def _zone_of(row):
    return next((m.value for m in row.metadata_items if m.key == AZ_KEY), None)


def _check_zone(session, row, zone, hosts, action):
    """A host is in at most one zone; a zone has a name, not the internal one;
    hosts with instances cannot change zone."""
    def invalid(reason):
        return exception.InvalidAggregateAction(action=action, aggregate_id=row.id,
                                                reason=reason)
    if not zone:
        raise invalid('Aggregate %s does not support empty named availability zone' %
                      row.name)
    if zone == CONF.internal_service_availability_zone:
        raise invalid('Availability zone %s is the zone of internal services' % zone)
    others = session.scalars(sa.select(models.Aggregate).join(models.AggregateHost).where(
        models.AggregateHost.host.in_(hosts), models.Aggregate.id != row.id)).unique()
    conflicting = sorted({z for z in (_zone_of(other) for other in others)
                          if z is not None and z != zone})
    if conflicting:
        raise invalid('One or more hosts already in availability zone(s) %s' % conflicting)
    if action != 'add host to' and zone != _zone_of(row) and hosts:
        inst = models.Instance
        if session.scalar(sa.select(sa.func.count(inst.id)).where(
                inst.host.in_(hosts), inst.deleted == 0)):
            raise invalid('One or more hosts contain instances in this zone')


@base.NovaLiteObjectRegistry.register
class Aggregate(base.NovaLiteObject, base.TimestampedObject):
    # Version 1.0: Initial version
    # Version 1.1: update(action=) names the API action in its errors
    VERSION = '1.1'

    fields = dict(base.TimestampedObject.fields, **{
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'name': fields.StringField(),
        'hosts': fields.ListOfStringsField(),
        'metadata': fields.DictOfStringsField(),
    })

    @property
    def availability_zone(self):
        return self.metadata.get(AZ_KEY)

    @staticmethod
    def _from_db_object(context, aggregate, row):
        base.from_row(context, aggregate, row, skip=('hosts', 'metadata'))
        aggregate.hosts = sorted(h.host for h in row.hosts)
        aggregate.metadata = {m.key: m.value for m in row.metadata_items}
        aggregate.obj_reset_changes()
        return aggregate

    @classmethod
    @base.remotable
    def get_by_id(cls, context, aggregate_id):
        with db_api.reader() as session:
            return cls._from_db_object(context, cls(), _row(session, aggregate_id))

    @base.remotable
    def create(self):
        metadata = dict(self.metadata) if self.obj_attr_is_set('metadata') else {}
        with db_api.writer() as session:
            if _name_taken(session, self.name):
                raise exception.AggregateNameExists(aggregate_name=self.name)
            row = models.Aggregate(uuid=uuidutils.generate_uuid(), name=self.name)
            session.add(row)
            session.flush()
            if AZ_KEY in metadata:
                _check_zone(session, row, metadata[AZ_KEY], [], 'create')
            row.metadata_items = [models.AggregateMetadata(key=k, value=v)
                                  for k, v in metadata.items()]
            session.flush()
            self._from_db_object(self._context, self, row)

    @base.remotable
    def update(self, name=None, metadata=None, action='update metadata of'):
        """Rename and/or change metadata (a None value removes its key); action is
        what an InvalidAggregateAction says was refused ('update' for PUT)."""
        with db_api.writer() as session:
            row = _row(session, self.id)
            if name is not None and name != row.name:
                if _name_taken(session, name):
                    raise exception.AggregateNameExists(aggregate_name=name)
                row.name = name
            metadata = metadata or {}
            if AZ_KEY in metadata:
                _check_zone(session, row, metadata[AZ_KEY], [h.host for h in row.hosts],
                            action)
            current = {m.key: m for m in row.metadata_items}
            for key, value in metadata.items():
                if value is None:
                    if key in current:
                        row.metadata_items.remove(current[key])
                elif key in current:
                    current[key].value = value
                else:
                    row.metadata_items.append(models.AggregateMetadata(key=key, value=value))
            row.updated_at = timeutils.utcnow()
            session.flush()
            self._from_db_object(self._context, self, row)

    @base.remotable
    def add_host(self, host):
        with db_api.writer() as session:
            row = _row(session, self.id)
            if host in {h.host for h in row.hosts}:
                raise exception.AggregateHostExists(aggregate_id=row.id, host=host)
            zone = _zone_of(row)
            if zone is not None:
                _check_zone(session, row, zone, [host], 'add host to')
            row.hosts.append(models.AggregateHost(host=host))
            session.flush()
            self._from_db_object(self._context, self, row)

    @base.remotable
    def delete_host(self, host):
        with db_api.writer() as session:
            row = _row(session, self.id)
            member = next((h for h in row.hosts if h.host == host), None)
            if member is None:
                raise exception.AggregateHostNotFound(aggregate_id=row.id, host=host)
            row.hosts.remove(member)
            session.flush()
            self._from_db_object(self._context, self, row)

    @base.remotable
    def destroy(self):
        with db_api.writer() as session:
            row = _row(session, self.id)
            if row.hosts:
                raise exception.InvalidAggregateAction(
                    action='remove host from', aggregate_id=row.id,
                    reason='Host aggregate is not empty')
            session.delete(row)


@base.NovaLiteObjectRegistry.register
class AggregateList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('Aggregate')}

    @classmethod
    @base.remotable
    def get_all(cls, context, host=None):
        """Every aggregate, or those host is in."""
        query = sa.select(models.Aggregate).order_by(models.Aggregate.id)
        if host:
            query = query.join(models.AggregateHost).where(models.AggregateHost.host == host)
        with db_api.reader() as session:
            return base.list_from_rows(context, cls, Aggregate, session.scalars(query).unique())


def _name_taken(session, name):
    aggregate = models.Aggregate
    return session.scalar(sa.select(sa.func.count(aggregate.id)).where(aggregate.name == name))


def host_zones(aggregates):
    """{host: zone} of the hosts in zone aggregates."""
    return {host: agg.availability_zone for agg in aggregates if agg.availability_zone
            for host in agg.hosts}
