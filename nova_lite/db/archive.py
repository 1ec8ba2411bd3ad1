"""nova-lite-manage db archive_deleted_rows and db purge, as upstream's: soft-deleted rows
(deleted != 0) of instances, key pairs, compute nodes and services, and the actions,
events, faults and tags of the deleted instances, move to shadow_<table>; the server
group memberships of those instances go. purge deletes shadow rows."""
import collections

import sqlalchemy as sa

from nova_lite.db import api as db_api
from nova_lite.db import models


def _tables():
    return {name: models.Base.metadata.tables[name] for name in models.ARCHIVED}


def _deleted(table, before):
    where = table.c.deleted != 0
    return where if before is None else sa.and_(where, table.c.deleted_at < before)


def _ids(connection, query):
    return [row[0] for row in connection.execute(query)]


def _move(connection, name, where):
    """Copy the rows of name matching where to its shadow table, then delete them."""
    table, shadow = models.Base.metadata.tables[name], models.SHADOW[name]
    connection.execute(sa.insert(shadow).from_select(
        [c.name for c in table.columns], sa.select(*table.columns).where(where)))
    return connection.execute(sa.delete(table).where(where)).rowcount


def archive(max_rows, before=None):
    """One batch, in one transaction: at most max_rows deleted instances (deleted before
    `before`, when given) with every row of theirs, and at most max_rows of each other
    table. {table: rows moved (or deleted, instance_group_member)}."""
    tables, moved = _tables(), collections.Counter()
    with db_api.writer() as session:
        connection = session.connection()
        instances = tables['instances']
        rows = connection.execute(sa.select(instances.c.id, instances.c.uuid).where(
            _deleted(instances, before)).order_by(instances.c.id).limit(max_rows)).all()
        uuids = [row.uuid for row in rows]
        if uuids:
            actions, events = tables['instance_actions'], tables['instance_actions_events']
            faults, tags = tables['instance_faults'], tables['tags']
            action_ids = _ids(connection, sa.select(actions.c.id).where(
                actions.c.instance_uuid.in_(uuids)))
            event_ids = _ids(connection, sa.select(events.c.id).where(
                events.c.action_id.in_(action_ids))) if action_ids else []
            fault_ids = _ids(connection, sa.select(faults.c.id).where(
                faults.c.instance_uuid.in_(uuids)))
            for name, where in (('instance_actions_events', events.c.id.in_(event_ids)),
                                ('instance_actions', actions.c.id.in_(action_ids)),
                                ('instance_faults', faults.c.id.in_(fault_ids)),
                                ('tags', tags.c.resource_id.in_(uuids)),
                                ('instances', instances.c.id.in_([r.id for r in rows]))):
                moved[name] += _move(connection, name, where)
            members = models.InstanceGroupMember.__table__
            moved['instance_group_member'] += connection.execute(sa.delete(members).where(
                members.c.instance_uuid.in_(uuids))).rowcount
        nodes = tables['compute_nodes']
        for name in ('key_pairs', 'compute_nodes', 'services'):
            table = tables[name]
            query = sa.select(table.c.id).where(_deleted(table, before))
            if name == 'services':  # not while a compute node row still names it
                query = query.where(~sa.exists().where(nodes.c.service_id == table.c.id))
            ids = _ids(connection, query.order_by(table.c.id).limit(max_rows))
            moved[name] += _move(connection, name, table.c.id.in_(ids)) if ids else 0
    return {name: count for name, count in moved.items() if count}


def purge(before=None):
    """Delete the shadow rows (of the instances, key pairs, compute nodes and services
    deleted before `before`, when given, with the rows of those instances).
    {shadow table: rows deleted}."""
    shadow, purged = models.SHADOW, collections.Counter()
    with db_api.writer() as session:
        connection = session.connection()
        instances = shadow['instances']
        old = sa.select(instances.c.uuid)
        if before is not None:
            old = old.where(instances.c.deleted_at < before)
        actions = shadow['instance_actions']
        children = (
            ('instance_actions_events', shadow['instance_actions_events'].c.action_id.in_(
                sa.select(actions.c.id).where(actions.c.instance_uuid.in_(old)))),
            ('instance_actions', actions.c.instance_uuid.in_(old)),
            ('instance_faults', shadow['instance_faults'].c.instance_uuid.in_(old)),
            ('tags', shadow['tags'].c.resource_id.in_(old)))
        for name, where in children:
            purged[name] += connection.execute(sa.delete(shadow[name]).where(
                sa.true() if before is None else where)).rowcount
        for name in ('instances', 'key_pairs', 'compute_nodes', 'services'):
            table = shadow[name]
            purged[name] += connection.execute(sa.delete(table).where(
                sa.true() if before is None else table.c.deleted_at < before)).rowcount
    return {'shadow_' + name: count for name, count in purged.items() if count}
