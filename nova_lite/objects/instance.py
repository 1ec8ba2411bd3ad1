"""Instances (servers) and their persistence."""
import functools
import types

from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import timeutils
from oslo_utils import uuidutils
from oslo_versionedobjects import fields

from nova_lite import exception
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.db.lazy import api as db_api
from nova_lite.db.lazy import models
from nova_lite.db.lazy import sa
from nova_lite.objects import base
from nova_lite.objects import compute_node
from nova_lite.objects import console_auth_token
from nova_lite.objects import flavor as flavor_obj
from nova_lite.objects import instance_action as action_obj
from nova_lite.objects import instance_fault
from nova_lite.objects import instance_group
from nova_lite.objects import instance_rows
from nova_lite.objects import quotas
from nova_lite.objects import service as service_obj
from nova_lite.objects import tag as tag_obj

CONF = cfg.CONF
LOG = logging.getLogger(__name__)


@functools.cache
def _built():
    """The instance table's columns and statements, built once (on first use)."""
    table = models.Instance.__table__
    # what a save reads back: every column but the request spec, named as the model
    # names them
    returned = [c.label('metadata_') if c.key == 'metadata' else c
                for c in table.c if c.key != 'request_spec']
    return types.SimpleNamespace(
        table=table, returned=returned,
        insert=sa.insert(table).returning(*returned),  # a create reads back the same
        # a save's read-back where UPDATE .. RETURNING is missing (db_api.update_returning)
        read_back=sa.select(*returned).where(table.c.uuid == sa.bindparam('b_uuid'),
                                             table.c.deleted == 0),
        # what a page for the API's lists reads (instance_rows.pack): no public key,
        # and the flavor as its JSON text, which most instances of a page share
        page_columns=[sa.cast(c, sa.Text).label('flavor') if c.key == 'flavor' else c
                      for c in returned if c.key != 'key_data'])


# Instances per call when a compute host reads all of its own (InstanceList.each_by_filters):
# 1,500 in one answer took the conductor from 91 to 111 MiB
HOST_PAGE = 200

# Object fields kept in another shape (or elsewhere) than a column of that name.
_NOT_COLUMNS = ('flavor', 'metadata', 'system_metadata', 'fault', 'tags', 'deleted', 'id',
                'uuid')
OPTIONAL_ATTRS = ('fault', 'tags')
SORT_KEYS = ('created_at', 'updated_at', 'display_name', 'uuid', 'id', 'vm_state',
             'task_state', 'power_state', 'host', 'node', 'launched_at', 'terminated_at',
             'project_id', 'user_id', 'hostname', 'availability_zone', 'key_name',
             'image_ref', 'instance_type_id', 'display_description', 'root_device_name',
             'kernel_id', 'ramdisk_id', 'locked', 'progress', 'config_drive',
             'access_ip_v4', 'access_ip_v6', 'launch_index', 'reservation_id')


@base.NovaLiteObjectRegistry.register
class Instance(base.NovaLiteObject, base.SoftDeletedObject):
    # Version 1.0: Initial version
    # Version 1.1: system_metadata, tags
    # Version 1.2: save(action=) records an instance action; destroy releases the claims
    # Version 1.3: save(start_event=, finish_event=), destroy(finish_event=)
    # Version 1.4: destroy(start_event=)
    # Version 1.5: start_delete
    VERSION = '1.5'

    fields = dict(base.SoftDeletedObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'display_name': fields.StringField(nullable=True),
        'display_description': fields.StringField(nullable=True),
        'hostname': fields.StringField(nullable=True),
        'image_ref': fields.StringField(nullable=True),
        'flavor': fields.ObjectField('Flavor'),
        'instance_type_id': fields.IntegerField(nullable=True),
        'vcpus': fields.IntegerField(),
        'memory_mb': fields.IntegerField(),
        'root_gb': fields.IntegerField(),
        'ephemeral_gb': fields.IntegerField(),
        'host': fields.StringField(nullable=True),
        'node': fields.StringField(nullable=True),
        'launched_on': fields.StringField(nullable=True),
        'vm_state': fields.StringField(nullable=True),
        'task_state': fields.StringField(nullable=True),
        'power_state': fields.IntegerField(),
        'availability_zone': fields.StringField(nullable=True),
        'key_name': fields.StringField(nullable=True),
        'key_data': fields.StringField(nullable=True),
        'user_data': fields.StringField(nullable=True),
        'metadata': fields.DictOfStringsField(),
        'reservation_id': fields.StringField(nullable=True),
        'launch_index': fields.IntegerField(nullable=True),
        'launched_at': fields.DateTimeField(nullable=True),
        'terminated_at': fields.DateTimeField(nullable=True),
        'config_drive': fields.StringField(nullable=True),
        'access_ip_v4': fields.IPV4AddressField(nullable=True),
        'access_ip_v6': fields.IPV6AddressField(nullable=True),
        'progress': fields.IntegerField(nullable=True),
        'locked': fields.BooleanField(),
        'locked_by': fields.StringField(nullable=True),
        'root_device_name': fields.StringField(nullable=True),
        'kernel_id': fields.StringField(nullable=True),
        'ramdisk_id': fields.StringField(nullable=True),
        'fault': fields.ObjectField('InstanceFault', nullable=True),
        'system_metadata': fields.DictOfNullableStringsField(),
        'tags': fields.ListOfStringsField(),
    })

    @property
    def name(self):
        """The name the hypervisor knows the instance by."""
        return instance_rows.hypervisor_name(self.id)

    @staticmethod
    def _from_db_object(context, instance, row, expected_attrs=(), faults=None, tags=None,
                        flavor=None):
        base.from_row(context, instance, row, skip=('flavor', 'metadata', 'system_metadata',
                                                    'fault', 'tags'))
        instance.metadata = row.metadata_ or {}
        instance.system_metadata = row.system_metadata or {}
        if 'tags' in expected_attrs:
            instance.tags = (tags or {}).get(row.uuid, [])
        instance.flavor = flavor or flavor_obj.Flavor.from_dict(context, row.flavor or {})
        if 'fault' in expected_attrs:
            fault = (faults or {}).get(row.uuid)
            instance.fault = (instance_fault.InstanceFault._from_db_object(
                context, instance_fault.InstanceFault(), fault) if fault else None)
        instance.obj_reset_changes()
        return instance

    def obj_load_attr(self, attrname):
        if attrname == 'tags':
            self.tags = tag_obj.TagList.get_by_resource_id(self._context, self.uuid).tags
            self.obj_reset_changes(['tags'])
            return
        if attrname != 'fault':
            raise exception.Invalid(reason='Cannot load %s of an instance' % attrname)
        self.fault = instance_fault.InstanceFault.get_latest_for_instance(
            self._context, self.uuid)
        self.obj_reset_changes(['fault'])

    def _values_for_db(self):
        values = base.changes_for_db(self, skip=_NOT_COLUMNS)
        for key in ('access_ip_v4', 'access_ip_v6'):  # netaddr.IPAddress -> its text
            if values.get(key) is not None:
                values[key] = str(values[key])
        changes = self.obj_what_changed()
        if 'metadata' in changes:  # the column's name: the writes are Core statements
            values['metadata'] = dict(self.metadata)
        if 'system_metadata' in changes:
            values['system_metadata'] = dict(self.system_metadata)
        if 'flavor' in changes or (self.obj_attr_is_set('flavor') and
                                   self.flavor.obj_what_changed()):
            values['flavor'] = self.flavor.to_dict()
        return values

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, uuid, expected_attrs=None):
        expected_attrs = expected_attrs or []
        query = sa.select(*_built().returned).where(models.Instance.uuid == uuid)
        if context.read_deleted == 'no':
            query = query.where(models.Instance.deleted == 0)
        with db_api.reader() as session:
            row = session.connection().execute(query).first()
            if row is None:
                raise exception.InstanceNotFound(instance_id=uuid)
            faults = (instance_fault.latest_faults(session, [uuid])
                      if 'fault' in expected_attrs else None)
            tags = (tag_obj.tags_by_resource(session, [uuid])
                    if 'tags' in expected_attrs else None)
            return cls._from_db_object(context, cls(), row, expected_attrs, faults, tags)

    @base.remotable
    def create(self, request_spec=None):
        values = self._values_for_db()
        values.setdefault('uuid', self.uuid if self.obj_attr_is_set('uuid')
                          else uuidutils.generate_uuid())
        values.setdefault('vm_state', vm_states.BUILDING)
        values.setdefault('power_state', 0)
        values.setdefault('metadata', {})
        values.setdefault('system_metadata', {})
        if request_spec is not None:
            values['request_spec'] = request_spec.obj_to_primitive()
        with db_api.writer() as session:
            # Core INSERT .. RETURNING: the ORM's unit of work costs more than the write
            row = session.connection().execute(_built().insert, values).one()
            self._from_db_object(self._context, self, row)

    @base.remotable
    def save(self, expected_task_state=None, expected_vm_state=None, action=None,
             start_event=None, finish_event=None):
        """Write the changes; with expected_* only if the row still is in that state;
        with action, record that instance action in the same transaction; with
        start_event (on the instance's host) or finish_event, start or end (Success)
        that event of the request's action, as InstanceActionEvent.event_start and
        event_finish do, without a call of their own.

        The expected states are the optimistic lock that makes two racing actions
        on one instance end with one winner and one UnexpectedTaskStateError.
        """
        values = self._values_for_db()
        if not values and not (action or start_event or finish_event):
            return
        values['updated_at'] = timeutils.utcnow()
        expected = None
        if expected_task_state is not None:
            expected = (expected_task_state if isinstance(expected_task_state, (list, tuple))
                        else [expected_task_state])
            values['b_task_states'] = [s for s in expected if s is not None]
        if expected_vm_state is not None:
            values['b_vm_states'] = (expected_vm_state
                                     if isinstance(expected_vm_state, (list, tuple))
                                     else [expected_vm_state])
        kind = (expected is not None and None in expected, 'b_task_states' in values,
                'b_vm_states' in values)
        values['b_uuid'] = self.uuid
        with db_api.writer() as session:
            # Core UPDATE .. RETURNING: one statement, no ORM unit of work
            row = db_api.update_returning(session.connection(), _update_returning(*kind),
                                          _update_statement(*kind), _built().read_back,
                                          values)
            if row is None:
                actual = session.scalars(sa.select(models.Instance).where(
                    models.Instance.uuid == self.uuid, models.Instance.deleted == 0)).first()
                if actual is None:
                    raise exception.InstanceNotFound(instance_id=self.uuid)
                error = (exception.UnexpectedDeletingTaskStateError
                         if actual.task_state == task_states.DELETING
                         else exception.UnexpectedTaskStateError)
                raise error(instance_uuid=self.uuid,
                            expected={'task_state': expected_task_state,
                                      'vm_state': expected_vm_state},
                            actual={'task_state': actual.task_state,
                                    'vm_state': actual.vm_state})
            if action:
                action_obj.InstanceAction.action_start(self._context, self.uuid, action)
            _record_events(self._context, self.uuid, row.host, start_event, finish_event)
            # a loaded fault is not a column, and an unchanged flavor the same: keep them
            flavor = (self.flavor if 'flavor' not in values and self.obj_attr_is_set('flavor')
                      else None)
            self._from_db_object(self._context, self, row, flavor=flavor)

    @base.remotable
    def destroy(self, start_event=None, finish_event=None):
        """Soft-delete the row (vm_state deleted, deleted = id); its resource claims
        and console tokens go in the same transaction, and the start of start_event
        (on the instance's host) and the end of finish_event of the request's action
        (as save's)."""
        now = timeutils.utcnow()
        table = _built().table
        with db_api.writer() as session:
            result = session.connection().execute(sa.update(table).where(
                table.c.uuid == self.uuid, table.c.deleted == 0).values(
                deleted=table.c.id, deleted_at=now, terminated_at=now, updated_at=now,
                vm_state=vm_states.DELETED, task_state=None))
            if result.rowcount != 1:
                raise exception.InstanceNotFound(instance_id=self.uuid)
            # in this transaction: the calls run here, in the conductor, and join it
            compute_node.Allocation.release(self._context, self.uuid)
            console_auth_token.ConsoleAuthToken.clean_console_auths_for_instance(
                self._context, self.uuid)
            _record_events(self._context, self.uuid,
                           self.host if self.obj_attr_is_set('host') else None,
                           start_event, finish_event)
        self.vm_state = vm_states.DELETED
        self.task_state = None
        self.deleted = True
        self.deleted_at = now
        self.terminated_at = now
        self.obj_reset_changes()

    @base.remotable
    def start_delete(self):
        """The API's delete in one call. On a host whose compute service is up: task_state
        deleting and the delete action recorded, and True (the API asks that compute to
        finish it). With no host, or a host that is down: the delete action recorded
        and the instance destroyed here, and False."""
        if self.host and service_obj.compute_is_up(self._context, self.host):
            self.task_state = task_states.DELETING
            self.save(action=action_obj.DELETE)
            return True
        action_obj.InstanceAction.action_start(self._context, self.uuid, action_obj.DELETE)
        self.destroy()  # and its claims
        return False


@base.NovaLiteObjectRegistry.register
class InstanceList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    # Version 1.1: create_all records the create action and the tags too
    # Version 1.2: get_page_by_filters
    # Version 1.3: get_page_by_filters(columns=)
    VERSION = '1.3'
    fields = {'objects': fields.ListOfObjectsField('Instance')}

    @classmethod
    @base.remotable
    def get_by_filters(cls, context, filters=None, sort_keys=None, sort_dirs=None,
                       limit=None, marker=None, expected_attrs=None):
        """Instances matching filters (column: value or list of values), newest first."""
        expected_attrs = expected_attrs or []
        with db_api.reader() as session:
            rows, faults, tags = _select_page(session, context, filters, sort_keys,
                                              sort_dirs, limit, marker, expected_attrs)
            return base.list_from_rows(context, cls, Instance, rows,
                                       expected_attrs=expected_attrs, faults=faults,
                                       tags=tags)

    @classmethod
    def each_by_filters(cls, context, filters, page_size=None, expected_attrs=None):
        """Every instance get_by_filters finds, oldest first, read page_size (else
        HOST_PAGE) at a time: a host's periodic tasks hold a page in flight, in the
        conductor and here, not every instance of the host."""
        page_size = page_size or HOST_PAGE
        marker = None
        while True:
            page = cls.get_by_filters(context, filters, sort_keys=['id'], sort_dirs=['asc'],
                                      limit=page_size, marker=marker,
                                      expected_attrs=expected_attrs)
            yield from page
            if len(page) < page_size:
                return
            marker = page[-1].uuid

    @classmethod
    @base.remotable
    def get_page_by_filters(cls, context, filters=None, sort_keys=None, sort_dirs=None,
                            limit=None, marker=None, expected_attrs=None, columns=None):
        """The instances get_by_filters finds, as one JSON text of compact rows
        (instance_rows.pack) for the API's lists: a thousand versioned objects cost
        far more to build, (de)serialize and send than the page itself. columns names
        the columns to read (all a detailed list shows when None; `GET /servers`
        needs two)."""
        expected_attrs = expected_attrs or []
        page_columns = _built().page_columns
        if columns:
            unknown = set(columns) - {c.key for c in page_columns}
            if unknown:
                raise exception.Invalid(reason='no column %s' % ', '.join(sorted(unknown)))
            page_columns = [c for c in page_columns if c.key in columns]
        with db_api.reader() as session:
            # packed as they are read: a page holds its text, not its rows
            rows = session.connection().execute(_page_query(
                session, context, filters, sort_keys, sort_dirs, limit, marker,
                page_columns))
            return instance_rows.pack(
                rows, lambda uuids: _extras(session, uuids, expected_attrs))

    @classmethod
    @base.remotable
    def create_all(cls, context, instances, request_specs, min_count=1, group_uuid=None,
                   tags=None, action=None, start_event=None):
        """Create as many of these instances as the quota allows, at least
        min_count (else TooManyInstances), their server group membership, tags and
        instance action (and its start_event, on this host), in one transaction (one
        conductor call for a boot): the count and the inserts cannot interleave with
        another create of the project. FlavorChanged when their flavor is not the
        database's any more (the API may send it from its cache)."""
        first = instances[0]
        with db_api.writer() as session:
            flavor_obj.check_current(session, context, first.flavor)
            count = quotas.instances_allowed(session, first.project_id, first.user_id,
                                             first.vcpus, first.memory_mb, min_count,
                                             len(instances))
            created = cls(context, objects=list(instances[:count]))
            for instance, spec in zip(created, request_specs):
                instance.create(request_spec=spec)
                if tags:
                    tag_obj.TagList.replace(context, instance.uuid, tags)
                if action:
                    action_obj.InstanceAction.action_start(
                        context, instance.uuid, action, start_event=start_event,
                        host=CONF.host)
            if group_uuid:
                instance_group.add_members(session, group_uuid, [i.uuid for i in created])
        created.obj_reset_changes()
        return created


@functools.lru_cache(maxsize=None)
def _update_statement(task_state_may_be_none, task_states, vm_states):
    """Instance.save's UPDATE, built once per kind of expectation (the values
    executed with it name the columns set; b_ names are the criteria)."""
    table = _built().table
    query = sa.update(table).where(table.c.uuid == sa.bindparam('b_uuid'),
                                   table.c.deleted == 0)
    if task_states:
        condition = table.c.task_state.in_(sa.bindparam('b_task_states', expanding=True))
        if task_state_may_be_none:
            condition = sa.or_(condition, table.c.task_state.is_(None))
        query = query.where(condition)
    if vm_states:
        query = query.where(table.c.vm_state.in_(sa.bindparam('b_vm_states', expanding=True)))
    return query


@functools.lru_cache(maxsize=None)
def _update_returning(*kind):
    return _update_statement(*kind).returning(*_built().returned)


def _record_events(context, instance_uuid, host, start_event, finish_event):
    """The event start and end Instance.save and destroy record with their write."""
    try:
        if start_event:
            action_obj.InstanceActionEvent.event_start(context, instance_uuid, start_event,
                                                       host=host)
        if finish_event:
            action_obj.InstanceActionEvent.event_finish(context, instance_uuid,
                                                        finish_event)
    except exception.InstanceActionNotFound:  # a request that recorded no action
        LOG.debug('No action to record the events of %s under', instance_uuid)


def _select_page(session, context, filters, sort_keys, sort_dirs, limit, marker,
                 expected_attrs, columns=None):
    """(Core rows of the instances matching filters, in order, from after marker,
    at most limit; {uuid: latest fault row} and {uuid: [tag]} when expected)."""
    rows = session.connection().execute(_page_query(
        session, context, filters, sort_keys, sort_dirs, limit, marker, columns)).all()
    return (rows, *_extras(session, [r.uuid for r in rows], expected_attrs))


def _extras(session, uuids, expected_attrs):
    """({uuid: latest fault row} or None, {uuid: [tag]} or None) of these instances, as
    expected_attrs asks."""
    faults = (instance_fault.latest_faults(session, uuids)
              if 'fault' in expected_attrs else None)
    tags = tag_obj.tags_by_resource(session, uuids) if 'tags' in expected_attrs else None
    return faults, tags


def _page_query(session, context, filters, sort_keys, sort_dirs, limit, marker, columns):
    """The SELECT of the instances matching filters, in order, from after marker, at
    most limit."""
    filters = dict(filters or {})
    # Core rows: no ORM identity map for a long list
    query = sa.select(*(columns or _built().returned))
    deleted = filters.pop('deleted', None)
    if deleted is None:
        deleted = context.read_deleted == 'only'
        if context.read_deleted == 'yes':
            deleted = None
    if deleted is True:
        query = query.where(models.Instance.deleted != 0)
    elif deleted is False:
        query = query.where(models.Instance.deleted == 0)
    for key, value in filters.items():
        if key in _SPECIAL_FILTERS:
            query = query.where(_SPECIAL_FILTERS[key](value))
            continue
        column = getattr(models.Instance, key, None)
        if column is None:
            raise exception.Invalid(reason='Unknown instance filter %s' % key)
        if isinstance(value, (list, tuple, set)):
            query = query.where(column.in_(list(value)))
        elif value is None:
            query = query.where(column.is_(None))
        else:
            query = query.where(column == value)
    sort_keys, sort_dirs = _sort_params(sort_keys, sort_dirs)
    if 'id' not in sort_keys:
        sort_keys.append('id')
        sort_dirs.append(sort_dirs[0])
    columns = [getattr(models.Instance, key) for key in sort_keys]
    query = query.order_by(*_order(session, columns, sort_dirs))
    if marker is not None:
        marker_row = session.scalars(sa.select(models.Instance).where(
            models.Instance.uuid == marker)).first()
        if marker_row is None:
            raise exception.MarkerNotFound(marker=marker)
        query = query.where(_after_marker(columns, sort_dirs, marker_row, sort_keys))
    if limit is not None:
        query = query.limit(limit)
    return query


def _sort_params(sort_keys, sort_dirs, default_dir='desc'):
    """(keys, dirs) as upstream's process_sort_params: a key without a direction
    takes the first direction given (else default_dir); more directions than
    keys, an unknown key or direction is Invalid (400 at the API)."""
    sort_keys = list(sort_keys or ['created_at'])
    sort_dirs = list(sort_dirs or [])
    for key in sort_keys:
        if key not in SORT_KEYS:
            raise exception.Invalid(reason='Invalid sort_key %s' % key)
    for direction in sort_dirs:
        if direction not in ('asc', 'desc'):
            raise exception.Invalid(reason="Unknown sort direction, must be 'desc' or 'asc'")
    if len(sort_dirs) > len(sort_keys):
        raise exception.Invalid(reason='Sort direction size exceeds sort key size')
    pad = sort_dirs[0] if sort_dirs else default_dir
    return sort_keys, sort_dirs + [pad] * (len(sort_keys) - len(sort_dirs))


def _has_tag(tag):
    return sa.exists().where(models.Tag.resource_id == models.Instance.uuid, models.Tag.tag == tag)


def _changed_at():
    return sa.func.coalesce(models.Instance.updated_at, models.Instance.created_at)


def _has_any_tag(tags):
    return sa.exists().where(models.Tag.resource_id == models.Instance.uuid,
                             models.Tag.tag.in_(tags))


# Filters that are not 'column equals value' (GET /servers query parameters, and
# created_before: the conductor's sweep of builds past their timeout).
_SPECIAL_FILTERS = {
    'created_before': lambda when: models.Instance.created_at <= when,
    'name_regex': lambda pattern: models.Instance.display_name.regexp_match(pattern),
    'changes_since': lambda when: _changed_at() >= when,
    'changes_before': lambda when: _changed_at() <= when,
    'tags': lambda tags: sa.and_(*[_has_tag(t) for t in tags]),
    'tags_any': _has_any_tag,
    'not_tags': lambda tags: sa.not_(sa.and_(*[_has_tag(t) for t in tags])),
    'not_tags_any': lambda tags: sa.not_(_has_any_tag(tags)),
}


def _order(session, columns, sort_dirs):
    """ORDER BY terms with NULL the lowest value, as SQLite and MySQL order it
    (PostgreSQL orders it the highest unless told; _after_marker counts on it)."""
    terms = [c.desc() if d == 'desc' else c.asc() for c, d in zip(columns, sort_dirs)]
    if session.get_bind().dialect.name == 'postgresql':
        terms = [t.nulls_last() if d == 'desc' else t.nulls_first()
                 for t, d in zip(terms, sort_dirs)]
    return terms


def _after_marker(columns, sort_dirs, marker_row, sort_keys):
    """Keyset pagination: rows strictly after the marker in the sort order."""
    clauses = []
    for i, (column, direction) in enumerate(zip(columns, sort_dirs)):
        value = getattr(marker_row, sort_keys[i])
        equal = [c == getattr(marker_row, k) for c, k in zip(columns[:i], sort_keys[:i])]
        if value is None:
            # NULL sorts lowest, as SQLite and MySQL order it
            beyond = column.is_not(None) if direction == 'asc' else sa.false()
        else:
            beyond = column > value if direction == 'asc' else sa.or_(column < value,
                                                                         column.is_(None))
        clauses.append(sa.and_(*equal, beyond))
    return sa.or_(*clauses)
