"""Where a request's time goes: the RPC calls and casts, and the Glance requests, that
a thread makes while it records (the API's Server-Timing header, [api] server_timing).
Outside a recording, timed() costs one thread-local lookup."""
import contextlib
import threading
import time

_local = threading.local()


@contextlib.contextmanager
def recording():
    """Record the hops of this thread into the yielded list of (service, what, seconds)."""
    recorded = _local.hops = []
    try:
        yield recorded
    finally:
        _local.hops = None


@contextlib.contextmanager
def timed(service, what):
    recorded = getattr(_local, 'hops', None)
    if recorded is None:
        yield
        return
    start = time.monotonic()
    try:
        yield
    finally:
        recorded.append((service, what, time.monotonic() - start))


def server_timing(recorded, total):
    """A Server-Timing header value (W3C): one entry per hop in order, then the total,
    in milliseconds."""
    entries = ['%s;desc="%s";dur=%.2f' % (service, what.replace('"', "'"), seconds * 1000)
               for service, what, seconds in recorded]
    entries.append('total;dur=%.2f' % (total * 1000))
    return ', '.join(entries)


def parse_server_timing(value):
    """[(name, desc, milliseconds)] of a Server-Timing header value (as written above)."""
    entries = []
    for entry in filter(None, (part.strip() for part in (value or '').split(', '))):
        name, *params = entry.split(';')
        fields = dict(param.split('=', 1) for param in params)
        entries.append((name, fields.get('desc', '').strip('"'), float(fields.get('dur', 0))))
    return entries
