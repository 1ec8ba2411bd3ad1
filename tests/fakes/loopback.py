"""What the fake services share: a threaded HTTP server on a free loopback port."""
import threading
from http import server


class LoopbackServer:
    """Subclasses give _handler_class(), the BaseHTTPRequestHandler to serve with."""

    def __init__(self):
        self.httpd = server.ThreadingHTTPServer(('127.0.0.1', 0), self._handler_class())
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def endpoint(self):
        return 'http://127.0.0.1:%d' % self.httpd.server_port

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handler_class(self):
        raise NotImplementedError
