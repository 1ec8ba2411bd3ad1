"""The functional level: every service in this process on oslo.messaging's
fake:// transport, the real paste pipeline in front, driven through WSGI
requests as a client would drive it over HTTP.

As upstream's functional tests do, objects stay local
(NovaLiteObject.indirection_api is None): every service reaches the
database directly instead of through the conductor.
"""
import json
import threading
import time
from concurrent import futures

import oslo_messaging as messaging
import pytest
import webob
from oslo_messaging._drivers import impl_fake

from nova_lite import context as nl_context
from nova_lite import objects
from nova_lite import service
from nova_lite.api import app as api_app
from nova_lite.compute import manager as compute_manager
from nova_lite.conductor import manager as conductor_manager
from nova_lite.scheduler import manager as scheduler_manager

IMAGE_ID = '70a599e0-31e7-49b7-b260-868f441e862b'
TINY = '1'       # m1.tiny: 512 MB, 1 vCPU, 1 GB
XLARGE = '5'     # m1.xlarge: 16384 MB, bigger than any fake host here
COMPUTE_HOSTS = ('host1', 'host2')
CONTROLLER = 'controller'
WAIT_TIMEOUT = 30.0
POLL_INTERVAL = 0.05
RESERVED_MB = 512  # reserved_host_memory_mb: counted as used on every hypervisor

# How every functional cloud is configured; a test adds (name, value, group)
# triples through make_cloud(overrides) when it needs another size or policy.
CLOUD_CONF = (
    ('host', CONTROLLER, None),  # this process's own host: the controller's services'
    ('auth_strategy', 'noauth2', 'api'),
    ('report_interval', 1, None),
    ('service_down_time', 3, None),
    ('periodic_interval', 1, None),
    ('update_resources_interval', 1, None),
    ('reserved_host_memory_mb', RESERVED_MB, None),
    ('vcpus', 8, 'fake_driver'),
    ('memory_mb', 8192, 'fake_driver'),
    ('local_gb', 100, 'fake_driver'),
)


class Response:
    """What came back: status, headers and the JSON body (None when empty)."""

    def __init__(self, webob_response):
        self.status = webob_response.status_int
        self.headers = webob_response.headers
        self.text = webob_response.text if webob_response.body else ''
        self.body = None
        if webob_response.body and 'json' in (webob_response.content_type or ''):
            self.body = json.loads(webob_response.body)

    def __repr__(self):
        return '<Response %s %s>' % (self.status, self.text[:500])


class APIClient:
    """Sends requests through the paste app as 'X-Auth-Token: user:project'."""

    def __init__(self, app, user='admin', project='admin', microversion=None):
        self.app = app
        self.token = '%s:%s' % (user, project)
        self.microversion = microversion

    def request(self, method, path, body=None, raw_body=None, headers=None,
                token=True):
        req = webob.Request.blank(path, method=method)
        if token:
            req.headers['X-Auth-Token'] = self.token
        if self.microversion:
            req.headers['OpenStack-API-Version'] = 'compute %s' % self.microversion
        if body is not None:
            raw_body = json.dumps(body).encode()
        if raw_body is not None:
            req.body = raw_body
            req.content_type = 'application/json'
        for key, value in (headers or {}).items():
            req.headers[key] = value
        return Response(req.get_response(self.app))

    def get(self, path, **kwargs):
        return self.request('GET', path, **kwargs)

    def post(self, path, body=None, **kwargs):
        return self.request('POST', path, body=body, **kwargs)

    def delete(self, path, **kwargs):
        return self.request('DELETE', path, **kwargs)

    def create_server(self, name, flavor_ref=TINY, image_ref=IMAGE_ID, **extra):
        server = {'name': name, 'flavorRef': flavor_ref, 'imageRef': image_ref}
        server.update(extra)
        return self.post('/v2.1/servers', {'server': server})


def wait_for(predicate, what, timeout=WAIT_TIMEOUT):
    """Poll predicate() until it returns something true; fail saying what was awaited."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(POLL_INTERVAL)
    pytest.fail('Timed out after %ss waiting for %s (last seen: %r)' % (timeout, what, last))


class Cloud:
    """The running services, the API app and clients to drive it."""

    def __init__(self, app):
        self.app = app
        self.services = []  # running; make_cloud stops what is left on teardown
        self.admin = APIClient(app)
        self.member = APIClient(app, 'demo', 'demo-project')
        self.other = APIClient(app, 'alt', 'alt-project')

    def client(self, user, project, microversion=None):
        return APIClient(self.app, user, project, microversion)

    def compute(self, host):
        return next(s for s in self.services
                    if s.binary == 'nova-compute' and s.host == host)

    def start_service(self, host, binary, topic, manager):
        svc = service.Service(host, binary, topic, manager)
        svc.start()
        self.services.append(svc)
        return svc

    def start_compute(self, host):
        """Start (or restart) the compute service of host."""
        return self.start_service(host, 'nova-compute', 'compute',
                                  compute_manager.ComputeManager(host))

    def stop_service(self, svc):
        """Stop one service as if its daemon died: no more RPC, no more heartbeats."""
        self.services.remove(svc)
        svc.stop()

    def get_server(self, server_id):
        resp = self.admin.get('/v2.1/servers/%s' % server_id)
        assert resp.status == 200, resp
        return resp.body['server']

    def wait_for_state(self, server_id, status, timeout=WAIT_TIMEOUT):
        """GET the server (as admin) until its status is `status`; a server
        that settles in another final state fails at once, with its fault."""
        final = {'ACTIVE', 'ERROR'} - {status}
        deadline = time.monotonic() + timeout
        server = None
        while time.monotonic() < deadline:
            server = self.get_server(server_id)
            if server['status'] == status and server['OS-EXT-STS:task_state'] is None:
                return server
            if server['status'] in final and server['OS-EXT-STS:task_state'] is None:
                pytest.fail('Server %s went %s instead of %s; fault: %s' % (
                    server_id, server['status'], status, server.get('fault')))
            time.sleep(POLL_INTERVAL)
        pytest.fail('Server %s did not reach %s within %ss; last seen %s/%s' % (
            server_id, status, timeout, server and server['status'],
            server and server['OS-EXT-STS:task_state']))

    def wait_for_deleted(self, server_id, timeout=WAIT_TIMEOUT):
        wait_for(lambda: self.admin.get('/v2.1/servers/%s' % server_id).status == 404,
                 'server %s to be deleted' % server_id, timeout)

    def boot(self, name, flavor_ref=TINY, client=None, status='ACTIVE'):
        """POST a server and wait until it is `status`; returns the server body."""
        resp = (client or self.admin).create_server(name, flavor_ref)
        assert resp.status == 202, resp
        return self.wait_for_state(resp.body['server']['id'], status)

    def hypervisor(self, host):
        resp = self.admin.get('/v2.1/os-hypervisors/detail')
        assert resp.status == 200, resp
        return next(h for h in resp.body['hypervisors'] if h['service']['host'] == host)


@pytest.fixture
def make_cloud(conf, db, fake_rpc):
    """make_cloud(overrides=()) starts conductor, scheduler and two computes
    (host1, host2) in this process and loads the API's paste app."""
    clouds = []

    def _make(overrides=()):
        for name, value, group in tuple(CLOUD_CONF) + tuple(overrides):
            conf(name, value, group)
        cloud = Cloud(api_app.load_app())
        clouds.append(cloud)
        cloud.start_service(CONTROLLER, 'nova-conductor', 'conductor',
                            conductor_manager.ConductorManager(CONTROLLER))
        cloud.start_service(CONTROLLER, 'nova-scheduler', 'scheduler',
                            scheduler_manager.SchedulerManager(CONTROLLER))
        for host in COMPUTE_HOSTS:
            cloud.start_compute(host)
        return cloud

    yield _make
    services = [svc for cloud in clouds for svc in cloud.services]
    # stopped side by side: each RPC server takes about a second to drain
    service.side_by_side([svc.stop for svc in services])
    finish_handlers(services)


def finish_handlers(services):
    """Wait for the messages the stopped services were still handling. A build whose
    call the stopped scheduler never took would wait out the RPC timeout, then write its
    failure into the next test's database and log into a closed capture (and the run
    waited for it at exit): such calls are answered with a timeout now."""
    executors = [server._work_executor for svc in services for server in svc.rpcservers
                 if server._work_executor is not None]
    finished = threading.Event()

    def join():
        for executor in executors:  # the pools that do not wait at stop (rpc.get_server)
            futures.ThreadPoolExecutor.shutdown(executor, wait=True)
        finished.set()
    threading.Thread(target=join, daemon=True).start()
    deadline = time.monotonic() + WAIT_TIMEOUT
    while not finished.wait(POLL_INTERVAL) and time.monotonic() < deadline:
        for topic, reply_q in untaken_calls(take=True):
            reply_q.put((None, messaging.MessagingTimeout(
                'the test stopped its services before this call to %s was taken' % topic)))


def untaken_calls(take=False):
    """(topic, reply queue) of each call queued on the fake transport that no listener
    has taken; with take, taken off its queue."""
    calls = []
    for exchange in list(impl_fake.FakeExchangeManager._exchanges.values()):
        with exchange._queues_lock:
            for (topic, _), queue in (list(exchange._topic_queues.items()) +
                                      list(exchange._server_queues.items())):
                for message in [m for m in queue if m[2] is not None]:  # (.., reply_q, ..)
                    calls.append((topic, message[2]))
                    if take:
                        queue.remove(message)
    return calls


@pytest.fixture
def cloud(make_cloud):
    return make_cloud()


@pytest.fixture
def at(cloud, max_microversion):
    """at(version, user='admin', project='admin'): a client asking for that microversion
    (the API accepts up to 2.88 in the test, for behaviour built ahead of MAX_VERSION)."""
    max_microversion('2.88')

    def _client(version, user='admin', project='admin'):
        return cloud.client(user, project, microversion=version)
    return _client


@pytest.fixture
def ctxt():
    return nl_context.get_admin_context()


def all_instances(read_deleted='yes'):
    """Every instance row, deleted ones too unless told otherwise."""
    context = nl_context.get_admin_context(read_deleted=read_deleted)
    return list(objects.InstanceList.get_by_filters(context, {}))
