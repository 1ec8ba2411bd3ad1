"""Events a driver emits to the compute manager (upstream's virt/event.py):
a guest started, stopped, paused, resumed or was suspended, whoever did it."""
import collections

from nova_lite.compute import power_state

EVENT_LIFECYCLE_STARTED = 0
EVENT_LIFECYCLE_STOPPED = 1
EVENT_LIFECYCLE_PAUSED = 2
EVENT_LIFECYCLE_RESUMED = 3
EVENT_LIFECYCLE_SUSPENDED = 4

NAMES = {EVENT_LIFECYCLE_STARTED: 'Started', EVENT_LIFECYCLE_STOPPED: 'Stopped',
         EVENT_LIFECYCLE_PAUSED: 'Paused', EVENT_LIFECYCLE_RESUMED: 'Resumed',
         EVENT_LIFECYCLE_SUSPENDED: 'Suspended'}

# the power state a guest is in after each transition
POWER_STATES = {EVENT_LIFECYCLE_STARTED: power_state.RUNNING,
                EVENT_LIFECYCLE_STOPPED: power_state.SHUTDOWN,
                EVENT_LIFECYCLE_PAUSED: power_state.PAUSED,
                EVENT_LIFECYCLE_RESUMED: power_state.RUNNING,
                EVENT_LIFECYCLE_SUSPENDED: power_state.SUSPENDED}


class LifecycleEvent(collections.namedtuple('LifecycleEvent',
                                            ['instance_uuid', 'transition'])):
    @property
    def name(self):
        return NAMES.get(self.transition, 'Unknown')

    def __str__(self):
        return '<LifecycleEvent: %s %s>' % (self.instance_uuid, self.name)
