"""Loading the API's paste pipeline."""
import os
import pathlib

from oslo_config import cfg
from paste import deploy

from nova_lite import exception

CONF = cfg.CONF
PACKAGED_ETC = pathlib.Path(__file__).resolve().parents[2] / 'etc' / 'nova-lite'


def find_paste_config():
    """[wsgi] api_paste_config: absolute, beside the config files, or the packaged one."""
    name = CONF.wsgi.api_paste_config
    if os.path.isabs(name):
        candidates = [name]
    else:
        candidates = [CONF.find_file(name), str(PACKAGED_ETC / name)]
    for candidate in candidates:
        if candidate and os.path.exists(candidate):
            return os.path.abspath(candidate)
    raise exception.ConfigNotFound(path=name)


def load_app(name='osapi_compute'):
    return deploy.loadapp('config:%s' % find_paste_config(), name=name)
