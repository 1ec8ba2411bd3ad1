"""compute_nodes.traits: the traits a compute host's driver reports (a JSON list of
names), which flavors and images can require or forbid (TraitsFilter).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('compute_nodes') as batch_op:
        batch_op.add_column(sa.Column('traits', sa.JSON(), nullable=True))
