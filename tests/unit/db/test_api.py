"""Engines and transactions, and the guard that keeps other daemons out."""
import contextlib
import threading
import time

import pytest
import sqlalchemy as sa

from nova_lite import exception
from nova_lite import objects
from nova_lite.db import api as db_api
from nova_lite.db import lazy as lazy_db
from nova_lite.db import models
from tests import databases


@pytest.fixture
def blocked(db):
    lazy_db.block_access('nova-compute')
    yield
    lazy_db.allow_access()


def test_blocked_process_cannot_get_an_engine(blocked):
    with pytest.raises(exception.DBNotAllowed, match='nova-compute attempted direct'):
        db_api.get_engine()
    with pytest.raises(exception.DBNotAllowed):
        db_api.get_engine(writer=False)


@pytest.mark.parametrize('transaction', [db_api.reader, db_api.writer])
def test_blocked_process_cannot_open_a_transaction(blocked, transaction):
    with pytest.raises(exception.DBNotAllowed):
        with transaction():
            pass


def test_blocked_process_cannot_use_objects_directly(blocked, admin_context):
    with pytest.raises(exception.DBNotAllowed):
        objects.Flavor.get_by_flavor_id(admin_context, '1')


def test_allow_access_lifts_the_block(db):
    lazy_db.block_access('nova-scheduler')
    lazy_db.allow_access()
    with db_api.reader() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(models.Flavor)) > 0


def test_writer_commits_and_rolls_back_on_error(db):
    with db_api.writer() as session:
        session.add(models.KeyPair(name='k1', user_id='u'))
    with pytest.raises(RuntimeError):
        with db_api.writer() as session:
            session.add(models.KeyPair(name='k2', user_id='u'))
            session.flush()
            raise RuntimeError('abort')
    with db_api.reader() as session:
        assert list(session.scalars(sa.select(models.KeyPair.name))) == ['k1']


def test_sqlite_file_has_separate_reader_and_writer_engines(db):
    assert db_api.get_engine(writer=True) is not db_api.get_engine(writer=False)
    assert db_api.get_engine(writer=True) is db_api.get_engine(writer=True)


def test_in_memory_sqlite_shares_one_engine(conf):
    conf('connection', 'sqlite://', 'database')
    lazy_db.allow_access()
    db_api.dispose_engines()
    try:
        assert db_api.get_engine(writer=True) is db_api.get_engine(writer=False)
    finally:
        db_api.dispose_engines()


def test_an_urgent_writer_goes_ahead_of_the_queued_background_writers(db):
    """The API's writes (urgent: ConductorManager.interactive) wait for the writer in
    its transaction and at most one queued other, not for every build in flight."""
    order, release = [], threading.Event()

    def write(name, urgent=False, hold=None):
        with db_api.urgent() if urgent else contextlib.nullcontext():
            with db_api.writer():
                order.append(name)
                if hold is not None:
                    assert hold.wait(30)

    def start(*args):
        thread = threading.Thread(target=write, args=args)
        thread.start()
        threads.append(thread)

    threads = []
    start('holder', False, release)
    while order != ['holder']:
        time.sleep(0.01)
    for index in range(4):
        start('build%d' % index)
    time.sleep(0.2)  # the builds' writers queue up behind the holder
    start('api', True)
    time.sleep(0.2)
    release.set()
    for thread in threads:
        thread.join(30)
    assert sorted(order) == sorted(['holder', 'api'] + ['build%d' % i for i in range(4)])
    assert order.index('api') <= 2, order


def test_an_inner_urgent_block_leaves_the_outer_one_urgent():
    with db_api.urgent():
        with db_api.urgent():
            pass
        assert db_api._CURRENT.urgent
    assert not db_api._CURRENT.urgent


@pytest.mark.parametrize('db', ['postgresql', 'mariadb'], indirect=True)
def test_a_call_whose_connection_dropped_runs_again_and_writes_once(db):
    tries = []

    def insert_a_tag():
        with db_api.writer() as session:
            session.execute(sa.insert(models.Tag).values(resource_id='server', tag='t'))
            tries.append(session)
            if len(tries) == 1:
                databases.drop_own_connection(session)

    db_api.retry_on_disconnect(insert_a_tag)
    assert len(tries) == 2
    with db_api.reader() as session:
        assert session.execute(sa.select(models.Tag.tag)).scalars().all() == ['t']


def test_other_database_errors_are_not_run_again(db):
    tries = []

    def insert_twice():
        tries.append(1)
        with db_api.writer() as session:
            for _ in range(2):
                session.execute(sa.insert(models.Tag).values(resource_id='server', tag='t'))

    with pytest.raises(sa.exc.IntegrityError):
        db_api.retry_on_disconnect(insert_twice)
    assert len(tries) == 1


def test_a_connection_that_keeps_dropping_is_given_up(monkeypatch):
    monkeypatch.setattr(time, 'sleep', lambda seconds: None)
    tries = []

    def drops():
        tries.append(1)
        raise sa.exc.OperationalError('SELECT 1', {}, Exception('gone'),
                                      connection_invalidated=True)

    with pytest.raises(sa.exc.OperationalError):
        db_api.retry_on_disconnect(drops)
    assert len(tries) == db_api.DISCONNECT_RETRIES + 1
