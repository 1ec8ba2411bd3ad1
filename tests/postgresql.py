"""A private PostgreSQL server for the tests that run against PostgreSQL: a cluster in a
temp folder, on a Unix socket only (no TCP port), run as the `postgres` user when the
tests run as root (PostgreSQL refuses root); stopped and removed at the end.

tools/run-tests.sh installs Debian's PostgreSQL and psycopg2-binary (the test extra)."""
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid

import sqlalchemy as sa

TEMPLATE = 'nova_lite_template'


def _bin_dir():
    found = sorted(glob.glob('/usr/lib/postgresql/*/bin/initdb'))
    if not found:
        raise RuntimeError('PostgreSQL is not installed (apt-get install postgresql; '
                           'tools/run-tests.sh does)')
    return os.path.dirname(found[-1])


class Cluster:
    def __init__(self):
        self._bin = _bin_dir()
        self.dir = tempfile.mkdtemp(prefix='nova-lite-pg-')
        self._user = None
        if os.geteuid() == 0:
            self._user = 'postgres'
            entry = pwd.getpwnam(self._user)
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
        self._data = os.path.join(self.dir, 'data')

    def _run(self, *argv):
        prefix = ['runuser', '-u', self._user, '--'] if self._user else []
        subprocess.run(prefix + [os.path.join(self._bin, argv[0]), *argv[1:]], check=True,
                       capture_output=True, timeout=120)

    def start(self):
        self._run('initdb', '-D', self._data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8')
        # the socket in our folder, no TCP; durability is not what the tests look at
        self._run('pg_ctl', '-D', self._data, '-w', '-l', os.path.join(self.dir, 'log'),
                  '-o', "-k %s -c listen_addresses='' -c fsync=off "
                        "-c synchronous_commit=off -c full_page_writes=off" % self.dir,
                  'start')
        return self

    def stop(self):
        try:
            self._run('pg_ctl', '-D', self._data, '-m', 'immediate', '-w', 'stop')
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database='postgres'):
        return 'postgresql+psycopg2://postgres@/%s?host=%s' % (database, self.dir)

    def execute(self, statement):
        engine = sa.create_engine(self.url(), isolation_level='AUTOCOMMIT',
                                  poolclass=sa.pool.NullPool)
        with engine.connect() as connection:
            connection.exec_driver_sql(statement)
        engine.dispose()

    def new_database(self, template=None):
        """A new database (a copy of template when given): its name."""
        name = 'nova_lite_%s' % uuid.uuid4().hex[:12]
        self.execute('CREATE DATABASE %s%s' % (name, ' TEMPLATE %s' % template
                                                if template else ''))
        return name
