"""nova-lite-novncproxy: the noVNC client and its WebSocket to the guests' VNC
servers, on [vnc] novncproxy_host:novncproxy_port."""
import os
import signal
import sys
import threading

from oslo_log import log as logging

LOG = logging.getLogger(__name__)
INSTALL_HINT = 'apt-get install --no-install-recommends novnc (or set [DEFAULT] web)'


def main():
    from nova_lite import rpc
    from nova_lite.cmd import common
    from nova_lite.console import websocketproxy
    common.setup('nova-lite-novncproxy')
    conf = common.CONF
    if not os.path.isfile(os.path.join(conf.web, 'vnc_lite.html')):
        sys.exit('nova-lite-novncproxy: no noVNC client in %s: %s' % (conf.web, INSTALL_HINT))
    server = websocketproxy.NoVNCProxyServer(
        conf.vnc.novncproxy_host, conf.vnc.novncproxy_port, conf.web,
        websocketproxy.ConsoleAuthorizer(conf.console.allowed_origins))

    def _stop(signum, _frame):
        LOG.info('Caught signal %s, stopping the console proxy', signum)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    LOG.info('nova-lite-novncproxy listening on %s:%s, serving %s',
             conf.vnc.novncproxy_host, conf.vnc.novncproxy_port, conf.web)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        rpc.cleanup()
