"""Start-up shared by the RPC daemons."""
import ctypes
import sys
import threading
import time

from oslo_log import log as logging

from nova_lite import config
from nova_lite import objects
from nova_lite import rpc
from nova_lite import service
from nova_lite.db import lazy as lazy_db
from nova_lite.objects import base as objects_base

CONF = config.CONF
LOG = logging.getLogger(__name__)
_M_MMAP_THRESHOLD = -3  # glibc's malloc.h
_M_ARENA_MAX = -8
MMAP_THRESHOLD = 128 * 1024  # glibc's default start
TRIM_INTERVAL = 10  # seconds


def _tune_malloc(arenas=2):
    """glibc gives threads that contend for malloc arenas of their own, up to 8 per
    core, and keeps their freed memory: a daemon's many RPC threads grow its RSS by
    tens of MB that way. Two arenas are plenty for Python (the GIL serializes it).

    glibc also raises its mmap threshold to the size of each big block freed (up to
    32 MiB), so that after one large RPC message (a page of 1,000 servers, a
    multi-create's builds) the later ones come from the heap, which keeps the high
    water: a fixed threshold maps and unmaps them (the conductor after api_read's
    multi-creates and listings of 3,000 servers: 123 MiB, 136-137 without)."""
    try:
        libc = ctypes.CDLL('libc.so.6')
        libc.mallopt(_M_ARENA_MAX, arenas)
        libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    if not any(thread.name == 'malloc-trim' for thread in threading.enumerate()):
        threading.Thread(target=_trim_now_and_then, args=(trim,), name='malloc-trim',
                         daemon=True).start()


def _trim_now_and_then(trim):
    """glibc gives back to the system only the free memory at the top of its heaps: the
    pages freed below stay the daemon's until it allocates there again (after
    benchmarks.api_read, 3 MB of the conductor's heap and 7 MB of the API's were
    free). malloc_trim gives every free page back (well under a millisecond)."""
    while True:
        time.sleep(TRIM_INTERVAL)
        trim(0)


def setup(binary, argv=None, uses_database=False, interactive=False):
    """Config, logs, objects, and the message bus; the database only for the conductor.
    An interactive daemon (the API: users wait on its calls) calls the conductor on the
    topic whose writes go first."""
    config.parse_args(argv or sys.argv)
    logging.setup(CONF, binary)
    _tune_malloc()
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
