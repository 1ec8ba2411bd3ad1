"""Server groups (upstream's instance groups): a placement policy for a set
of servers. A member stays a member until its instance is deleted."""
from oslo_utils import uuidutils
from oslo_versionedobjects import fields

from nova_lite import exception
from nova_lite.db.lazy import api as db_api
from nova_lite.db.lazy import models
from nova_lite.db.lazy import sa
from nova_lite.objects import base
from nova_lite.objects import quotas

POLICIES = ('affinity', 'anti-affinity', 'soft-affinity', 'soft-anti-affinity')


def _live_members(session, group_id):
    """Members whose instance is not deleted, oldest first."""
    inst, member = models.Instance, models.InstanceGroupMember
    return list(session.scalars(
        sa.select(member.instance_uuid).join(inst, inst.uuid == member.instance_uuid)
        .where(member.group_id == group_id, inst.deleted == 0).order_by(member.id)))


def _row(session, group_uuid, project_id=None):
    query = sa.select(models.InstanceGroup).where(models.InstanceGroup.uuid == group_uuid)
    if project_id is not None:
        query = query.where(models.InstanceGroup.project_id == project_id)
    row = session.scalars(query).first()
    if row is None:
        raise exception.InstanceGroupNotFound(group_uuid=group_uuid)
    return row


def add_members(session, group_uuid, instance_uuids):
    """Inside a writer: make instances members, within server_group_members quota."""
    row = _row(session, group_uuid)
    limit = quotas.project_limits(session, row.project_id)['server_group_members']
    used = len(_live_members(session, row.id))
    if limit != quotas.UNLIMITED and used + len(instance_uuids) > limit:
        raise exception.GroupMemberLimitExceeded()
    session.add_all([models.InstanceGroupMember(group_id=row.id, instance_uuid=uuid)
                     for uuid in instance_uuids])


@base.NovaLiteObjectRegistry.register
class InstanceGroup(base.NovaLiteObject, base.TimestampedObject):
    # Version 1.0: Initial version
    # Version 1.1: get_member_placements
    # Version 1.2: get_by_instance_uuid
    VERSION = '1.2'

    fields = dict(base.TimestampedObject.fields, **{
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'name': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'policy': fields.StringField(),
        'rules': fields.DictOfIntegersField(default={}),
        'members': fields.ListOfStringsField(default=[]),
        # not stored: the hosts of the members, as the scheduler sees them
        'hosts': fields.ListOfStringsField(default=[]),
    })

    @staticmethod
    def _from_db_object(context, group, row, members):
        base.from_row(context, group, row, skip=('rules', 'members', 'hosts'))
        group.rules = row.rules or {}
        group.members = members
        group.hosts = []
        group.obj_reset_changes()
        return group

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, group_uuid):
        """As upstream: a non-admin finds the groups of its own project only (so nobody
        boots into, reads or deletes another project's group)."""
        with db_api.reader() as session:
            row = _row(session, group_uuid,
                       None if context.is_admin else context.project_id)
            return cls._from_db_object(context, cls(), row, _live_members(session, row.id))

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid):
        """The group the instance is a member of (InstanceGroupNotFound if none)."""
        with db_api.reader() as session:
            group, member = models.InstanceGroup, models.InstanceGroupMember
            row = session.scalars(sa.select(group).join(member, member.group_id == group.id)
                                  .where(member.instance_uuid == instance_uuid)).first()
            if row is None:
                raise exception.InstanceGroupNotFound(group_uuid=instance_uuid)
            return cls._from_db_object(context, cls(), row, _live_members(session, row.id))

    @base.remotable
    def create(self):
        """Create it if the project's (and user's) server_groups quota allows."""
        with db_api.writer() as session:
            try:
                quotas.enforce(session, self.project_id, self.user_id, {'server_groups': 1})
            except exception.OverQuota:
                raise exception.ServerGroupLimitExceeded()
            row = models.InstanceGroup(
                uuid=uuidutils.generate_uuid(), name=self.name, user_id=self.user_id,
                project_id=self.project_id, policy=self.policy,
                rules=dict(self.rules) if self.obj_attr_is_set('rules') else {})
            session.add(row)
            session.flush()
            self._from_db_object(self._context, self, row, [])

    @base.remotable
    def destroy(self):
        with db_api.writer() as session:
            session.delete(_row(session, self.uuid))

    @base.remotable
    def get_hosts(self, exclude=None):
        """Hosts of the members (but those in exclude) that have one."""
        with db_api.reader() as session:
            return [host for host, in _placed_members(session, self.uuid, exclude,
                                                      models.Instance.host)]

    @base.remotable
    def get_member_placements(self, exclude=None):
        """{'host', 'vm_state', 'task_state'} of each member (but those in exclude) that
        has a host: what a compute checks a hard policy against (group_policy.py)."""
        inst = models.Instance
        with db_api.reader() as session:
            return [{'host': host, 'vm_state': vm_state, 'task_state': task_state}
                    for host, vm_state, task_state in _placed_members(
                        session, self.uuid, exclude, inst.host, inst.vm_state,
                        inst.task_state)]


def _placed_members(session, group_uuid, exclude, *columns):
    """columns of the group's live members (but those in exclude) that have a host."""
    inst = models.Instance
    uuids = set(_live_members(session, _row(session, group_uuid).id)) - set(exclude or [])
    if not uuids:
        return []
    return session.execute(sa.select(*columns).where(inst.uuid.in_(uuids),
                                                     inst.host.is_not(None))).all()


@base.NovaLiteObjectRegistry.register
class InstanceGroupList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('InstanceGroup')}

    @classmethod
    @base.remotable
    def get_all(cls, context, project_id=None):
        """Every group, or a project's, oldest first."""
        query = sa.select(models.InstanceGroup).order_by(models.InstanceGroup.id)
        if project_id:
            query = query.where(models.InstanceGroup.project_id == project_id)
        with db_api.reader() as session:
            objs = cls(context, objects=[])
            objs.objects = [InstanceGroup._from_db_object(context, InstanceGroup(), row,
                                                          _live_members(session, row.id))
                            for row in session.scalars(query)]
            objs.obj_reset_changes()
            return objs
