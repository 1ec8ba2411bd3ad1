"""nova-lite-fake-computes: N fake compute hosts in one process, for scale tests.

    nova-lite-fake-computes --config-file nova-lite.conf --count 1000 [--prefix fake-]

Each host is a real compute service (its own service row, heartbeat, resource
reports and RPC server on compute.<host>) running the FakeDriver, so the real
scheduler and conductor see N hypervisors without N processes.
"""
import argparse
import sys
import threading

from oslo_log import log as logging

from nova_lite import service
from nova_lite.cmd import common

LOG = logging.getLogger(__name__)


class FakeComputes:
    """Starts and stops many compute services side by side."""

    def __init__(self, hosts):
        from nova_lite.compute import manager as compute_manager
        from nova_lite.compute import rpcapi as compute_rpcapi
        self.services = [service.Service(host, 'nova-compute', compute_rpcapi.TOPIC,
                                         compute_manager.ComputeManager(host))
                         for host in hosts]

    def start(self, parallel=16):
        pending = list(self.services)
        lock = threading.Lock()

        def worker():
            while True:
                with lock:
                    if not pending:
                        return
                    svc = pending.pop()
                svc.start()

        threads = [threading.Thread(target=worker, daemon=True) for _ in range(parallel)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        LOG.info('%d fake compute hosts are up', len(self.services))

    def stop(self):
        """Side by side: each RPC server takes up to a second to stop (one after the
        other, 30 hosts took longer than a stop is given before SIGKILL)."""
        for svc in self.services:
            svc._stop.set()
        service.side_by_side([svc.stop for svc in self.services])


def main(argv=None):
    argv = sys.argv if argv is None else argv
    parser = argparse.ArgumentParser(prog='nova-lite-fake-computes', description=__doc__)
    parser.add_argument('--count', type=int, default=100, help='How many hosts')
    parser.add_argument('--prefix', default='fake-', help='Host names: <prefix>0001 ...')
    args, oslo_args = parser.parse_known_args(argv[1:])
    common.setup('nova-lite-fake-computes', [argv[0]] + oslo_args)
    common.CONF.set_override('compute_driver', 'fake.FakeDriver')
    hosts = ['%s%04d' % (args.prefix, index) for index in range(1, args.count + 1)]
    computes = FakeComputes(hosts)
    service.serve(_Group(computes))


class _Group:
    """What service.serve() runs: the whole set as one service."""

    def __init__(self, computes):
        self.computes = computes
        self._stop = threading.Event()

    def start(self):
        self.computes.start()

    def stop(self):
        self.computes.stop()
