"""Boot throughput: N servers at concurrency C, then delete them all.

    python -m benchmarks.boot [--servers 100] [--concurrency 10] [--flavor m1.tiny]
                              [--image IMAGE] (--os-cloud CLOUD | --url URL --token TOKEN)

Works against any Compute API (point it at upstream Nova for a comparison). Prints the
time from the first POST to all ACTIVE, servers/s, POST latency p50/p95, the delete
time, and the CPU seconds and peak RSS of every local nova-lite daemon; then one JSON
line. Asserts nothing.
"""
import argparse
import concurrent.futures
import json
import time

from oslo_utils import uuidutils

from benchmarks import common


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--servers', type=int, default=100)
    parser.add_argument('--concurrency', type=int, default=10)
    parser.add_argument('--flavor', default='m1.tiny')
    parser.add_argument('--image', default='70a599e0-31e7-49b7-b260-868f441e862b',
                        help='image name or id (any id with [glance] enabled = false)')
    parser.add_argument('--config-file', help='count only the daemons started with this '
                                              'config file (default: every nova-lite daemon)')
    parser.add_argument('--networks', default='none',
                        help="'none' or 'auto' (from microversion 2.37); '' to send none")
    parser.add_argument('--timeout', type=float, default=1800)
    common.add_target_arguments(parser)
    args = parser.parse_args()
    conn = common.connect(args.os_cloud, args.url, args.token)
    flavor = conn.compute.find_flavor(args.flavor, ignore_missing=False)
    image_id = args.image
    if not uuidutils.is_uuid_like(image_id):
        image_id = conn.image.find_image(args.image, ignore_missing=False).id

    daemons = common.nova_lite_daemons(args.config_file)
    daemons.update(common.other_processes())
    before = {pid: common.usage(pid) for pid in daemons}
    post_times = []

    def boot(index):
        start = time.monotonic()
        extra = {'networks': args.networks} if args.networks else {}
        server = conn.compute.create_server(name='bench-%d' % index, flavor_id=flavor.id,
                                            image_id=image_id, **extra)
        post_times.append(time.monotonic() - start)
        return server.id

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
        ids = list(pool.map(boot, range(args.servers)))
    posted = time.monotonic()
    pending = set(ids)
    errors = 0
    while pending and time.monotonic() - started < args.timeout:
        for server in conn.compute.servers(details=True, name='^bench-'):
            if server.id in pending and server.status in ('ACTIVE', 'ERROR'):
                pending.discard(server.id)
                errors += server.status == 'ERROR'
        time.sleep(0.2)
    all_active = time.monotonic()

    delete_start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
        list(pool.map(conn.compute.delete_server, ids))
    remaining = set(ids)
    while remaining and time.monotonic() - delete_start < args.timeout:
        remaining &= {s.id for s in conn.compute.servers(name='^bench-')}
        time.sleep(0.2)
    deleted = time.monotonic()

    result = {
        'benchmark': 'boot', 'servers': args.servers, 'concurrency': args.concurrency,
        'post_seconds': round(posted - started, 2),
        'all_final_seconds': round(all_active - started, 2),
        'servers_per_second': round(args.servers / (all_active - started), 2),
        'errors': errors, 'unfinished': len(pending),
        'post': common.summary_ms(post_times),
        'delete_all_seconds': round(deleted - delete_start, 2),
        'daemons': {},
    }
    for pid, name in daemons.items():
        try:
            cpu, _, peak = common.usage(pid)
        except OSError:
            continue
        key = name if name not in result['daemons'] else '%s-%d' % (name, pid)
        result['daemons'][key] = {'cpu_seconds': round(cpu - before[pid][0], 2),
                                  'peak_rss_mib': round(peak, 1)}
    print('%-28s %s' % ('servers (concurrency)', '%d (%d)' % (args.servers, args.concurrency)))
    print('%-28s %.2f s' % ('first POST to all final', result['all_final_seconds']))
    print('%-28s %.2f' % ('servers/s', result['servers_per_second']))
    print('%-28s p50 %.1f ms  p95 %.1f ms' % ('POST /servers', result['post']['p50_ms'],
                                               result['post']['p95_ms']))
    print('%-28s %.2f s' % ('delete all', result['delete_all_seconds']))
    print('%-28s %d / %d' % ('ERROR / unfinished', errors, len(pending)))
    # CPU per server (boot and delete) says which daemon bounds the rate on this machine
    for name, figures in sorted(result['daemons'].items()):
        print('%-28s cpu %.2f s (%.1f ms/server)  peak rss %.1f MiB' % (
            name, figures['cpu_seconds'], figures['cpu_seconds'] * 1000 / args.servers,
            figures['peak_rss_mib']))
    print(json.dumps(result))


if __name__ == '__main__':
    main()
