"""A driver that keeps guests in memory: for tests and scale runs.

Its host size comes from [fake_driver]; [fake_driver] fail_spawn_for_names
makes chosen spawns fail, to exercise faults and reschedules.
"""
import json
import threading
import time

from oslo_config import cfg

from nova_lite import exception
from nova_lite.compute import power_state
from nova_lite.virt import driver

CONF = cfg.CONF


class FakeDriver(driver.ComputeDriver):
    capabilities = dict(driver.ComputeDriver.capabilities, supports_pause=True,
                        supports_suspend=True, supports_rescue=True)

    def __init__(self):
        self._lock = threading.Lock()
        self._guests = {}  # instance.name -> power state
        self._host = None

    def init_host(self, host):
        self._host = host

    def get_available_nodes(self):
        return [self._host or CONF.host]

    def get_available_resource(self, nodename):
        return {
            'vcpus': CONF.fake_driver.vcpus,
            'memory_mb': CONF.fake_driver.memory_mb,
            'local_gb': CONF.fake_driver.local_gb,
            'hypervisor_type': 'fake',
            'hypervisor_version': 1000,
            'cpu_info': json.dumps({'arch': 'x86_64', 'model': 'fake', 'vendor': 'nova-lite',
                                    'features': [], 'topology': {
                                        'cores': 1, 'threads': 1,
                                        'sockets': CONF.fake_driver.vcpus}}),
            'host_ip': '127.0.0.1',
            'disk_available_least': CONF.fake_driver.local_gb,
        }

    def list_instances(self):
        with self._lock:
            return list(self._guests)

    def spawn(self, context, instance, image_meta, admin_password=None):
        if CONF.fake_driver.spawn_delay:
            time.sleep(CONF.fake_driver.spawn_delay)
        if instance.display_name in CONF.fake_driver.fail_spawn_for_names:
            raise exception.NovaLiteException(
                'Fake driver failed to spawn %s (fail_spawn_for_names)' % instance.display_name)
        with self._lock:
            self._guests[instance.name] = power_state.RUNNING

    def destroy(self, context, instance):
        with self._lock:
            self._guests.pop(instance.name, None)

    def get_info(self, instance):
        with self._lock:
            if instance.name not in self._guests:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            return driver.InstanceInfo(state=self._guests[instance.name])
