"""These tests run on SQLite, PostgreSQL and MariaDB."""
from tests.conftest import on_every_database as pytest_generate_tests  # noqa: F401
