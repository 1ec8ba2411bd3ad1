"""select_destinations latency at 10, 100 and 1,000 hosts.

    python -m benchmarks.scheduler [--hosts 10,100,1000] [--requests 200] [--cache 1.0]

The real SchedulerManager against a migrated SQLite database holding N compute nodes
and services (what the conductor would serve); each request filters, weighs and claims
one m1.small, and the claim is released afterwards so every request sees the same cloud.
Prints a table and one JSON line; asserts nothing.
"""
import argparse
import json
import statistics
import tempfile
import time

from oslo_utils import uuidutils

import nova_lite  # noqa: F401
from benchmarks import common
from nova_lite import config
from nova_lite import context as nl_context
from nova_lite import objects
from nova_lite.db import api as db_api
from nova_lite.db import migration
from nova_lite.scheduler import manager as scheduler_manager

CONF = config.CONF


def _cloud(context, hosts):
    for index in range(hosts):
        host = 'bench-%04d' % index
        service = objects.Service(context, host=host, binary='nova-compute', topic='compute',
                                  report_count=0, disabled=False, forced_down=False, version=1)
        service.create()
        objects.ComputeNode.report(context, host, host, service.id, {
            'vcpus': 32, 'memory_mb': 131072, 'local_gb': 2000, 'hypervisor_type': 'fake',
            'hypervisor_version': 1, 'cpu_info': '{}', 'running_vms': index % 7,
            'cpu_allocation_ratio': 4.0, 'ram_allocation_ratio': 1.0,
            'disk_allocation_ratio': 1.0, 'reserved_memory_mb': 512})


def run(hosts, requests, cache_seconds):
    with tempfile.TemporaryDirectory() as folder:
        config.parse_args(['bench'], default_config_files=[])
        CONF.set_override('connection', 'sqlite:///%s/bench.sqlite' % folder, 'database')
        CONF.set_override('host_state_cache_seconds', cache_seconds, 'scheduler')
        db_api.dispose_engines()
        migration.db_sync()
        objects.register_all()
        context = nl_context.get_admin_context()
        _cloud(context, hosts)
        flavor = objects.Flavor.get_by_name(context, 'm1.small')
        scheduler = scheduler_manager.SchedulerManager('bench')
        timings = []
        for _ in range(requests):
            spec = objects.RequestSpec(context, instance_uuid=uuidutils.generate_uuid(),
                                       flavor=flavor, ignore_hosts=[], tried_hosts=[],
                                       scheduler_hints={}, num_instances=1)
            start = time.perf_counter()
            scheduler.select_destinations(context, spec, [spec.instance_uuid])
            timings.append((time.perf_counter() - start) * 1000)
            objects.Allocation.release(context, spec.instance_uuid)
        db_api.dispose_engines()
        CONF.reset()
        return {'hosts': hosts, 'requests': requests,
                'p50_ms': round(statistics.median(timings), 2),
                'p95_ms': round(common.percentile(timings, 0.95), 2),
                'max_ms': round(max(timings), 2)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--hosts', default='10,100,1000')
    parser.add_argument('--requests', type=int, default=200)
    parser.add_argument('--cache', type=float, default=1.0,
                        help='[scheduler] host_state_cache_seconds')
    args = parser.parse_args()
    results = [run(int(n), args.requests, args.cache) for n in args.hosts.split(',')]
    print('%8s %9s %9s %9s %9s' % ('hosts', 'requests', 'p50 ms', 'p95 ms', 'max ms'))
    for r in results:
        print('%8d %9d %9.2f %9.2f %9.2f' % (r['hosts'], r['requests'], r['p50_ms'],
                                             r['p95_ms'], r['max_ms']))
    print(json.dumps({'benchmark': 'select_destinations', 'cache_seconds': args.cache,
                      'results': results}))


if __name__ == '__main__':
    main()
