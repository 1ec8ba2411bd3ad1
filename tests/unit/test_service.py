"""Service: the row and its heartbeats, the RPC server, the periodic tasks, and
a clean stop, directly and on SIGTERM through serve()."""
import contextlib
import os
import signal
import threading
import time

import oslo_messaging as messaging
import pytest

from nova_lite import context as nl_context
from nova_lite import manager
from nova_lite import objects
from nova_lite import rpc
from nova_lite import service
from nova_lite.conductor import manager as conductor_manager
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite.objects import base as objects_base

WAIT = 30  # seconds an awaited event may take on a loaded machine before the test fails


class EchoManager(manager.Manager):
    """An endpoint with one RPC method, a periodic task and its life-cycle hooks noted."""

    target = messaging.Target(version='1.0')

    def __init__(self, host):
        super().__init__(host)
        self.events = []
        self.started = threading.Event()
        self.periodic_ran = threading.Event()

    def init_host(self, service_ref):
        self.events.append(('init_host', service_ref.host, service_ref.binary))
        self.started.set()

    def cleanup_host(self):
        self.events.append(('cleanup_host',))

    def echo(self, context, value):
        return value

    @manager.periodic_task(spacing=3600, run_immediately=True)
    def _tick(self, context):
        self.events.append(('tick', context.is_admin))
        self.periodic_ran.set()


@pytest.fixture
def echo_service(db, fake_rpc, conf):
    conf('report_interval', 1)
    svc = service.Service('host1', 'nova-compute', 'echo', EchoManager('host1'))
    yield svc
    if svc.rpcservers and not svc._stop.is_set():
        svc.stop()


def _echo(value, timeout=WAIT):
    client = rpc.get_client(messaging.Target(topic='echo', server='host1', version='1.0'))
    return client.prepare(timeout=timeout).call(nl_context.get_admin_context(), 'echo',
                                                value=value)


def _report_count(admin_context):
    return objects.Service.get_by_host_and_binary(admin_context, 'host1',
                                                  'nova-compute').report_count


def _wait_for(predicate, what):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    pytest.fail('Timed out waiting for %s' % what)


def test_start_creates_the_row_and_serves_rpc(echo_service, admin_context):
    echo_service.start()

    assert echo_service.manager.events[0] == ('init_host', 'host1', 'nova-compute')
    row = objects.Service.get_by_host_and_binary(admin_context, 'host1', 'nova-compute')
    assert (row.topic, row.disabled, row.id) == ('echo', False, echo_service.service_ref.id)
    assert _echo('ping') == 'ping'


def test_start_reuses_an_existing_row(echo_service, admin_context, make_service):
    existing = make_service('host1')
    echo_service.start()
    assert echo_service.service_ref.id == existing.id
    assert len(objects.ServiceList.get_all(admin_context)) == 1


def test_heartbeats_report(echo_service, admin_context):
    echo_service.start()
    first = _report_count(admin_context)
    _wait_for(lambda: _report_count(admin_context) >= first + 2, 'two heartbeats')
    assert objects.Service.get_by_host_and_binary(admin_context, 'host1',
                                                  'nova-compute').is_up()


class LosesTheFirstHeartbeat(conductor_manager.ConductorManager):
    """The real conductor, except that the answer to host1's first heartbeat never
    comes back (as when RabbitMQ restarts under the call)."""

    def __init__(self, host):
        super().__init__(host)
        self.lost, self.done = threading.Event(), threading.Event()

    def object_action(self, context, objinst, objmethod, args, kwargs):
        if objmethod == 'heartbeat' and objinst.host == 'host1' and not self.lost.is_set():
            self.lost.set()
            self.done.wait(WAIT)
        return super().object_action(context, objinst, objmethod, args, kwargs)


class HeartbeatThreadsOnly:
    """The conductor API as indirection_api for the heartbeat threads only: the test's
    and the conductor's own threads run the objects against the database."""

    def __init__(self, api):
        self._api = api

    def __bool__(self):
        return threading.current_thread().name == '_heartbeat_loop'

    def __getattr__(self, name):
        return getattr(self._api, name)


def test_a_heartbeat_whose_answer_is_lost_is_not_waited_for_beyond_the_next(
        echo_service, admin_context, conf):
    api = conductor_rpcapi.ConductorAPI()
    conf('rpc_response_timeout', 3 * WAIT)  # registered with the first RPC client
    conductor = LosesTheFirstHeartbeat('conductor-host')
    conductor_service = service.Service('conductor-host', 'nova-conductor',
                                        conductor_rpcapi.TOPIC, conductor)
    conductor_service.start()
    objects_base.NovaLiteObject.indirection_api = HeartbeatThreadsOnly(api)
    try:
        echo_service.start()
        assert conductor.lost.wait(WAIT)
        count = _report_count(admin_context)
        _wait_for(lambda: _report_count(admin_context) > count,
                  'a heartbeat after the lost one, while that one is still unanswered')
        assert not conductor.done.is_set()
    finally:
        conductor.done.set()
        objects_base.NovaLiteObject.indirection_api = None
        echo_service.stop()
        conductor_service.stop()


def test_periodic_tasks_run_with_an_admin_context(echo_service):
    echo_service.start()
    assert echo_service.manager.periodic_ran.wait(WAIT)
    assert ('tick', True) in echo_service.manager.events


def test_stop_stops_rpc_heartbeats_and_periodic_tasks(echo_service, admin_context):
    echo_service.start()
    assert echo_service.manager.periodic_ran.wait(WAIT)
    threads = list(echo_service._threads)
    assert len(threads) == 2 and all(thread.is_alive() for thread in threads)

    echo_service.stop()

    assert not any(thread.is_alive() for thread in threads)
    assert echo_service.manager.events[-1] == ('cleanup_host',)
    count = _report_count(admin_context)
    with pytest.raises(messaging.MessagingTimeout):
        _echo('anyone?', timeout=1)  # nobody serves the topic any more
    assert _report_count(admin_context) == count


@pytest.fixture
def restore_signal_handlers():
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def test_serve_stops_cleanly_on_sigterm(echo_service, restore_signal_handlers):
    def terminate_once_started():
        if echo_service.manager.started.wait(WAIT):
            os.kill(os.getpid(), signal.SIGTERM)

    killer = threading.Thread(target=terminate_once_started, daemon=True)
    killer.start()

    service.serve(echo_service)  # returns only once stopped

    killer.join()
    assert echo_service.manager.events[0][0] == 'init_host'
    assert echo_service.manager.events[-1] == ('cleanup_host',)
    assert not any(thread.is_alive() for thread in echo_service._threads)
    assert rpc.TRANSPORT is None  # serve() let go of the message bus


def test_serve_stops_on_a_sigterm_that_another_thread_received(echo_service,
                                                              restore_signal_handlers):
    """The kernel hands a process's signal to any thread of it. Python runs the handler
    in the main thread only, once it runs Python again: a main thread blocked in an
    untimed wait never did, and the daemon (a test run once) ignored the SIGTERM."""
    returned, nudged = threading.Event(), []

    def terminate_once_started():
        if echo_service.manager.started.wait(WAIT):
            signal.pthread_kill(threading.get_ident(), signal.SIGTERM)  # to this thread
        if not returned.wait(WAIT):
            nudged.append('serve() did not return')
            signal.pthread_kill(threading.main_thread().ident, signal.SIGTERM)

    killer = threading.Thread(target=terminate_once_started, daemon=True)
    killer.start()

    service.serve(echo_service)

    returned.set()
    killer.join()
    assert not nudged
    assert echo_service.manager.events[-1] == ('cleanup_host',)


def test_a_manager_serves_its_extra_topics_each_inside_its_wrap(db, fake_rpc,
                                                                admin_context):
    """The conductor's other topics (the API's calls, the builds): the same endpoints,
    each message inside its topic's context manager (the API's writes go first)."""
    class Interactive(EchoManager):
        inside = threading.local()

        def extra_topics(self):
            return [manager.ExtraTopic('echo_api', self.interactive, 4),
                    manager.ExtraTopic('echo_build', None, 2, wait=False)]

        @contextlib.contextmanager
        def interactive(self):
            self.inside.yes = True
            try:
                yield
            finally:
                self.inside.yes = False

        def echo(self, context, value):
            return value, getattr(self.inside, 'yes', False)

    svc = service.Service('host1', 'nova-compute', 'echo', Interactive('host1'))
    svc.start()
    try:
        def call(topic):
            client = rpc.get_client(messaging.Target(topic=topic, version='1.0'))
            return client.prepare(timeout=WAIT).call(admin_context, 'echo', value=topic)
        assert tuple(call('echo')) == ('echo', False)
        assert tuple(call('echo_api')) == ('echo_api', True)
        assert tuple(call('echo_build')) == ('echo_build', False)
    finally:
        svc.stop()
    assert len(svc.rpcservers) == 3


def test_the_rpc_servers_stop_side_by_side(db, fake_rpc, monkeypatch):
    """Each RPC server's stop() waits for its listener's poll (up to 5 s over RabbitMQ
    when idle): a service with three topics stops them all at once, not one after the
    other, and waits for their messages only after."""
    class ThreeTopics(EchoManager):
        def extra_topics(self):
            return [manager.ExtraTopic('echo_api', None, 4),
                    manager.ExtraTopic('echo_build', None, 2, wait=False)]

    svc = service.Service('host1', 'nova-compute', 'echo', ThreeTopics('host1'))
    svc.start()
    all_stopping = threading.Barrier(len(svc.rpcservers), timeout=WAIT)
    seen = []
    for server in svc.rpcservers:
        def stop(server=server, stop=server.stop):
            all_stopping.wait()  # broken (an error) if the others never start stopping
            seen.append('stop')
            stop()

        def wait(server=server, wait=server.wait):
            seen.append('wait')
            wait()
        monkeypatch.setattr(server, 'stop', stop)
        monkeypatch.setattr(server, 'wait', wait)
    svc.stop()
    assert not all_stopping.broken
    assert seen == ['stop'] * 3 + ['wait'] * 3
