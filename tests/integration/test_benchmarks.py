"""The benchmarks run against real daemons and print their JSON line (figures are
not checked: timing thresholds do not belong in tests)."""
import json
import os
import pathlib
import signal
import subprocess
import sys
import urllib.request

REPO = pathlib.Path(__file__).resolve().parents[2]


def _figures(*args):
    result = subprocess.run([sys.executable, '-m', *args], cwd=REPO, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _processes_using(path):
    pids = []
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            with open('/proc/%s/cmdline' % pid, 'rb') as cmdline:
                if str(path).encode() in cmdline.read():
                    pids.append(pid)
        except OSError:
            continue
    return pids


def test_boot_benchmark_boots_deletes_and_counts_each_daemon(cloud):
    figures = _figures('benchmarks.boot', '--url', cloud.endpoint, '--token', 'admin:admin',
                       '--servers', '4', '--concurrency', '2', '--flavor', 'm1.nano',
                       '--config-file', str(cloud.conf_path), '--profile')
    assert (figures['servers'], figures['errors'], figures['unfinished']) == (4, 0, 0)
    assert figures['servers_per_second'] > 0
    conductor = figures['daemons']['nova-lite-conductor']
    assert 0 < conductor['boot_cpu_seconds'] <= conductor['cpu_seconds']
    # py-spy sampled the conductor while it built: its shares name what ran
    profile = conductor['profile']
    assert profile['samples'] > 0
    for rows in (profile['packages'], profile['functions']):
        assert rows and all(name for name, _ in rows)
        assert 0 < sum(share for _, share in rows) <= 1.0001
    assert not [s for s in cloud.get('/servers')[1]['servers'] if s['name'].startswith('bench-')]


def test_api_read_and_rpc_floor_benchmarks_print_their_figures(cloud, rabbit_vhost):
    reads = _figures('benchmarks.api_read', '--url', cloud.endpoint, '--token', 'admin:admin',
                     '--sizes', '2', '--samples', '2', '--flavor', '1')
    assert [r['servers'] for r in reads['results']] == [2]
    assert reads['results'][0]['detail']['p50_ms'] > 0
    floor = _figures('benchmarks.rpc_floor', '--url', rabbit_vhost.url, '--n', '20')
    assert floor['benchmark'] == 'rpc_floor'


def test_benchmark_cloud_serves_until_interrupted_and_cleans_up(tmp_path):
    # started as `... &` from a script starts it: with SIGINT ignored
    proc = subprocess.Popen([sys.executable, '-m', 'benchmarks.cloud', '--computes', '1',
                             '--workdir', str(tmp_path)], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    vhost = None
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if line.startswith('config file:'):
                break
        vhost = (tmp_path / 'nova-lite.conf').read_text().split(
            'transport_url = ', 1)[1].split('\n', 1)[0].rsplit('/', 1)[1]
        endpoint = next(line.split()[1] for line in lines if line.startswith('endpoint:'))
        request = urllib.request.Request(endpoint + '/flavors',
                                         headers={'X-Auth-Token': 'admin:admin'})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert json.load(response)['flavors']
        # its API answers with Server-Timing: the boot benchmark says where a POST went
        config = next(line.split()[2] for line in lines if line.startswith('config file:'))
        figures = _figures('benchmarks.boot', '--url', endpoint, '--token', 'admin:admin',
                           '--servers', '3', '--concurrency', '2', '--wait', '--flavor',
                           'm1.nano', '--config-file', config)
        assert (figures['load'], figures['errors'], figures['unfinished']) == ('wait', 0, 0)
        hops = {hop['hop'] for hop in figures['post']['hops']}
        assert {'conductor_api Flavor.get_by_flavor_id', 'conductor_api InstanceList.create_all',
                'the API itself', 'outside the API'} <= hops, hops
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 0, ''.join(lines) + proc.stdout.read()
        left = _processes_using(tmp_path / 'nova-lite.conf')
        assert not left
        assert vhost not in _vhosts()
    finally:
        # what a failed stop left: the cloud, its daemons and its vhost
        if proc.poll() is None:
            proc.kill()
        for pid in _processes_using(tmp_path / 'nova-lite.conf'):
            os.kill(int(pid), signal.SIGKILL)
        if vhost in _vhosts():
            subprocess.run(['rabbitmqctl', 'delete_vhost', vhost], timeout=60)


def _vhosts():
    return subprocess.run(['rabbitmqctl', 'list_vhosts', '-q'], capture_output=True,
                          text=True, timeout=60).stdout.split()
