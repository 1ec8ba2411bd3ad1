"""The database layer stays out of the daemons that may not use it."""
import subprocess
import sys

import pytest

from nova_lite.db import lazy as lazy_db

# a daemon's start-up (as nova_lite.cmd does it) and what it builds, then whether
# SQLAlchemy or the ORM models were imported on the way
_DAEMON = """
import sys
from nova_lite.cmd import common
binary, conf_file = sys.argv[1:]
common.setup(binary, ['x', '--config-file', conf_file])
if binary == 'nova-lite-api':
    from nova_lite.api import app
    app.load_app()
else:
    import importlib
    manager = importlib.import_module('nova_lite.%s.manager' % binary.split('-')[-1])
print(sorted(m for m in ('sqlalchemy', 'nova_lite.db.models', 'nova_lite.db.api',
                         'keystoneauth1') if m in sys.modules))
"""


@pytest.mark.parametrize('binary, loaded', [
    ('nova-lite-api', ['keystoneauth1']),  # its Glance client (the image proxy, checks)
    ('nova-lite-compute', ['keystoneauth1']),  # downloads images
    ('nova-lite-scheduler', []),
])
def test_daemons_without_the_database_never_load_it(binary, loaded, tmp_path):
    conf_file = tmp_path / 'nova-lite.conf'
    conf_file.write_text('[DEFAULT]\ntransport_url = fake://\nstate_path = %s\n'
                         '[api]\nauth_strategy = noauth2\n' % tmp_path)
    result = subprocess.run([sys.executable, '-c', _DAEMON, binary, str(conf_file)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(loaded)


def test_a_blocked_process_cannot_reach_the_database_layer(db):
    lazy_db.block_access('nova-lite-api')
    try:
        for module in (lazy_db.sa, lazy_db.models, lazy_db.api):
            with pytest.raises(Exception, match='nova-lite-api attempted direct'):
                module.anything
    finally:
        lazy_db.allow_access()
    assert lazy_db.api.reader is not None  # and once allowed again, it is the real one
