"""Engines and transactions.

Only the conductor and nova-lite-manage may open the database: every other daemon
blocks it at start-up (nova_lite.db.lazy.block_access).
"""
import contextlib
import threading
import time

import sqlalchemy as sa
from oslo_config import cfg
from oslo_log import log as logging
from sqlalchemy import event, orm

from nova_lite import thread_settings
from nova_lite.db import lazy

CONF = cfg.CONF
LOG = logging.getLogger(__name__)

_LOCK = threading.Lock()
_ENGINES = {}
_WRITE_QUEUES = {}  # SQLite file engine -> the _WriteQueue its writers queue on


class _WriteQueue:
    """SQLite's one writer at a time, for the writers of this process: those of an
    urgent() block (the API's calls, a user waits on them) go ahead of the others (a
    build's bookkeeping). The others pass one at a time through a gate of their own
    first, so that an urgent writer waits for at most the writer in its transaction
    and one other, not for every build in flight."""

    def __init__(self):
        self._lock = threading.Lock()
        self._gate = threading.Lock()

    @contextlib.contextmanager
    def held(self, urgent):
        if urgent:
            with self._lock:
                yield
            return
        with self._gate, self._lock:
            yield


def _sqlite_engine(url, immediate):
    engine = sa.create_engine(url, connect_args={'check_same_thread': False, 'timeout': 30},
                              echo=CONF.database.connection_debug)

    # pysqlite's own transaction handling is off so that a writer can take the
    # write lock at BEGIN: two deferred writers would deadlock on the upgrade.
    @event.listens_for(engine, 'connect')
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        if url.database and url.database != ':memory:':
            cursor.execute('PRAGMA journal_mode=WAL')
            # SQLite's advice for WAL: a commit survives a crash of any process (no
            # fsync per commit); an OS crash or power cut may lose the last commits
            cursor.execute('PRAGMA synchronous=NORMAL')
        cursor.execute('PRAGMA foreign_keys=ON')
        cursor.execute('PRAGMA busy_timeout=30000')
        # each pooled connection keeps its own page cache (2 MiB by default, filled as
        # the database grows: ~7 MiB of the conductor's RSS after 1,000 boots); the
        # kernel's page cache holds the file anyway
        cursor.execute('PRAGMA cache_size=-256')
        cursor.close()

    @event.listens_for(engine, 'begin')
    def _on_begin(conn):
        conn.exec_driver_sql('BEGIN IMMEDIATE' if immediate else 'BEGIN')

    return engine


def get_engine(writer=True):
    """The engine of [database] connection (SQLite: one for readers, one for writers)."""
    lazy.check_access()
    connection = CONF.database.connection
    # the engine in use, without parsing the URL again (every transaction asks)
    engine = _ENGINES.get((connection, writer))
    if engine is not None:
        return engine
    url = sa.engine.make_url(connection)
    key = (str(url), writer if url.get_backend_name() == 'sqlite' else True)
    with _LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            if url.get_backend_name() == 'sqlite':
                if url.database in (None, '', ':memory:'):
                    # one shared in-memory database for every thread (tests)
                    engine = sa.create_engine(
                        'sqlite://', connect_args={'check_same_thread': False},
                        poolclass=sa.pool.StaticPool)
                    _ENGINES[(str(url), True)] = _ENGINES[(str(url), False)] = engine
                else:
                    engine = _sqlite_engine(url, immediate=writer)
                    if writer:
                        _WRITE_QUEUES[engine] = _WriteQueue()
            else:
                # READ COMMITTED on MariaDB and MySQL too (PostgreSQL's default): a
                # count after a lock sees what the transaction before it committed
                engine = sa.create_engine(url, pool_pre_ping=True,
                                          pool_size=CONF.database.max_pool_size,
                                          isolation_level='READ COMMITTED',
                                          echo=CONF.database.connection_debug)
            _ENGINES[key] = engine
        _ENGINES[(connection, writer)] = engine
    return engine


def dispose_engines():
    with _LOCK:
        for engine in set(_ENGINES.values()):
            engine.dispose()
        _ENGINES.clear()
        _WRITE_QUEUES.clear()


_CURRENT = threading.local()


def in_transaction():
    """Whether this thread is inside a writer's transaction (that object methods join)."""
    return getattr(_CURRENT, 'writer', None) is not None


def urgent():
    """The writes of this thread in the block go ahead of the others' (_WriteQueue)."""
    return thread_settings.setting(_CURRENT, 'urgent', True, default=False)


@contextlib.contextmanager
def _session(writer):
    outer = getattr(_CURRENT, 'writer', None)
    if outer is not None:
        # inside a writer's transaction: join it (one commit, one rollback, own writes seen)
        yield outer
        return
    engine = get_engine(writer)
    # SQLite has one writer at a time. Its busy handler makes a waiting writer poll with
    # sleeps that grow to 100 ms, so the writers of this process queue here instead
    # and SQLite's handler is left to the rare writer of another process (manage).
    queue = _WRITE_QUEUES.get(engine) if writer else None
    with (queue.held(getattr(_CURRENT, 'urgent', False)) if queue is not None
          else contextlib.nullcontext()):
        session = orm.Session(bind=engine, expire_on_commit=False)
        try:
            with session.begin():
                if writer:
                    _CURRENT.writer = session
                yield session
        finally:
            if writer:
                _CURRENT.writer = None
            session.close()


def writer():
    """A transaction that may write; committed when the block ends without error.

    Object methods called inside it (in the same thread) join it, so that a
    check and the writes it guards commit or roll back together.
    """
    return _session(True)


def reader():
    """A read-only transaction."""
    return _session(False)


# how often a call whose database connection dropped under it runs again
DISCONNECT_RETRIES = 4


def retry_on_disconnect(call, reset=None, what=None):
    """call() (what names it in the log), run again (up to DISCONNECT_RETRIES times,
    0.1 s, 0.2 s, 0.4 s... apart, each after reset() when given) when the connection
    to the database server dropped under it (a restart, a cut: SQLAlchemy invalidates
    the pool's connections): the server rolled back its transaction, so its writes are
    done once, as with oslo.db's wrap_db_retry(retry_on_disconnect=True). Only a drop
    while the COMMIT itself is under way leaves it unknown whether that commit took."""
    for attempt in range(DISCONNECT_RETRIES + 1):
        try:
            return call()
        except sa.exc.DBAPIError as error:
            if not error.connection_invalidated or attempt == DISCONNECT_RETRIES:
                raise
            LOG.warning('The database connection dropped under %s (%s); running it again',
                        what or call.__qualname__, error.orig)
            time.sleep(0.1 * 2 ** attempt)
            if reset:
                reset()


def update_returning(connection, returning, update, read_back, values):
    """The first row of returning (an UPDATE .. RETURNING), or None when the UPDATE
    matched no row. MariaDB and MySQL have no UPDATE .. RETURNING: there update (the
    same UPDATE without it) runs, then read_back (a SELECT of the same row, from the
    same values) in the same transaction, which holds the row's lock."""
    if connection.dialect.update_returning:
        return connection.execute(returning, values).first()
    if not connection.execute(update, values).rowcount:
        return None
    return connection.execute(read_back, values).first()
