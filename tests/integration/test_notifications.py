"""Versioned notifications on RabbitMQ: a listener on the `notifications` topic
of the run's vhost sees the real daemons' instance.create, instance.power_off
and instance.delete start/end of a server booted, stopped and deleted."""
import threading

import oslo_messaging as messaging
import pytest
from oslo_config import cfg

from tests.integration import harness

EXCHANGE = 'nova_lite'  # the daemons' control_exchange (nova_lite.rpc.set_defaults)


class _Collector:
    """The endpoint of the listener: every notification, in the order received."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received = []

    def _keep(self, priority, publisher_id, event_type, payload):
        with self.lock:
            self.received.append((priority, publisher_id, event_type, payload))

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        self._keep('INFO', publisher_id, event_type, payload)

    def error(self, ctxt, publisher_id, event_type, payload, metadata):
        self._keep('ERROR', publisher_id, event_type, payload)

    def of(self, server_id):
        with self.lock:
            return [(priority, publisher, event, payload['nova_object.data'])
                    for priority, publisher, event, payload in self.received
                    if payload.get('nova_object.data', {}).get('uuid') == server_id]


@pytest.fixture(scope='module')
def cloud(rabbit_vhost, tmp_path_factory):
    """The daemons, with notifications on (they are off by default, as upstream)."""
    cloud = harness.Cloud(tmp_path_factory.mktemp('cloud'), rabbit_vhost.url, extra_conf={
        'oslo_messaging_notifications': {'driver': 'messagingv2'}})
    with harness.running(cloud):
        yield cloud


@pytest.fixture(scope='module')
def notifications(rabbit_vhost):
    conf = cfg.ConfigOpts()
    transport = messaging.get_notification_transport(conf, url=rabbit_vhost.url)
    collector = _Collector()
    listener = messaging.get_notification_listener(
        transport, [messaging.Target(topic='notifications', exchange=EXCHANGE)],
        [collector], executor='threading')
    listener.start()
    yield collector
    listener.stop()
    listener.wait()
    transport.cleanup()


def _events(collector, server_id, count):
    return harness.wait_until(
        lambda: (lambda seen: seen if len(seen) >= count else None)(
            collector.of(server_id)),
        60, message='%d notifications of %s' % (count, server_id))


def test_boot_stop_and_delete_are_notified(notifications, cloud):
    server_id = cloud.boot('notified')
    host = cloud.wait_for_status(server_id, 'ACTIVE')['OS-EXT-SRV-ATTR:host']
    status, _ = cloud.request('POST', '/servers/%s/action' % server_id, {'os-stop': None})
    assert status == 202
    cloud.wait_for_status(server_id, 'SHUTOFF')
    status, _ = cloud.request('DELETE', '/servers/%s' % server_id)
    assert status == 204
    cloud.wait_for_gone(server_id)

    seen = _events(notifications, server_id, 6)
    assert [(priority, publisher, event) for priority, publisher, event, _ in seen] == [
        ('INFO', 'nova-compute:%s' % host, event) for event in (
            'instance.create.start', 'instance.create.end',
            'instance.power_off.start', 'instance.power_off.end',
            'instance.delete.start', 'instance.delete.end')]
    states = [(data['state'], data['task_state'], data['power_state'])
              for _, _, _, data in seen]
    assert states == [('building', 'scheduling', 'pending'), ('active', None, 'running'),
                      ('active', 'powering-off', 'running'),
                      ('stopped', None, 'shutdown'),
                      ('stopped', 'deleting', 'shutdown'), ('deleted', None, 'shutdown')]
    assert {data['host'] for _, _, _, data in seen[1:]} == {host}
    assert len({data['request_id'] for _, _, _, data in seen}) == 3  # boot, stop, delete
