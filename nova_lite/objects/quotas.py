"""Quotas: limits per project (and per user, and per class), checked by
counting what exists, as upstream's counting quota driver does.

There are no reservations to leak. A create that a quota guards counts and
inserts inside one writer transaction (enforce() below, called by the
object's create in the conductor), and two racing creates of a project (or of a
user's key pairs) are serialized, so the count each sees includes the other's
insert: on SQLite the writer holds the database write lock from BEGIN (BEGIN
IMMEDIATE); on a database server, whose READ COMMITTED counts do not wait for
another transaction's insert, the writer first locks a row per project and per
user (_serialize).
"""
import functools
import hashlib

from oslo_config import cfg

from nova_lite import exception
from nova_lite.db.lazy import api as db_api
from nova_lite.db.lazy import models
from nova_lite.db.lazy import mysql
from nova_lite.db.lazy import postgresql
from nova_lite.db.lazy import sa
from nova_lite.objects import base

CONF = cfg.CONF

# Every resource with a limit, in upstream's API names. The option of
# injected_file_path_bytes is upstream's [quota] injected_file_path_length.
RESOURCES = ('instances', 'cores', 'ram', 'metadata_items', 'injected_files',
             'injected_file_content_bytes', 'injected_file_path_bytes', 'key_pairs',
             'server_groups', 'server_group_members')
_OPTION = {'injected_file_path_bytes': 'injected_file_path_length'}
# Counted per project and per user; key_pairs per user only; members per group.
PROJECT_COUNTED = ('instances', 'cores', 'ram', 'server_groups')
DEFAULT_CLASS = 'default'
UNLIMITED = -1


def config_default(resource):
    return getattr(CONF.quota, _OPTION.get(resource, resource))


def _config_defaults():
    """Every resource's [quota] default: what the default class starts from."""
    return {r: config_default(r) for r in RESOURCES}


def _limits(session, model, **where):
    rows = session.scalars(sa.select(model).where(
        *[getattr(model, key) == value for key, value in where.items()]))
    return {row.resource: row.hard_limit for row in rows}


def class_limits(session, class_name=DEFAULT_CLASS):
    """The limits of a quota class; the default class falls back to [quota]."""
    limits = _config_defaults() if class_name == DEFAULT_CLASS else {}
    if class_name != DEFAULT_CLASS:
        limits.update(class_limits(session))
    limits.update(_limits(session, models.QuotaClass, class_name=class_name))
    return limits


@functools.cache
def _levels_query(with_user):
    """The limits of the default class, of the project_id parameter and (with_user) of
    its user_id parameter, each row tagged 0, 1 or 2: one statement, built once."""
    qclass, project, user = models.QuotaClass, models.Quota, models.ProjectUserQuota
    parts = [sa.select(sa.literal(0).label('level'), qclass.resource, qclass.hard_limit)
             .where(qclass.class_name == DEFAULT_CLASS),
             sa.select(sa.literal(1), project.resource, project.hard_limit)
             .where(project.project_id == sa.bindparam('project_id'))]
    if with_user:
        parts.append(sa.select(sa.literal(2), user.resource, user.hard_limit)
                     .where(user.project_id == sa.bindparam('project_id'),
                            user.user_id == sa.bindparam('user_id')))
    return sa.union_all(*parts)


def _levels(session, project_id, user_id=None):
    """(the project's limits, the user's), in one query: the defaults ([quota] under
    the default class), then the project's own, then the user's own on top."""
    found = (_config_defaults(), {}, {})
    for level, resource, limit in session.execute(
            _levels_query(bool(user_id)), {'project_id': project_id, 'user_id': user_id}):
        found[level][resource] = limit
    project_limits = dict(found[0], **found[1])
    return project_limits, dict(project_limits, **found[2])


def project_limits(session, project_id, user_id=None):
    """The limits that apply to a project (to a user of it, with user_id)."""
    return _levels(session, project_id, user_id)[1]


def count_usage(session, project_id, user_id=None):
    """What a project (or one user in it) has now: instances, cores, ram,
    server_groups, and the user's key_pairs."""
    inst = models.Instance
    where = [inst.project_id == project_id, inst.deleted == 0]
    if user_id:
        where.append(inst.user_id == user_id)
    instances, cores, ram = session.execute(sa.select(
        sa.func.count(inst.id), sa.func.coalesce(sa.func.sum(inst.vcpus), 0),
        sa.func.coalesce(sa.func.sum(inst.memory_mb), 0)).where(*where)).one()
    group = models.InstanceGroup
    group_where = [group.project_id == project_id]
    if user_id:
        group_where.append(group.user_id == user_id)
    usage = {'instances': instances, 'cores': int(cores), 'ram': int(ram),
             'server_groups': session.scalar(sa.select(sa.func.count(group.id))
                                              .where(*group_where))}
    if user_id:
        kp = models.KeyPair
        usage['key_pairs'] = session.scalar(sa.select(sa.func.count(kp.id)).where(
            kp.user_id == user_id, kp.deleted == 0))
    return usage


@functools.cache
def _instance_usages_query():
    inst = models.Instance
    mine = inst.user_id == sa.bindparam('user_id')
    return sa.select(
        sa.func.count(inst.id), sa.func.sum(inst.vcpus), sa.func.sum(inst.memory_mb),
        sa.func.count(sa.case((mine, inst.id))), sa.func.sum(sa.case((mine, inst.vcpus))),
        sa.func.sum(sa.case((mine, inst.memory_mb)))).where(
        inst.project_id == sa.bindparam('project_id'), inst.deleted == 0)


def _instance_usages(session, project_id, user_id):
    """({instances, cores, ram} of the project, the same of its user_id), in one query:
    every boot counts them."""
    totals = session.execute(_instance_usages_query(),
                             {'project_id': project_id, 'user_id': user_id}).one()
    counts = [int(value or 0) for value in totals]
    return tuple(dict(zip(('instances', 'cores', 'ram'), counts[at:at + 3]))
                 for at in (0, 3))


def count_group_members(session, group_id):
    member = models.InstanceGroupMember
    return session.scalar(sa.select(sa.func.count(member.id)).where(
        member.group_id == group_id))


def headroom(limit, used):
    """How much more fits under limit (None when unlimited)."""
    return None if limit == UNLIMITED else max(limit - used, 0)


def check(limits, usages, deltas):
    """Raise OverQuota when usage + delta passes a limit, for any resource."""
    overs = sorted(r for r, delta in deltas.items()
                   if delta > 0 and limits.get(r, UNLIMITED) != UNLIMITED and
                   usages.get(r, 0) + delta > limits[r])
    if overs:
        raise exception.OverQuota(overs=overs, quotas=limits, usages=usages)


def enforce(session, project_id, user_id, deltas):
    """Inside a writer: check deltas of counted resources against the project's
    limits and against the user's."""
    project_deltas = {r: d for r, d in deltas.items() if r in PROJECT_COUNTED}
    _serialize(session, project_id, user_id)
    project_limits, user_limits = _levels(session, project_id, user_id)
    check(project_limits, count_usage(session, project_id), project_deltas)
    check(user_limits, count_usage(session, project_id, user_id), deltas)


def _set_limit(session, model, values, limit):
    row = session.scalars(sa.select(model).where(
        *[getattr(model, key) == value for key, value in values.items()])).first()
    if row is None:
        session.add(model(hard_limit=limit, **values))
    else:
        row.hard_limit = limit


@base.NovaLiteObjectRegistry.register
class Quotas(base.NovaLiteObject):
    """Reads and writes of the limits; every answer is {resource: value}."""
    # Version 1.0: Initial version
    VERSION = '1.0'
    fields = {}

    @classmethod
    @base.remotable
    def get_class_limits(cls, context, class_name):
        with db_api.reader() as session:
            return class_limits(session, class_name)

    @classmethod
    @base.remotable
    def update_class_limits(cls, context, class_name, values):
        with db_api.writer() as session:
            for resource, limit in values.items():
                _set_limit(session, models.QuotaClass,
                           {'class_name': class_name, 'resource': resource}, limit)
            return class_limits(session, class_name)

    @classmethod
    @base.remotable
    def get_limits(cls, context, project_id, user_id=None):
        with db_api.reader() as session:
            return project_limits(session, project_id, user_id)

    @classmethod
    @base.remotable
    def get_usages(cls, context, project_id, user_id=None):
        """What is in use now, for every resource (0 where nothing is counted)."""
        with db_api.reader() as session:
            usage = dict.fromkeys(RESOURCES, 0)
            usage.update(count_usage(session, project_id, user_id))
            return usage

    @classmethod
    @base.remotable
    def update_limits(cls, context, project_id, values, user_id=None):
        with db_api.writer() as session:
            for resource, limit in values.items():
                if user_id:
                    _set_limit(session, models.ProjectUserQuota,
                               {'project_id': project_id, 'user_id': user_id,
                                'resource': resource}, limit)
                else:
                    _set_limit(session, models.Quota,
                               {'project_id': project_id, 'resource': resource}, limit)
            return project_limits(session, project_id, user_id)

    @classmethod
    @base.remotable
    def destroy_all_by_project(cls, context, project_id, user_id=None):
        """Back to the defaults: a project's own limits (and its users'), or one user's."""
        with db_api.writer() as session:
            user_quota = models.ProjectUserQuota
            query = sa.delete(user_quota).where(user_quota.project_id == project_id)
            if user_id:
                session.execute(query.where(user_quota.user_id == user_id))
                return
            session.execute(query)
            session.execute(sa.delete(models.Quota).where(
                models.Quota.project_id == project_id))


def _serialize(session, project_id, user_id):
    """Inside a writer, before counting: wait until the other writers that count the
    usage of this project or user have committed or rolled back. SQLite has one writer
    at a time; on a database server the writer locks the project's and the user's rows
    of quota_locks (made on first use) until it ends, the project's first, so two never
    wait on each other."""
    dialect = session.get_bind().dialect.name
    if dialect == 'sqlite':
        return
    table = models.QuotaLock.__table__
    for scope in ('project %s' % project_id, 'user %s' % user_id):
        key = hashlib.sha256(scope.encode()).hexdigest()
        if dialect == 'postgresql':
            lock = postgresql.insert(table).values(scope=key).on_conflict_do_update(
                index_elements=[table.c.scope], set_={'scope': key})
        else:  # MariaDB, MySQL
            lock = mysql.insert(table).values(scope=key).on_duplicate_key_update(scope=key)
        session.execute(lock)


def instances_allowed(session, project_id, user_id, vcpus, memory_mb, min_count, max_count):
    """Inside a writer: how many of max_count instances of this size fit the
    project's and the user's quota; TooManyInstances when not even min_count do."""
    per_instance = {'instances': 1, 'cores': vcpus, 'ram': memory_mb}
    allowed = max_count
    _serialize(session, project_id, user_id)
    project, user = _levels(session, project_id, user_id)
    usages = _instance_usages(session, project_id, user_id)
    for limits, usage in zip((project, user), usages):
        fits = [(limits[r] - usage[r]) // size for r, size in per_instance.items()
                if size and limits[r] != UNLIMITED]
        scope_allowed = max(0, min(fits + [max_count]))
        if scope_allowed < min_count:
            overs = sorted(r for r, size in per_instance.items()
                           if limits[r] != UNLIMITED and usage[r] + size * max_count > limits[r])
            requested = {'instances': (str(min_count) if min_count == max_count else
                                       '%s-%s' % (min_count, max_count)),
                         'cores': vcpus * max_count, 'ram': memory_mb * max_count}

            def joined(values):
                return ', '.join(str(values[r]) for r in overs)
            raise exception.TooManyInstances(overs=', '.join(overs), req=joined(requested),
                                             used=joined(usage), allowed=joined(limits))
        allowed = min(allowed, scope_allowed)
    return allowed
