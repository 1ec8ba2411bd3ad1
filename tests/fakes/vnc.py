"""A VNC server that only greets (what a console proxy test needs), a bare
WebSocket client handshake, to see what a proxy answers to an upgrade, and the
token of a noVNC console URL."""
import base64
import os
import socket
import threading
import urllib.parse

RFB_GREETING = b'RFB 003.008\n'


class GreetingVNCServer:
    """Accepts connections on 127.0.0.1 and sends each the RFB protocol greeting."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.sendall(RFB_GREETING)
            conn.close()

    def close(self):
        self.sock.close()


def websocket_upgrade(host, port, path, origin=None, protocol='binary', timeout=10):
    """(HTTP status, open socket, bytes after the headers) of a WebSocket upgrade."""
    sock = socket.create_connection((host, port), timeout=timeout)
    key = base64.b64encode(os.urandom(16)).decode()
    headers = ['GET %s HTTP/1.1' % path, 'Host: %s:%d' % (host, port), 'Upgrade: websocket',
               'Connection: Upgrade', 'Sec-WebSocket-Key: ' + key,
               'Sec-WebSocket-Version: 13']
    if protocol:
        headers.append('Sec-WebSocket-Protocol: ' + protocol)
    if origin:
        headers.append('Origin: ' + origin)
    sock.sendall(('\r\n'.join(headers) + '\r\n\r\n').encode())
    data = b''
    while b'\r\n\r\n' not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    head, _, rest = data.partition(b'\r\n\r\n')
    status = int(head.split(b' ', 2)[1]) if head else 0
    return status, sock, rest


def read_frame_payload(sock, already=b''):
    """The payload of the next (unmasked, short) WebSocket frame from the server."""
    data = already
    while len(data) < 2 or len(data) < 2 + (data[1] & 0x7f):
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data[2:2 + (data[1] & 0x7f)] if len(data) >= 2 else b''


def console_token(url):
    """The token of a noVNC console URL (...vnc_lite.html?path=%3Ftoken%3D<token>)."""
    path = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)['path'][0]
    return urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)['token'][0]
