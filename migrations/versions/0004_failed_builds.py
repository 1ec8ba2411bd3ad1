"""compute_nodes.failed_builds: consecutive build failures a compute host reports
(the BuildFailureWeigher sends new builds elsewhere).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('compute_nodes') as batch_op:
        batch_op.add_column(sa.Column('failed_builds', sa.Integer(), nullable=False,
                                      server_default='0'))
