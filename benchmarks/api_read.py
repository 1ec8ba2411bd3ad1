"""API read latency: GET /servers/detail (and ?limit=) with 100, 1,000 and 5,000 servers.

    python -m benchmarks.api_read [--sizes 100,1000,5000] [--samples 50] [--warmup 5]
                                  [--limit 100]
                                  (--os-cloud CLOUD | --url URL --token TOKEN)

Servers are created with multi-create (max_count, so quotas must allow them) up to each
size, listed `--samples` times, and deleted at the end. Prints a table and one JSON line;
asserts nothing.
"""
import argparse
import json
import time

from benchmarks import common

BATCH = 100


def _grow(conn, flavor_id, image_id, networks, have, want):
    while have < want:
        count = min(BATCH, want - have)
        body = {'name': 'readbench', 'flavorRef': flavor_id, 'imageRef': image_id,
                'min_count': count, 'max_count': count}
        extra = {}
        if networks:
            body['networks'] = networks
            extra['microversion'] = '2.37'  # the first version with 'none' / 'auto'
        conn.compute.post('/servers', json={'server': body}, **extra).raise_for_status()
        have += count
    # reads are measured on settled servers
    while any(s.status not in ('ACTIVE', 'ERROR')
              for s in conn.compute.servers(details=True, name='^readbench')):
        time.sleep(0.5)
    return have


def _timed_get(http, path, samples, warmup):
    for _ in range(warmup):  # untimed: the first requests of a path warm its caches
        http.request('GET', path)
    timings = []
    for _ in range(samples):
        start = time.perf_counter()
        http.request('GET', path)
        timings.append(time.perf_counter() - start)
    return common.summary_ms(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--sizes', default='100,1000,5000')
    parser.add_argument('--samples', type=int, default=50)
    parser.add_argument('--warmup', type=int, default=5, help='untimed requests first')
    parser.add_argument('--limit', type=int, default=100)
    parser.add_argument('--flavor', default='1', help='flavor id')
    parser.add_argument('--image', default='70a599e0-31e7-49b7-b260-868f441e862b')
    parser.add_argument('--networks', default='none',
                        help="'none' or 'auto' (from microversion 2.37); '' to send none")
    common.add_target_arguments(parser)
    args = parser.parse_args()
    conn = common.connect(args.os_cloud, args.url, args.token)
    http = common.TimedHTTP(conn)
    results, have = [], 0
    try:
        for size in sorted(int(n) for n in args.sizes.split(',')):
            have = _grow(conn, args.flavor, args.image, args.networks, have, size)
            results.append({
                'servers': size,
                'detail': _timed_get(http, '/servers/detail', args.samples, args.warmup),
                'detail_limited': _timed_get(http, '/servers/detail?limit=%d' % args.limit,
                                             args.samples, args.warmup)})
    finally:
        for server in conn.compute.servers(name='^readbench'):
            conn.compute.delete_server(server, ignore_missing=True)
    print('%8s %22s %22s' % ('servers', 'detail p50/p95 ms', 'detail?limit p50/p95 ms'))
    for r in results:
        print('%8d %22s %22s' % (r['servers'],
                                 '%.1f / %.1f' % (r['detail']['p50_ms'], r['detail']['p95_ms']),
                                 '%.1f / %.1f' % (r['detail_limited']['p50_ms'],
                                                  r['detail_limited']['p95_ms'])))
    print(json.dumps({'benchmark': 'api_read', 'limit': args.limit, 'results': results}))


if __name__ == '__main__':
    main()
