"""Real daemons for integration tests: a RabbitMQ vhost of their own, free
ports, a temp folder, and every nova-lite daemon as a subprocess."""
import contextlib
import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

BIN = pathlib.Path(sys.executable).parent
# the image id the integration clouds boot: without Glance it is taken as it comes
IMAGE_ID = '70a599e0-31e7-49b7-b260-868f441e862b'
INSTALL_HINT = ('RabbitMQ is needed: apt-get install -y rabbitmq-server && '
                'rabbitmq-server -detached (or run .ci/run)')


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout, interval=0.2, message='condition'):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError('Timed out after %ss waiting for %s' % (timeout, message))


class RabbitVhost:
    """A vhost created for one test run and deleted afterwards."""

    def __init__(self):
        self.name = 'nova-lite-test-%s' % uuid.uuid4().hex[:12]
        self.ctl = shutil.which('rabbitmqctl')
        if not self.ctl:
            raise RuntimeError('rabbitmqctl not found. ' + INSTALL_HINT)

    def _ctl(self, *args):
        result = subprocess.run([self.ctl, *args], capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise RuntimeError('rabbitmqctl %s failed: %s\n%s' % (
                ' '.join(args), result.stderr.strip(), INSTALL_HINT))
        return result.stdout

    def create(self):
        self._ctl('add_vhost', self.name)
        self._ctl('set_permissions', '-p', self.name, 'guest', '.*', '.*', '.*')
        return self

    def delete(self):
        try:
            self._ctl('delete_vhost', self.name)
        except RuntimeError:
            pass

    @property
    def url(self):
        return 'rabbit://guest:guest@127.0.0.1:5672/%s' % self.name

    def messages_ready(self, queue):
        """How many messages wait in queue for a consumer to take them."""
        for line in self._ctl('list_queues', '-q', '-p', self.name, 'name',
                              'messages_ready').splitlines():
            name, _, ready = line.partition('\t')
            if name == queue:
                return int(ready)
        return 0


@contextlib.contextmanager
def running(cloud):
    """Start cloud (printing its logs if it cannot start) and stop it afterwards."""
    try:
        cloud.start()
    except Exception:
        cloud.stop()
        print(cloud.logs())
        raise
    try:
        yield cloud
    finally:
        cloud.stop()


class Cloud:
    """Conductor, scheduler, N computes and the API as real processes."""

    def __init__(self, workdir, transport_url, compute_hosts=('compute1', 'compute2'),
                 extra_conf=None):
        self.workdir = pathlib.Path(workdir)
        self.transport_url = transport_url
        self.run_id = uuid.uuid4().hex[:6]
        self.compute_hosts = ['%s-%s' % (h, self.run_id) for h in compute_hosts]
        self.api_port = free_port()
        self.extra_conf = extra_conf or {}
        self.procs = {}
        self.conf_path = self.workdir / 'nova-lite.conf'
        self.db_path = self.workdir / 'nova-lite.sqlite'

    @property
    def endpoint(self):
        return 'http://127.0.0.1:%d/v2.1' % self.api_port

    def write_config(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        sections = {
            'DEFAULT': {'transport_url': self.transport_url, 'host': 'controller-' + self.run_id,
                        'state_path': str(self.workdir), 'log_dir': str(self.workdir / 'logs'),
                        'report_interval': '1', 'service_down_time': '5',
                        'update_resources_interval': '2',
                        'osapi_compute_listen': '127.0.0.1',
                        'osapi_compute_listen_port': str(self.api_port),
                        'debug': 'true'},
            'api': {'auth_strategy': 'noauth2'},
            # these daemons run without Keystone and Glance (devstack tests have both)
            'glance': {'enabled': 'false'},
            'database': {'connection': 'sqlite:///%s' % self.db_path},
        }
        for section, values in self.extra_conf.items():
            sections.setdefault(section, {}).update(values)
        with open(self.conf_path, 'w') as conf:
            for section, values in sections.items():
                conf.write('[%s]\n' % section)
                conf.writelines('%s = %s\n' % item for item in values.items())
        (self.workdir / 'logs').mkdir(exist_ok=True)
        for host in self.compute_hosts:
            (self.workdir / ('%s.conf' % host)).write_text(
                '[DEFAULT]\nhost = %s\nlog_file = %s\n' % (
                    host, self.workdir / 'logs' / ('nova-lite-compute-%s.log' % host)))

    def manage(self, *args, expect=0):
        """nova-lite-manage's output, asserting its exit code is expect (archive_deleted_rows
        says 1 when it archived rows)."""
        result = subprocess.run([str(BIN / 'nova-lite-manage'), '--config-file',
                                 str(self.conf_path), *args],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == expect, result.stdout + result.stderr
        return result.stdout

    def start_daemon(self, name, program, *extra_args):
        out = open(self.workdir / 'logs' / ('%s.out' % name), 'ab')
        self.procs[name] = subprocess.Popen(
            [str(BIN / program), '--config-file', str(self.conf_path), *extra_args],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        return self.procs[name]

    def start_compute(self, host):
        return self.start_daemon(host, 'nova-lite-compute', '--config-file',
                                 str(self.workdir / ('%s.conf' % host)))

    def start(self):
        self.write_config()
        self.manage('db', 'sync')
        self.start_daemon('conductor', 'nova-lite-conductor')
        self.start_daemon('scheduler', 'nova-lite-scheduler')
        for host in self.compute_hosts:
            self.start_compute(host)
        self.start_daemon('api', 'nova-lite-api')
        # a message sent to a topic before its daemon consumes it is dropped: a request
        # right after start-up would wait for the RPC timeout
        wait_until(self._rpc_servers_started, 60, message='every RPC server to start')
        wait_until(self._api_answers, 60, message='nova-lite-api to answer')
        wait_until(lambda: len(self.hypervisors()) == len(self.compute_hosts), 60,
                   message='every compute host to report')
        return self

    def _rpc_servers_started(self):
        logs = [self.workdir / 'logs' / ('nova-lite-%s.log' % name)
                for name in ['conductor', 'scheduler'] +
                ['compute-%s' % host for host in self.compute_hosts]]
        return all(log.exists() and ' started on host ' in log.read_text(errors='replace')
                   for log in logs)

    def stop_daemon(self, name, sig=signal.SIGTERM, timeout=15):
        """Send sig and wait up to timeout, then SIGKILL the daemon's process group.
        Returns its exit code: 0 for a clean stop, -9 when it had to be killed
        (None if it was not started)."""
        return self.stop_daemons([name], sig, timeout)[name]

    def stop_daemons(self, names, sig=signal.SIGTERM, timeout=15):
        """stop_daemon of each of names, all at once: {name: exit code}."""
        procs = {name: self.procs.pop(name, None) for name in names}
        for proc in procs.values():
            if proc is not None and proc.poll() is None:
                proc.send_signal(sig)
        deadline = time.monotonic() + timeout
        for proc in procs.values():
            if proc is None:
                continue
            try:
                proc.wait(timeout=max(0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        return {name: proc and proc.returncode for name, proc in procs.items()}

    def stop(self):
        """Every daemon at once, then the conductor (the others' last calls go to it):
        each takes a second or two to stop its idle RPC listeners, so one after the
        other took 7 s. Returns {name: exit code} as stop_daemons."""
        codes = self.stop_daemons([name for name in self.procs if name != 'conductor'])
        return dict(codes, **self.stop_daemons(['conductor']))

    def _api_answers(self):
        try:
            with urllib.request.urlopen(self.endpoint, timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, OSError):
            return False

    # HTTP, the way any client talks to the API
    def request(self, method, path, body=None, token='admin:admin', headers=None,
                raw_body=None):
        data = raw_body if raw_body is not None else (
            json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.endpoint + path, data=data, method=method)
        request.add_header('X-Auth-Token', token)
        if data is not None:
            request.add_header('Content-Type', 'application/json')
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                payload = response.read()
                return response.status, json.loads(payload) if payload else None
        except urllib.error.HTTPError as error:
            payload = error.read()
            try:
                return error.code, json.loads(payload)
            except ValueError:
                return error.code, payload.decode(errors='replace')

    def get(self, path, **kwargs):
        return self.request('GET', path, **kwargs)

    def boot(self, name, flavor='1'):
        """POST /servers of the image every test boots (no Glance here); its id."""
        status, body = self.request('POST', '/servers', {'server': {
            'name': name, 'imageRef': IMAGE_ID, 'flavorRef': flavor}})
        assert status == 202, body
        return body['server']['id']

    def hypervisors(self):
        status, body = self.get('/os-hypervisors')
        return body['hypervisors'] if status == 200 else []

    def wait_for_status(self, server_id, statuses, timeout=60):
        statuses = (statuses,) if isinstance(statuses, str) else statuses

        def _check():
            status, body = self.get('/servers/%s' % server_id)
            if status == 200 and body['server']['status'] in statuses:
                return body['server']
            return None
        return wait_until(_check, timeout, message='server %s to be %s' % (server_id, statuses))

    def wait_for_gone(self, server_id, timeout=60):
        wait_until(lambda: self.get('/servers/%s' % server_id)[0] == 404, timeout,
                   message='server %s to be deleted' % server_id)

    def logs(self):
        """Every daemon log, for a failing test's report."""
        text = []
        for path in sorted((self.workdir / 'logs').glob('*')):
            text.append('==== %s\n%s' % (path.name, path.read_text(errors='replace')[-4000:]))
        return '\n'.join(text)


class PrivateRabbit:
    """A RabbitMQ node of its own (own port, own data folder) for tests that restart
    the broker: the shared one, and everybody's vhosts on it, stay untouched."""

    def __init__(self):
        # the broker runs as the rabbitmq user: a folder of its own, outside pytest's
        # root-only temp tree
        self.workdir = pathlib.Path(tempfile.mkdtemp(prefix='nova-lite-rabbit-'))
        self.port = free_port()
        self.node = 'nova-lite-test-%s@localhost' % uuid.uuid4().hex[:8]
        self.ctl = shutil.which('rabbitmqctl')
        self.server = shutil.which('rabbitmq-server')
        if not (self.ctl and self.server):
            raise RuntimeError('rabbitmq-server not found. ' + INSTALL_HINT)
        self.env = dict(os.environ, RABBITMQ_NODENAME=self.node,
                        RABBITMQ_NODE_PORT=str(self.port),
                        RABBITMQ_DIST_PORT=str(free_port()),
                        RABBITMQ_MNESIA_BASE=str(self.workdir / 'mnesia'),
                        RABBITMQ_LOG_BASE=str(self.workdir / 'log'),
                        RABBITMQ_ENABLED_PLUGINS_FILE=str(self.workdir / 'enabled_plugins'),
                        RABBITMQ_PID_FILE=str(self.workdir / 'rabbit.pid'))

    @property
    def url(self):
        return 'rabbit://guest:guest@127.0.0.1:%d/' % self.port

    def _ctl(self, *args, timeout=120):
        return subprocess.run([self.ctl, '-n', self.node, *args], env=self.env,
                              capture_output=True, text=True, timeout=timeout, check=True)

    def start(self):
        (self.workdir / 'enabled_plugins').write_text('[].\n')
        for path in [self.workdir, *self.workdir.rglob('*')]:
            shutil.chown(path, 'rabbitmq', 'rabbitmq')
        subprocess.run([self.server, '-detached'], env=self.env, check=True, timeout=60)
        # the node registers with epmd a moment after -detached returns
        self._ctl('wait', str(self.workdir / 'rabbit.pid'), '--timeout', '120', timeout=180)
        return self

    def restart_app(self, down_for=0):
        """Stop the broker (every client connection is closed, transient queues and
        their messages are gone), keep it down for down_for seconds, start it again."""
        self._ctl('stop_app')
        time.sleep(down_for)
        self._ctl('start_app')

    def stop(self):
        try:
            self._ctl('stop', timeout=120)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            pass
        shutil.rmtree(self.workdir, ignore_errors=True)
