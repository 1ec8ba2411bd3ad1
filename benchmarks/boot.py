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
import os
import time

from oslo_utils import uuidutils

from benchmarks import common


def _usage(pid):
    try:
        return common.usage(pid)
    except OSError:  # the process ended
        return None, None, None


def _ids(conn, path):
    """The ids a server list answers, every page of it."""
    ids = set()
    while path:
        response = conn.compute.get(path)
        response.raise_for_status()
        body = response.json()
        ids.update(server['id'] for server in body['servers'])
        path = next((link['href'] for link in body.get('servers_links', ())
                     if link.get('rel') == 'next'), None)
    return ids


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
    before = {pid: _usage(pid) for pid in daemons}
    post_times = []

    http = common.TimedHTTP(conn)

    def boot(index):
        body = {'name': 'bench-%d' % index, 'flavorRef': flavor.id, 'imageRef': image_id}
        microversion = None
        if args.networks:
            body['networks'] = args.networks
            microversion = '2.37'  # the first version with 'none' / 'auto'
        start = time.monotonic()
        response = http.request('POST', '/servers', microversion, json={'server': body})
        post_times.append(time.monotonic() - start)
        return response.json()['server']['id']

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
        ids = list(pool.map(boot, range(args.servers)))
    posted = time.monotonic()
    # the client shares the machine: it polls with the cheapest list (ids of the servers
    # still building), as JSON, not openstacksdk resources
    pending = set(ids)
    while pending and time.monotonic() - started < args.timeout:
        pending &= _ids(conn, '/servers?name=^bench-&status=BUILD')
        time.sleep(0.2)
    all_active = time.monotonic()
    at_final = {pid: _usage(pid) for pid in daemons}
    errors = len(_ids(conn, '/servers?name=^bench-&status=ERROR') & set(ids))

    delete_start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
        list(pool.map(conn.compute.delete_server, ids))
    remaining = set(ids)
    while remaining and time.monotonic() - delete_start < args.timeout:
        remaining &= _ids(conn, '/servers?name=^bench-')
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
        cpu, _, peak = _usage(pid)
        if cpu is None or at_final[pid][0] is None:
            continue
        key = name if name not in result['daemons'] else '%s-%d' % (name, pid)
        result['daemons'][key] = {'cpu_seconds': round(cpu - before[pid][0], 2),
                                  'boot_cpu_seconds': round(at_final[pid][0] - before[pid][0], 2),
                                  'peak_rss_mib': round(peak, 1)}
    print('%-28s %s' % ('servers (concurrency)', '%d (%d)' % (args.servers, args.concurrency)))
    print('%-28s %.2f s' % ('first POST to all final', result['all_final_seconds']))
    print('%-28s %.2f' % ('servers/s', result['servers_per_second']))
    print('%-28s p50 %.1f ms  p95 %.1f ms' % ('POST /servers', result['post']['p50_ms'],
                                               result['post']['p95_ms']))
    print('%-28s %.2f s' % ('delete all', result['delete_all_seconds']))
    print('%-28s %d / %d' % ('ERROR / unfinished', errors, len(pending)))
    # CPU per server says which daemon bounds the rate on this machine: the boot phase
    # (first POST to all final) and boot + delete
    print('%-28s %s' % ('CPU ms/server', 'boot  boot+delete  peak rss'))
    for name, figures in sorted(result['daemons'].items()):
        print('%-28s %5.1f %11.1f %8.1f MiB' % (
            name, figures['boot_cpu_seconds'] * 1000 / args.servers,
            figures['cpu_seconds'] * 1000 / args.servers, figures['peak_rss_mib']))
    boot_total = sum(f['boot_cpu_seconds'] for f in result['daemons'].values())
    print('%-28s %5.1f  (%.2f of %d cores busy while booting)' % (
        'all of the above', boot_total * 1000 / args.servers,
        boot_total / (all_active - started), os.cpu_count()))
    print(json.dumps(result))


if __name__ == '__main__':
    main()
