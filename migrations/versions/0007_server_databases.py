"""For PostgreSQL, MariaDB and MySQL: quota_locks, the rows a quota-guarded create locks
before it counts (nova_lite.objects.quotas); and on MariaDB and MySQL, every DATETIME
column keeps microseconds (DATETIME(6)), as SQLite and PostgreSQL do.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name in ('mysql', 'mariadb'):
        inspector = sa.inspect(bind)
        for table in inspector.get_table_names():
            for column in inspector.get_columns(table):
                if isinstance(column['type'], sa.DateTime):
                    op.alter_column(table, column['name'], type_=mysql.DATETIME(fsp=6),
                                    existing_type=column['type'],
                                    existing_nullable=column['nullable'])
    op.create_table('quota_locks', sa.Column('scope', sa.String(64), primary_key=True))
