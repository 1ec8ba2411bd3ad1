"""Every endpoint of the router, called as an admin, a member of the owning project, a
member of another project and a reader of the owning project, each answer checked
against the policy defaults: nobody reads or writes across projects, members get 403
from admin-only APIs, readers from writes.

One row per endpoint (method, path, and action for POST .../action), keyed as
nova_lite.api.openapi lists them from the router: a new route or action without a
row fails test_every_endpoint_has_a_row. Identities come through the keystone
pipeline (KeystoneContext, without auth_token) so a reader has only 'reader'.
"""
import pytest

from nova_lite import context as nl_context
from nova_lite import objects
from nova_lite import policies
from nova_lite.api import api_version
from nova_lite.api import app as api_app
from nova_lite.api import openapi
from nova_lite.policies import base
from nova_lite.policies import keypairs
from tests.functional import conftest as fx
from tests.functional.policy_rows import ROWS
from tests.functional.policy_rows import VARIANTS

OWNER_PROJECT = 'demo-project'
PERSONAS = {  # user, project, roles; the denied ones go first so they change nothing
    'other': ('alt', 'alt-project', ['member', 'reader']),
    'reader': ('reader', OWNER_PROJECT, ['reader']),
    'member': ('demo', OWNER_PROJECT, ['member', 'reader']),
    'admin': ('admin', 'admin', ['admin', 'member', 'reader']),
}
# who passes each kind of default, when the thing belongs to the owner's project ('own':
# the caller's own project, as in a list or a create)
ALLOWED = {
    'admin': {'admin'},
    'read': {'admin', 'member', 'reader'},
    'write': {'admin', 'member'},
    'own-read': {'admin', 'member', 'reader', 'other'},
    'own-write': {'admin', 'member', 'other'},
    'anyone': {'admin', 'member', 'reader', 'other'},
    'user': {'admin', 'member'},  # the key pairs of the user 'demo'
}
SUCCESS = set(range(200, 300)) | {409}  # 409: allowed, but not in this state


class IdentityClient(fx.APIClient):
    """Sends the headers auth_token leaves for KeystoneContext: who, which project, roles."""

    def __init__(self, app, user, project, roles):
        super().__init__(app, user, project)
        self.identity = {'X-User-Id': user, 'X-Project-Id': project,
                         'X-Roles': ','.join(roles)}

    def call(self, method, path, body=None, version=api_version.MAX_VERSION):
        headers = dict(self.identity, **{'OpenStack-API-Version': 'compute %s' % version})
        return self.request(method, '/v2.1' + path, body=body, headers=headers, token=False)


def endpoints():
    """(method, path, action or None) of every endpoint the router serves."""
    for route, path, method, method_name, _ in openapi.operations():
        if method_name == 'action':
            for action in openapi.actions(route):
                yield method, path, action
        else:
            yield method, path, None


def test_every_endpoint_has_a_row():
    missing = set(endpoints()) - set(ROWS)
    stale = set(ROWS) - set(endpoints())
    assert not missing, 'endpoints without a row in policy_rows.ROWS: %s' % sorted(
        missing, key=str)
    assert not stale, 'rows of endpoints the router does not serve: %s' % sorted(
        stale, key=str)


# the default a row's one rule must have for the access the row expects
DEFAULTS = {'admin': {base.ADMIN}, 'read': {base.PROJECT_READER_OR_ADMIN},
            'own-read': {base.PROJECT_READER_OR_ADMIN}, 'anyone': {base.ANY},
            'write': {base.PROJECT_MEMBER_OR_ADMIN}, 'own-write': {base.PROJECT_MEMBER_OR_ADMIN},
            'user': {keypairs.OWNER, keypairs.OWNER_WRITE}}


def test_rows_agree_with_the_policy_defaults():
    """A row names real rules; when one rule decides, its default is the row's access
    (an admin-only API whose default became weaker fails here)."""
    defaults = {rule.name: rule.check_str for rule in policies.list_rules()}
    for key, row in list(ROWS.items()) + list(VARIANTS.values()):
        for rule in row.rules:
            assert rule in defaults, (key, rule)
        if len(row.rules) == 1:
            assert defaults[row.rules[0]] in DEFAULTS[row.access], (key, row.rules[0])


@pytest.fixture
def matrix_cloud(make_cloud, tmp_path):
    packaged = (api_app.PACKAGED_ETC / 'api-paste.ini').read_text()
    paste = tmp_path / 'api-paste.ini'
    paste.write_text(packaged.replace(' authtoken keystonecontext', ' keystonecontext'))
    # the rows that delete boot a server for each persona (two of them stay, refused) and
    # the deletes finish in the background: with the default 10 servers, the next such
    # row's boots passed the quota only if the last one's deletes had finished (in a CI
    # run under load they had not)
    cloud = make_cloud([('auth_strategy', 'keystone', 'api'),
                        ('api_paste_config', str(paste), 'wsgi'), ('instances', 20, 'quota')])
    clients = {name: IdentityClient(cloud.app, *identity)
               for name, identity in PERSONAS.items()}
    return cloud, clients


def _ok(resp, *codes):
    assert resp.status in codes, resp
    return resp.body


class Fixtures(dict):
    """Things of the owner's project (and admin's) the rows name, made through the API."""

    def __init__(self, clients):
        super().__init__()
        self.admin, self.member = clients['admin'], clients['member']
        self.counter = 0
        for name in ('server', 'actions', 'lockable', 'locked'):
            self[name] = self.boot(name)
        for name in ('server', 'actions', 'lockable', 'locked'):
            fx.wait_for(lambda: self.status(self[name]) == 'ACTIVE', '%s ACTIVE' % name)
        self.admin.call('POST', '/servers/%s/metadata' % self['server'],
                        {'metadata': {'k': 'v'}})
        _ok(self.admin.call('PUT', '/servers/%s/tags/t' % self['server']), 201)
        _ok(self.member.call('POST', '/servers/%s/action' % self['locked'], {'lock': None}),
            202)
        self['request_id'] = _ok(self.admin.call(
            'GET', '/servers/%s/os-instance-actions' % self['server']),
            200)['instanceActions'][0]['request_id']
        self['flavor'] = self.flavor()
        _ok(self.admin.call('POST', '/flavors/%s/action' % self['flavor'],
                            {'addTenantAccess': {'tenant': OWNER_PROJECT}}), 200)
        _ok(self.admin.call('POST', '/flavors/%s/os-extra_specs' % self['flavor'],
                            {'extra_specs': {'k': 'v'}}), 200)
        self['diskless'] = _ok(self.admin.call('POST', '/flavors', {'flavor': {
            'name': 'diskless', 'ram': 64, 'vcpus': 1, 'disk': 0}}), 200)['flavor']['id']
        self['keypair'] = self.keypair()
        self['aggregate'] = self.aggregate()
        self['group'] = self.group()
        self['hypervisor'] = _ok(self.admin.call('GET', '/os-hypervisors'),
                                 200)['hypervisors'][0]['id']
        self['service'] = next(s['id'] for s in _ok(self.admin.call('GET', '/os-services'),
                                                   200)['services']
                               if s['binary'] == 'nova-compute')
        self.update(project=OWNER_PROJECT, meta='k', tag='t', spec='k', image=fx.IMAGE_ID,
                    pattern='host', quota_class='default')

    def unique(self, prefix):
        self.counter += 1
        return '%s-%d' % (prefix, self.counter)

    def boot(self, name):
        body = {'server': {'name': name, 'flavorRef': fx.TINY, 'imageRef': fx.IMAGE_ID,
                           'networks': 'none'}}
        return _ok(self.member.call('POST', '/servers', body), 202)['server']['id']

    def status(self, server_id):
        return _ok(self.admin.call('GET', '/servers/%s' % server_id), 200)['server']['status']

    def flavor(self):
        flavor_id = self.unique('private-flavor')
        _ok(self.admin.call('POST', '/flavors', {'flavor': {
            'name': flavor_id, 'id': flavor_id, 'ram': 64, 'vcpus': 1, 'disk': 1,
            'os-flavor-access:is_public': False}}), 200)
        return flavor_id

    def keypair(self):
        name = self.unique('kp')
        _ok(self.admin.call('POST', '/os-keypairs', {'keypair': {'name': name,
                                                                 'user_id': 'demo'}}), 201)
        return name

    def aggregate(self):
        return _ok(self.admin.call('POST', '/os-aggregates', {'aggregate': {
            'name': self.unique('agg')}}), 200)['aggregate']['id']

    def group(self):
        return _ok(self.member.call('POST', '/os-server-groups', {'server_group': {
            'name': 'g', 'policy': 'affinity'}}), 200)['server_group']['id']

    def service(self):
        service = objects.Service(nl_context.get_admin_context(), host=self.unique('spare'),
                                  binary='nova-scheduler', topic='scheduler')
        service.create()
        return service.uuid


def _secrets(fixtures):
    """What another project must never see in an answer it gets."""
    return [fixtures[name] for name in ('server', 'actions', 'locked', 'lockable',
                                        'group', 'request_id', 'flavor')]


def _check(row, persona, resp, fixtures):
    """'' if the answer is what the defaults say, else why not."""
    if persona in row.hidden_from:
        expected = row.denied
    elif persona in ALLOWED[row.access]:
        expected = row.ok or SUCCESS
    else:
        expected = {403}
    if resp.status in expected and persona == 'other' and 200 <= resp.status < 300:
        leaked = [secret for secret in _secrets(fixtures) if str(secret) in resp.text]
        if leaked:
            return 'leaks %s' % leaked
    return '' if resp.status in expected else 'expected %s, got %s %s' % (
        sorted(expected)[:4], resp.status, resp.text[:200])


def _fill(value, values):
    """The body with its '{fixture}' strings replaced."""
    if isinstance(value, dict):
        return {key: _fill(item, values) for key, item in value.items()}
    if isinstance(value, str) and value.startswith('{'):
        return value.format(**values)
    return value


def _call_as_everyone(key, row, clients, fixtures):
    """[what was wrong] with the answers to this row's request as each persona."""
    method, path, action = key
    action = ' ' + action if action else ''
    wrong = []
    for persona, client in clients.items():
        try:
            values = dict(fixtures, **(row.prepare(fixtures, persona) if row.prepare else {}))
        except AssertionError as error:  # said with the other rows' problems, not alone
            wrong.append('%s %s%s as %s: could not prepare: %s' % (
                method, path, action, persona, error))
            continue
        body = _fill(row.body(persona) if callable(row.body) else row.body, values)
        url = path.replace('{id}', '{%s}' % row.id).replace(
            '{server_id}', '{server}').replace('{flavor_id}', '{flavor}')
        url = url.format(**values) + row.query
        resp = client.call(method, url, body, row.version)
        problem = _check(row, persona, resp, fixtures)
        if problem:
            wrong.append('%s %s%s as %s: %s' % (method, url, action, persona, problem))
    return wrong


def test_policy_matrix(matrix_cloud):
    cloud, clients = matrix_cloud
    fixtures = Fixtures(clients)
    wrong = []
    for key, row in ROWS.items():
        wrong += _call_as_everyone(key, row, clients, fixtures)
    for name, (key, row) in VARIANTS.items():
        wrong += ['(%s) %s' % (name, problem)
                  for problem in _call_as_everyone(key, row, clients, fixtures)]
    assert not wrong, '\n'.join(wrong)
    fx.wait_for(lambda: not _deleting(clients['admin']), "the rows' deletes to finish")


def _deleting(admin):
    servers = _ok(admin.call('GET', '/servers/detail?all_tenants=1'), 200)['servers']
    return [server['id'] for server in servers
            if server['OS-EXT-STS:task_state'] == 'deleting']
