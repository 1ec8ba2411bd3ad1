"""FakeDriver: guests kept in memory, failures on demand."""
import types

import pytest

from nova_lite import exception
from nova_lite.compute import power_state
from nova_lite.virt import driver as virt_driver
from nova_lite.virt import fake


def _instance(name='vm', id=1):
    return types.SimpleNamespace(display_name=name, name='instance-%08x' % id,
                                 uuid='6f5e4d3c-2b1a-4098-8f7e-6d5c4b3a2918')


def test_spawn_get_info_destroy(conf):
    driver = fake.FakeDriver()
    instance = _instance()
    driver.spawn(None, instance, {})
    assert driver.list_instances() == [instance.name]
    assert driver.get_info(instance).state == power_state.RUNNING
    driver.destroy(None, instance)
    driver.destroy(None, instance)  # idempotent
    assert driver.list_instances() == []
    with pytest.raises(exception.InstanceNotFound):
        driver.get_info(instance)


def test_spawn_fails_for_listed_names(conf):
    conf('fail_spawn_for_names', ['bad'], 'fake_driver')
    driver = fake.FakeDriver()
    with pytest.raises(exception.NovaLiteException, match='failed to spawn bad'):
        driver.spawn(None, _instance('bad'), {})
    assert driver.list_instances() == []


def test_resources_come_from_options(conf):
    conf('memory_mb', 2048, 'fake_driver')
    driver = fake.FakeDriver()
    driver.init_host('node-a')
    assert driver.get_available_nodes() == ['node-a']
    resources = driver.get_available_resource('node-a')
    assert (resources['memory_mb'], resources['vcpus']) == (2048, 8)


def test_traits_come_from_options_when_the_driver_starts(conf):
    assert fake.FakeDriver().get_traits('node-a') == []
    conf('traits', ['CUSTOM_GOLD'], 'fake_driver')
    driver = fake.FakeDriver()
    conf('traits', ['CUSTOM_SILVER'], 'fake_driver')  # a running host keeps its own
    assert driver.get_traits('node-a') == ['CUSTOM_GOLD']


def test_load_compute_driver(conf):
    assert isinstance(virt_driver.load_compute_driver('fake.FakeDriver'), fake.FakeDriver)
    with pytest.raises(ValueError):
        virt_driver.load_compute_driver('FakeDriver')


def test_guests_outlive_the_driver_of_their_host(conf, tmp_path):
    conf('state_path', str(tmp_path))
    driver = fake.FakeDriver()
    driver.init_host('node-a')
    running, stopped = _instance('a', 1), _instance('b', 2)
    driver.spawn(None, running, {})
    driver.spawn(None, stopped, {})
    driver.power_off(None, stopped)
    again = fake.FakeDriver()
    again.init_host('node-a')
    assert sorted(again.list_instances()) == [running.name, stopped.name]
    assert again.get_info(stopped).state == power_state.SHUTDOWN
    again.destroy(None, running)
    other_host = fake.FakeDriver()
    other_host.init_host('node-b')
    assert other_host.list_instances() == []
    last = fake.FakeDriver()
    last.init_host('node-a')
    assert last.list_instances() == [stopped.name]
    assert last.list_instance_uuids() == [stopped.uuid]


def test_action_delay_comes_before_the_guest_changes(conf, monkeypatch):
    conf('action_delay', 2.5, 'fake_driver')
    driver = fake.FakeDriver()
    instance = _instance()
    driver.spawn(None, instance, {})
    seen = []
    monkeypatch.setattr(fake.time, 'sleep', lambda seconds: seen.append(
        (seconds, driver.get_info(instance).state)))
    driver.pause(None, instance)
    assert seen == [(2.5, power_state.RUNNING)]
    assert driver.get_info(instance).state == power_state.PAUSED
