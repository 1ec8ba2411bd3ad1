"""A steady boot/delete load through the API, in background threads, that
records every request the API accepted; and a watcher of the servers' states."""
import itertools
import random
import threading

IMAGE_ID = '70a599e0-31e7-49b7-b260-868f441e862b'
FLAVOR_ID = '1'


class BootDeleteLoad:
    """Boots and deletes servers of one project through the API: one thread boots
    and one deletes (so that a delete is in flight too when a fault hits), each a
    request every `interval` seconds, keeping `live_target` / 2 to `live_target` of
    its servers alive.

    boots: server id -> name, of every boot answered 202; deletes: ids of every
    delete answered 204; unsure: ids whose delete got no answer or a 5xx (it may
    have happened); refused: (what, status or error) of everything not accepted.
    """

    def __init__(self, cloud, token, prefix, interval=0.3, live_target=10):
        self.cloud = cloud
        self.token = token
        self.prefix = prefix
        self.interval = interval
        self.live_target = live_target
        self.random = random.Random(prefix)  # the same choices on every run
        self.boots = {}
        self.deletes = set()
        self.unsure = set()
        self.refused = []
        self._names = itertools.count()
        self._live = []
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(act,), daemon=True,
                                          name='load-%s-%s' % (prefix, act.__name__))
                         for act in (self._boot_next, self._delete_next)]

    def start(self):
        for thread in self._threads:
            thread.start()

    def stop(self):
        self._stop_event.set()
        for thread in self._threads:
            thread.join(timeout=120)
            assert not thread.is_alive(), 'the load thread did not stop'

    def _run(self, act):
        while not self._stop_event.is_set():
            act()
            self._stop_event.wait(self.interval)

    def _boot_next(self):
        with self._lock:
            if len(self._live) >= self.live_target:
                return
        self._boot_server()

    def _delete_next(self):
        with self._lock:
            if len(self._live) <= self.live_target // 2:
                return
            server_id = self._live.pop(self.random.randrange(len(self._live)))
        self._delete_server(server_id)

    def _request(self, what, method, path, body=None):
        try:
            return self.cloud.request(method, path, body, token=self.token)
        except OSError as error:  # API down or a call inside it timed out
            self.refused.append((what, repr(error)))
            return None, None

    def _boot_server(self):
        name = '%s-%d' % (self.prefix, next(self._names))
        status, body = self._request('boot', 'POST', '/servers', {'server': {
            'name': name, 'flavorRef': FLAVOR_ID, 'imageRef': IMAGE_ID}})
        if status == 202:
            self.boots[body['server']['id']] = name
            with self._lock:
                self._live.append(body['server']['id'])
        elif status is not None:
            self.refused.append(('boot', status))

    def _delete_server(self, server_id):
        status, _ = self._request('delete', 'DELETE', '/servers/%s' % server_id)
        if status == 204:
            self.deletes.add(server_id)
        elif status is None or status >= 500:
            self.unsure.add(server_id)
            if status is not None:
                self.refused.append(('delete', status))
        else:
            self.refused.append(('delete', status))
            with self._lock:
                self._live.append(server_id)  # not deleted (409: busy): again later

    def summary(self):
        return '%d boots and %d deletes accepted, %d refused' % (
            len(self.boots), len(self.deletes), len(self.refused))


BUILD_TASK_STATES = ('scheduling', 'networking', 'block_device_mapping', 'spawning')


class StateWatcher(threading.Thread):
    """Polls every server's state and records what a final state must never do:
    ACTIVE or ERROR going back to a build (BUILD, or a build task_state), or ERROR
    turning ACTIVE without anybody asking. violations: the servers and what they did."""

    def __init__(self, cloud, token, interval=0.3):
        super().__init__(name='state-watcher', daemon=True)
        self.cloud = cloud
        self.token = token
        self.interval = interval
        self.violations = {}
        self._last = {}
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.is_set():
            self.poll()
            self._stop_event.wait(self.interval)

    def poll(self):
        try:
            status, body = self.cloud.get('/servers/detail?all_tenants=1', token=self.token)
        except OSError:
            return
        if status != 200:
            return
        for server in body['servers']:
            state = (server['status'], server['OS-EXT-STS:task_state'])
            last = self._last.get(server['id'])
            if last and last[0] in ('ACTIVE', 'ERROR') and (
                    state[0] == 'BUILD' or state[1] in BUILD_TASK_STATES or
                    (last[0], state[0]) == ('ERROR', 'ACTIVE')):
                self.violations.setdefault(server['id'], []).append('%s -> %s' % (last, state))
            self._last[server['id']] = state

    def stop(self):
        self._stop_event.set()
        self.join(timeout=30)
        self.poll()
