"""Base of every RPC endpoint manager, with its periodic tasks."""
import collections
import time

from oslo_log import log as logging

LOG = logging.getLogger(__name__)


def periodic_task(spacing, run_immediately=False):
    """Mark a manager method to run every `spacing` seconds (a callable reads config late)."""
    def decorator(func):
        func._periodic_spacing = spacing
        func._periodic_immediate = run_immediately
        return func
    return decorator


# wrap: a context manager around each of its messages (None: none); max_threads: as
# Manager.rpc_threads; wait: a stop waits for the messages being handled (False for
# handlers that wait on other services: they finish in the background, and the
# process waits for them as it exits)
ExtraTopic = collections.namedtuple('ExtraTopic', 'topic wrap max_threads wait',
                                    defaults=(None, None, True))


class Manager:
    """An RPC endpoint (its public methods) plus the periodic tasks it declares."""

    target = None

    def __init__(self, host):
        self.host = host
        self._next_run = {}
        now = time.monotonic()
        for name, task in self._periodic_tasks():
            self._next_run[name] = now if task._periodic_immediate else now + self._spacing(task)

    @staticmethod
    def _spacing(task):
        spacing = task._periodic_spacing
        return spacing() if callable(spacing) else spacing

    def _periodic_tasks(self):
        for name in dir(type(self)):
            task = getattr(self, name, None)
            if callable(task) and hasattr(task, '_periodic_spacing'):
                yield name, task

    def run_periodic_tasks(self, context):
        """Run the tasks that are due; returns seconds until the next is due."""
        now = time.monotonic()
        for name, task in self._periodic_tasks():
            if self._next_run[name] <= now:
                try:
                    task(context)
                except Exception:
                    LOG.exception('Periodic task %s failed', name)
                self._next_run[name] = time.monotonic() + self._spacing(task)
        return max(0.0, min(self._next_run.values(), default=now + 60) - time.monotonic())

    # at most this many threads handle the topic's messages at once (None: [DEFAULT]
    # executor_thread_pool_size, which caps it in any case)
    rpc_threads = None

    def extra_topics(self):
        """The ExtraTopic of each other topic the same endpoints serve, each on an RPC
        server of its own."""
        return []

    def additional_endpoints(self):
        """Other endpoints (RPC namespaces) served next to this manager."""
        return []

    def init_host(self, service_ref):
        """Called once the service row exists, before the RPC server starts."""

    def cleanup_host(self):
        """Called on shutdown, after the RPC server stopped."""
