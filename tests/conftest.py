"""Fixtures every test level shares: configuration, a migrated database, contexts."""
import shutil
import threading
import time

import pytest
import sqlalchemy as sa

import nova_lite  # noqa: F401  (selects oslo.service's threading backend first)
from oslo_messaging._drivers import impl_fake

from nova_lite import config
from nova_lite import context as nl_context
from nova_lite import objects
from nova_lite import policy
from nova_lite import rpc
from nova_lite.compute import flavor_cache
from nova_lite.db import api as db_api
from nova_lite.db import lazy as lazy_db
from nova_lite.db import migration
from nova_lite.objects import base as objects_base
from tests import databases

objects.register_all()
CONF = config.CONF


@pytest.fixture
def conf(tmp_path):
    """Parsed config with no files, state_path a temp folder; call
    conf(name, value, group=None) to override."""
    config.parse_args(['nova-lite-tests'], default_config_files=[])
    overrides = []

    def set_override(name, value, group=None):
        CONF.set_override(name, value, group)
        overrides.append((name, group))

    # No Glance below the integration level: image UUIDs are taken as they come.
    set_override('enabled', False, 'glance')
    set_override('state_path', str(tmp_path / 'state'))

    yield set_override
    for name, group in overrides:
        CONF.clear_override(name, group)
    policy.reset()
    CONF.reset()


@pytest.fixture
def db(request, conf, tmp_path):
    """A database migrated to head by the real Alembic migrations (a copy of a template
    migrated once per run): a SQLite file, or a PostgreSQL or MariaDB database where a
    folder's conftest parametrizes db (on_every_database)."""
    backend = getattr(request, 'param', 'sqlite')
    server = database = None
    if backend == 'sqlite':
        path = tmp_path / 'nova-lite.sqlite'
        shutil.copyfile(request.getfixturevalue('sqlite_template'), path)
        conf('connection', 'sqlite:///%s' % path, 'database')
    else:
        server = request.getfixturevalue(backend)
        database = server.copy_of(databases.TEMPLATE)
        conf('connection', server.url(database), 'database')
    lazy_db.allow_access()
    db_api.dispose_engines()
    flavor_cache.CACHE.clear()  # the API's kept flavors were another database's
    yield backend
    db_api.dispose_engines()
    if server is not None:
        server.drop_later(database)


def on_every_database(metafunc):
    """pytest_generate_tests of a folder whose tests run on SQLite, PostgreSQL and
    MariaDB."""
    if 'db' in metafunc.fixturenames:
        metafunc.parametrize('db', ['sqlite', 'postgresql', 'mariadb'], indirect=True)


@pytest.fixture(scope='session')
def sqlite_template(tmp_path_factory):
    """A SQLite file migrated to head once per run, that each test's database copies
    (a migration per test cost 50-130 ms)."""
    path = tmp_path_factory.mktemp('template') / 'nova-lite.sqlite'
    engine = sa.create_engine('sqlite:///%s' % path, poolclass=sa.pool.NullPool)
    migration.db_sync(engine=engine)
    engine.dispose()
    return path


def _server(server):
    """A private server (tests/databases.py) with a database migrated to head that each
    test's database copies."""
    try:
        server.start()
        server.execute('CREATE DATABASE %s' % databases.TEMPLATE)
        engine = sa.create_engine(server.url(databases.TEMPLATE), poolclass=sa.pool.NullPool)
        migration.db_sync(engine=engine)
        engine.dispose()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope='session')
def postgresql():
    yield from _server(databases.PostgreSQL())


@pytest.fixture(scope='session')
def mariadb():
    yield from _server(databases.MariaDB())


class _WakeOnDelivery:
    """The clock of oslo.messaging's fake driver, whose listeners sleep 50 ms between
    looks at their queues (each RPC hop of a functional test waited 25 ms on average):
    here a listener's sleep ends as soon as a message is delivered or a listener
    stops."""

    def __init__(self):
        self._delivered = threading.Condition()
        self.time = time.time

    def sleep(self, pause):
        with self._delivered:
            self._delivered.wait(pause)

    def waking(self, method):
        def method_then_wake(*args, **kwargs):
            method(*args, **kwargs)
            with self._delivered:
                self._delivered.notify_all()
        return method_then_wake


@pytest.fixture
def fake_rpc(conf, monkeypatch):
    """oslo.messaging's in-process fake:// transport."""
    clock = _WakeOnDelivery()
    monkeypatch.setattr(impl_fake, 'time', clock)
    for cls, name in [(impl_fake.FakeExchange, 'deliver_message'),
                      (impl_fake.FakeListener, 'stop')]:
        monkeypatch.setattr(cls, name, clock.waking(getattr(cls, name)))
    rpc.cleanup()
    rpc.init(url='fake://')
    yield rpc.TRANSPORT
    objects_base.NovaLiteObject.indirection_api = None
    rpc.cleanup()


@pytest.fixture
def admin_context():
    return nl_context.get_admin_context()


@pytest.fixture
def user_context():
    return nl_context.RequestContext(user_id='demo', project_id='demo-project',
                                     roles=['member', 'reader'])


@pytest.fixture
def max_microversion(monkeypatch):
    """max_microversion('2.60'): let the API accept versions up to this one in a test,
    for behaviour built ahead of raising api_version.MAX_VERSION."""
    from nova_lite.api import api_version

    def _raise(version):
        monkeypatch.setattr(api_version, 'MAX_VERSION', version)
    return _raise


@pytest.fixture(scope='module')
def private_rabbit():
    """A RabbitMQ node of the module's own, for tests that restart the broker
    (tests/integration/harness.py PrivateRabbit); the shared one is never touched."""
    from tests.integration import harness
    rabbit = harness.PrivateRabbit()
    try:
        rabbit.start()
    except BaseException:  # a node that came up too late must not outlive the run
        rabbit.stop()
        raise
    yield rabbit
    rabbit.stop()


def pytest_terminal_summary(terminalreporter):
    # here, not in tests/reliability: with pytest-xdist this process collects no test and
    # loads no conftest of a folder below this one
    from tests.reliability import faults
    faults.summary(terminalreporter)
