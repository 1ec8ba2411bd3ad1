"""nova-lite-api's HTTP server."""
import subprocess

from nova_lite.cmd import api
from nova_lite.cmd import common


def test_the_api_listens_with_room_for_a_burst_of_connections(conf):
    conf('osapi_compute_listen', '127.0.0.1')
    conf('osapi_compute_listen_port', 0)
    server = api.make_server(common.CONF, lambda environ, start_response: [])
    server.prepare()  # bound and listening
    try:
        port = server.bind_addr[1]
        listening = subprocess.run(['ss', '-Hltn', 'sport = :%d' % port], check=True,
                                   capture_output=True, text=True).stdout.split()
        assert int(listening[2]) == api.BACKLOG  # Send-Q of a listening socket: its backlog
    finally:
        server.stop()
