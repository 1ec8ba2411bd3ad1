"""Boot throughput: N servers at concurrency C, then delete them all.

    python -m benchmarks.boot [--servers 100] [--concurrency 10] [--flavor m1.tiny]
                              [--image IMAGE] [--wait] [--profile]
                              (--os-cloud CLOUD | --url URL --token TOKEN)

Works against any Compute API (point it at upstream Nova for a comparison). Prints the
time from the first POST to all ACTIVE, servers/s, POST latency p50/p95, the delete
time, and the CPU seconds and peak RSS of every local nova-lite daemon; with nova-lite's
[api] server_timing on (benchmarks.cloud sets it), where a POST's time went: each RPC
call and cast the API made, the API's own time and the time outside it. Then one JSON
line. Asserts nothing. With --profile, py-spy samples each local daemon from the first
POST to all final and the run prints where each one's CPU went (benchmarks.profile).

Two loads: by default C clients POST back to back and then wait for all the servers
(a burst: the POSTs queue behind the builds of the POSTs before them); with --wait each
of the C clients waits for its server to leave BUILD before its next POST, as Rally's
boot scenarios count concurrency (at most C boots in flight).
"""
import argparse
import concurrent.futures
import json
import os
import sys
import threading
import time

from oslo_utils import uuidutils

from benchmarks import common
from benchmarks import profile

BUILDING = '/servers?name=^bench-&status=BUILD'  # the cheapest list to poll


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


def _until_gone(conn, path, ids, deadline, interval=0.1):
    """Lists path until none of ids is in it (the time of the list that saw them
    gone is the time taken) or deadline; the ids still there."""
    left = set(ids)
    while True:
        left &= _ids(conn, path)
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(interval)


class _BuildWatcher:
    """Tells each waiting client when its server has left BUILD, from one list of the
    building servers every interval (the load of the polling does not grow with C)."""

    def __init__(self, conn, interval):
        self._conn, self._interval = conn, interval
        self._waiting = {}  # server id: event
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def wait(self, server_id, timeout):
        event = threading.Event()
        with self._lock:
            self._waiting[server_id] = event
        event.wait(max(timeout, 0))

    def stop(self):
        self._stopped.set()
        self._thread.join()

    def _run(self):
        while not self._stopped.wait(self._interval):
            with self._lock:  # the servers registered before the list was asked for
                asked = dict(self._waiting)
            if not asked:
                continue
            try:
                building = _ids(self._conn, BUILDING)
            except Exception as error:  # the next list may do: the clients keep waiting
                print('listing the building servers failed: %s' % error, file=sys.stderr)
                continue
            with self._lock:
                for server_id in asked.keys() - building:
                    self._waiting.pop(server_id).set()


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
    parser.add_argument('--wait', action='store_true',
                        help='each client waits for its server to leave BUILD before its '
                             'next POST (at most C boots in flight)')
    parser.add_argument('--poll-interval', type=float, default=0.05,
                        help='seconds between the lists of building servers with --wait')
    parser.add_argument('--timeout', type=float, default=1800)
    parser.add_argument('--profile', action='store_true',
                        help='sample each local nova-lite daemon with py-spy while booting '
                             'and print where its CPU went')
    common.add_target_arguments(parser)
    args = parser.parse_args()
    conn = common.connect(args.os_cloud, args.url, args.token)
    flavor = conn.compute.find_flavor(args.flavor, ignore_missing=False)
    image_id = args.image
    if not uuidutils.is_uuid_like(image_id):
        image_id = conn.image.find_image(args.image, ignore_missing=False).id

    daemons = common.nova_lite_daemons(args.config_file)
    daemons.update(common.other_processes())
    sampler = None
    if args.profile:
        sampler = profile.Sampler({pid: name for pid, name in daemons.items()
                                   if name.startswith('nova-lite-')})
        sampler.start()
    before = {pid: _usage(pid) for pid in daemons}
    post_times, post_timings = [], []

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
        post_timings.append(response.headers.get('Server-Timing'))
        server_id = response.json()['server']['id']
        if watcher:
            watcher.wait(server_id, started + args.timeout - time.monotonic())
        return server_id

    watcher = _BuildWatcher(conn, args.poll_interval) if args.wait else None
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
        ids = list(pool.map(boot, range(args.servers)))
    posted = time.monotonic()
    if watcher:
        watcher.stop()
    # the client shares the machine: it polls with the cheapest list (ids of the servers
    # still building), as JSON, not openstacksdk resources
    pending = _until_gone(conn, BUILDING, ids, started + args.timeout)
    all_active = time.monotonic()
    at_final = {pid: _usage(pid) for pid in daemons}
    stacks = sampler.stop() if sampler else {}
    errors = len(_ids(conn, '/servers?name=^bench-&status=ERROR') & set(ids))

    delete_start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
        list(pool.map(conn.compute.delete_server, ids))
    _until_gone(conn, '/servers?name=^bench-', ids, delete_start + args.timeout)
    deleted = time.monotonic()

    result = {
        'benchmark': 'boot', 'servers': args.servers, 'concurrency': args.concurrency,
        'load': 'wait' if args.wait else 'burst',
        'post_seconds': round(posted - started, 2),
        'posts_per_second': round(args.servers / (posted - started), 1),
        'all_final_seconds': round(all_active - started, 2),
        'servers_per_second': round(args.servers / (all_active - started), 2),
        'errors': errors, 'unfinished': len(pending),
        'post': common.summary_ms(post_times),
        'delete_all_seconds': round(deleted - delete_start, 2),
        'daemons': {},
    }
    profiles = {}
    for pid, name in daemons.items():
        cpu, _, peak = _usage(pid)
        if cpu is None or at_final[pid][0] is None:
            continue
        key = name if name not in result['daemons'] else '%s-%d' % (name, pid)
        if pid in stacks:
            profiles[key] = profile.summary(stacks[pid])
        result['daemons'][key] = {'cpu_seconds': round(cpu - before[pid][0], 2),
                                  'boot_cpu_seconds': round(at_final[pid][0] - before[pid][0], 2),
                                  'peak_rss_mib': round(peak, 1)}
    print('%-28s %s' % ('servers (concurrency)', '%d (%d, %s)' % (
        args.servers, args.concurrency, result['load'])))
    print('%-28s %.2f s' % ('first POST to all final', result['all_final_seconds']))
    print('%-28s %.2f' % ('servers/s', result['servers_per_second']))
    print('%-28s p50 %.1f ms  p95 %.1f ms' % ('POST /servers', result['post']['p50_ms'],
                                               result['post']['p95_ms']))
    # in a burst the C clients keep C POSTs in flight, so by Little's law the mean POST
    # takes C / the POST rate: the rate the whole machine sustains bounds it
    print('%-28s %.1f%s' % ('POSTs/s', result['posts_per_second'], '' if args.wait else
                            '  (C / that = %.0f ms, the mean POST of a burst)' % (
                                1000 * args.concurrency / result['posts_per_second'])))
    hop_rows = common.hop_summary(post_timings, post_times)
    result['post']['hops'] = [{'hop': key, 'calls': calls, 'p50_ms': round(p50, 2),
                               'p95_ms': round(p95, 2)} for key, calls, p50, p95 in hop_rows]
    common.print_hops('  where a POST went (Server-Timing)', hop_rows)
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
    if profiles:
        print('where the CPU went while booting (py-spy, share of samples and ms/server)')
    for name, figures in sorted(profiles.items()):
        result['daemons'][name]['profile'] = figures
        profile.print_summary(name, figures,
                              result['daemons'][name]['boot_cpu_seconds'] * 1000 / args.servers)
    print(json.dumps(result))


if __name__ == '__main__':
    main()
