"""One Service class for every RPC daemon: its row and heartbeat, its RPC
server, its periodic tasks, and a clean stop on SIGTERM."""
import signal
import threading

import oslo_messaging as messaging
from oslo_config import cfg
from oslo_log import log as logging

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import manager as manager_mod
from nova_lite import objects
from nova_lite import rpc
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite.objects import base as objects_base

CONF = cfg.CONF
LOG = logging.getLogger(__name__)


class Service:
    def __init__(self, host, binary, topic, manager):
        self.host = host
        self.binary = binary
        self.topic = topic
        self.manager = manager
        self.service_ref = None
        self.rpcservers = []  # the topic's, then the manager's extra_topics()
        self._stop = threading.Event()
        self._threads = []

    def _get_or_create_service_ref(self, ctxt):
        try:
            return objects.Service.get_by_host_and_binary(ctxt, self.host, self.binary)
        except exception.ServiceNotFound:
            service = objects.Service(ctxt, host=self.host, binary=self.binary,
                                      topic=self.topic, report_count=0, disabled=False,
                                      forced_down=False, version=1)
            service.create()
            return service

    def _wait_for_conductor(self, ctxt):
        """Outside the conductor, objects go through it: wait until it answers."""
        conductor = objects_base.NovaLiteObject.indirection_api
        if conductor is not None and not conductor.wait_until_ready(ctxt, self._stop):
            return None
        return self._get_or_create_service_ref(ctxt)

    def start(self):
        if CONF.report_interval >= CONF.service_down_time:
            LOG.warning('report_interval (%ss) is not below service_down_time (%ss): this '
                        'service will be shown down between heartbeats',
                        CONF.report_interval, CONF.service_down_time)
        ctxt = nl_context.get_admin_context()
        self.service_ref = self._wait_for_conductor(ctxt)
        if self.service_ref is None:
            return
        self.manager.init_host(self.service_ref)
        endpoints = [self.manager] + self.manager.additional_endpoints()
        for topic in ([manager_mod.ExtraTopic(self.topic, None, self.manager.rpc_threads)] +
                      self.manager.extra_topics()):
            server = rpc.get_server(messaging.Target(topic=topic.topic, server=self.host),
                                    endpoints, topic.wrap, topic.max_threads, topic.wait)
            server.start()
            self.rpcservers.append(server)
        for loop in (self._heartbeat_loop, self._periodic_loop):
            thread = threading.Thread(target=loop, name=loop.__name__, daemon=True)
            thread.start()
            self._threads.append(thread)
        LOG.info('%s started on host %s (topic %s)', self.binary, self.host, self.topic)

    def _heartbeat_loop(self):
        while not self._stop.wait(CONF.report_interval):
            try:
                # a heartbeat is worth waiting for until the next is due: one whose answer
                # was lost (RabbitMQ restarted under it) waited rpc_response_timeout
                # (60 s, as long as service_down_time), and the service looked down
                with conductor_rpcapi.call_timeout(CONF.report_interval):
                    self.service_ref.heartbeat()
            except Exception:
                LOG.exception('Heartbeat of %s on %s failed; retrying', self.binary, self.host)

    def _periodic_loop(self):
        ctxt = nl_context.get_admin_context()
        while not self._stop.is_set():
            delay = self.manager.run_periodic_tasks(ctxt)
            self._stop.wait(min(max(delay, 0.1), CONF.periodic_interval))

    def stop(self):
        self._stop.set()
        # An RPC server's stop() waits for its listener's poll, which an idle listener
        # makes for up to a heartbeat check (a second: rpc.HEARTBEAT_RATE; 5 s at
        # oslo.messaging's defaults): side by side, the conductor's three stop in one
        # such wait instead of one after the other (12 s seen)
        servers = list(reversed(self.rpcservers))
        side_by_side([server.stop for server in servers])
        for server in servers:
            server.wait()
        for thread in self._threads:
            thread.join(timeout=5)
        self.manager.cleanup_host()
        LOG.info('%s on %s stopped', self.binary, self.host)


def side_by_side(calls):
    """Run each of calls in a thread of its own, and return when all have: stops that
    each wait for something (an RPC listener's poll) wait together."""
    threads = [threading.Thread(target=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def serve(service):
    """Run the service until SIGTERM or SIGINT, then stop it cleanly."""
    stopped = threading.Event()

    def _handler(signum, _frame):
        LOG.info('Caught signal %s, stopping', signum)
        stopped.set()

    signal.signal(signal.SIGTERM, _handler)
    signal.signal(signal.SIGINT, _handler)
    starter = threading.Thread(target=service.start, daemon=True)
    starter.start()
    # the handler runs in this thread: a signal sent to it ends the wait at once; one
    # the kernel gave another thread runs the handler here at the next look (an untimed
    # wait never looked again)
    while not stopped.wait(1):
        pass
    service._stop.set()
    starter.join(timeout=5)
    service.stop()
    rpc.cleanup()
