"""Lifecycle events of the LibvirtDriver, and which domains it calls its own:
libvirtd may also run other clouds' domains."""
import queue

import pytest

from nova_lite.virt import event as virt_event
from nova_lite.virt.libvirt import driver as libvirt_driver
from tests.unit.virt.libvirt.conftest import domain_of
from tests.unit.virt.libvirt.conftest import fake_instance

OTHER_CLOUD_XML = ('<domain type="qemu"><name>other-00000001</name>'
                   '<uuid>0b5f7a8e-93c4-4b7e-8d1e-2f6a5c4d3e21</uuid></domain>')


@pytest.fixture
def events(lv):
    received = queue.Queue()
    lv.driver.register_event_listener(received.put)
    return received


def _next(events):
    return events.get(timeout=5)


def test_lifecycle_events_reach_the_listener(lv, events):
    instance = fake_instance()
    lv.driver.spawn(None, instance, {'id': 'plain'})
    assert _next(events) == virt_event.LifecycleEvent(
        instance.uuid, virt_event.EVENT_LIFECYCLE_STARTED)
    lv.driver.pause(None, instance)
    lv.driver.unpause(None, instance)
    lv.driver.power_off(None, instance)
    assert [_next(events).transition for _ in range(3)] == [
        virt_event.EVENT_LIFECYCLE_PAUSED, virt_event.EVENT_LIFECYCLE_RESUMED,
        virt_event.EVENT_LIFECYCLE_STOPPED]


def test_the_event_loop_is_registered_before_the_connection(lv):
    assert lv.libvirt.event_impl_registered
    assert lv.libvirt.connection.callbacks


def test_other_clouds_domains_are_not_ours(lv, events):
    instance = fake_instance()
    lv.driver.spawn(None, instance, {'id': 'plain'})
    _next(events)
    other = lv.libvirt.connection.defineXML(OTHER_CLOUD_XML)
    other.create()
    domain_of(lv, instance).destroy()
    # the other domain's event was dropped: the next one is our guest's
    assert _next(events).instance_uuid == instance.uuid
    assert lv.driver.list_instances() == [instance.name]
    assert lv.driver.list_instance_uuids() == [instance.uuid]


def test_a_domain_without_its_folder_here_is_not_this_hosts(lv, tmp_path):
    instance = fake_instance()
    lv.driver.spawn(None, instance, {'id': 'plain'})
    (tmp_path / 'instances' / instance.uuid / 'disk').unlink()
    (tmp_path / 'instances' / instance.uuid / 'console.log').unlink(missing_ok=True)
    (tmp_path / 'instances' / instance.uuid).rmdir()
    assert lv.driver.list_instances() == [instance.name]
    assert lv.driver.list_instance_uuids() == []


def test_cleanup_stops_the_dispatch(lv, events):
    lv.driver.cleanup_host('node-a')
    lv.driver.spawn(None, fake_instance(), {'id': 'plain'})
    with pytest.raises(queue.Empty):
        events.get(timeout=0.2)


@pytest.mark.parametrize('template, name, matches', [
    ('instance-%08x', 'instance-0000002a', True),
    ('instance-%08x', 'instance-0000002a-x', False),
    ('instance-%08x', 'other-0000002a', False),
    ('nltest-ab12.c-%08x', 'nltest-ab12.c-00000001', True),
    ('nltest-ab12.c-%08x', 'nltest-ab12xc-00000001', False),
    ('vm%d', 'vm42', True),
    ('100%%-%x', '100%-2a', True),
])
def test_instance_name_pattern(conf, template, name, matches):
    conf('instance_name_template', template)
    assert bool(libvirt_driver.instance_name_pattern().fullmatch(name)) == matches
