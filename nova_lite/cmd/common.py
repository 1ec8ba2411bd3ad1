"""Start-up shared by the RPC daemons."""
import ctypes
import sys

from oslo_log import log as logging

from nova_lite import config
from nova_lite import objects
from nova_lite import rpc
from nova_lite import service
from nova_lite.db import lazy as lazy_db
from nova_lite.objects import base as objects_base

CONF = config.CONF
LOG = logging.getLogger(__name__)
_M_ARENA_MAX = -8  # glibc's malloc.h


def _limit_malloc_arenas(arenas=2):
    """glibc gives threads that contend for malloc arenas of their own, up to 8 per
    core, and keeps their freed memory: a daemon's many RPC threads grow its RSS by
    tens of MB that way. Two arenas are plenty for Python (the GIL serializes it)."""
    try:
        ctypes.CDLL('libc.so.6').mallopt(_M_ARENA_MAX, arenas)
    except (OSError, AttributeError):  # not glibc
        pass


def setup(binary, argv=None, uses_database=False, interactive=False):
    """Config, logs, objects, and the message bus; the database only for the conductor.
    An interactive daemon (the API: users wait on its calls) calls the conductor on the
    topic whose writes go first."""
    config.parse_args(argv or sys.argv)
    logging.setup(CONF, binary)
    _limit_malloc_arenas()
    objects.register_all()
    rpc.init()
    if not uses_database:
        lazy_db.block_access(binary)
        from nova_lite.conductor import rpcapi as conductor_rpcapi
        objects_base.NovaLiteObject.indirection_api = conductor_rpcapi.ConductorAPI(
            conductor_rpcapi.INTERACTIVE_TOPIC if interactive else conductor_rpcapi.TOPIC)


def run_rpc_service(binary, topic, manager_factory, uses_database=False):
    setup(binary, uses_database=uses_database)
    LOG.info('Starting %s on host %s', binary, CONF.host)
    service.serve(service.Service(CONF.host, binary, topic, manager_factory(CONF.host)))
