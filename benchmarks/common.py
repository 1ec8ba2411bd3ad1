"""What the benchmarks share: a Compute API session, percentiles, daemon usage."""
import os
import statistics
import threading

import openstack
import requests

from nova_lite import hops


def connect(cloud=None, url=None, token=None):
    """openstacksdk connection from a clouds.yaml cloud, or an endpoint + token
    (noauth2 'user:project' tokens included)."""
    if cloud:
        return openstack.connect(cloud=cloud)
    return openstack.connect(auth_type='admin_token', auth={'endpoint': url, 'token': token},
                             compute_endpoint_override=url)


class TimedHTTP:
    """The Compute endpoint through plain requests sessions (one per thread) with the
    connection's auth headers, for the requests a benchmark times: what is timed is
    the HTTP exchange, not openstacksdk's own work per request (2-3 ms of client CPU
    here, a third of the API's time for a short list)."""

    def __init__(self, conn):
        self.endpoint = conn.compute.get_endpoint().rstrip('/')
        self._headers = dict(conn.session.get_auth_headers(), Accept='application/json')
        self._local = threading.local()

    def request(self, method, path, microversion=None, **kwargs):
        session = getattr(self._local, 'session', None)
        if session is None:
            session = self._local.session = requests.Session()
            session.headers.update(self._headers)
        headers = {'OpenStack-API-Version': 'compute %s' % microversion} if microversion else {}
        response = session.request(method, self.endpoint + path, headers=headers, **kwargs)
        response.raise_for_status()
        return response


def add_target_arguments(parser):
    parser.add_argument('--os-cloud', help='a clouds.yaml cloud (any Compute API)')
    parser.add_argument('--url', default='http://127.0.0.1:8774/v2.1',
                        help='Compute endpoint, with --token')
    parser.add_argument('--token', default='admin:admin')


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary_ms(values):
    return {'p50_ms': round(statistics.median(values) * 1000, 2),
            'p95_ms': round(percentile(values, 0.95) * 1000, 2)}


def hop_summary(headers, latencies):
    """Where the time of a kind of request went, from the Server-Timing headers of the
    responses (nova-lite's [api] server_timing) and the latencies the client saw:
    [(hop, calls per request, p50 ms, p95 ms)], then the API's own time (its total
    less its hops) and the time outside the API (client, HTTP, the WSGI server's
    queue). [] when no response had the header (another cloud, or the option off)."""
    parsed = [hops.parse_server_timing(header) for header in headers if header]
    if not parsed:
        return []
    by_hop, own, outside = {}, [], []
    for entries, latency in zip(parsed, latencies):
        totals = {}
        for name, desc, ms in entries:
            if name != 'total':
                key = '%s %s' % (name, desc)
                totals[key] = totals.get(key, 0) + ms
                by_hop.setdefault(key, []).append(ms)
        total = next((ms for name, _, ms in entries if name == 'total'), 0)
        own.append(total - sum(totals.values()))
        outside.append(latency * 1000 - total)
    rows = [(key, len(values) / len(parsed), statistics.median(values),
             percentile(values, 0.95)) for key, values in by_hop.items()]
    for key, values in (('the API itself', own), ('outside the API', outside)):
        rows.append((key, 1, statistics.median(values), percentile(values, 0.95)))
    return rows


def print_hops(title, rows):
    if not rows:
        return
    width = max([len(title) - 2] + [len(key) for key, _, _, _ in rows])
    print('%-*s %6s %8s %8s' % (width + 2, title, 'calls', 'p50 ms', 'p95 ms'))
    for key, calls, p50, p95 in rows:
        print('  %-*s %6.1f %8.1f %8.1f' % (width, key, calls, p50, p95))


def nova_lite_daemons(config_path=None):
    """{pid: name} of the nova-lite daemons on this machine (those started with
    config_path on their command line, when it is given)."""
    daemons = {}
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            with open('/proc/%s/cmdline' % pid, 'rb') as cmdline:
                argv = cmdline.read().split(b'\0')
        except OSError:
            continue
        if config_path and not any(config_path.encode() in arg for arg in argv):
            continue
        for arg in argv[:2]:
            name = os.path.basename(arg.decode(errors='replace'))
            if name.startswith('nova-lite-') and name != 'nova-lite-manage':
                daemons[int(pid)] = name
                break
    return daemons


def other_processes():
    """{pid: name} of the processes besides the daemons that share the machine's CPU
    in a run: the RabbitMQ broker (beam.smp) and this benchmark client."""
    others = {os.getpid(): 'benchmark client'}
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            with open('/proc/%s/comm' % pid) as comm:
                if comm.read().strip() == 'beam.smp':
                    others[int(pid)] = 'rabbitmq (beam.smp)'
        except OSError:
            continue
    return others


def usage(pid):
    """(CPU seconds, RSS MiB, peak RSS MiB) of a process."""
    with open('/proc/%d/stat' % pid) as stat:
        fields = stat.read().rsplit(')', 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
    rss = peak = 0
    with open('/proc/%d/status' % pid) as status:
        for line in status:
            if line.startswith('VmRSS:'):
                rss = int(line.split()[1]) / 1024
            elif line.startswith('VmHWM:'):
                peak = int(line.split()[1]) / 1024
    return cpu, rss, peak
