"""nova-lite-api: the Compute API v2.1 on [DEFAULT] osapi_compute_listen:port."""
import signal
import threading

from cheroot import wsgi as cheroot_wsgi
from oslo_log import log as logging

LOG = logging.getLogger(__name__)

# Connections the kernel keeps waiting for the server to accept (listen()'s backlog), as
# upstream Nova's WSGI server: at cheroot's 5, a burst of new connections while the
# accepting thread waits for the GIL overflows it, and the kernel drops the ones beyond
# (their clients wait to send their SYN again, a second or more)
BACKLOG = 128


def make_server(conf, app):
    server = cheroot_wsgi.Server((conf.osapi_compute_listen, conf.osapi_compute_listen_port),
                                 app, numthreads=conf.osapi_compute_workers,
                                 server_name='nova-lite-api', request_queue_size=BACKLOG)
    # idle keep-alive connections must not hold a stop (cheroot waits 5 s per default)
    server.shutdown_timeout = 1
    return server


def main():
    from nova_lite.api import app
    from nova_lite.cmd import common
    common.setup('nova-lite-api', interactive=True)
    conf = common.CONF
    server = make_server(conf, app.load_app())

    def _stop(signum, _frame):
        LOG.info('Caught signal %s, stopping the API', signum)
        threading.Thread(target=server.stop, daemon=True).start()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    LOG.info('nova-lite-api listening on %s:%s', conf.osapi_compute_listen,
             conf.osapi_compute_listen_port)
    server.safe_start()
