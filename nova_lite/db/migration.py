"""Schema upgrades through Alembic (nova-lite-manage db sync / db version)."""
import pathlib

from alembic import command
from alembic import config as alembic_config
from alembic import migration as alembic_migration
from alembic import script as alembic_script

from nova_lite.db import api as db_api

MIGRATIONS_DIR = pathlib.Path(__file__).resolve().parents[2] / 'migrations'


def _config(connection=None):
    if not MIGRATIONS_DIR.is_dir():
        raise RuntimeError('Alembic migrations not found at %s: install nova-lite from its '
                           'source tree (pip install -e .)' % MIGRATIONS_DIR)
    cfg = alembic_config.Config()
    cfg.set_main_option('script_location', str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes['connection'] = connection
    return cfg


def db_sync(version='heads', engine=None):
    """Upgrade the schema to version (every newest revision by default)."""
    engine = engine or db_api.get_engine()
    with engine.begin() as connection:
        command.upgrade(_config(connection), version or 'heads')


def db_version(engine=None):
    """The revision(s) the database is at, or None for an empty database."""
    engine = engine or db_api.get_engine()
    with engine.connect() as connection:
        heads = alembic_migration.MigrationContext.configure(connection).get_current_heads()
    return ','.join(sorted(heads)) or None


def head_version():
    """The newest revision(s) of the migrations, as db_version() would report them."""
    heads = alembic_script.ScriptDirectory.from_config(_config()).get_heads()
    return ','.join(sorted(heads)) or None
