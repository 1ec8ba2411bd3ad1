"""These tests run on SQLite and on PostgreSQL."""
from tests.conftest import on_both_databases as pytest_generate_tests  # noqa: F401
