"""The rows of test_policy_matrix.py: for every endpoint, who may call it (access),
the policy rules it checks (the first one decides), and a request that would succeed
for who may: its path parameters are fixtures (Row.id names the one {id} stands
for), prepare() makes a fresh target for each caller where the call destroys it."""
import dataclasses
import typing
import urllib.parse

from nova_lite.api import api_version
from nova_lite.policies import servers as servers_policies
from tests.functional import conftest as fx

# another project's servers, server groups and private flavors are not found: 404
OTHER = ('other',)


@dataclasses.dataclass
class Row:
    access: str                 # a key of test_policy_matrix.ALLOWED
    rules: tuple = ()
    body: typing.Any = None     # or body(persona)
    id: str = 'server'          # the fixture {id} stands for
    query: str = ''
    version: str = api_version.MAX_VERSION
    ok: frozenset = None        # the answers that mean "allowed" (default 2xx and 409)
    hidden_from: tuple = ()
    denied: frozenset = frozenset({404})  # what hidden_from get (400: a body names it)
    prepare: typing.Callable = None  # prepare(fixtures, persona) -> more fixtures


def row(access, *rules, **kwargs):
    for key in ('ok', 'denied'):
        if key in kwargs:
            kwargs[key] = frozenset(kwargs[key])
    return Row(access, tuple('os_compute_api:' + r for r in rules), **kwargs)


def _server_row(access, rule, **kwargs):
    return row(access, rule, hidden_from=OTHER, **kwargs)


def _action(access, rule, body, **kwargs):
    kwargs.setdefault('id', 'actions')
    return _server_row(access, rule, body=body, **kwargs)


def _fresh(make):
    return lambda fixtures, persona: {'fresh': make(fixtures)}


def _fresh_metadata(fixtures):
    key = fixtures.unique('del')
    fixtures.admin.call('POST', '/servers/%s/metadata' % fixtures['server'],
                        {'metadata': {key: 'x'}})
    return key


def _fresh_tag(fixtures):
    tag = fixtures.unique('del')
    fixtures.admin.call('PUT', '/servers/%s/tags/%s' % (fixtures['server'], tag))
    return tag


def _fresh_spec(fixtures):
    key = fixtures.unique('del')
    fixtures.admin.call('POST', '/flavors/%s/os-extra_specs' % fixtures['flavor'],
                        {'extra_specs': {key: 'x'}})
    return key


def _console_token(fixtures, persona):
    resp = fixtures.admin.call('POST', '/servers/%s/remote-consoles' % fixtures['server'],
                               {'remote_console': {'protocol': 'vnc', 'type': 'novnc'}})
    url = urllib.parse.unquote(resp.body['remote_console']['url'])
    return {'token': url.split('token=')[1].split('&')[0]}


def _with_access(fixtures, persona):
    fixtures.admin.call('POST', '/flavors/%s/action' % fixtures['flavor'],
                        {'addTenantAccess': {'tenant': 'rm-project'}})
    return {}


def _with_host(fixtures, persona):
    fixtures.admin.call('POST', '/os-aggregates/%s/action' % fixtures['aggregate'],
                        {'add_host': {'host': 'host1'}})
    return {}


SERVERS = '/servers/{id}/action'
META = '/servers/{server_id}/metadata'
TAGS = '/servers/{server_id}/tags'
SPECS = '/flavors/{flavor_id}/os-extra_specs'
ACTIONS = '/servers/{server_id}/os-instance-actions'

ROWS = {
    ('GET', '/servers', None): row('own-read', 'servers:index'),
    ('POST', '/servers', None): row('own-write', 'servers:create', body={'server': {
        'name': 'new', 'flavorRef': fx.TINY, 'imageRef': fx.IMAGE_ID, 'networks': 'none'}}),
    ('GET', '/servers/detail', None): row('own-read', 'servers:detail'),
    ('GET', '/servers/{id}', None): _server_row('read', 'servers:show'),
    ('PUT', '/servers/{id}', None): _server_row('write', 'servers:update',
                                                body={'server': {'name': 'renamed'}}),
    ('DELETE', '/servers/{id}', None): _server_row(
        'write', 'servers:delete', id='fresh', prepare=_fresh(lambda f: f.boot('doomed'))),
    ('POST', SERVERS, 'os-start'): _action('write', 'servers:start', {'os-start': None}),
    ('POST', SERVERS, 'os-stop'): _action('write', 'servers:stop', {'os-stop': None}),
    ('POST', SERVERS, 'reboot'): _action('write', 'servers:reboot',
                                         {'reboot': {'type': 'SOFT'}}),
    ('POST', SERVERS, 'rebuild'): _action('write', 'servers:rebuild',
                                          {'rebuild': {'imageRef': fx.IMAGE_ID}}),
    ('POST', SERVERS, 'createImage'): _action(
        'write', 'servers:create_image', {'createImage': {'name': 'snap'}},
        ok=(202, 409, 503)),  # 503: no Glance in the functional cloud
    ('POST', SERVERS, 'trigger_crash_dump'): _action(
        'write', 'servers:trigger_crash_dump', {'trigger_crash_dump': None},
        ok=(202, 400, 409)),
    ('POST', SERVERS, 'os-resetState'): _action(
        'admin', 'os-admin-actions:reset_state', {'os-resetState': {'state': 'active'}}),
    ('POST', SERVERS, 'lock'): _action('write', 'os-lock-server:lock', {'lock': None},
                                       id='lockable'),
    ('POST', SERVERS, 'unlock'): _action('write', 'os-lock-server:unlock', {'unlock': None},
                                         id='locked'),
    ('POST', SERVERS, 'pause'): _action('write', 'os-pause-server:pause', {'pause': None}),
    ('POST', SERVERS, 'unpause'): _action('write', 'os-pause-server:unpause',
                                          {'unpause': None}),
    ('POST', SERVERS, 'suspend'): _action('write', 'os-suspend-server:suspend',
                                          {'suspend': None}),
    ('POST', SERVERS, 'resume'): _action('write', 'os-suspend-server:resume',
                                         {'resume': None}),
    ('POST', SERVERS, 'rescue'): _action('write', 'os-rescue', {'rescue': None}),
    ('POST', SERVERS, 'unrescue'): _action('write', 'os-unrescue', {'unrescue': None}),
    ('POST', SERVERS, 'shelve'): _action('write', 'os-shelve:shelve', {'shelve': None}),
    ('POST', SERVERS, 'shelveOffload'): _action('admin', 'os-shelve:shelve_offload',
                                                {'shelveOffload': None}),
    ('POST', SERVERS, 'unshelve'): _action('write', 'os-shelve:unshelve', {'unshelve': None}),
    ('POST', SERVERS, 'os-getConsoleOutput'): _action(
        'write', 'os-console-output', {'os-getConsoleOutput': {}}, id='server'),
    ('POST', SERVERS, 'os-getVNCConsole'): _action(
        'write', 'os-remote-consoles', {'os-getVNCConsole': {'type': 'novnc'}}, id='server',
        version='2.5'),
    ('POST', SERVERS, 'restore'): _action('write', 'os-deferred-delete:restore',
                                          {'restore': None}),
    # forceDelete deletes a server in any state: each caller gets one of its own
    ('POST', SERVERS, 'forceDelete'): _action(
        'write', 'os-deferred-delete:force', {'forceDelete': None}, id='fresh',
        prepare=_fresh(lambda f: f.boot('doomed'))),
    ('GET', META, None): _server_row('read', 'server-metadata:index'),
    ('POST', META, None): _server_row('write', 'server-metadata:create',
                                      body={'metadata': {'a': 'b'}}),
    ('PUT', META, None): _server_row('write', 'server-metadata:update_all',
                                     body={'metadata': {'k': 'v'}}),
    ('GET', META + '/{id}', None): _server_row('read', 'server-metadata:show', id='meta'),
    ('PUT', META + '/{id}', None): _server_row('write', 'server-metadata:update', id='meta',
                                               body={'meta': {'k': 'v'}}),
    ('DELETE', META + '/{id}', None): _server_row(
        'write', 'server-metadata:delete', id='fresh', prepare=_fresh(_fresh_metadata)),
    ('GET', TAGS, None): _server_row('read', 'os-server-tags:index'),
    ('PUT', TAGS, None): _server_row('write', 'os-server-tags:update_all',
                                     body={'tags': ['t']}),
    ('DELETE', TAGS, None): _server_row('write', 'os-server-tags:delete_all',
                                        prepare=lambda f, p: {'server': f['lockable']}),
    ('GET', TAGS + '/{id}', None): _server_row('read', 'os-server-tags:show', id='tag'),
    ('PUT', TAGS + '/{id}', None): _server_row('write', 'os-server-tags:update', id='tag'),
    ('DELETE', TAGS + '/{id}', None): _server_row(
        'write', 'os-server-tags:delete', id='fresh', prepare=_fresh(_fresh_tag)),
    ('GET', '/servers/{server_id}/os-server-password', None): _server_row(
        'read', 'os-server-password:show'),
    ('DELETE', '/servers/{server_id}/os-server-password', None): _server_row(
        'write', 'os-server-password:clear'),
    ('POST', '/servers/{server_id}/remote-consoles', None): _server_row(
        'write', 'os-remote-consoles',
        body={'remote_console': {'protocol': 'vnc', 'type': 'novnc'}}),
    ('GET', '/os-console-auth-tokens/{id}', None): row(
        'admin', 'os-console-auth-tokens', id='token', prepare=_console_token),
    ('GET', ACTIONS, None): _server_row('read', 'os-instance-actions:list'),
    ('GET', ACTIONS + '/{id}', None): _server_row('read', 'os-instance-actions:show',
                                                  id='request_id'),
    ('GET', '/flavors', None): row('anyone', 'flavors'),
    ('POST', '/flavors', None): row('admin', 'os-flavor-manage:create', body=lambda p: {
        'flavor': {'name': 'new-' + p, 'ram': 64, 'vcpus': 1, 'disk': 0}}),
    ('GET', '/flavors/detail', None): row('anyone', 'flavors'),
    ('GET', '/flavors/{id}', None): row('anyone', 'flavors', id='flavor', hidden_from=OTHER),
    ('PUT', '/flavors/{id}', None): row('admin', 'os-flavor-manage:update', id='flavor',
                                       body={'flavor': {'description': 'd'}}),
    ('DELETE', '/flavors/{id}', None): row('admin', 'os-flavor-manage:delete', id='fresh',
                                           prepare=_fresh(lambda f: f.flavor())),
    ('GET', '/flavors/{flavor_id}/os-flavor-access', None): row('admin', 'os-flavor-access'),
    ('POST', '/flavors/{id}/action', 'addTenantAccess'): row(
        'admin', 'os-flavor-access:add_tenant_access', id='flavor',
        body={'addTenantAccess': {'tenant': 'x-project'}}),
    ('POST', '/flavors/{id}/action', 'removeTenantAccess'): row(
        'admin', 'os-flavor-access:remove_tenant_access', id='flavor', prepare=_with_access,
        body={'removeTenantAccess': {'tenant': 'rm-project'}}),
    ('GET', SPECS, None): row('own-read', 'os-flavor-extra-specs:index', hidden_from=OTHER),
    ('POST', SPECS, None): row('admin', 'os-flavor-extra-specs:create',
                               body={'extra_specs': {'k2': 'v'}}),
    ('GET', SPECS + '/{id}', None): row('own-read', 'os-flavor-extra-specs:show', id='spec',
                                        hidden_from=OTHER),
    ('PUT', SPECS + '/{id}', None): row('admin', 'os-flavor-extra-specs:update', id='spec',
                                        body={'k': 'v2'}),
    ('DELETE', SPECS + '/{id}', None): row('admin', 'os-flavor-extra-specs:delete',
                                           id='fresh', prepare=_fresh(_fresh_spec)),
    # the image proxy checks no policy (Glance does); no Glance here: 503 for everyone
    ('GET', '/images', None): row('anyone', version='2.35', ok=(503,)),
    ('GET', '/images/detail', None): row('anyone', version='2.35', ok=(503,)),
    ('GET', '/images/{id}', None): row('anyone', id='image', version='2.35', ok=(503,)),
    ('GET', '/os-keypairs', None): row('user', 'os-keypairs:index', query='?user_id=demo'),
    ('POST', '/os-keypairs', None): row('user', 'os-keypairs:create', body=lambda p: {
        'keypair': {'name': 'new-' + p, 'user_id': 'demo'}}),
    ('GET', '/os-keypairs/{id}', None): row('user', 'os-keypairs:show', id='keypair',
                                            query='?user_id=demo'),
    ('DELETE', '/os-keypairs/{id}', None): row('user', 'os-keypairs:delete', id='fresh',
                                               query='?user_id=demo',
                                               prepare=_fresh(lambda f: f.keypair())),
    ('GET', '/os-services', None): row('admin', 'os-services:list'),
    ('PUT', '/os-services/{id}', None): row('admin', 'os-services:update', id='service',
                                            body={'status': 'enabled'}),
    ('DELETE', '/os-services/{id}', None): row('admin', 'os-services:delete', id='fresh',
                                               prepare=_fresh(lambda f: f.service())),
    ('GET', '/os-hypervisors', None): row('admin', 'os-hypervisors:list'),
    ('GET', '/os-hypervisors/detail', None): row('admin', 'os-hypervisors:list-detail'),
    ('GET', '/os-hypervisors/statistics', None): row('admin', 'os-hypervisors:statistics'),
    ('GET', '/os-hypervisors/{id}', None): row('admin', 'os-hypervisors:show',
                                               id='hypervisor'),
    ('GET', '/os-hypervisors/{id}/uptime', None): row('admin', 'os-hypervisors:uptime',
                                                      id='hypervisor'),
    ('GET', '/os-hypervisors/{id}/search', None): row('admin', 'os-hypervisors:search',
                                                      id='pattern', version='2.52'),
    ('GET', '/os-hypervisors/{id}/servers', None): row('admin', 'os-hypervisors:servers',
                                                       id='pattern', version='2.52'),
    ('GET', '/os-quota-sets/{id}', None): row('read', 'os-quota-sets:show', id='project'),
    ('PUT', '/os-quota-sets/{id}', None): row('admin', 'os-quota-sets:update', id='project',
                                              body={'quota_set': {'instances': 20}}),
    ('DELETE', '/os-quota-sets/{id}', None): row('admin', 'os-quota-sets:delete',
                                                 id='project'),
    ('GET', '/os-quota-sets/{id}/detail', None): row('read', 'os-quota-sets:detail',
                                                     id='project'),
    ('GET', '/os-quota-sets/{id}/defaults', None): row('anyone', 'os-quota-sets:defaults',
                                                       id='project'),
    ('GET', '/os-quota-class-sets/{id}', None): row('admin', 'os-quota-class-sets:show',
                                                    id='quota_class'),
    ('PUT', '/os-quota-class-sets/{id}', None): row(
        'admin', 'os-quota-class-sets:update', id='quota_class',
        body={'quota_class_set': {'instances': 20}}),
    # another project's limits: admins only (a project's own: anyone in it)
    ('GET', '/limits', None): row('read', 'limits', 'limits:other_project',
                                  query='?tenant_id=demo-project'),
    ('GET', '/os-availability-zone', None): row('anyone', 'os-availability-zone:list'),
    ('GET', '/os-availability-zone/detail', None): row('admin',
                                                       'os-availability-zone:detail'),
    ('GET', '/os-aggregates', None): row('admin', 'os-aggregates:index'),
    ('POST', '/os-aggregates', None): row('admin', 'os-aggregates:create', body=lambda p: {
        'aggregate': {'name': 'new-' + p}}),
    ('GET', '/os-aggregates/{id}', None): row('admin', 'os-aggregates:show', id='aggregate'),
    ('PUT', '/os-aggregates/{id}', None): row('admin', 'os-aggregates:update',
                                              id='aggregate',
                                              body={'aggregate': {'name': 'renamed'}}),
    ('DELETE', '/os-aggregates/{id}', None): row('admin', 'os-aggregates:delete', id='fresh',
                                                 prepare=_fresh(lambda f: f.aggregate())),
    ('POST', '/os-aggregates/{id}/action', 'add_host'): row(
        'admin', 'os-aggregates:add_host', id='aggregate',
        body={'add_host': {'host': 'host2'}}),
    ('POST', '/os-aggregates/{id}/action', 'remove_host'): row(
        'admin', 'os-aggregates:remove_host', id='aggregate', prepare=_with_host,
        body={'remove_host': {'host': 'host1'}}),
    ('POST', '/os-aggregates/{id}/action', 'set_metadata'): row(
        'admin', 'os-aggregates:set_metadata', id='aggregate',
        body={'set_metadata': {'metadata': {'k': 'v'}}}),
    ('GET', '/os-server-groups', None): row('own-read', 'os-server-groups:index'),
    ('POST', '/os-server-groups', None): row('own-write', 'os-server-groups:create', body={
        'server_group': {'name': 'g', 'policy': 'anti-affinity'}}),
    ('GET', '/os-server-groups/{id}', None): row('read', 'os-server-groups:show',
                                                 id='group', hidden_from=OTHER),
    ('DELETE', '/os-server-groups/{id}', None): row('write', 'os-server-groups:delete',
                                                    id='fresh', hidden_from=OTHER,
                                                    prepare=_fresh(lambda f: f.group())),
    ('GET', '/os-simple-tenant-usage', None): row('admin', 'os-simple-tenant-usage:list'),
    ('GET', '/os-simple-tenant-usage/{id}', None): row('read', 'os-simple-tenant-usage:show',
                                                       id='project'),
}

# Query parameters and bodies that reach into another project, beyond the endpoints' own
# rows (the keys are free text): admins only, or nothing of the owner's for the others.
VARIANTS = {
    'all tenants': (('GET', '/servers', None), row('admin', 'servers:index:get_all_tenants',
                                                   query='?all_tenants=1')),
    'all tenants, detailed': (('GET', '/servers/detail', None), row(
        'admin', 'servers:detail:get_all_tenants', query='?all_tenants=1')),
    'project filter without all_tenants': (('GET', '/servers/detail', None), row(
        'own-read', 'servers:detail', query='?project_id=demo-project')),
    'server groups of all projects': (('GET', '/os-server-groups', None), row(
        'own-read', 'os-server-groups:index', query='?all_projects=1')),
    "boot into another project's server group": (('POST', '/servers', None), row(
        'own-write', 'servers:create', hidden_from=('other',), ok=(202,), denied=(400,),
        body=lambda p: {
            'server': {'name': 'joiner', 'flavorRef': fx.TINY, 'imageRef': fx.IMAGE_ID,
                       'networks': 'none'}, 'os:scheduler_hints': {'group': '{group}'}})),
    "private flavors of every project": (('GET', '/flavors/detail', None), row(
        'anyone', 'flavors', query='?is_public=none')),
    # key pairs are the user's: not even an admin boots with the key of another user
    "boot with another user's key pair": (('POST', '/servers', None), row(
        'own-write', 'servers:create', hidden_from=('other', 'admin'), denied=(400,),
        ok=(202,), body={'server': {'name': 'k', 'flavorRef': fx.TINY,
                                    'imageRef': fx.IMAGE_ID, 'networks': 'none',
                                    'key_name': '{keypair}'}})),
    "boot with another project's private flavor": (('POST', '/servers', None), row(
        'own-write', 'servers:create', hidden_from=('other',), denied=(400,), body={'server': {
            'name': 'f', 'flavorRef': '{flavor}', 'imageRef': fx.IMAGE_ID,
            'networks': 'none'}})),
    # nova-lite has no volume-backed servers: a flavor without a root disk is the admins'
    'boot an image on a flavor with zero disk': (('POST', '/servers', None), row(
        'admin', 'servers:create', 'servers:create:zero_disk_flavor', ok=(202,), body={
            'server': {'name': 'z', 'flavorRef': '{diskless}', 'imageRef': fx.IMAGE_ID,
                       'networks': 'none'}})),
    # 2.74: a host of the admin's choosing, the scheduler's filters still run
    'boot on a requested host': (('POST', '/servers', None), Row(
        'admin', ('os_compute_api:servers:create', servers_policies.REQUESTED_DESTINATION),
        ok=frozenset({202}), body={'server': {
            'name': 'h', 'flavorRef': fx.TINY, 'imageRef': fx.IMAGE_ID, 'networks': 'none',
            'host': fx.COMPUTE_HOSTS[0]}})),
}
