"""Start-up shared by the RPC daemons."""
import sys

from oslo_log import log as logging

from nova_lite import config
from nova_lite import objects
from nova_lite import rpc
from nova_lite import service
from nova_lite.db import api as db_api
from nova_lite.objects import base as objects_base

CONF = config.CONF
LOG = logging.getLogger(__name__)


def setup(binary, argv=None, uses_database=False):
    """Config, logs, objects, and the message bus; the database only for the conductor."""
    config.parse_args(argv or sys.argv)
    logging.setup(CONF, binary)
    objects.register_all()
    rpc.init()
    if not uses_database:
        db_api.block_access(binary)
        from nova_lite.conductor import rpcapi as conductor_rpcapi
        objects_base.NovaLiteObject.indirection_api = conductor_rpcapi.ConductorAPI()


def run_rpc_service(binary, topic, manager_factory, uses_database=False):
    setup(binary, uses_database=uses_database)
    LOG.info('Starting %s on host %s', binary, CONF.host)
    service.serve(service.Service(CONF.host, binary, topic, manager_factory(CONF.host)))
