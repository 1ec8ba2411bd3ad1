"""Reliability fixtures: a cloud of real daemons on a private RabbitMQ node
(tests/conftest.py private_rabbit: the tests restart it), on SQLite or on the run's
PostgreSQL server (tests/conftest.py postgresql), with short heartbeat, timeout and
sweep intervals so that every fault settles in seconds."""
import pytest

from tests.integration import harness
from tests.reliability import faults


def _cloud(rabbit, workdir, **sections):
    """Conductor, scheduler, two fake computes (a spawn takes 0.5 s) and the API."""
    return harness.Cloud(workdir, rabbit.url, extra_conf=dict({
        'DEFAULT': {
            'instance_build_timeout': str(faults.BUILD_TIMEOUT),
            'instance_delete_timeout': str(faults.DELETE_TIMEOUT),
            'rpc_response_timeout': str(faults.RPC_TIMEOUT),
            'report_interval': '1',
            'service_down_time': str(faults.SERVICE_DOWN_TIME),
            'update_resources_interval': '2',
            'running_deleted_instance_poll_interval': '2'},
        'fake_driver': {'spawn_delay': '0.5'},
        'quota': {'instances': '-1', 'cores': '-1', 'ram': '-1'},
    }, **sections))


@pytest.fixture(scope='module')
def cloud(private_rabbit, tmp_path_factory):
    """The cloud on SQLite."""
    with harness.running(_cloud(private_rabbit,
                                tmp_path_factory.mktemp('reliability'))) as cloud:
        yield cloud


@pytest.fixture(scope='module')
def pg_database(postgresql):
    """An empty database of the run's PostgreSQL server (tests/conftest.py)."""
    with postgresql.empty_database() as database:
        yield database


@pytest.fixture(scope='module')
def pg_cloud(private_rabbit, postgresql, pg_database, tmp_path_factory):
    """The cloud on PostgreSQL."""
    cloud = _cloud(private_rabbit, tmp_path_factory.mktemp('reliability-pg'),
                   database={'connection': postgresql.url(pg_database)})
    with harness.running(cloud) as cloud:
        yield cloud


@pytest.fixture(autouse=True)
def recovery_reported(record_property):
    """The recovery times a test measured (faults.MEASURED) go with its report, so that
    the summary has them when the tests ran in other processes (pytest-xdist)."""
    before = dict(faults.MEASURED)
    yield
    for fault, times in faults.MEASURED.items():
        if before.get(fault) != times:
            record_property('recovery', [fault, list(times)])
