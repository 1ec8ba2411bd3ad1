"""SQLAlchemy models. The schema itself is built by the Alembic migrations in
migrations/; a test compares both so they cannot drift apart."""
import sqlalchemy as sa
from oslo_utils import timeutils
from sqlalchemy import orm


class DateTime(sa.types.TypeDecorator):
    """DATETIME(6) on MariaDB and MySQL, which keep no fraction of a second unless told:
    events, heartbeats, changes-since filters and the order of a list need the
    microseconds SQLite and PostgreSQL keep (migration 0007). MySQL's types are loaded
    only there (a MiB of the conductor's RSS on SQLite)."""
    impl = sa.DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name in ('mysql', 'mariadb'):
            from sqlalchemy.dialects import mysql
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(sa.DateTime())


class Base(orm.DeclarativeBase):
    pass


class TimestampMixin:
    created_at = sa.Column(DateTime, default=timeutils.utcnow)
    updated_at = sa.Column(DateTime, onupdate=timeutils.utcnow)


class SoftDeleteMixin:
    """A deleted row keeps deleted = its id until it is archived."""
    deleted_at = sa.Column(DateTime)
    deleted = sa.Column(sa.Integer, nullable=False, default=0)


class Service(Base, TimestampMixin, SoftDeleteMixin):
    __tablename__ = 'services'
    __table_args__ = (sa.UniqueConstraint('host', 'binary', 'deleted',
                                          name='uniq_services0host0binary0deleted'),)
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    host = sa.Column(sa.String(255), nullable=False)
    binary = sa.Column(sa.String(255), nullable=False)
    topic = sa.Column(sa.String(255))
    report_count = sa.Column(sa.Integer, nullable=False, default=0)
    disabled = sa.Column(sa.Boolean, nullable=False, default=False)
    disabled_reason = sa.Column(sa.String(255))
    forced_down = sa.Column(sa.Boolean, nullable=False, default=False)
    last_seen_up = sa.Column(DateTime)
    version = sa.Column(sa.Integer, nullable=False, default=0)


class ComputeNode(Base, TimestampMixin, SoftDeleteMixin):
    """One hypervisor; *_used count what is claimed by allocations."""
    __tablename__ = 'compute_nodes'
    __table_args__ = (sa.UniqueConstraint('host', 'hypervisor_hostname', 'deleted',
                                          name='uniq_compute_nodes0host0hypervisor_hostname0deleted'),)
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    service_id = sa.Column(sa.Integer, sa.ForeignKey('services.id'))
    host = sa.Column(sa.String(255), nullable=False)
    hypervisor_hostname = sa.Column(sa.String(255), nullable=False)
    hypervisor_type = sa.Column(sa.String(255), nullable=False)
    hypervisor_version = sa.Column(sa.Integer, nullable=False, default=0)
    cpu_info = sa.Column(sa.Text, nullable=False, default='{}')
    host_ip = sa.Column(sa.String(64))
    vcpus = sa.Column(sa.Integer, nullable=False)
    memory_mb = sa.Column(sa.Integer, nullable=False)
    local_gb = sa.Column(sa.Integer, nullable=False)
    vcpus_used = sa.Column(sa.Integer, nullable=False, default=0)
    memory_mb_used = sa.Column(sa.Integer, nullable=False, default=0)
    local_gb_used = sa.Column(sa.Integer, nullable=False, default=0)
    reserved_vcpus = sa.Column(sa.Integer, nullable=False, default=0)
    reserved_memory_mb = sa.Column(sa.Integer, nullable=False, default=0)
    reserved_disk_gb = sa.Column(sa.Integer, nullable=False, default=0)
    cpu_allocation_ratio = sa.Column(sa.Float, nullable=False, default=1.0)
    ram_allocation_ratio = sa.Column(sa.Float, nullable=False, default=1.0)
    disk_allocation_ratio = sa.Column(sa.Float, nullable=False, default=1.0)
    running_vms = sa.Column(sa.Integer, nullable=False, default=0)
    disk_available_least = sa.Column(sa.Integer)
    failed_builds = sa.Column(sa.Integer, nullable=False, default=0, server_default='0')
    traits = sa.Column(sa.JSON)  # the names the driver reports (TraitsFilter)


class Allocation(Base):
    """Resources an instance holds on a compute node, claimed atomically."""
    __tablename__ = 'allocations'
    id = sa.Column(sa.Integer, primary_key=True)
    instance_uuid = sa.Column(sa.String(36), nullable=False, index=True)
    compute_node_id = sa.Column(sa.Integer, sa.ForeignKey('compute_nodes.id'), nullable=False,
                                index=True)
    vcpus = sa.Column(sa.Integer, nullable=False)
    memory_mb = sa.Column(sa.Integer, nullable=False)
    disk_gb = sa.Column(sa.Integer, nullable=False)
    created_at = sa.Column(DateTime, default=timeutils.utcnow)


class Instance(Base, TimestampMixin, SoftDeleteMixin):
    __tablename__ = 'instances'
    __table_args__ = (sa.Index('instances_project_id_deleted_idx', 'project_id', 'deleted'),
                      sa.Index('instances_host_deleted_idx', 'host', 'deleted'),)
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    user_id = sa.Column(sa.String(255))
    project_id = sa.Column(sa.String(255))
    display_name = sa.Column(sa.String(255))
    display_description = sa.Column(sa.Text)
    hostname = sa.Column(sa.String(255))
    image_ref = sa.Column(sa.String(255))
    flavor = sa.Column(sa.JSON)  # the flavor as it was at boot
    instance_type_id = sa.Column(sa.Integer)
    vcpus = sa.Column(sa.Integer)
    memory_mb = sa.Column(sa.Integer)
    root_gb = sa.Column(sa.Integer)
    ephemeral_gb = sa.Column(sa.Integer)
    host = sa.Column(sa.String(255))
    node = sa.Column(sa.String(255))
    launched_on = sa.Column(sa.Text)
    vm_state = sa.Column(sa.String(255))
    task_state = sa.Column(sa.String(255))
    power_state = sa.Column(sa.Integer, nullable=False, default=0)
    availability_zone = sa.Column(sa.String(255))
    key_name = sa.Column(sa.String(255))
    key_data = sa.Column(sa.Text)
    user_data = sa.Column(sa.Text)
    metadata_ = sa.Column('metadata', sa.JSON)
    system_metadata = sa.Column(sa.JSON)
    reservation_id = sa.Column(sa.String(255))
    launch_index = sa.Column(sa.Integer)
    launched_at = sa.Column(DateTime)
    terminated_at = sa.Column(DateTime)
    config_drive = sa.Column(sa.String(255))
    access_ip_v4 = sa.Column(sa.String(39))
    access_ip_v6 = sa.Column(sa.String(39))
    progress = sa.Column(sa.Integer)
    locked = sa.Column(sa.Boolean, nullable=False, default=False)
    locked_by = sa.Column(sa.String(255))
    root_device_name = sa.Column(sa.String(255))
    kernel_id = sa.Column(sa.String(255))
    ramdisk_id = sa.Column(sa.String(255))
    # what the scheduler was asked, for reschedules; read only then (RequestSpec)
    request_spec = orm.deferred(sa.Column(sa.JSON))


class InstanceFault(Base):
    __tablename__ = 'instance_faults'
    id = sa.Column(sa.Integer, primary_key=True)
    instance_uuid = sa.Column(sa.String(36), nullable=False, index=True)
    code = sa.Column(sa.Integer, nullable=False)
    message = sa.Column(sa.String(255))
    details = sa.Column(sa.Text)
    host = sa.Column(sa.String(255))
    created_at = sa.Column(DateTime, default=timeutils.utcnow)


class InstanceAction(Base, TimestampMixin):
    __tablename__ = 'instance_actions'
    __table_args__ = (sa.Index('instance_uuid_request_id_idx', 'instance_uuid', 'request_id'),)
    id = sa.Column(sa.Integer, primary_key=True)
    action = sa.Column(sa.String(255))
    instance_uuid = sa.Column(sa.String(36), nullable=False)
    request_id = sa.Column(sa.String(255))
    user_id = sa.Column(sa.String(255))
    project_id = sa.Column(sa.String(255))
    start_time = sa.Column(DateTime, default=timeutils.utcnow)
    finish_time = sa.Column(DateTime)
    message = sa.Column(sa.String(255))


class InstanceActionEvent(Base, TimestampMixin):
    __tablename__ = 'instance_actions_events'
    id = sa.Column(sa.Integer, primary_key=True)
    action_id = sa.Column(sa.Integer, sa.ForeignKey('instance_actions.id'), nullable=False,
                          index=True)
    event = sa.Column(sa.String(255))
    start_time = sa.Column(DateTime, default=timeutils.utcnow)
    finish_time = sa.Column(DateTime)
    result = sa.Column(sa.String(255))
    traceback = sa.Column(sa.Text)
    host = sa.Column(sa.String(255))
    details = sa.Column(sa.Text)


class Flavor(Base, TimestampMixin):
    __tablename__ = 'flavors'
    id = sa.Column(sa.Integer, primary_key=True)
    flavorid = sa.Column(sa.String(255), nullable=False, unique=True)
    name = sa.Column(sa.String(255), nullable=False, unique=True)
    memory_mb = sa.Column(sa.Integer, nullable=False)
    vcpus = sa.Column(sa.Integer, nullable=False)
    root_gb = sa.Column(sa.Integer, nullable=False, default=0)
    ephemeral_gb = sa.Column(sa.Integer, nullable=False, default=0)
    swap = sa.Column(sa.Integer, nullable=False, default=0)
    rxtx_factor = sa.Column(sa.Float, nullable=False, default=1.0)
    vcpu_weight = sa.Column(sa.Integer)
    disabled = sa.Column(sa.Boolean, nullable=False, default=False)
    is_public = sa.Column(sa.Boolean, nullable=False, default=True)
    description = sa.Column(sa.Text)
    extra_specs = orm.relationship('FlavorExtraSpec', lazy='selectin',
                                   cascade='all, delete-orphan')


class FlavorExtraSpec(Base, TimestampMixin):
    __tablename__ = 'flavor_extra_specs'
    __table_args__ = (sa.UniqueConstraint('flavor_id', 'key',
                                          name='uniq_flavor_extra_specs0flavor_id0key'),)
    id = sa.Column(sa.Integer, primary_key=True)
    flavor_id = sa.Column(sa.Integer, sa.ForeignKey('flavors.id', ondelete='CASCADE'),
                          nullable=False)
    key = sa.Column(sa.String(255), nullable=False)
    value = sa.Column(sa.String(255))


class KeyPair(Base, TimestampMixin, SoftDeleteMixin):
    __tablename__ = 'key_pairs'
    __table_args__ = (sa.UniqueConstraint('user_id', 'name', 'deleted',
                                          name='uniq_key_pairs0user_id0name0deleted'),)
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(255), nullable=False)
    user_id = sa.Column(sa.String(255), nullable=False)
    fingerprint = sa.Column(sa.String(255))
    public_key = sa.Column(sa.Text)
    type = sa.Column(sa.String(10), nullable=False, default='ssh')


# Issue 4 (migration 0002_resources): flavor access, quotas, aggregates, server groups.

class FlavorProject(Base, TimestampMixin):
    """A project that may use a private flavor."""
    __tablename__ = 'flavor_projects'
    __table_args__ = (sa.UniqueConstraint('flavor_id', 'project_id',
                                          name='uniq_flavor_projects0flavor_id0project_id'),)
    id = sa.Column(sa.Integer, primary_key=True)
    flavor_id = sa.Column(sa.Integer, sa.ForeignKey('flavors.id', ondelete='CASCADE'),
                          nullable=False)
    project_id = sa.Column(sa.String(255), nullable=False)


class Quota(Base, TimestampMixin):
    """A project's limit of one resource, where it differs from its class default."""
    __tablename__ = 'quotas'
    __table_args__ = (sa.UniqueConstraint('project_id', 'resource',
                                          name='uniq_quotas0project_id0resource'),)
    id = sa.Column(sa.Integer, primary_key=True)
    project_id = sa.Column(sa.String(255), nullable=False)
    resource = sa.Column(sa.String(255), nullable=False)
    hard_limit = sa.Column(sa.Integer, nullable=False)


class QuotaLock(Base):
    """A row per project and per user that a quota-guarded create locks before it counts,
    on a database server (on SQLite the write lock serializes them already); scope is
    the SHA-256 of 'project ID' or 'user ID'."""
    __tablename__ = 'quota_locks'
    scope = sa.Column(sa.String(64), primary_key=True)


class ProjectUserQuota(Base, TimestampMixin):
    __tablename__ = 'project_user_quotas'
    __table_args__ = (sa.UniqueConstraint(
        'user_id', 'project_id', 'resource',
        name='uniq_project_user_quotas0user_id0project_id0resource'),)
    id = sa.Column(sa.Integer, primary_key=True)
    project_id = sa.Column(sa.String(255), nullable=False)
    user_id = sa.Column(sa.String(255), nullable=False)
    resource = sa.Column(sa.String(255), nullable=False)
    hard_limit = sa.Column(sa.Integer, nullable=False)


class QuotaClass(Base, TimestampMixin):
    """Limits of a quota class; the class 'default' holds every project's defaults."""
    __tablename__ = 'quota_classes'
    __table_args__ = (sa.UniqueConstraint('class_name', 'resource',
                                          name='uniq_quota_classes0class_name0resource'),)
    id = sa.Column(sa.Integer, primary_key=True)
    class_name = sa.Column(sa.String(255), nullable=False)
    resource = sa.Column(sa.String(255), nullable=False)
    hard_limit = sa.Column(sa.Integer, nullable=False)


class Aggregate(Base, TimestampMixin):
    __tablename__ = 'aggregates'
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    name = sa.Column(sa.String(255), nullable=False, unique=True)
    hosts = orm.relationship('AggregateHost', lazy='selectin', cascade='all, delete-orphan')
    metadata_items = orm.relationship('AggregateMetadata', lazy='selectin',
                                      cascade='all, delete-orphan')


class AggregateHost(Base, TimestampMixin):
    __tablename__ = 'aggregate_hosts'
    __table_args__ = (sa.UniqueConstraint('host', 'aggregate_id',
                                          name='uniq_aggregate_hosts0host0aggregate_id'),)
    id = sa.Column(sa.Integer, primary_key=True)
    aggregate_id = sa.Column(sa.Integer, sa.ForeignKey('aggregates.id', ondelete='CASCADE'),
                             nullable=False)
    host = sa.Column(sa.String(255), nullable=False)


class AggregateMetadata(Base, TimestampMixin):
    __tablename__ = 'aggregate_metadata'
    __table_args__ = (sa.UniqueConstraint('aggregate_id', 'key',
                                          name='uniq_aggregate_metadata0aggregate_id0key'),
                      sa.Index('aggregate_metadata_key_idx', 'key'))
    id = sa.Column(sa.Integer, primary_key=True)
    aggregate_id = sa.Column(sa.Integer, sa.ForeignKey('aggregates.id', ondelete='CASCADE'),
                             nullable=False)
    key = sa.Column(sa.String(255), nullable=False)
    value = sa.Column(sa.String(255), nullable=False)


class InstanceGroup(Base, TimestampMixin):
    """A server group: its policy and rules, and (in instance_group_member) its members."""
    __tablename__ = 'instance_groups'
    __table_args__ = (sa.Index('instance_groups_project_id_idx', 'project_id'),)
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    name = sa.Column(sa.String(255))
    user_id = sa.Column(sa.String(255))
    project_id = sa.Column(sa.String(255))
    policy = sa.Column(sa.String(255), nullable=False)
    rules = sa.Column(sa.JSON)
    members = orm.relationship('InstanceGroupMember', lazy='selectin',
                               cascade='all, delete-orphan')


class InstanceGroupMember(Base, TimestampMixin):
    __tablename__ = 'instance_group_member'
    __table_args__ = (sa.UniqueConstraint(
        'group_id', 'instance_uuid', name='uniq_instance_group_member0group_id0instance_uuid'),
                      sa.Index('instance_group_member_instance_idx', 'instance_uuid'))
    id = sa.Column(sa.Integer, primary_key=True)
    group_id = sa.Column(sa.Integer, sa.ForeignKey('instance_groups.id', ondelete='CASCADE'),
                         nullable=False)
    instance_uuid = sa.Column(sa.String(36), nullable=False)


# Issue 5 (migration 0002_lifecycle): server tags.

class Tag(Base):
    """One tag of one server (resource_id is the instance uuid), as upstream's tags."""
    __tablename__ = 'tags'
    __table_args__ = (sa.Index('tags_tag_idx', 'tag'),)
    resource_id = sa.Column(sa.String(36), primary_key=True)
    tag = sa.Column(sa.String(80), primary_key=True)


# Issue 7 (migration 0005_console_auth_tokens): console URLs.

class ConsoleAuthToken(Base, TimestampMixin):
    """The connection a console URL's token opens; only the token's hash is kept."""
    __tablename__ = 'console_auth_tokens'
    __table_args__ = (sa.Index('console_auth_tokens_instance_uuid_idx', 'instance_uuid'),
                      sa.Index('console_auth_tokens_expires_idx', 'expires'),)
    id = sa.Column(sa.Integer, primary_key=True)
    token_hash = sa.Column(sa.String(255), nullable=False, unique=True)
    console_type = sa.Column(sa.String(255), nullable=False)
    host = sa.Column(sa.String(255), nullable=False)
    port = sa.Column(sa.Integer, nullable=False)
    internal_access_path = sa.Column(sa.String(255))
    instance_uuid = sa.Column(sa.String(36), nullable=False)
    expires = sa.Column(sa.Integer, nullable=False)  # a Unix time, as upstream
    access_url_base = sa.Column(sa.String(255))


# nova-lite-manage db archive_deleted_rows (nova_lite/db/archive.py) moves deleted rows,
# and the rows of deleted instances, to shadow_<table> (migration 0008): the same
# columns and primary key, without the other constraints, indexes and defaults.
ARCHIVED = ('instance_actions_events', 'instance_actions', 'instance_faults', 'tags',
            'instances', 'key_pairs', 'compute_nodes', 'services')
SHADOW = {name: sa.Table('shadow_' + name, Base.metadata,
                         *[sa.Column(column.name, column.type, primary_key=column.primary_key,
                                     autoincrement=False)
                           for column in Base.metadata.tables[name].columns])
          for name in ARCHIVED}
