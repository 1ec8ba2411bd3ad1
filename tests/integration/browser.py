"""Headless Chromium driven over the DevTools protocol: open a page (a noVNC
console), wait until its status settles, read it and take a screenshot whose
pixels a test can count."""
import base64
import json
import os
import pathlib
import shutil
import signal
import struct
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
import zlib

from tests.fakes import vnc as fake_vnc

INSTALL_HINT = ('headless Chromium is needed: apt-get install --no-install-recommends '
                'chromium (tools/run-tests.sh installs it)')
WINDOW = (1024, 768)
NOVNC_STATUS = "document.getElementById('status') && " \
               "document.getElementById('status').textContent"


class _TextWebSocket:
    """The client end of a WebSocket of text messages (DevTools speaks JSON in them)."""

    def __init__(self, url, timeout=60):
        parsed = urllib.parse.urlsplit(url)
        status, self.sock, self.buffer = fake_vnc.websocket_upgrade(
            parsed.hostname, parsed.port, parsed.path, protocol=None, timeout=timeout)
        assert status == 101, 'DevTools refused the WebSocket (%s)' % status

    def _read(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError('DevTools closed the WebSocket')
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def send(self, text):
        payload, mask = text.encode(), os.urandom(4)  # a client masks what it sends
        size = len(payload)
        header = bytes([0x81, 0x80 | size]) if size < 126 else (
            bytes([0x81, 0x80 | 126]) + struct.pack('>H', size) if size < 65536 else
            bytes([0x81, 0x80 | 127]) + struct.pack('>Q', size))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in
                                                enumerate(payload)))

    def receive(self):
        message = b''
        while True:
            first, second = self._read(2)
            size = second & 0x7f
            if size == 126:
                size = struct.unpack('>H', self._read(2))[0]
            elif size == 127:
                size = struct.unpack('>Q', self._read(8))[0]
            payload = self._read(size)
            if first & 0x0f == 0x8:
                raise ConnectionError('DevTools closed the WebSocket')
            message += payload
            if first & 0x80:
                return message.decode()

    def close(self):
        self.sock.close()


class Chromium:
    """One headless browser with a fresh profile; a page at a time over DevTools."""

    def __init__(self, timeout=60):
        binary = shutil.which('chromium') or shutil.which('chromium-browser')
        assert binary, INSTALL_HINT
        self.profile = tempfile.mkdtemp(prefix='nova-lite-chromium-')
        self.log = pathlib.Path(self.profile) / 'stderr.log'
        with open(self.log, 'wb') as log:
            self.process = subprocess.Popen(
                [binary, '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
                 '--no-first-run', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync',
                 '--user-data-dir=' + os.path.join(self.profile, 'user-data'),
                 '--window-size=%d,%d' % WINDOW, '--remote-debugging-port=0', 'about:blank'],
                stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
        self.socket = None
        self._next_id = 0
        try:
            self.port = self._devtools_port(timeout)
        except AssertionError:
            self.close()
            raise

    def _devtools_port(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.log.read_text(errors='replace').splitlines():
                if line.startswith('DevTools listening on ws://'):
                    return int(line.split('ws://', 1)[1].split('/')[0].rsplit(':', 1)[1])
            assert self.process.poll() is None, 'chromium died: ' + self.stderr()
            time.sleep(0.1)
        raise AssertionError('chromium did not start within %ss: %s' % (timeout,
                                                                          self.stderr()))

    def stderr(self):
        return self.log.read_text(errors='replace')[-3000:]

    def call(self, method, **params):
        """A DevTools command on the current page; its result (events are skipped)."""
        self._next_id += 1
        self.socket.send(json.dumps({'id': self._next_id, 'method': method,
                                     'params': params}))
        while True:
            message = json.loads(self.socket.receive())
            if message.get('id') == self._next_id:
                assert 'error' not in message, message
                return message['result']

    def open(self, url):
        """A new tab showing url (the previous one is closed)."""
        if self.socket is not None:
            self.socket.close()
        request = urllib.request.Request(
            'http://127.0.0.1:%d/json/new?about:blank' % self.port, method='PUT')
        with urllib.request.urlopen(request, timeout=30) as response:
            target = json.loads(response.read())
        self.socket = _TextWebSocket(target['webSocketDebuggerUrl'])
        self.call('Page.navigate', url=url)

    def evaluate(self, expression):
        return self.call('Runtime.evaluate', expression=expression,
                         returnByValue=True)['result'].get('value')

    def wait_for(self, expression, settled, timeout=60):
        """The value of expression once settled(value) is true (or at the timeout)."""
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if settled(value):
                break
            time.sleep(0.25)
        return value

    def screenshot(self, path):
        data = self.call('Page.captureScreenshot', format='png')['data']
        pathlib.Path(path).write_bytes(base64.b64decode(data))

    def close(self):
        """Stop the browser and its helper processes (its own process group)."""
        if self.socket is not None:
            self.socket.close()
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def open_novnc(chromium, url, screenshot, timeout=60):
    """noVNC's status text (vnc_lite.html) once it no longer loads or connects:
    'Connected to ...' when the console is shown; screenshot saved to the path."""
    chromium.open(url)
    status = chromium.wait_for(NOVNC_STATUS, lambda text: text not in (
        None, 'Loading', 'Connecting'), timeout)
    if status and status.startswith('Connected'):
        time.sleep(1)  # the first framebuffer update
    chromium.screenshot(screenshot)
    return status


def png_pixels(path):
    """(width, height, rows of RGB(A) tuples) of an 8-bit RGB/RGBA PNG (Chromium's)."""
    with open(path, 'rb') as png:
        data = png.read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', '%s is not a PNG' % path
    pos, idat = 8, b''
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            width, height, depth, color = struct.unpack('>IIBB', chunk[:10])
            assert depth == 8 and color in (2, 6), 'unexpected PNG format'
        elif kind == b'IDAT':
            idat += chunk
        pos += 12 + length
    channels = 3 if color == 2 else 4
    raw, stride, rows, previous = zlib.decompress(idat), width * channels, [], None
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        previous = previous or bytearray(stride)
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, up_left = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xff
            elif kind == 2:
                line[i] = (line[i] + up) & 0xff
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xff
            elif kind == 4:
                estimate = left + up - up_left
                dists = (abs(estimate - left), abs(estimate - up), abs(estimate - up_left))
                line[i] = (line[i] + (left, up, up_left)[dists.index(min(dists))]) & 0xff
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, channels)])
        previous = line
    return width, height, rows


def colors_below(path, top):
    """The distinct colours of the screenshot below its top `top` pixels (the canvas
    of a noVNC page, under its status bar)."""
    _, _, rows = png_pixels(path)
    return {pixel for row in rows[top:] for pixel in row}
