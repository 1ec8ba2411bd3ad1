"""Faults of the database server under the boot/delete load of
test_faults_under_load, with the cloud on PostgreSQL (the run's private server,
tests/databases.py), and the same checks afterwards:

- postgresql-connections-cut: every connection to the cloud's database ends
  (pg_terminate_backend), every 50 ms for faults.DB_CUTTING seconds, as a
  server-side timeout, an admin or a cut network ends them: transactions in flight
  fail, pooled connections are dead when next taken;
- postgresql-restart: PostgreSQL stops (every connection cut, transactions in
  flight rolled back) and starts again faults.DB_DOWN seconds later, longer than
  service_down_time.
"""
import pytest

from tests.reliability import faults

pytestmark = pytest.mark.reliability


@pytest.mark.parametrize('fault', ['postgresql-connections-cut', 'postgresql-restart'])
def test_database_fault_under_load(pg_cloud, postgresql, pg_database, fault):
    def inject():
        if fault == 'postgresql-restart':
            faults.restart_database(postgresql)
        else:
            faults.cut_database_connections(postgresql, pg_database)
    faults.under_load(pg_cloud, fault, inject)
