"""server lifecycle: instance tags

Revision ID: 0002_lifecycle
Revises: 0001
Create Date: 2026-11-22

Tables of issue 5: the tags of servers (os-server-tags, 2.26). Everything else
the lifecycle keeps (shelved image, password, lock reason) lives in the
instance's system_metadata, as upstream keeps it.
"""
from alembic import op
import sqlalchemy as sa


revision = '0002_lifecycle'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tags',
    sa.Column('resource_id', sa.String(length=36), nullable=False),
    sa.Column('tag', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('resource_id', 'tag')
    )
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.create_index('tags_tag_idx', ['tag'], unique=False)
