"""nova-lite-novncproxy: serves the noVNC client and proxies its WebSocket to the
guest's VNC server (websockify does the WebSocket framing and the proxying).

Before the WebSocket handshake, the connection must pass as upstream's proxy
checks it: a browser's Origin must name this host (or [console]
allowed_origins) with the scheme of novncproxy_base_url; the token (query
parameter or cookie 'token') is consumed through the conductor (it opens one
connection, and this process never opens the database); and the guest's compute
host must confirm that the console still listens on the token's port. A refused
connection gets a 403 and no WebSocket.
"""
import http.cookies
import http.server
import socket
import socketserver
import urllib.parse

import oslo_messaging as messaging
from oslo_log import log as logging
from websockify import websocketproxy
from websockify import websockifyserver

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects
from nova_lite.compute import rpcapi as compute_rpcapi

LOG = logging.getLogger(__name__)


class ConsoleRefused(Exception):
    def __init__(self, reason, code=403):
        super().__init__(reason)
        self.reason = reason
        self.code = code


def token_from_request(path, headers):
    """The token of ?token=..., else of noVNC's 'token' cookie (upstream's two ways)."""
    query = urllib.parse.urlsplit(path).query
    token = urllib.parse.parse_qs(query).get('token', [''])[-1]
    if token:
        return token
    cookie = http.cookies.SimpleCookie()
    for part in (headers.get('Cookie') or '').split(';'):
        try:
            cookie.load(part.strip())
        except http.cookies.CookieError:
            LOG.warning('Ignoring a malformed cookie')  # never log its content
    return cookie['token'].value if 'token' in cookie else ''


def _host_name(host_header):
    """The host name of a Host header: 'a:6080' -> 'a', '[::1]:6080' -> '::1'."""
    host = host_header or ''
    if host.startswith('['):
        return host[1:].split(']')[0]
    return host.split(':')[0]


class ConsoleAuthorizer:
    """Decides whether a WebSocket request may reach a console, and which."""

    def __init__(self, allowed_origins=(), compute_api=None):
        self.allowed_origins = list(allowed_origins)
        self.compute_api = compute_api or compute_rpcapi.ComputeAPI()

    def _origin(self, headers):
        """(host name, scheme) of a browser's Origin; None without one (not a browser)."""
        origin_url = headers.get('Origin')
        if origin_url is None:
            return None
        origin = urllib.parse.urlsplit(origin_url)
        # behind a TLS-terminating proxy the browser's scheme is the forwarded one
        scheme = headers.get('X-Forwarded-Proto') or origin.scheme
        if not origin.hostname or not scheme:
            raise ConsoleRefused('Origin header not valid.')
        expected = self.allowed_origins + [_host_name(headers.get('Host'))]
        if origin.hostname not in expected:
            raise ConsoleRefused('Origin header does not match this host.')
        return origin.hostname, scheme

    def authorize(self, path, headers):
        """The ConsoleAuthToken the request may connect to; ConsoleRefused if none."""
        origin = self._origin(headers)  # before the token: a foreign page cannot burn one
        context = nl_context.get_admin_context()
        try:
            return self._consume(context, token_from_request(path, headers), origin)
        except messaging.MessagingException as error:
            LOG.warning('Could not check a console token: %s', error)
            raise ConsoleRefused('The console service is unavailable; try again.', 503)

    def _consume(self, context, token, origin):
        try:
            connect_info = objects.ConsoleAuthToken.consume(context, token)
        except exception.InvalidToken:
            raise ConsoleRefused('The console token is invalid, expired or used.')
        if origin is not None:
            expected_scheme = urllib.parse.urlsplit(connect_info.access_url_base).scheme
            if origin[1] != expected_scheme:
                raise ConsoleRefused('Origin header protocol does not match this host.')
        try:
            instance = objects.Instance.get_by_uuid(context, connect_info.instance_uuid)
        except exception.InstanceNotFound:
            raise ConsoleRefused('The server of the console is gone.')
        # the port may belong to another guest now (a reboot gives a new autoport)
        if not self.compute_api.validate_console_port(
                context, instance, str(connect_info.port), connect_info.console_type):
            raise ConsoleRefused('The console of the server is gone.')
        return connect_info


class NoVNCProxyRequestHandler(websocketproxy.ProxyRequestHandler):
    """GET of the noVNC files from [DEFAULT] web; a WebSocket upgrade to a console."""

    def address_string(self):
        return str(self.client_address[0])  # no reverse DNS lookup (upstream's fix)

    def translate_path(self, path):
        self.directory = self.server.web
        return super().translate_path(path)

    def handle_upgrade(self):
        try:
            self.connect_info = self.server.authorizer.authorize(self.path, self.headers)
        except ConsoleRefused as error:
            LOG.info('Refused a console connection from %s: %s', self.address_string(),
                     error.reason)
            self.send_error(error.code, error.reason)
            return
        super().handle_upgrade()

    def new_websocket_client(self):
        info = self.connect_info
        LOG.info('Console of %s: connecting to %s:%s', info.instance_uuid, info.host,
                 info.port)
        try:
            target = websockifyserver.WebSockifyServer.socket(info.host, info.port,
                                                              connect=True)
        except OSError as error:
            LOG.warning('Cannot reach the console %s:%s: %s', info.host, info.port, error)
            raise self.CClose(1011, 'Failed to connect to the console')
        target.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            self.do_proxy(target)
        finally:
            target.close()


class NoVNCProxyServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """One thread per connection (native threads, as the other daemons)."""

    daemon_threads = True
    # what websockify's request handlers read from their server
    file_only = True        # no folder listings
    only_upgrade = False
    verbose = False
    heartbeat = None
    token_plugin = None
    auth_plugin = None
    target_host = None
    target_port = None

    def __init__(self, host, port, web, authorizer):
        self.address_family = socket.AF_INET6 if ':' in host else socket.AF_INET
        self.web = web
        self.authorizer = authorizer
        self.logger = LOG
        super().__init__((host, port), NoVNCProxyRequestHandler)
