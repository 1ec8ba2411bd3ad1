"""A driver that keeps guests in memory: for tests and scale runs.

Its host size comes from [fake_driver]; [fake_driver] fail_spawn_for_names
makes chosen spawns fail, to exercise faults and reschedules, and
spawn_delay/action_delay make operations slow enough to interrupt. As a
real hypervisor keeps its domains, the guests outlive the compute process:
their power states are kept in $state_path/fake_driver/<host>.json.
"""
import json
import os
import threading
import time

from oslo_config import cfg

from nova_lite import exception
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.image import glance
from nova_lite.virt import driver

CONF = cfg.CONF
FAKE_VNC_PORT = 5900  # every fake guest's VNC console says it listens there


class FakeDriver(driver.ComputeDriver):
    capabilities = dict(driver.ComputeDriver.capabilities, supports_pause=True,
                        supports_suspend=True, supports_rescue=True)

    def __init__(self):
        self._lock = threading.Lock()
        self._guests = {}  # instance.name -> power state
        self._uuids = {}  # instance.name -> instance.uuid
        self._host = None
        self._glance = None
        # as a real host's, its traits do not change while its compute runs
        self._traits = list(CONF.fake_driver.traits)

    def init_host(self, host):
        """Take up the guests a previous run of this host's compute left."""
        self._host = host
        try:
            with open(self._state_file()) as state:
                saved = json.load(state)
        except FileNotFoundError:
            saved = {}
        with self._lock:
            self._guests = saved.get('guests', {})
            self._uuids = saved.get('uuids', {})

    def _state_file(self):
        return os.path.join(CONF.state_path, 'fake_driver', '%s.json' % self._host)

    def _save(self):
        """Write the guests down (the lock held); only once init_host named the host."""
        if self._host is None:
            return
        path = self._state_file()
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + '.tmp', 'w') as state:
            json.dump({'guests': self._guests, 'uuids': self._uuids}, state)
        os.replace(path + '.tmp', path)

    @staticmethod
    def _delay():
        if CONF.fake_driver.action_delay:
            time.sleep(CONF.fake_driver.action_delay)

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

    def get_traits(self, nodename):
        return list(self._traits)

    def list_instances(self):
        with self._lock:
            return list(self._guests)

    def list_instance_uuids(self):
        with self._lock:
            return [self._uuids[name] for name in self._guests if name in self._uuids]

    def spawn(self, context, instance, image_meta, admin_password=None):
        if CONF.fake_driver.spawn_delay:
            time.sleep(CONF.fake_driver.spawn_delay)
        if instance.display_name in CONF.fake_driver.fail_spawn_for_names:
            raise exception.NovaLiteException(
                'Fake driver failed to spawn %s (fail_spawn_for_names)' % instance.display_name)
        with self._lock:
            self._guests[instance.name] = power_state.RUNNING
            self._uuids[instance.name] = instance.uuid
            self._save()

    def destroy(self, context, instance):
        with self._lock:
            self._uuids.pop(instance.name, None)
            if self._guests.pop(instance.name, None) is not None:
                self._save()

    def _set_state(self, instance, state, allowed=None):
        """Move an existing guest to state (InstanceNotFound if it is gone)
        after [fake_driver] action_delay."""
        self._delay()
        with self._lock:
            if instance.name not in self._guests:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            if allowed is not None and self._guests[instance.name] not in allowed:
                raise exception.NovaLiteException(
                    'Fake guest %s is %s, not one of %s' % (
                        instance.name, power_state.STATE_MAP[self._guests[instance.name]],
                        [power_state.STATE_MAP[a] for a in allowed]))
            self._guests[instance.name] = state
            self._save()

    def power_off(self, context, instance, timeout=0):
        self._set_state(instance, power_state.SHUTDOWN)

    def power_on(self, context, instance):
        self._set_state(instance, power_state.RUNNING)

    def reboot(self, context, instance, reboot_type):
        # a soft reboot needs a running guest OS; a hard one power-cycles anything
        allowed = (power_state.RUNNING,) if reboot_type == 'SOFT' else None
        self._set_state(instance, power_state.RUNNING, allowed)

    def pause(self, context, instance):
        self._set_state(instance, power_state.PAUSED, (power_state.RUNNING,))

    def unpause(self, context, instance):
        self._set_state(instance, power_state.RUNNING, (power_state.PAUSED,))

    def suspend(self, context, instance):
        self._set_state(instance, power_state.SUSPENDED, (power_state.RUNNING,))

    def resume(self, context, instance):
        self._set_state(instance, power_state.RUNNING, (power_state.SUSPENDED,))

    def rescue(self, context, instance, image_meta, rescue_password):
        self._set_state(instance, power_state.RUNNING)

    def unrescue(self, context, instance):
        self._set_state(instance, power_state.RUNNING)

    def snapshot(self, context, instance, image_id, update_task_state):
        self.get_info(instance)
        self._delay()
        update_task_state(task_state=task_states.IMAGE_PENDING_UPLOAD)
        update_task_state(task_state=task_states.IMAGE_UPLOADING,
                          expected_state=task_states.IMAGE_PENDING_UPLOAD)
        self._image_api().upload(context, image_id, b'fake disk of %s' % instance.name.encode())

    def _image_api(self):
        if self._glance is None:
            self._glance = glance.GlanceClient()
        return self._glance

    def get_console_output(self, context, instance):
        self.get_info(instance)
        return 'FAKE CONSOLE OUTPUT\nANOTHER\nLAST LINE'

    def trigger_crash_dump(self, context, instance):
        self.get_info(instance)

    def get_vnc_console(self, context, instance):
        self.get_info(instance)
        return driver.ConsoleVNC(host=CONF.vnc.server_proxyclient_address, port=FAKE_VNC_PORT)

    def get_info(self, instance):
        with self._lock:
            if instance.name not in self._guests:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            return driver.InstanceInfo(state=self._guests[instance.name])
