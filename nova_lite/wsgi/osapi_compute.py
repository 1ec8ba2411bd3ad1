"""The compute API as a WSGI application for uWSGI, mod_wsgi, gunicorn...

Config files come from NOVA_LITE_CONFIG_FILES (separated by ';'), else the
usual /etc/nova-lite/nova-lite.conf.
"""
import os

from nova_lite.cmd import common


def init_application():
    files = [f for f in os.environ.get('NOVA_LITE_CONFIG_FILES', '').split(';') if f]
    argv = ['nova-lite-api']
    for path in files:
        argv += ['--config-file', path]
    common.setup('nova-lite-api', argv, interactive=True)
    from nova_lite.api import app
    return app.load_app()


application = init_application()
