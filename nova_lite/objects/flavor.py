"""Flavors: the sizes a server can be booted with."""
import functools

from oslo_versionedobjects import fields

from nova_lite import exception
from nova_lite.db.lazy import api as db_api
from nova_lite.db.lazy import models
from nova_lite.db.lazy import sa
from nova_lite.objects import base

SORT_KEYS = ('flavorid', 'name', 'memory_mb', 'vcpus', 'root_gb', 'id', 'created_at')


@base.NovaLiteObjectRegistry.register
class Flavor(base.NovaLiteObject, base.TimestampedObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.TimestampedObject.fields, **{
        'id': fields.IntegerField(),
        'flavorid': fields.StringField(),
        'name': fields.StringField(),
        'memory_mb': fields.IntegerField(),
        'vcpus': fields.IntegerField(),
        'root_gb': fields.IntegerField(),
        'ephemeral_gb': fields.IntegerField(),
        'swap': fields.IntegerField(),
        'rxtx_factor': fields.FloatField(),
        'vcpu_weight': fields.IntegerField(nullable=True),
        'disabled': fields.BooleanField(),
        'is_public': fields.BooleanField(),
        'description': fields.StringField(nullable=True),
        'extra_specs': fields.DictOfStringsField(),
    })

    @staticmethod
    def _from_db_object(context, flavor, row):
        base.from_row(context, flavor, row, skip=('extra_specs',))
        flavor.extra_specs = {spec.key: spec.value for spec in row.extra_specs}
        flavor.obj_reset_changes()
        return flavor

    def to_dict(self):
        """The flavor as stored inside an instance (the flavor it was booted with)."""
        return {name: getattr(self, name) for name in self.fields
                if name not in ('created_at', 'updated_at') and self.obj_attr_is_set(name)}

    @classmethod
    def from_dict(cls, context, values):
        flavor = cls(context)
        base.set_fields(flavor, {k: v for k, v in values.items() if k in cls.fields})
        flavor.obj_reset_changes()
        return flavor

    @classmethod
    def _get_by(cls, context, column, value, not_found):
        query = sa.select(models.Flavor).where(column == value)
        if not context.is_admin:
            # as upstream: a private flavor exists only for admins and the projects
            # given access to it
            query = query.where(_visible_to(context.project_id))
        with db_api.reader() as session:
            row = session.scalars(query).first()
            if row is None:
                raise not_found
            return cls._from_db_object(context, cls(), row)

    @classmethod
    @base.remotable
    def get_by_id(cls, context, id):
        return cls._get_by(context, models.Flavor.id, id,
                           exception.FlavorNotFound(flavor_id=id))

    @classmethod
    @base.remotable
    def get_by_flavor_id(cls, context, flavorid):
        return cls._get_by(context, models.Flavor.flavorid, flavorid,
                           exception.FlavorNotFound(flavor_id=flavorid))

    @classmethod
    @base.remotable
    def get_by_name(cls, context, name):
        return cls._get_by(context, models.Flavor.name, name,
                           exception.FlavorNotFoundByName(flavor_name=name))

    @base.remotable
    def create(self):
        values = base.changes_for_db(self, skip=('extra_specs', 'id'))
        specs = self.extra_specs if self.obj_attr_is_set('extra_specs') else {}
        with db_api.writer() as session:
            for key, error in (
                    ('flavorid', exception.FlavorIdExists(flavor_id=values['flavorid'])),
                    ('name', exception.FlavorNameExists(name=values['name']))):
                if session.scalar(sa.select(sa.func.count()).select_from(models.Flavor)
                                  .where(getattr(models.Flavor, key) == values[key])):
                    raise error
            row = models.Flavor(**values)
            row.extra_specs = [models.FlavorExtraSpec(key=k, value=v) for k, v in specs.items()]
            session.add(row)
            session.flush()
            self._from_db_object(self._context, self, row)

    def _row(self, session):
        row = session.scalars(sa.select(models.Flavor)
                              .where(models.Flavor.flavorid == self.flavorid)).first()
        if row is None:
            raise exception.FlavorNotFound(flavor_id=self.flavorid)
        return row

    @base.remotable
    def destroy(self):
        with db_api.writer() as session:
            row = self._row(session)
            session.execute(sa.delete(models.FlavorProject).where(
                models.FlavorProject.flavor_id == row.id))
            session.delete(row)

    @base.remotable
    def save(self):
        """Only the description of a flavor changes after its creation (as upstream)."""
        values = base.changes_for_db(self)
        if set(values) - {'description'}:
            raise exception.Invalid(reason='only the description of a flavor can change')
        with db_api.writer() as session:
            row = self._row(session)
            base.save_to_row(self, session, row, values)

    @base.remotable
    def update_extra_specs(self, specs):
        """Add or change these extra specs (the others stay)."""
        with db_api.writer() as session:
            row = self._row(session)
            current = {spec.key: spec for spec in row.extra_specs}
            for key, value in specs.items():
                if key in current:
                    current[key].value = value
                else:
                    row.extra_specs.append(models.FlavorExtraSpec(key=key, value=value))
            session.flush()
            self._from_db_object(self._context, self, row)

    @base.remotable
    def delete_extra_spec(self, key):
        with db_api.writer() as session:
            row = self._row(session)
            spec = next((s for s in row.extra_specs if s.key == key), None)
            if spec is None:
                raise exception.FlavorExtraSpecsNotFound(flavor_id=self.flavorid,
                                                         extra_specs_key=key)
            row.extra_specs.remove(spec)
            session.flush()
            self._from_db_object(self._context, self, row)

    @base.remotable
    def get_access_list(self):
        """The projects that may use this (private) flavor."""
        with db_api.reader() as session:
            row = self._row(session)
            return sorted(session.scalars(sa.select(models.FlavorProject.project_id).where(
                models.FlavorProject.flavor_id == row.id)))

    @base.remotable
    def add_access(self, project_id):
        access = models.FlavorProject
        with db_api.writer() as session:
            row = self._row(session)
            if session.scalar(sa.select(sa.func.count(access.id)).where(
                    access.flavor_id == row.id, access.project_id == project_id)):
                raise exception.FlavorAccessExists(flavor_id=self.flavorid,
                                                   project_id=project_id)
            session.add(access(flavor_id=row.id, project_id=project_id))

    @base.remotable
    def remove_access(self, project_id):
        access = models.FlavorProject
        with db_api.writer() as session:
            row = self._row(session)
            result = session.execute(sa.delete(access).where(
                access.flavor_id == row.id, access.project_id == project_id))
            if not result.rowcount:
                raise exception.FlavorAccessNotFound(flavor_id=self.flavorid,
                                                     project_id=project_id)


# the fields check_current compares with the database (all but the timestamps and
# the extra specs, which it compares apart)
_CHECKED = ('id', 'flavorid', 'name', 'memory_mb', 'vcpus', 'root_gb', 'ephemeral_gb',
            'swap', 'rxtx_factor', 'vcpu_weight', 'disabled', 'is_public', 'description')


@functools.cache
def _current_query(for_admin):
    """The flavor's checked columns and its extra specs (one row each, or one row of
    NULLs), by id; visible to the project_id parameter unless for_admin."""
    flavors, specs = models.Flavor.__table__, models.FlavorExtraSpec.__table__
    query = (sa.select(*[flavors.c[name] for name in _CHECKED], specs.c.key, specs.c.value)
             .select_from(flavors.outerjoin(specs, specs.c.flavor_id == flavors.c.id))
             .where(flavors.c.id == sa.bindparam('id')))
    if not for_admin:
        query = query.where(_visible_to(sa.bindparam('project_id')))
    return query


def check_current(session, context, flavor):
    """FlavorChanged unless flavor (as a boot was sent it: perhaps from the API's cache,
    nova_lite.compute.flavor_cache) is what the database holds and is visible to the
    context's project, in the session of the transaction that uses it."""
    rows = session.execute(_current_query(context.is_admin),
                           {'id': flavor.id, 'project_id': context.project_id}).all()
    if (not rows or tuple(rows[0][:len(_CHECKED)]) != tuple(getattr(flavor, name)
                                                             for name in _CHECKED)
            or {row.key: row.value for row in rows if row.key is not None}
            != flavor.extra_specs):
        raise exception.FlavorChanged(flavor_id=flavor.flavorid)


def _visible_to(project_id):
    """Public flavors, and the private ones project_id was given access to."""
    access = sa.select(models.FlavorProject.id).where(
        models.FlavorProject.flavor_id == models.Flavor.id,
        models.FlavorProject.project_id == project_id)
    return sa.or_(models.Flavor.is_public.is_(True), access.exists())


@base.NovaLiteObjectRegistry.register
class FlavorList(base.ObjectListBase, base.NovaLiteObject):
    # Version 1.0: Initial version
    VERSION = '1.0'
    fields = {'objects': fields.ListOfObjectsField('Flavor')}

    @classmethod
    @base.remotable
    def get_all(cls, context, inactive=False, filters=None, sort_key='flavorid',
                sort_dir='asc', limit=None, marker=None):
        filters = filters or {}
        if sort_key not in SORT_KEYS:
            raise exception.Invalid(reason='Invalid sort_key %s' % sort_key)
        query = sa.select(models.Flavor)
        if not inactive:
            query = query.where(models.Flavor.disabled.is_(False))
        if filters.get('is_public') and context.project_id:
            query = query.where(_visible_to(context.project_id))
        elif 'is_public' in filters and filters['is_public'] is not None:
            query = query.where(models.Flavor.is_public.is_(bool(filters['is_public'])))
        if 'min_memory_mb' in filters:
            query = query.where(models.Flavor.memory_mb >= filters['min_memory_mb'])
        if 'min_root_gb' in filters:
            query = query.where(models.Flavor.root_gb >= filters['min_root_gb'])
        column = getattr(models.Flavor, sort_key)
        order = column.desc() if sort_dir == 'desc' else column.asc()
        tiebreak = models.Flavor.id.desc() if sort_dir == 'desc' else models.Flavor.id.asc()
        query = query.order_by(order, tiebreak)
        with db_api.reader() as session:
            rows = list(session.scalars(query))
            if marker is not None:
                ids = [row.flavorid for row in rows]
                if marker not in ids:
                    raise exception.MarkerNotFound(marker=marker)
                rows = rows[ids.index(marker) + 1:]
            if limit is not None:
                rows = rows[:limit]
            return base.list_from_rows(context, cls, Flavor, rows)
