"""The messaging floor: a bare oslo.messaging call round trip and cast on a broker.

    python -m benchmarks.rpc_floor [--url rabbit://guest:guest@127.0.0.1:5672/] [--n 1000]

Every other figure reads against this one. Prints a table and one JSON line.
"""
import argparse
import json
import threading
import time

import nova_lite  # noqa: F401, I001  (first: the threading backend, and no eventlet)
import oslo_messaging as messaging

from benchmarks import common
from nova_lite import config
from nova_lite import context as nl_context
from nova_lite import rpc


class _Endpoint:
    target = messaging.Target(version='1.0')

    def __init__(self):
        self.casts = 0
        self.done = threading.Event()
        self.expected = 0

    def ping(self, ctxt):
        return 'pong'

    def note(self, ctxt):
        self.casts += 1
        if self.casts >= self.expected:
            self.done.set()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', default='rabbit://guest:guest@127.0.0.1:5672/')
    parser.add_argument('--n', type=int, default=1000)
    args = parser.parse_args()
    config.parse_args(['rpc-floor'], default_config_files=[])
    rpc.init(url=args.url)
    # nova-lite's own client and server (threading executor, context serializer)
    endpoint = _Endpoint()
    target = messaging.Target(topic='nova-lite-rpc-floor', server='bench')
    server = rpc.get_server(target, [endpoint])
    server.start()
    client = rpc.get_client(target)
    ctxt = nl_context.get_admin_context()
    client.call(ctxt, 'ping')  # warm the reply queue
    calls = []
    for _ in range(args.n):
        start = time.perf_counter()
        client.call(ctxt, 'ping')
        calls.append(time.perf_counter() - start)
    endpoint.expected = args.n
    start = time.perf_counter()
    casts = []
    for _ in range(args.n):
        begin = time.perf_counter()
        client.cast(ctxt, 'note')
        casts.append(time.perf_counter() - begin)
    endpoint.done.wait(120)
    cast_throughput = args.n / (time.perf_counter() - start)
    server.stop()
    server.wait()
    rpc.cleanup()
    result = {'benchmark': 'rpc_floor', 'n': args.n, 'call': common.summary_ms(calls),
              'cast_send': common.summary_ms(casts),
              'casts_delivered_per_second': round(cast_throughput, 1)}
    print('call round trip   p50 %.2f ms  p95 %.2f ms' % (result['call']['p50_ms'],
                                                         result['call']['p95_ms']))
    print('cast (send)       p50 %.2f ms  p95 %.2f ms' % (result['cast_send']['p50_ms'],
                                                         result['cast_send']['p95_ms']))
    print('casts delivered   %.0f /s' % cast_throughput)
    print(json.dumps(result))


if __name__ == '__main__':
    main()
