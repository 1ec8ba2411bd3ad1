"""The SQLAlchemy models and the Alembic migrations describe the same schema, on SQLite,
PostgreSQL and MariaDB."""
from alembic import autogenerate
from alembic import migration as alembic_migration
from alembic import script as alembic_script

from nova_lite.db import api as db_api
from nova_lite.db import migration
from nova_lite.db import models
from tests.conftest import on_every_database as pytest_generate_tests  # noqa: F401


def test_models_match_migrations(db):
    with db_api.get_engine().connect() as connection:
        context = alembic_migration.MigrationContext.configure(connection)
        differences = autogenerate.compare_metadata(context, models.Base.metadata)
    assert differences == []


def _head():
    """Every newest revision (parallel branches until they are merged), as db_version."""
    script = alembic_script.ScriptDirectory(str(migration.MIGRATIONS_DIR))
    return ','.join(sorted(script.get_heads()))


def test_migrations_reach_the_newest_revision(db):
    assert migration.db_version() == _head()


def test_db_sync_twice_is_harmless(db):
    migration.db_sync()
    assert migration.db_version() == _head()
