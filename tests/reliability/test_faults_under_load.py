"""Faults under a steady boot/delete load: nova-lite heals by itself.

Background threads boot and delete servers through the API (one thread each,
a request every 0.3 s, five to ten servers alive) and record every request
the API accepted. Meanwhile one fault at a time hits the real daemons (fake
driver, spawns take 0.5 s) on a RabbitMQ node of their own:

- rabbitmq-restart: the broker stops for longer than service_down_time
  (connections closed, transient queues and their messages lost, every
  service looks down) and starts again;
- kill-<daemon>: SIGKILL of the API, the conductor, the scheduler, each
  compute, started again a second later (what it was doing is lost);
- conductor-db-locked: another process holds SQLite's write lock for longer
  than an RPC call waits, so the conductor's writes stall and every caller's
  object calls time out, then it lets go (see faults.lock_database).

After each fault: every daemon heart-beats again and a boot on each compute
host succeeds within RECOVERY_BOUND (measured, printed in the summary); once
the load stops, every accepted boot is ACTIVE, or ERROR with a fault, or
deleted when its delete was accepted, within SETTLE_BOUND; no server is left
in BUILD or a task_state, and none ever left ACTIVE or ERROR for a build
again, or ERROR for ACTIVE (a watcher polls them all along); each
hypervisor's vcpus in use are exactly those of its ACTIVE servers and the
quota usage is what the project has; and when all is deleted, no claim and
no guest remains.

And, on its own: a compute that hangs (SIGSTOP) long enough to look down,
whose server the API deletes meanwhile, destroys that guest once it runs again.
"""
import signal
import time

import pytest

from tests.integration import harness
from tests.reliability import faults

pytestmark = pytest.mark.reliability

DAEMONS = ['api', 'conductor', 'scheduler', 'compute1', 'compute2']


def _inject(fault, cloud, rabbit):
    if fault == 'rabbitmq-restart':
        faults.restart_broker(cloud, rabbit)
    elif fault == 'conductor-db-locked':
        faults.lock_database(cloud)
    else:
        name = fault[len('kill-'):]
        if name.startswith('compute'):
            name = cloud.compute_hosts[int(name[len('compute'):]) - 1]
        faults.kill_daemon(cloud, name)


@pytest.mark.parametrize('fault', ['rabbitmq-restart'] +
                         ['kill-%s' % daemon for daemon in DAEMONS] +
                         ['conductor-db-locked'])
def test_fault_under_load(cloud, private_rabbit, fault):
    faults.under_load(cloud, fault, lambda: _inject(fault, cloud, private_rabbit))


def test_guest_of_a_server_deleted_while_its_compute_hung_goes(cloud):
    """A compute that hangs (SIGSTOP, longer than service_down_time) looks down, so
    the API deletes its server itself; once the compute runs again it destroys the
    guest it still has (running_deleted_instance_poll_interval): no guest runs on
    that nobody accounts for. (The broker restart above does this by chance.)"""
    host = cloud.compute_hosts[0]
    server_id = faults.boot_on(cloud, host, time.monotonic() + faults.RECOVERY_BOUND)
    compute = cloud.procs[host]
    compute.send_signal(signal.SIGSTOP)
    try:
        harness.wait_until(lambda: _compute_state(cloud, host) == 'down',
                           faults.SERVICE_DOWN_TIME * 3, message='%s to look down' % host)
        status, _ = cloud.request('DELETE', '/servers/%s' % server_id, token=faults.ADMIN)
        assert status == 204
        cloud.wait_for_gone(server_id, timeout=10)
    finally:
        compute.send_signal(signal.SIGCONT)
    resumed = time.monotonic()
    faults.delete_all_and_check_nothing_held(cloud)
    faults.MEASURED['compute-hung-delete'] = (None, None, time.monotonic() - resumed)


def _compute_state(cloud, host):
    services = cloud.get('/os-services?binary=nova-compute', token=faults.ADMIN)[1]['services']
    return {s['host']: s['state'] for s in services}[host]
