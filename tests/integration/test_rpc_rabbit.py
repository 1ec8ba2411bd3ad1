"""nova-lite's RPC clients on the run's RabbitMQ vhost: a message that no queue takes
(yet) is sent again until its timeout, not dropped (as right after RabbitMQ restarted,
before the servers declared their queues again)."""
import logging
import threading
import time

import oslo_messaging as messaging
import pytest

from nova_lite import context as nl_context
from nova_lite import rpc

WAIT = 30  # seconds an awaited event may take on a loaded machine before the test fails


class _Endpoint:
    target = messaging.Target(version='1.0')

    def __init__(self):
        self.noted = threading.Event()

        self.notes = []

    def note(self, ctxt, n=None):
        self.notes.append(n)
        self.noted.set()

    def ping(self, ctxt):
        return 'pong'


@pytest.fixture
def rabbit_rpc(rabbit_vhost, conf):
    rpc.cleanup()
    rpc.init(url=rabbit_vhost.url)
    yield
    rpc.cleanup()


@pytest.fixture
def ctxt():
    return nl_context.get_admin_context()


@pytest.fixture
def late_server():
    """An RPC server on a topic of its own, started a second after the test begins."""
    servers = []

    def start(topic, endpoint):
        server = rpc.get_server(messaging.Target(topic=topic, server='late'), [endpoint])
        servers.append(server)
        starter = threading.Timer(1, server.start)
        starter.start()
        return starter

    yield start
    for server in servers:
        server.stop()
        server.wait()


def test_a_cast_sent_before_its_queue_exists_arrives_once_a_server_listens(
        rabbit_rpc, ctxt, caplog):
    caplog.set_level(logging.INFO, logger='nova_lite.rpc')
    endpoint = _Endpoint()
    client = rpc.get_client(messaging.Target(topic='late-cast')).prepare()
    client.cast(ctxt, 'note')
    # the cast returned with no queue there: a thread sends it again meanwhile
    server = rpc.get_server(messaging.Target(topic='late-cast', server='late'), [endpoint])
    server.start()
    try:
        assert endpoint.noted.wait(WAIT)
        assert _logged(caplog, 'Cast note on %s taken, sent again' % client.target)
    finally:
        server.stop()
        server.wait()


def test_a_queue_gets_the_casts_sent_again_before_a_later_one(rabbit_rpc, ctxt):
    """A cast made once the queue is there does not overtake the earlier ones that came
    back undelivered (a server's delete after its build, RabbitMQ just restarted)."""
    endpoint = _Endpoint()
    client = rpc.get_client(messaging.Target(topic='late-order')).prepare()
    client.cast(ctxt, 'note', n=1)
    client.cast(ctxt, 'note', n=2)
    server = rpc.get_server(messaging.Target(topic='late-order', server='late'), [endpoint],
                            max_threads=1)
    server.start()
    try:
        client.cast(ctxt, 'note', n=3)
        deadline = time.monotonic() + WAIT
        while len(endpoint.notes) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert endpoint.notes == [1, 2, 3]
    finally:
        server.stop()
        server.wait()


def test_a_call_sent_before_its_queue_exists_is_answered_once_a_server_listens(
        rabbit_rpc, ctxt, late_server):
    late_server('late-call', _Endpoint())
    client = rpc.get_client(messaging.Target(topic='late-call'))
    assert client.prepare(timeout=WAIT).call(ctxt, 'ping') == 'pong'


def test_a_call_no_queue_ever_takes_fails_at_its_timeout(rabbit_rpc, ctxt):
    client = rpc.get_client(messaging.Target(topic='nobody-listens')).prepare(timeout=1)
    with pytest.raises(messaging.MessagingTimeout, match='No queue took'):
        client.call(ctxt, 'ping')


def test_a_cast_no_queue_ever_takes_is_dropped_at_its_timeout_with_an_error(
        rabbit_rpc, ctxt, caplog):
    client = rpc.get_client(messaging.Target(topic='nobody-listens')).prepare(timeout=1)
    client.cast(ctxt, 'ping')  # returns: its caller goes on
    assert _logged(caplog, 'No queue took cast ping on %s before its timeout: dropped' %
                   client.target)


def _logged(caplog, message):
    """Whether message is logged within WAIT seconds (by the thread that sends again)."""
    deadline = time.monotonic() + WAIT
    while message not in caplog.messages and time.monotonic() < deadline:
        time.sleep(0.1)
    return message in caplog.messages
