"""The faults the reliability suite injects, how it measures that every daemon
came back, and what it checks once the load has settled."""
import collections
import datetime
import signal
import sqlite3
import time

from tests.integration import harness
from tests.reliability import load as load_mod

# The bounds the daemons are held to (seconds). The cloud's config (conftest)
# uses the short intervals below so that every fault settles in seconds.
BUILD_TIMEOUT = 12        # instance_build_timeout: the conductor's stale-build sweep
DELETE_TIMEOUT = 8        # instance_delete_timeout: the conductor's stale-delete sweep
RPC_TIMEOUT = 8           # rpc_response_timeout of every daemon
SERVICE_DOWN_TIME = 5
# seconds RabbitMQ stays stopped: longer than service_down_time, so that every
# service looks down and the API deletes servers itself (their guests must go too)
BROKER_DOWN = SERVICE_DOWN_TIME + 1
DB_LOCKED = RPC_TIMEOUT + 4  # longer than a call waits: callers time out meanwhile
DB_DOWN = BROKER_DOWN     # seconds PostgreSQL stays stopped
DB_CUTTING = 4            # seconds the connections to PostgreSQL are cut as they come
RECOVERY_BOUND = 30       # from the end of a fault until every daemon works again
# from the end of the load until every accepted request is final: a lost build is
# failed by the sweep, a lost delete is sent again, both after RPC timeouts
SETTLE_BOUND = BUILD_TIMEOUT + DELETE_TIMEOUT + 2 * RPC_TIMEOUT + 10

FINAL = ('ACTIVE', 'ERROR')
ADMIN = 'admin:admin'
PROJECT = 'demo-project'  # the load's

# fault -> (seconds until every daemon heart-beat again, until a boot on each host
# succeeded, until every accepted request was final once the load stopped)
MEASURED = {}


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


# The faults. Each returns once the fault is over (broker started, daemon
# started again, lock released): recovery is measured from then.

def restart_broker(cloud, rabbit):
    """RabbitMQ stops (every connection closed, transient queues and the
    messages in them lost) and starts again BROKER_DOWN seconds later."""
    rabbit.restart_app(down_for=BROKER_DOWN)


def kill_daemon(cloud, name):
    """SIGKILL: no clean-up, the messages it was working on are lost with it
    (oslo.messaging acknowledges a message before running it). Started again
    a second later, as systemd's Restart= would."""
    cloud.stop_daemon(name, sig=signal.SIGKILL)
    time.sleep(1)
    if name in cloud.compute_hosts:
        cloud.start_compute(name)
    else:
        cloud.start_daemon(name, 'nova-lite-%s' % name)


def lock_database(cloud):
    """The conductor's database stops answering writes for DB_LOCKED seconds.

    SQLite has no connection a test could cut, and a fault the conductor is told
    about (a signal, an admin call) would test nothing; so another process takes
    the database's write lock, as an `sqlite3` shell, a backup or a long archive
    job really does. Every write of the conductor then waits (its busy_timeout),
    so the object calls of every daemon time out (RPC_TIMEOUT) while the writes
    behind them may still be done once the lock goes: what callers see of a
    database server that hangs for a while. Reads go on (WAL)."""
    connection = sqlite3.connect(str(cloud.db_path), timeout=30, isolation_level=None)
    try:
        connection.execute('BEGIN EXCLUSIVE')
        time.sleep(DB_LOCKED)
        connection.execute('ROLLBACK')
    finally:
        connection.close()


# A fault under load, and the checks afterwards.

def under_load(cloud, fault, inject):
    """Run the boot/delete load, call inject() (it returns once the fault is over)
    while a boot just accepted is being scheduled and earlier ones spawn, measure the
    recovery, stop the load, and check that everything settled with nothing leaked."""
    load = load_mod.BootDeleteLoad(cloud, 'demo:%s' % PROJECT, prefix=fault)
    watcher = load_mod.StateWatcher(cloud, ADMIN)
    load.start()
    watcher.start()
    try:
        harness.wait_until(lambda: len(load.boots) >= 5, 60, message='the load to run')
        accepted = len(load.boots)
        harness.wait_until(lambda: len(load.boots) > accepted, 30, interval=0.01,
                           message='a boot to be accepted')
        inject()
        heartbeats, recovered = wait_for_recovery(cloud, since=utcnow())
        MEASURED[fault] = (heartbeats, recovered, None)
        accepted = len(load.boots)
        harness.wait_until(lambda: len(load.boots) >= accepted + 3, 30,
                           message='boots to be accepted again')
        load.stop()
        print('%s: %s; daemons back after %.1f s' % (fault, load.summary(), recovered))
        servers, settled = wait_until_settled(cloud, load)
    finally:
        load.stop()
        watcher.stop()
    MEASURED[fault] = (heartbeats, recovered, settled)
    print('  settled after %.1f s: %s' % (settled, outcomes(servers)))
    assert not watcher.violations, 'final states that did not stay: %s' % watcher.violations
    check_claims(cloud, servers)
    check_quota_usage(cloud, servers, PROJECT)
    delete_all_and_check_nothing_held(cloud)


def cut_database_connections(server, database):
    """Every connection to the cloud's PostgreSQL database is cut (pg_terminate_backend),
    again and again for DB_CUTTING seconds: transactions in flight fail, and pooled
    connections are dead when next taken."""
    cut, deadline = 0, time.monotonic() + DB_CUTTING
    while time.monotonic() < deadline:
        cut += server.cut_connections(database)
        time.sleep(0.05)
    assert cut > 0, 'no connection to cut'


def restart_database(server):
    """PostgreSQL stops (every connection cut, transactions in flight rolled back) and
    starts again DB_DOWN seconds later."""
    server.restart(down_for=DB_DOWN)


# Recovery: every daemon heart-beats again and a boot on each compute host succeeds.

def _services(cloud):
    try:
        status, body = cloud.get('/os-services')
    except OSError:
        return None
    return body['services'] if status == 200 else None


def _heartbeat_after(cloud, since):
    services = _services(cloud)
    if not services:
        return False
    return all(s['state'] == 'up' and s['updated_at'] and
               datetime.datetime.fromisoformat(s['updated_at']) > since for s in services)


def boot_on(cloud, host, deadline):
    """Boot a server on host (as the admin may: zone nova:<host>) until one is
    ACTIVE; the ones that fail while the cloud recovers are deleted."""
    while time.monotonic() < deadline:
        try:
            status, body = cloud.request('POST', '/servers', {'server': {
                'name': 'probe-%s' % host, 'flavorRef': load_mod.FLAVOR_ID,
                'imageRef': load_mod.IMAGE_ID, 'availability_zone': 'nova:%s' % host}},
                token=ADMIN)
        except OSError:
            status = None
        if status != 202:
            time.sleep(0.5)
            continue
        server_id = body['server']['id']
        server = _wait_status(cloud, server_id, deadline)
        if server and server['status'] == 'ACTIVE':
            return server_id
        cloud.request('DELETE', '/servers/%s' % server_id, token=ADMIN)
    raise AssertionError('no boot on %s succeeded in time\n%s' % (host, cloud.logs()))


def _wait_status(cloud, server_id, deadline):
    while time.monotonic() < deadline:
        try:
            status, body = cloud.get('/servers/%s' % server_id)
        except OSError:
            status = None
        if status == 200 and body['server']['status'] in FINAL:
            return body['server']
        time.sleep(0.2)
    return None


def wait_for_recovery(cloud, since):
    """(seconds until every service heart-beat after `since` (wall clock, UTC),
    seconds until a boot on each compute host was ACTIVE), counted from now: the
    end of the fault."""
    start = time.monotonic()
    try:
        harness.wait_until(lambda: _heartbeat_after(cloud, since), RECOVERY_BOUND,
                           message='every service to heart-beat again')
    except AssertionError:
        raise AssertionError('not every daemon came back within %ss: %s\n%s' % (
            RECOVERY_BOUND, _services(cloud), cloud.logs()))
    heartbeats = time.monotonic() - start
    for host in cloud.compute_hosts:
        boot_on(cloud, host, start + RECOVERY_BOUND)
    return heartbeats, time.monotonic() - start


# What must hold once the load has stopped.

def all_servers(cloud):
    status, body = cloud.get('/servers/detail?all_tenants=1', token=ADMIN)
    assert status == 200, body
    return body['servers']


def _unsettled(cloud, load):
    """What is not final yet: servers in a transitional state or in ERROR with no
    fault (it is written just after the state), accepted boots that vanished,
    accepted deletes not done."""
    servers = all_servers(cloud)
    by_id = {s['id']: s for s in servers}
    problems = ['%s %s task_state %s on %s' % (s['id'], s['status'],
                                               s['OS-EXT-STS:task_state'],
                                               s['OS-EXT-SRV-ATTR:host'])
                for s in servers
                if s['status'] not in FINAL or s['OS-EXT-STS:task_state'] is not None]
    problems += ['%s ERROR without a fault' % s['id'] for s in servers
                 if s['status'] == 'ERROR' and not (s.get('fault') or {}).get('message')]
    problems += ['accepted delete of %s not done' % i for i in load.deletes if i in by_id]
    problems += ['accepted boot %s (%s) vanished without a delete' % (i, name)
                 for i, name in load.boots.items()
                 if i not in by_id and i not in load.deletes and i not in load.unsure]
    return servers, problems


def wait_until_settled(cloud, load):
    """Every accepted request final within SETTLE_BOUND; returns (servers, seconds)."""
    start = time.monotonic()
    while True:
        servers, problems = _unsettled(cloud, load)
        if not problems:
            return servers, time.monotonic() - start
        if time.monotonic() - start > SETTLE_BOUND:
            raise AssertionError('not settled %ss after the load stopped:\n  %s\n%s' % (
                SETTLE_BOUND, '\n  '.join(problems), cloud.logs()))
        time.sleep(0.5)


def outcomes(servers):
    """'12 ACTIVE, 2 ERROR (reason: count, ...)': what the fault did, for the report."""
    reasons = collections.Counter(
        (s.get('fault') or {}).get('message', '?')[:70] for s in servers
        if s['status'] == 'ERROR')
    active = sum(1 for s in servers if s['status'] == 'ACTIVE')
    return '%d ACTIVE, %d ERROR %s' % (active, sum(reasons.values()), dict(reasons))


def allocations(cloud):
    """The claims in the database, (instance uuid, host, vcpus): for failure reports."""
    connection = sqlite3.connect('file:%s?mode=ro' % cloud.db_path, uri=True)
    try:
        return connection.execute(
            'SELECT a.instance_uuid, c.host, a.vcpus FROM allocations a '
            'JOIN compute_nodes c ON c.id = a.compute_node_id').fetchall()
    finally:
        connection.close()


def check_claims(cloud, servers):
    """What each hypervisor has in use is exactly what its ACTIVE servers hold:
    nothing leaked by a failed build, a lost delete or an ERROR. (A claim goes a
    moment after its server turned ERROR: a few seconds are allowed.)"""
    vcpus = cloud.get('/flavors/%s' % load_mod.FLAVOR_ID)[1]['flavor']['vcpus']
    expected = {host: 0 for host in cloud.compute_hosts}
    for server in servers:
        if server['status'] == 'ACTIVE':
            expected[server['OS-EXT-SRV-ATTR:host']] += vcpus

    def _used():
        return {h['hypervisor_hostname']: h['vcpus_used'] for h in
                cloud.get('/os-hypervisors/detail', token=ADMIN)[1]['hypervisors']}
    try:
        harness.wait_until(lambda: _used() == expected, 5, message='claims to match')
    except AssertionError:
        raise AssertionError('vcpus in use %s, ACTIVE servers hold %s; claims: %s' % (
            _used(), expected, allocations(cloud)))


def check_quota_usage(cloud, servers, project_id):
    """The project's quota usage is what it has (no usage left by a failed
    request), in os-quota-sets detail and in /limits."""
    mine = [s for s in servers if s['tenant_id'] == project_id]
    flavor = cloud.get('/flavors/%s' % load_mod.FLAVOR_ID)[1]['flavor']
    has = {'instances': len(mine), 'cores': len(mine) * flavor['vcpus'],
           'ram': len(mine) * flavor['ram']}
    status, body = cloud.get('/os-quota-sets/%s/detail' % project_id, token=ADMIN)
    assert status == 200, body
    assert {r: body['quota_set'][r]['in_use'] for r in has} == has
    status, body = cloud.get('/limits', token='demo:%s' % project_id)
    assert status == 200, body
    absolute = body['limits']['absolute']
    assert {'instances': absolute['totalInstancesUsed'], 'cores': absolute['totalCoresUsed'],
            'ram': absolute['totalRAMUsed']} == has


def delete_all_and_check_nothing_held(cloud):
    """Delete every server: afterwards no claim and no guest remains on any host."""
    for server in all_servers(cloud):
        cloud.request('DELETE', '/servers/%s' % server['id'], token=ADMIN)
    harness.wait_until(lambda: not all_servers(cloud), SETTLE_BOUND,
                       message='every server to be deleted')

    def _empty():
        hypervisors = cloud.get('/os-hypervisors/detail', token=ADMIN)[1]['hypervisors']
        return all(h['vcpus_used'] == 0 and h['running_vms'] == 0 for h in hypervisors)
    try:
        harness.wait_until(_empty, 10, message='every host to be empty')
    except AssertionError:
        raise AssertionError('claims or guests left with no server: %s; claims %s' % (
            cloud.get('/os-hypervisors/detail', token=ADMIN)[1], allocations(cloud)))


def summary(terminalreporter):
    """The recovery times the tests of this run reported (recovery_reported), as a
    table at the end of the run (tests/conftest.py: pytest_terminal_summary)."""
    measured = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, value in getattr(report, 'user_properties', ()):
                if name == 'recovery':
                    measured[value[0]] = value[1]
    if not measured:
        return
    terminalreporter.section('reliability: seconds from the end of each fault (under load)')
    row = '%-26s %14s %14s %16s'
    terminalreporter.write_line(row % ('fault', 'all heart-beat', 'boots succeed',
                                       'all final after'))
    terminalreporter.write_line(row % ('(bound)', '', '< %d' % RECOVERY_BOUND,
                                       '< %d' % SETTLE_BOUND))
    for fault, times in measured.items():
        terminalreporter.write_line(row % ((fault,) + tuple(
            '-' if t is None else '%.1f' % t for t in times)))
