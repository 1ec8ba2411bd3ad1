"""The RPC serializer: contexts and versioned objects across the bus; the servers' threads."""
import contextlib
import threading
import time

import oslo_messaging as messaging
import pytest
from oslo_serialization import jsonutils

from nova_lite import context as nl_context
from nova_lite import hops
from nova_lite import objects
from nova_lite import rpc
from nova_lite.objects import base as objects_base


@pytest.fixture
def serializer():
    return rpc.RequestContextSerializer(objects_base.NovaLiteObjectSerializer())


def _over_the_wire(value):
    return jsonutils.loads(jsonutils.dumps(value))


def test_context_survives_the_serializer(serializer, user_context):
    wire = _over_the_wire(serializer.serialize_context(user_context))
    copy = serializer.deserialize_context(wire)
    assert isinstance(copy, nl_context.RequestContext)
    assert (copy.user_id, copy.project_id, copy.roles, copy.request_id, copy.timestamp) == (
        user_context.user_id, user_context.project_id, user_context.roles,
        user_context.request_id, user_context.timestamp)


def test_versioned_object_survives_the_serializer(serializer, user_context):
    flavor = objects.Flavor(user_context, id=7, flavorid='7', name='m1.test', memory_mb=256,
                            vcpus=1, root_gb=1, ephemeral_gb=0, swap=0, rxtx_factor=1.0,
                            vcpu_weight=None, disabled=False, is_public=True,
                            description=None, extra_specs={'k': 'v'})
    spec = objects.RequestSpec(user_context, instance_uuid='0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f',
                               flavor=flavor, scheduler_hints={'group': ['g']},
                               ignore_hosts=['h0'], tried_hosts=[])
    wire = _over_the_wire(serializer.serialize_entity(user_context, spec))
    assert wire['nova_lite_object.name'] == 'RequestSpec'
    copy = serializer.deserialize_entity(user_context, wire)
    assert isinstance(copy, objects.RequestSpec) and isinstance(copy.flavor, objects.Flavor)
    assert copy.flavor.to_dict() == flavor.to_dict()
    assert (copy.scheduler_hints, copy.ignore_hosts) == ({'group': ['g']}, ['h0'])
    assert copy.resources == spec.resources
    assert copy._context is user_context


def test_objects_inside_containers_and_plain_values(serializer, user_context):
    service = objects.Service(user_context, host='h', binary='nova-compute')
    wire = _over_the_wire(serializer.serialize_entity(
        user_context, {'services': [service], 'count': 3, 'name': 'x'}))
    copy = serializer.deserialize_entity(user_context, wire)
    assert copy['count'] == 3 and copy['name'] == 'x'
    (service_copy,) = copy['services']
    assert isinstance(service_copy, objects.Service) and service_copy.host == 'h'


def test_get_client_needs_init():
    rpc.cleanup()
    with pytest.raises(RuntimeError, match='init'):
        rpc.get_client(None)


def test_rabbit_connections_check_their_heartbeats_every_second(conf):
    """A stopping daemon waits for its connections' consuming threads, which wake at
    each heartbeat check: every 10 s with oslo.messaging's defaults (SIGTERM took 8 s)."""
    rpc.cleanup()
    try:
        rpc.init(url='rabbit://guest:guest@127.0.0.1:1/')  # connects on first use only
        rabbit = rpc.CONF.oslo_messaging_rabbit
        assert rabbit.heartbeat_timeout_threshold == 60
        assert rabbit.heartbeat_timeout_threshold / rabbit.heartbeat_rate / 2 == 1
        assert rabbit.rabbit_qos_prefetch_count == rpc.PREFETCH
    finally:
        rpc.cleanup()


def test_a_daemon_sends_on_at_most_send_connections(conf):
    """oslo.messaging's pool reads its size as the driver starts: the default is set
    before (a busy conductor opened 20-27 at oslo.messaging's 30)."""
    rpc.cleanup()
    try:
        rpc.init(url='rabbit://guest:guest@127.0.0.1:1/')  # connects on first use only
        assert rpc.TRANSPORT._driver._connection_pool._max_size == rpc.SEND_CONNECTIONS == 8
    finally:
        rpc.cleanup()


def test_fake_transport(fake_rpc):
    assert rpc.init() is fake_rpc  # init twice keeps the one transport


class Echo:
    target = messaging.Target(version='1.0')

    def echo(self, context, value):
        return value

    def object_class_action_versions(self, context, objname, objmethod, object_versions,
                                     args, kwargs):
        return None


@contextlib.contextmanager
def _serving(topic, endpoints, **server_kwargs):
    """An RPC server of endpoints on topic (server 'here') while the block runs; yields
    a client of it."""
    target = messaging.Target(topic=topic, server='here')
    server = rpc.get_server(target, endpoints, **server_kwargs)
    server.start()
    try:
        yield rpc.get_client(target)
    finally:
        server.stop()
        server.wait()


def test_server_threads_follow_the_calls_in_flight_not_their_number(fake_rpc, admin_context):
    """One call at a time, a dozen times: the server keeps a thread or two, not one per
    message up to executor_thread_pool_size (each native thread is RSS the daemon keeps)."""
    with _serving('echo', [Echo()]) as client:
        before = threading.active_count()
        assert [client.call(admin_context, 'echo', value=n) for n in range(12)] == list(range(12))
        assert threading.active_count() - before <= 3


def test_calls_and_casts_are_hops_of_the_recording_thread(fake_rpc, admin_context):
    with _serving('echo', [Echo()]) as client:
        client.call(admin_context, 'echo', value=1)  # not recording: nothing kept
        with hops.recording() as recorded:
            assert client.prepare(timeout=30).call(admin_context, 'echo', value=2) == 2
            client.call(admin_context, 'object_class_action_versions', objname='Flavor',
                        objmethod='get_by_flavor_id', object_versions={}, args=(),
                        kwargs={})
            client.cast(admin_context, 'echo', value=3)
        assert [(topic, what) for topic, what, _ in recorded] == [
            ('echo', 'echo'), ('echo', 'Flavor.get_by_flavor_id'), ('echo', 'echo (cast)')]


def test_a_server_with_max_threads_takes_no_more_messages_than_twice_that():
    """Its pool's submit() (called by oslo.messaging's listener thread) waits while
    max_threads items run and as many wait: the messages beyond stay in the broker."""
    pool = rpc._WrappingPool(None, 2, max_workers=64)
    release, started = threading.Event(), threading.Semaphore(0)

    def work():
        started.release()
        release.wait(30)

    submitted = []

    def listener():
        for _ in range(6):
            submitted.append(pool.submit(work))

    thread = threading.Thread(target=listener, daemon=True)
    thread.start()
    assert started.acquire(timeout=30) and started.acquire(timeout=30)
    thread.join(0.3)
    assert thread.is_alive() and len(submitted) == 4  # 2 running, 2 waiting
    assert not started.acquire(timeout=0.1)
    release.set()
    thread.join(30)
    assert len(submitted) == 6
    assert all(future.result(30) is None for future in submitted)
    pool.shutdown()


def test_a_server_runs_at_most_max_threads_messages_at_once(fake_rpc, admin_context):
    class Slow:
        target = messaging.Target(version='1.0')
        running = peak = 0
        lock = threading.Lock()

        def slow(self, context):
            with self.lock:
                Slow.running += 1
                Slow.peak = max(Slow.peak, Slow.running)
            threading.Event().wait(0.1)
            with self.lock:
                Slow.running -= 1

    with _serving('slow', [Slow()], max_threads=2) as client:
        callers = [threading.Thread(target=client.prepare(timeout=30).call,
                                    args=(admin_context, 'slow')) for _ in range(6)]
        for caller in callers:
            caller.start()
        for caller in callers:
            caller.join(30)
        assert Slow.peak == 2


def test_a_server_that_does_not_wait_stops_while_a_message_is_handled(fake_rpc,
                                                                     admin_context):
    """The conductor's builds (they wait on the scheduler): its stop does not wait for
    them; they finish in the background."""
    class Blocking:
        target = messaging.Target(version='1.0')
        started, release, finished = threading.Event(), threading.Event(), threading.Event()

        def block(self, context):
            self.started.set()
            self.release.wait(30)
            self.finished.set()

    with _serving('blocking', [Blocking()], max_threads=2, wait=False) as client:
        client.prepare().cast(admin_context, 'block')
        assert Blocking.started.wait(30)
    assert not Blocking.finished.is_set()  # stopped while it ran
    Blocking.release.set()
    assert Blocking.finished.wait(30)


class _LateQueue:
    """A prepared client whose queue no server has declared until opened: its casts come
    back undelivered until then (RabbitMQ's mandatory flag)."""

    def __init__(self, topic):
        self.target = messaging.Target(topic=topic)
        self.timeout, self.opened, self.got = 30, False, []

    def cast(self, ctxt, method, **kwargs):
        if not self.opened:
            raise messaging.MessageUndeliverable(None, '', self.target.topic, {})
        self.got.append(kwargs['n'])


def test_a_cast_waits_behind_the_casts_to_its_queue_sent_again(admin_context):
    queue, other = _LateQueue('late'), _LateQueue('other')
    client = rpc._HopTimed(queue)
    client.cast(admin_context, 'note', n=1)  # no queue yet: sent again by a thread
    client.cast(admin_context, 'note', n=2)  # behind it
    other.opened = True
    rpc._HopTimed(other).cast(admin_context, 'note', n=0)  # another queue: not held
    assert other.got == [0]
    queue.opened = True
    client.cast(admin_context, 'note', n=3)  # the queue is there, yet 1 and 2 go first
    deadline = time.monotonic() + 30
    while len(queue.got) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert queue.got == [1, 2, 3]
    client.cast(admin_context, 'note', n=4)  # none waits any more: sent at once
    assert queue.got == [1, 2, 3, 4]
