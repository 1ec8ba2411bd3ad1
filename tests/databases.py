"""Private database servers for the tests that run on PostgreSQL and MariaDB besides
SQLite: each one a server in a temp folder on a Unix socket only (no TCP port), run as
the `postgres` user (PostgreSQL refuses root) or as root (MariaDB, told to), stopped
and removed at the end. tools/run-tests.sh installs both servers (Debian's packages,
without the service the packages would set up) and their Python drivers (the test
extra)."""
import concurrent.futures
import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid

import sqlalchemy as sa

TEMPLATE = 'nova_lite_template'


class _Server:
    admin_database = None

    def __init__(self, owner=None):
        self.dir = tempfile.mkdtemp(prefix='nova-lite-%s-' % self.name)
        self._owner = owner if os.geteuid() == 0 else None
        if self._owner:
            entry = pwd.getpwnam(self._owner)
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
        self.data = os.path.join(self.dir, 'data')
        # copies made and dropped in the background, while tests run (each takes the
        # server 100-200 ms): one thread, so the server does one at a time
        self._background = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        self._next_copy = {}

    def run(self, *argv, **kwargs):
        prefix = ['runuser', '-u', self._owner, '--'] if self._owner else []
        result = subprocess.run(prefix + list(argv), capture_output=True, timeout=120,
                                **kwargs)
        if result.returncode:  # say why: its output
            raise RuntimeError('%s exited with %d:\n%s%s' % (
                ' '.join(argv), result.returncode, result.stdout.decode(errors='replace'),
                result.stderr.decode(errors='replace')))
        return result

    def execute(self, *statements):
        engine = sa.create_engine(self.url(self.admin_database), isolation_level='AUTOCOMMIT',
                                  poolclass=sa.pool.NullPool)
        with engine.connect() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
        engine.dispose()

    def new_database(self, template=None):
        """A new database (a copy of template when given): its name."""
        name = 'nova_lite_%s' % uuid.uuid4().hex[:12]
        self.create(name, template)
        return name

    def create(self, name, template):
        self.execute('CREATE DATABASE %s' % name)
        if template:
            self.copy(template, name)

    def drop_database(self, name):
        self.execute('DROP DATABASE %s' % name)

    @contextlib.contextmanager
    def empty_database(self):
        """A new empty database for a cloud (nova-lite-manage migrates it), dropped
        afterwards: its name."""
        name = self.new_database()
        try:
            yield name
        finally:
            self.drop_database(name)

    def copy_of(self, template):
        """A new copy of template (new_database), made while the test before ran; the
        next one is made now."""
        made = self._next_copy.pop(template, None)
        name = made.result() if made else self.new_database(template)
        self._next_copy[template] = self._background.submit(self.new_database, template)
        return name

    def drop_later(self, name):
        self._background.submit(self.drop_database, name)

    def _stop_background(self):
        self._background.shutdown(wait=True, cancel_futures=True)


class PostgreSQL(_Server):
    name = 'postgresql'
    admin_database = 'postgres'

    def __init__(self):
        found = sorted(glob.glob('/usr/lib/postgresql/*/bin/initdb'))
        if not found:
            raise RuntimeError('PostgreSQL is not installed (tools/run-tests.sh installs it)')
        self._bin = os.path.dirname(found[-1])
        super().__init__(owner='postgres')

    def start(self):
        self.run(os.path.join(self._bin, 'initdb'), '-D', self.data, '-A', 'trust',
                 '-U', 'postgres', '-E', 'UTF8')
        self._pg_ctl_start()
        return self

    def _pg_ctl_start(self):
        # durability is not what the tests look at
        self.run(os.path.join(self._bin, 'pg_ctl'), '-D', self.data, '-w',
                 '-l', os.path.join(self.dir, 'log'),
                 '-o', "-k %s -c listen_addresses='' -c fsync=off "
                       "-c synchronous_commit=off -c full_page_writes=off" % self.dir,
                 'start')

    def restart(self, down_for):
        """Stopped (every connection cut, transactions in flight rolled back), started
        again down_for seconds later. Not as by a crash: with synchronous_commit off
        (above) a crash loses the last commits, which a real server keeps."""
        self.run(os.path.join(self._bin, 'pg_ctl'), '-D', self.data, '-m', 'fast',
                 '-w', 'stop')
        time.sleep(down_for)
        self._pg_ctl_start()

    def cut_connections(self, database):
        """Every client connection to database ends (pg_terminate_backend), as a
        server-side timeout, an admin or a network cut ends them: the number cut."""
        engine = sa.create_engine(self.url(self.admin_database), poolclass=sa.pool.NullPool)
        with engine.connect() as connection:
            cut = connection.exec_driver_sql(
                'SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity '
                'WHERE datname = %(database)s', {'database': database}).scalar()
        engine.dispose()
        return cut

    def stop(self):
        self._stop_background()
        try:
            self.run(os.path.join(self._bin, 'pg_ctl'), '-D', self.data, '-m', 'immediate',
                     '-w', 'stop')
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database):
        return 'postgresql+psycopg2://postgres@/%s?host=%s' % (database, self.dir)

    def create(self, name, template):
        self.execute('CREATE DATABASE %s' % name + (' TEMPLATE %s' % template if template else ''))

    def drop_database(self, name):
        self.execute('DROP DATABASE %s WITH (FORCE)' % name)


class MariaDB(_Server):
    name = 'mariadb'
    admin_database = 'mysql'

    def __init__(self):
        if not shutil.which('mariadbd', path='/usr/sbin:/usr/bin'):
            raise RuntimeError('MariaDB is not installed (tools/run-tests.sh installs it)')
        super().__init__()
        self._socket = os.path.join(self.dir, 'socket')
        self._proc = None
        self._copies = {}

    def start(self):
        # in one CI rehearsal with two pytest processes (each starts a server of its own)
        # this exited with 1 in one of them, its output not kept, and not in 16 tries
        # since: it is tried again, and the error of a third failure has its output
        for attempt in range(3):
            shutil.rmtree(self.data, ignore_errors=True)
            try:
                self.run('mariadb-install-db', '--no-defaults', '--datadir=%s' % self.data,
                         '--user=%s' % pwd.getpwuid(os.geteuid()).pw_name,
                         '--auth-root-authentication-method=normal', '--skip-test-db')
                break
            except RuntimeError:
                if attempt == 2:
                    raise
                time.sleep(1)
        self._proc = subprocess.Popen(
            ['/usr/sbin/mariadbd', '--no-defaults', '--datadir=%s' % self.data,
             '--socket=%s' % self._socket, '--skip-networking', '--skip-log-bin',
             '--user=%s' % pwd.getpwuid(os.geteuid()).pw_name,
             '--pid-file=%s' % os.path.join(self.dir, 'pid'),
             '--log-error=%s' % os.path.join(self.dir, 'log'),
             # a test's database is made and dropped in less time with no file per table
             '--innodb-flush-log-at-trx-commit=0', '--innodb-buffer-pool-size=64M',
             '--innodb-file-per-table=0'],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            if self._proc.poll() is not None:  # the folder goes at stop(): say why here
                with open(os.path.join(self.dir, 'log'), errors='replace') as log:
                    raise RuntimeError('mariadbd exited: %s' % log.read()[-2000:])
            try:
                self.execute('SELECT 1')
                return self
            except sa.exc.OperationalError:  # not yet
                time.sleep(0.1)
        raise RuntimeError('mariadbd did not answer')

    def stop(self):
        self._stop_background()
        try:
            if self._proc is not None:
                self._proc.kill()
                self._proc.wait(30)
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database):
        return 'mysql+pymysql://root@localhost/%s?unix_socket=%s&charset=utf8mb4' % (
            database, self._socket)

    def copy(self, template, name):
        """The template's tables as SHOW CREATE TABLE gives them (foreign keys too) and
        its rows, in one connection: half the time of mariadb-dump and mariadb."""
        if template not in self._copies:  # the template does not change once migrated
            self._copies[template] = self._copy_statements(template)
        self.execute('USE %s' % name, 'SET FOREIGN_KEY_CHECKS = 0',
                     *self._copies[template])

    def _copy_statements(self, template):
        engine = sa.create_engine(self.url(template), poolclass=sa.pool.NullPool)
        statements = []
        with engine.connect() as connection:
            tables = connection.exec_driver_sql(
                "SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'").scalars().all()
            for table in tables:
                statements.append(connection.exec_driver_sql(
                    'SHOW CREATE TABLE `%s`' % table).one()[1])
                if connection.exec_driver_sql('SELECT 1 FROM `%s` LIMIT 1' % table).first():
                    statements.append('INSERT INTO `%s` SELECT * FROM %s.`%s`' % (
                        table, template, table))
        engine.dispose()
        return statements


def drop_own_connection(session):
    """The server ends the connection of session, in the middle of its transaction."""
    if session.bind.dialect.name == 'postgresql':
        session.execute(sa.text('SELECT pg_terminate_backend(pg_backend_pid())'))
    else:
        session.execute(sa.text('KILL %d' % session.execute(
            sa.text('SELECT CONNECTION_ID()')).scalar()))
