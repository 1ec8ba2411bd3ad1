"""Join the two branches of issue 4 (resources) and issue 5 (lifecycle), which were
written side by side; later migrations start from here.

Revision ID: 0003
Revises: 0002_lifecycle, 0002_resources
Create Date: 2026-11-21
"""

revision = '0003'
down_revision = ('0002_lifecycle', '0002_resources')
branch_labels = None
depends_on = None


def upgrade():
    pass
