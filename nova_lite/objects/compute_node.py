"""Compute nodes (hypervisors) and the allocations claimed on them.

A claim is one conditional UPDATE of the node's *_used counters plus the
allocation row, in one transaction: two schedulers racing for the last slot
cannot both win, and nothing is read-modify-written.
"""
import functools

from oslo_utils import timeutils
from oslo_utils import uuidutils
from oslo_utils import versionutils
from oslo_versionedobjects import fields

from nova_lite import exception
from nova_lite.db.lazy import api as db_api
from nova_lite.db.lazy import models
from nova_lite.db.lazy import sa
from nova_lite.objects import base


# What a compute host reports about itself; the *_used counters are not in
# here: they belong to the claims.
REPORTED_FIELDS = ('hypervisor_type', 'hypervisor_version', 'cpu_info', 'host_ip', 'vcpus',
                   'memory_mb', 'local_gb', 'reserved_vcpus', 'reserved_memory_mb',
                   'reserved_disk_gb', 'cpu_allocation_ratio', 'ram_allocation_ratio',
                   'disk_allocation_ratio', 'running_vms', 'disk_available_least',
                   'failed_builds', 'traits')


@base.NovaLiteObjectRegistry.register
class ComputeNode(base.NovaLiteObject, base.SoftDeletedObject):
    # Version 1.0: Initial version
    # Version 1.1: failed_builds
    # Version 1.2: traits
    VERSION = '1.2'

    fields = dict(base.SoftDeletedObject.fields, **{
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'service_id': fields.IntegerField(nullable=True),
        'host': fields.StringField(),
        'hypervisor_hostname': fields.StringField(),
        'hypervisor_type': fields.StringField(),
        'hypervisor_version': fields.IntegerField(),
        'cpu_info': fields.StringField(),
        'host_ip': fields.StringField(nullable=True),
        'vcpus': fields.IntegerField(),
        'memory_mb': fields.IntegerField(),
        'local_gb': fields.IntegerField(),
        'vcpus_used': fields.IntegerField(),
        'memory_mb_used': fields.IntegerField(),
        'local_gb_used': fields.IntegerField(),
        'reserved_vcpus': fields.IntegerField(),
        'reserved_memory_mb': fields.IntegerField(),
        'reserved_disk_gb': fields.IntegerField(),
        'cpu_allocation_ratio': fields.FloatField(),
        'ram_allocation_ratio': fields.FloatField(),
        'disk_allocation_ratio': fields.FloatField(),
        'running_vms': fields.IntegerField(),
        'disk_available_least': fields.IntegerField(nullable=True),
        'failed_builds': fields.IntegerField(default=0),
        'traits': fields.ListOfStringsField(default=[]),
    })

    @staticmethod
    def _from_db_object(context, node, row):
        base.from_row(context, node, row, skip=('traits',))
        node.traits = row.traits or []  # NULL: a node not reported since traits came
        node.obj_reset_changes(['traits'])
        return node

    def obj_make_compatible(self, primitive, target_version):
        super().obj_make_compatible(primitive, target_version)
        if versionutils.convert_version_to_tuple(target_version) < (1, 2):
            primitive.pop('traits', None)

    # Schedulable capacity, as Placement computes it: (total - reserved) * ratio.
    @property
    def vcpus_capacity(self):
        return int((self.vcpus - self.reserved_vcpus) * self.cpu_allocation_ratio)

    @property
    def memory_mb_capacity(self):
        return int((self.memory_mb - self.reserved_memory_mb) * self.ram_allocation_ratio)

    @property
    def disk_gb_capacity(self):
        return int((self.local_gb - self.reserved_disk_gb) * self.disk_allocation_ratio)

    @property
    def free_vcpus(self):
        return self.vcpus_capacity - self.vcpus_used

    @property
    def free_ram_mb(self):
        return self.memory_mb_capacity - self.memory_mb_used

    @property
    def free_disk_gb(self):
        return self.disk_gb_capacity - self.local_gb_used

    @classmethod
    def _get(cls, context, not_found, *conditions):
        with db_api.reader() as session:
            row = session.scalars(sa.select(models.ComputeNode).where(
                models.ComputeNode.deleted == 0, *conditions)).first()
            if row is None:
                raise not_found
            return cls._from_db_object(context, cls(), row)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, node_id):
        return cls._get(context, exception.ComputeNodeNotFound(node=node_id),
                        models.ComputeNode.id == node_id)

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, node_uuid):
        return cls._get(context, exception.ComputeNodeNotFound(node=node_uuid),
                        models.ComputeNode.uuid == node_uuid)

    @classmethod
    @base.remotable
    def get_by_host_and_nodename(cls, context, host, nodename):
        return cls._get(context, exception.ComputeNodeNotFound(node=nodename),
                        models.ComputeNode.host == host,
                        models.ComputeNode.hypervisor_hostname == nodename)

    @classmethod
    @base.remotable
    def report(cls, context, host, nodename, service_id, resources):
        """Create or refresh the node from a compute host's report.

        The used counters are recomputed from the allocations in the same
        statement, so they cannot drift from what is really claimed.
        """
        values = {k: v for k, v in resources.items() if k in REPORTED_FIELDS}
        node, alloc = models.ComputeNode, models.Allocation
        with db_api.writer() as session:
            row = session.scalars(sa.select(node).where(
                node.deleted == 0, node.host == host,
                node.hypervisor_hostname == nodename)).first()
            if row is None:
                row = node(uuid=uuidutils.generate_uuid(), host=host,
                           hypervisor_hostname=nodename, service_id=service_id, **values)
                session.add(row)
                session.flush()
            else:
                values['service_id'] = service_id
                values['updated_at'] = timeutils.utcnow()
                session.execute(sa.update(node).where(node.id == row.id).values(**values))

            def used(column):
                return sa.func.coalesce(sa.select(sa.func.sum(column))
                                        .where(alloc.compute_node_id == row.id)
                                        .scalar_subquery(), 0)
            session.execute(sa.update(node).where(node.id == row.id).values(
                vcpus_used=used(alloc.vcpus), memory_mb_used=used(alloc.memory_mb),
                local_gb_used=used(alloc.disk_gb)))
            session.refresh(row)
            return cls._from_db_object(context, cls(), row)

    @base.remotable
    def destroy(self):
        with db_api.writer() as session:
            session.execute(sa.update(models.ComputeNode).where(
                models.ComputeNode.id == self.id).values(deleted=self.id,
                                                         deleted_at=timeutils.utcnow()))


@base.NovaLiteObjectRegistry.register
class ComputeNodeList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('ComputeNode')}

    @classmethod
    @base.remotable
    def get_all(cls, context, host=None):
        query = sa.select(models.ComputeNode).where(models.ComputeNode.deleted == 0)
        if host:
            query = query.where(models.ComputeNode.host == host)
        with db_api.reader() as session:
            return base.list_from_rows(context, cls, ComputeNode,
                                       session.scalars(query.order_by(models.ComputeNode.id)))


@base.NovaLiteObjectRegistry.register
class Allocation(base.NovaLiteObject):
    """Resources one instance holds on one compute node."""
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'instance_uuid': fields.UUIDField(),
        'compute_node_id': fields.IntegerField(),
        'vcpus': fields.IntegerField(),
        'memory_mb': fields.IntegerField(),
        'disk_gb': fields.IntegerField(),
    }

    @classmethod
    @base.remotable
    def claim(cls, context, compute_node_id, instance_uuid, vcpus, memory_mb, disk_gb):
        """Claim the resources atomically or raise ResourceClaimFailed."""
        values = {'instance_uuid': instance_uuid, 'compute_node_id': compute_node_id,
                  'vcpus': vcpus, 'memory_mb': memory_mb, 'disk_gb': disk_gb}
        with db_api.writer() as session:
            connection = session.connection()  # Core: every boot claims
            if connection.execute(_claim_statement(), {'b_' + k: v for k, v in values.items()
                                                       if k != 'instance_uuid'}).rowcount != 1:
                raise exception.ResourceClaimFailed(node=compute_node_id,
                                                    instance_uuid=instance_uuid)
            connection.execute(_insert_allocation(), values)
        return cls(context, instance_uuid=instance_uuid, compute_node_id=compute_node_id,
                   vcpus=vcpus, memory_mb=memory_mb, disk_gb=disk_gb)

    @classmethod
    @base.remotable
    def release(cls, context, instance_uuid):
        """Give back everything the instance holds; returns how many claims were freed."""
        allocs, nodes = models.Allocation.__table__, models.ComputeNode.__table__
        with db_api.writer() as session:
            connection = session.connection()  # Core: every delete releases
            rows = connection.execute(sa.select(allocs).where(
                allocs.c.instance_uuid == instance_uuid)).all()
            for row in rows:
                connection.execute(sa.update(nodes).where(
                    nodes.c.id == row.compute_node_id).values(
                    vcpus_used=nodes.c.vcpus_used - row.vcpus,
                    memory_mb_used=nodes.c.memory_mb_used - row.memory_mb,
                    local_gb_used=nodes.c.local_gb_used - row.disk_gb))
            if rows:
                connection.execute(sa.delete(allocs).where(
                    allocs.c.instance_uuid == instance_uuid))
            return len(rows)


@functools.cache
def _claim_statement():
    """UPDATE the node's *_used counters where the claim still fits (built once; b_
    names are the bound values, the columns' own names are reserved for SET)."""
    nodes = models.ComputeNode.__table__
    wanted = {name: sa.bindparam('b_' + name) for name in ('vcpus', 'memory_mb', 'disk_gb')}
    return (sa.update(nodes)
            .where(nodes.c.id == sa.bindparam('b_compute_node_id'), nodes.c.deleted == 0,
                   nodes.c.vcpus_used + wanted['vcpus'] <=
                   (nodes.c.vcpus - nodes.c.reserved_vcpus) * nodes.c.cpu_allocation_ratio,
                   nodes.c.memory_mb_used + wanted['memory_mb'] <=
                   (nodes.c.memory_mb - nodes.c.reserved_memory_mb) *
                   nodes.c.ram_allocation_ratio,
                   nodes.c.local_gb_used + wanted['disk_gb'] <=
                   (nodes.c.local_gb - nodes.c.reserved_disk_gb) * nodes.c.disk_allocation_ratio)
            .values(vcpus_used=nodes.c.vcpus_used + wanted['vcpus'],
                    memory_mb_used=nodes.c.memory_mb_used + wanted['memory_mb'],
                    local_gb_used=nodes.c.local_gb_used + wanted['disk_gb']))


@functools.cache
def _insert_allocation():
    return sa.insert(models.Allocation.__table__)
