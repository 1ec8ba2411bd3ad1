"""A devstack/stack.sh cloud of a test's own: a temp folder, free ports, its own
RabbitMQ vhost, driven by the unmodified `openstack` CLI; unstack.sh stops it."""
import contextlib
import json
import os
import pathlib
import signal
import subprocess
import sys

from tests.integration import harness

REPO = pathlib.Path(__file__).resolve().parents[2]
OPENSTACK = pathlib.Path(sys.executable).parent / 'openstack'
INSTALL_TIMEOUT = 1500  # a cold run installs Keystone, Glance and nova-lite from PyPI


class Devstack:
    def __init__(self, root, transport_url, **env):
        self.root = pathlib.Path(root)
        self.env = dict(os.environ)
        ports = {name: harness.free_port() for name in ('API', 'KEYSTONE', 'GLANCE', 'NOVNC')}
        self.env.update({
            'NOVA_LITE_ETC': str(self.root / 'etc'),
            'NOVA_LITE_STATE': str(self.root / 'state'),
            'NOVA_LITE_LOGS': str(self.root / 'logs'),
            'NOVA_LITE_RUN': str(self.root / 'run'),
            'NOVA_LITE_API_PORT': str(ports['API']),
            'NOVA_LITE_KEYSTONE_PORT': str(ports['KEYSTONE']),
            'NOVA_LITE_GLANCE_PORT': str(ports['GLANCE']),
            'NOVA_LITE_NOVNC_PORT': str(ports['NOVNC']),
            'NOVA_LITE_TRANSPORT_URL': transport_url,
            'NOVA_LITE_BIND_HOST': '127.0.0.1',
            'NOVA_LITE_CLOUDS_YAML_COPY': '',
            'OS_CLIENT_CONFIG_FILE': str(self.root / 'etc' / 'clouds.yaml'),
        })
        self.env.update(env)
        for key in [k for k in self.env if k.startswith('OS_') and
                    k != 'OS_CLIENT_CONFIG_FILE']:
            del self.env[key]
        self.compute_url = 'http://127.0.0.1:%d/v2.1' % ports['API']
        self.keystone_url = 'http://127.0.0.1:%d/v3' % ports['KEYSTONE']
        self.glance_url = 'http://127.0.0.1:%d' % ports['GLANCE']
        self.novnc_port = ports['NOVNC']

    def script(self, name, timeout=INSTALL_TIMEOUT):
        result = subprocess.run(['bash', str(REPO / 'devstack' / name)], env=self.env,
                                capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, '%s failed:\n%s\n%s\n%s' % (
            name, result.stdout[-3000:], result.stderr[-5000:], self.logs())
        return result

    def openstack(self, cloud, *args, check=True):
        result = subprocess.run([str(OPENSTACK), '--os-cloud', cloud, *args], env=self.env,
                                capture_output=True, text=True, timeout=300)
        if check:
            assert result.returncode == 0, 'openstack %s: %s\n%s' % (
                ' '.join(args), result.stderr[-3000:], self.logs())
        return result

    def openstack_json(self, cloud, *args):
        return json.loads(self.openstack(cloud, *args, '-f', 'json').stdout)

    def token(self, cloud):
        return self.openstack(cloud, 'token', 'issue', '-f', 'value', '-c', 'id').stdout.strip()

    def pids(self):
        run = self.root / 'run'
        return {p.stem: int(p.read_text()) for p in run.glob('*.pid')} if run.exists() else {}

    def kill(self, name, sig=signal.SIGKILL, timeout=30):
        """Signal a daemon stack.sh started (SIGKILL: it dies with no clean-up) and wait
        until it is gone; returns its command line, for start_again."""
        pid = self.pids()[name]
        with open('/proc/%d/cmdline' % pid, 'rb') as cmdline_file:
            cmdline = [arg.decode() for arg in cmdline_file.read().split(b'\0') if arg]
        os.kill(pid, sig)
        harness.wait_until(lambda: not alive(pid), timeout, message='%s to die' % name)
        return cmdline

    def start_again(self, name, cmdline):
        """Start a daemon as stack.sh does: its own session, output appended to its
        .out log, its pid file (so unstack.sh stops it)."""
        with open(self.root / 'logs' / ('%s.out' % name), 'ab') as out:
            process = subprocess.Popen(cmdline, env=self.env, stdin=subprocess.DEVNULL,
                                       stdout=out, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        (self.root / 'run' / ('%s.pid' % name)).write_text(str(process.pid))
        return process

    def logs(self):
        logs = self.root / 'logs'
        if not logs.exists():
            return ''
        return '\n'.join('==== %s\n%s' % (p.name, p.read_text(errors='replace')[-3000:])
                         for p in sorted(logs.glob('*')) if p.is_file())


def alive(pid):
    """Running (a zombie waiting for its reaper is not)."""
    try:
        with open('/proc/%d/stat' % pid) as stat:
            return stat.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except (FileNotFoundError, ProcessLookupError):
        return False


@contextlib.contextmanager
def running(root, transport_url, **env):
    """stack.sh, then unstack.sh, which must leave none of its processes alive."""
    stack = Devstack(root, transport_url, **env)
    try:
        stack.script('stack.sh')
        yield stack
    finally:
        pids = stack.pids()
        stack.script('unstack.sh', timeout=300)
        assert not [name for name, pid in pids.items() if alive(pid)], stack.logs()
