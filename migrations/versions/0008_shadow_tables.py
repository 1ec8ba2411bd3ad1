"""shadow_<table>: where nova-lite-manage db archive_deleted_rows moves deleted rows
(instances, key pairs, compute nodes, services) and the actions, events, faults and tags
of deleted instances; the same columns and primary key as the table at this revision.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

TABLES = ('instance_actions_events', 'instance_actions', 'instance_faults', 'tags',
          'instances', 'key_pairs', 'compute_nodes', 'services')


def upgrade():
    bind = op.get_bind()
    for name in TABLES:
        table = sa.Table(name, sa.MetaData(), autoload_with=bind)
        op.create_table('shadow_' + name, *[
            sa.Column(column.name, column.type, primary_key=column.primary_key,
                      autoincrement=False)
            for column in table.columns])
