"""oslo.messaging plumbing: the transport, clients, servers and the serializer.

Every daemon calls init() once at start-up; rpcapi modules then build their
clients with get_client(). Tests call init() with a fake:// transport.
"""
import contextlib
import copy
import functools
import threading
import time
from concurrent import futures

import oslo_messaging as messaging
from oslo_messaging import opts as messaging_opts
from oslo_config import cfg
from oslo_log import log as logging

from nova_lite import context as nl_context
from nova_lite import hops
from nova_lite.objects import base as objects_base

CONF = cfg.CONF
LOG = logging.getLogger(__name__)
TRANSPORT = None
NOTIFICATION_TRANSPORT = None
# Exceptions raised by a remote endpoint that the caller gets back as themselves.
ALLOWED_EXMODS = ['nova_lite.exception', 'oslo_versionedobjects.exception']


class RequestContextSerializer(messaging.Serializer):
    """Carries the RequestContext and versioned objects across the bus."""

    def __init__(self, base):
        self._base = base

    def serialize_entity(self, context, entity):
        return self._base.serialize_entity(context, entity)

    def deserialize_entity(self, context, entity):
        return self._base.deserialize_entity(context, entity)

    def serialize_context(self, context):
        return context.to_dict()

    def deserialize_context(self, context):
        return nl_context.RequestContext.from_dict(context)


def _serializer():
    return RequestContextSerializer(objects_base.NovaLiteObjectSerializer())


def set_defaults(control_exchange='nova_lite'):
    messaging.set_transport_defaults(control_exchange)


# RabbitMQ sends each consumer at most this many messages it has not acknowledged
# (oslo.messaging's default, 0: every message at once, to wait in the socket's buffers
# while an RPC server with max_threads holds its listener, _WrappingPool);
# [oslo_messaging_rabbit] rabbit_qos_prefetch_count overrides it
PREFETCH = 32

# How many times per [oslo_messaging_rabbit] heartbeat_timeout_threshold a connection
# checks its heartbeats (oslo.messaging's default, 3: every 10 s with the default 60 s).
# Its consuming threads wake only that often, and a stopping daemon waits for them:
# SIGTERM took 8 s; at 30 a check is once a second and the stop takes under one
HEARTBEAT_RATE = 30

# Connections a daemon sends on (oslo.messaging's default, 30: a busy conductor opened
# 20-27, each with its heartbeat thread, about 160 KiB of its RSS, and a process in
# RabbitMQ). A send holds one for the publish and its confirm only: 8 cost the
# conductor no boot speed and took 3 MiB off its peak in benchmarks.api_read.
SEND_CONNECTIONS = 8

# nova-lite's defaults of [oslo_messaging_rabbit] options (set before the driver reads
# them; a config file still sets each)
RABBIT_DEFAULTS = {'rabbit_qos_prefetch_count': PREFETCH, 'heartbeat_rate': HEARTBEAT_RATE,
                   'rpc_conn_pool_size': SEND_CONNECTIONS}


def _set_rabbit_defaults(conf):
    for group, opts in messaging_opts.list_opts():
        if group == 'oslo_messaging_rabbit':
            conf.register_opts(opts, group=group)
    for name, value in RABBIT_DEFAULTS.items():
        conf.set_default(name, value, group='oslo_messaging_rabbit')


def init(conf=CONF, url=None):
    """Open the transport named by [DEFAULT] transport_url (or url), and the
    notification transport ([oslo_messaging_notifications], same URL unless set)."""
    global TRANSPORT, NOTIFICATION_TRANSPORT
    if TRANSPORT is None:
        _set_rabbit_defaults(conf)
        TRANSPORT = messaging.get_rpc_transport(conf, url=url,
                                                 allowed_remote_exmods=ALLOWED_EXMODS)
    if NOTIFICATION_TRANSPORT is None:
        # notifications are sent once the operator sets [oslo_messaging_notifications]
        # driver = messagingv2, as upstream: with nothing consuming them their queue
        # would only grow in RabbitMQ
        NOTIFICATION_TRANSPORT = messaging.get_notification_transport(conf, url=url)
    return TRANSPORT


def cleanup():
    global TRANSPORT, NOTIFICATION_TRANSPORT
    if TRANSPORT is not None:
        TRANSPORT.cleanup()
        TRANSPORT = None
    if NOTIFICATION_TRANSPORT is not None:
        NOTIFICATION_TRANSPORT.cleanup()
        NOTIFICATION_TRANSPORT = None


def get_notifier(service, host):
    """A Notifier publishing as '<service>:<host>' on [oslo_messaging_notifications]
    topics ('notifications' by default)."""
    if NOTIFICATION_TRANSPORT is None:
        raise RuntimeError('nova_lite.rpc.init() was not called')
    # with no driver oslo.messaging sends nowhere yet says it is enabled: noop says not
    conf = NOTIFICATION_TRANSPORT.conf.oslo_messaging_notifications
    driver = None if conf.driver else 'noop'
    return messaging.Notifier(NOTIFICATION_TRANSPORT, publisher_id='%s:%s' % (service, host),
                              driver=driver, serializer=_serializer())


def _hop_name(method, kwargs):
    """The object method of an indirection call ('Flavor.get_by_flavor_id'), else the
    RPC method."""
    if method == 'object_class_action_versions':
        return '%s.%s' % (kwargs['objname'], kwargs['objmethod'])
    if method == 'object_action':
        return '%s.%s' % (kwargs['objinst'].obj_name(), kwargs['objmethod'])
    return method


# A call or cast that no queue takes comes back to its sender (RabbitMQ's mandatory
# flag) instead of being dropped: RabbitMQ restarted (its queues are transient) and the
# servers have not declared theirs again yet, or none ever did. It is sent again every
# UNROUTABLE_RETRY seconds until the call's timeout ([DEFAULT] rpc_response_timeout):
# a call then fails as a call with no answer does; a cast, sent again by another thread
# while its caller goes on, is then dropped with an error logged. Unrouted, nobody got
# it: nothing runs twice. A later cast to the same queue waits behind the ones sent
# again, so a queue gets a thread's casts in the order it made them (a server's delete
# never overtakes its build).
UNROUTABLE_RETRY = 0.25
_SENT_ONCE = messaging.TransportOptions(at_least_once=True)


def _timeout(prepared):
    return prepared.timeout or prepared.conf.rpc_response_timeout


def _deadline(prepared):
    return time.monotonic() + _timeout(prepared)


def _unrouted(prepared, how, method):
    """The deadline of a message no queue took (its first return), logged."""
    LOG.warning('No queue takes %s %s on %s (yet); sending it again for up to %ss',
                how, method, prepared.target, _timeout(prepared))
    return _deadline(prepared)


class _HopTimed:
    """A prepared RPC client whose calls and casts are hops of the request this thread
    records (nova_lite.hops), and are sent again while no queue takes them."""

    def __init__(self, prepared):
        self._prepared = prepared

    def call(self, ctxt, method, **kwargs):
        with hops.timed(self._prepared.target.topic, _hop_name(method, kwargs)):
            prepared, deadline = self._prepared, None
            while True:
                try:
                    return prepared.call(ctxt, method, **kwargs)
                except messaging.MessageUndeliverable:
                    deadline = deadline or _unrouted(self._prepared, 'call', method)
                    left = deadline - time.monotonic() - UNROUTABLE_RETRY
                    if left <= 0:
                        raise messaging.MessagingTimeout('No queue took call %s on %s' % (
                            method, self._prepared.target))
                    time.sleep(UNROUTABLE_RETRY)
                    prepared = self._prepared.prepare(timeout=left)  # the call's time left

    def cast(self, ctxt, method, **kwargs):
        with hops.timed(self._prepared.target.topic, _hop_name(method, kwargs) + ' (cast)'):
            if _RESENDER.queued(self._prepared, ctxt, method, kwargs):
                return
            try:
                self._prepared.cast(ctxt, method, **kwargs)
            except messaging.MessageUndeliverable:
                _RESENDER.add(self._prepared, ctxt, method, kwargs,
                              _unrouted(self._prepared, 'cast', method))

    def __getattr__(self, name):
        return getattr(self._prepared, name)


def _destination(prepared):
    target = prepared.target
    return target.exchange, target.topic, target.server, target.fanout


class _Resender:
    """The casts no queue took yet, sent again by one thread every UNROUTABLE_RETRY
    seconds until each one's deadline, each queue's in the order they were cast."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pending = []  # (prepared, ctxt, method, kwargs, deadline)
        self._waiting = {}  # destination: its casts pending or being sent again
        self._thread = None

    def queued(self, prepared, ctxt, method, kwargs):
        """Whether the cast is queued behind earlier ones to its destination (if any)."""
        with self._lock:
            if not self._waiting.get(_destination(prepared)):
                return False
            self._append(prepared, ctxt, method, kwargs, _deadline(prepared))
        LOG.info('Cast %s on %s waits behind casts sent again', method, prepared.target)
        return True

    def add(self, prepared, ctxt, method, kwargs, deadline):
        with self._lock:
            self._append(prepared, ctxt, method, kwargs, deadline)

    def _append(self, prepared, ctxt, method, kwargs, deadline):
        # copies: the caller may change its own once it goes on
        self._pending.append((prepared, type(ctxt).from_dict(ctxt.to_dict()), method,
                              copy.deepcopy(kwargs), deadline))
        destination = _destination(prepared)
        self._waiting[destination] = self._waiting.get(destination, 0) + 1
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name='rpc-resend', daemon=True)
            self._thread.start()

    def _run(self):
        while True:
            time.sleep(UNROUTABLE_RETRY)
            with self._lock:
                pending, self._pending = self._pending, []
            left, blocked, done = [], set(), []
            for cast in pending:
                destination = _destination(cast[0])
                if destination not in blocked and self._sent(*cast):
                    done.append(destination)
                else:
                    left.append(cast)
                    blocked.add(destination)  # its later casts wait for this one
            with self._lock:
                for destination in done:
                    self._waiting[destination] -= 1
                    if not self._waiting[destination]:
                        del self._waiting[destination]
                self._pending[:0] = left
                if not self._pending:
                    self._thread = None
                    return

    @staticmethod
    def _sent(prepared, ctxt, method, kwargs, deadline):
        """Whether the cast is done with: sent, failed otherwise, or out of time."""
        try:
            prepared.cast(ctxt, method, **kwargs)
            LOG.info('Cast %s on %s taken, sent again', method, prepared.target)
        except messaging.MessageUndeliverable:
            if time.monotonic() < deadline:
                return False
            LOG.error('No queue took cast %s on %s before its timeout: dropped', method,
                      prepared.target)
        except Exception:
            LOG.exception('Cast %s on %s, sent again, failed: dropped', method,
                          prepared.target)
        return True


_RESENDER = _Resender()


class _RPCClient(messaging.RPCClient):
    def prepare(self, *args, **kwargs):
        return _HopTimed(super().prepare(*args, **kwargs))


def get_client(target, version_cap=None):
    if TRANSPORT is None:
        raise RuntimeError('nova_lite.rpc.init() was not called')
    return messaging.get_rpc_client(TRANSPORT, target, client_cls=_RPCClient,
                                    version_cap=version_cap, serializer=_serializer(),
                                    transport_options=_SENT_ONCE)


# The 'threading' executor is futurist's ThreadPoolExecutor, which starts a thread for
# every message until [DEFAULT] executor_thread_pool_size (64) are up, however few run
# at once, and each stays (about 170 KiB of the daemon's RSS); futurist's dynamic pool
# loses track of busy threads when it shrinks and leaks them. The standard library's
# pool starts one only when no thread is idle, up to the same size.
class _WrappingPool(futures.ThreadPoolExecutor):
    """A pool that runs each work item inside wrap() (a context manager, when given),
    with at most max_threads threads (when given) of the max_workers oslo.messaging
    asks for.

    With max_threads, submit() waits while as many items again wait for a thread.
    oslo.messaging acknowledges an RPC message as it receives it and submits it from
    the listener's thread: while that thread waits, it receives nothing more, so the
    messages beyond those stay in RabbitMQ (at most PREFETCH more in flight to it), not
    in the daemon's memory, and a daemon that stops or dies leaves them to the next."""

    def __init__(self, wrap, max_threads, wait_at_stop=True, max_workers=None, **kwargs):
        if max_threads:
            max_workers = min(max_workers or max_threads, max_threads)
        super().__init__(max_workers=max_workers, **kwargs)
        self._wrap = wrap
        self._room = threading.BoundedSemaphore(2 * max_workers) if max_threads else None
        self._wait_at_stop = wait_at_stop

    def shutdown(self, wait=True, **kwargs):
        super().shutdown(wait=wait and self._wait_at_stop, **kwargs)

    def submit(self, fn, /, *args, **kwargs):
        if self._room is None and self._wrap is None:
            return super().submit(fn, *args, **kwargs)
        if self._room is not None:
            self._room.acquire()
        try:
            return super().submit(self._run, fn, *args, **kwargs)
        except BaseException:
            if self._room is not None:
                self._room.release()
            raise

    def _run(self, fn, *args, **kwargs):
        try:
            with self._wrap() if self._wrap is not None else contextlib.nullcontext():
                return fn(*args, **kwargs)
        finally:
            if self._room is not None:
                self._room.release()


def get_server(target, endpoints, wrap=None, max_threads=None, wait=True):
    """An RPC server on target; wrap, a context manager, around each message's handling;
    at most max_threads handling messages at once (less than [DEFAULT]
    executor_thread_pool_size); with wait False, its wait() after stop() does not wait
    for the messages being handled."""
    if TRANSPORT is None:
        raise RuntimeError('nova_lite.rpc.init() was not called')
    server = messaging.get_rpc_server(TRANSPORT, target, endpoints, executor='threading',
                                      serializer=_serializer())
    server._executor_cls = functools.partial(_WrappingPool, wrap, max_threads, wait)
    return server
