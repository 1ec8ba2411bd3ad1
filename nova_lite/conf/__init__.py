"""Configuration options, one module per option group (as upstream Nova)."""
from oslo_config import cfg

from nova_lite.conf import api
from nova_lite.conf import compute
from nova_lite.conf import console
from nova_lite.conf import consoleauth
from nova_lite.conf import database
from nova_lite.conf import fake_driver
from nova_lite.conf import glance
from nova_lite.conf import image_cache
from nova_lite.conf import libvirt
from nova_lite.conf import quota
from nova_lite.conf import scheduler
from nova_lite.conf import service
from nova_lite.conf import vnc
from nova_lite.conf import wsgi

CONF = cfg.CONF

for _module in (api, compute, console, consoleauth, database, fake_driver, glance, image_cache,
                libvirt, quota, scheduler, service, vnc, wsgi):
    _module.register_opts(CONF)
