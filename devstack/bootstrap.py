"""Keystone catalog and Glance image of the single-node cloud, idempotently.

    bootstrap.py catalog                 # projects, users, roles, services, endpoints
    bootstrap.py image FILE [--name N]   # upload FILE unless an active image N exists

Both log in as Keystone's bootstrap admin (--auth-url, --admin-password) and
converge: what exists and is right is kept, what is wrong is corrected, what
is missing is created, so two runs leave one of everything. Run by
devstack/stack.sh from nova-lite's virtualenv (keystoneauth1 only).
"""
import argparse
import os
import sys

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

DOMAIN = 'default'
PROJECTS = ('service', 'demo', 'alt_demo')
# user -> (project, role)
USERS = {
    'nova': ('service', 'admin'),
    'glance': ('service', 'admin'),
    'demo': ('demo', 'member'),
    'alt_demo': ('alt_demo', 'member'),
}
INTERFACES = ('public', 'internal', 'admin')


def log(message):
    print('[nova-lite] %s' % message, file=sys.stderr)


def admin_session(args):
    auth = v3.Password(auth_url=args.auth_url, username='admin', password=args.admin_password,
                       project_name='admin', user_domain_id=DOMAIN, project_domain_id=DOMAIN)
    return ks_session.Session(auth=auth)


class Identity:
    """The few Keystone v3 calls the catalog needs, on the admin's session."""

    def __init__(self, session):
        self.session = session
        self.filter = {'service_type': 'identity', 'interface': 'public', 'version': (3, 0)}

    def _call(self, method, path, **kwargs):
        return self.session.request(path, method, endpoint_filter=self.filter, **kwargs)

    def list(self, collection, **query):
        return self._call('GET', '/%s' % collection, params=query).json()[collection]

    def create(self, collection, body):
        member = collection[:-1]
        return self._call('POST', '/%s' % collection, json={member: body}).json()[member]

    def update(self, collection, ident, body):
        member = collection[:-1]
        self._call('PATCH', '/%s/%s' % (collection, ident), json={member: body})

    def delete(self, collection, ident):
        self._call('DELETE', '/%s/%s' % (collection, ident))

    def ensure(self, collection, names, body, **query):
        """{name: record} for every name, creating those missing (body(name) to POST)."""
        found = {item['name']: item for item in self.list(collection, **query)}
        for name in names:
            if name not in found:
                log('creating %s %s' % (collection[:-1], name))
                found[name] = self.create(collection, body(name))
        return found

    def grant(self, project_id, user_id, role_id):
        self._call('PUT', '/projects/%s/users/%s/roles/%s' % (project_id, user_id, role_id))


def password_works(auth_url, username, password, project):
    auth = v3.Password(auth_url=auth_url, username=username, password=password,
                       project_name=project, user_domain_id=DOMAIN, project_domain_id=DOMAIN)
    try:
        auth.get_access(ks_session.Session())
        return True
    except ks_exc.Unauthorized:
        return False


def ensure_endpoints(identity, service, url, region, existing):
    for interface in INTERFACES:
        found = [endpoint for endpoint in existing if endpoint['service_id'] == service['id']
                 and endpoint['interface'] == interface]
        if not found:
            log('creating %s endpoint %s %s' % (interface, service['name'], url))
            identity.create('endpoints', {'service_id': service['id'], 'interface': interface,
                                          'region_id': region, 'url': url})
            continue
        if found[0]['url'] != url:
            log('moving %s endpoint %s to %s' % (interface, service['name'], url))
            identity.update('endpoints', found[0]['id'], {'url': url})
        for duplicate in found[1:]:
            identity.delete('endpoints', duplicate['id'])


def catalog(args):
    identity = Identity(admin_session(args))
    projects = identity.ensure('projects', PROJECTS,
                               lambda name: {'name': name, 'domain_id': DOMAIN},
                               domain_id=DOMAIN)
    roles = identity.ensure('roles', {role for _, role in USERS.values()},
                            lambda name: {'name': name})
    users = identity.ensure('users', USERS, lambda name: {
        'name': name, 'domain_id': DOMAIN, 'password': args.password,
        'default_project_id': projects[USERS[name][0]]['id']}, domain_id=DOMAIN)
    for name, (project, role) in USERS.items():
        identity.grant(projects[project]['id'], users[name]['id'], roles[role]['id'])
        if not password_works(args.auth_url, name, args.password, project):
            log('setting the password of user %s' % name)
            identity.update('users', users[name]['id'], {'password': args.password})
    services = {service['type']: service for service in identity.list('services')}
    endpoints = identity.list('endpoints', region_id=args.region)
    for name, service_type, url in (('nova', 'compute', args.compute_url),
                                    ('glance', 'image', args.image_url)):
        if service_type not in services:
            log('creating service %s' % name)
            services[service_type] = identity.create('services',
                                                     {'name': name, 'type': service_type})
        ensure_endpoints(identity, services[service_type], url, args.region, endpoints)


def image(args):
    session = admin_session(args)
    glance = {'service_type': 'image', 'interface': 'public', 'region_name': args.region}

    def call(method, path, **kwargs):
        return session.request(path, method, endpoint_filter=glance, **kwargs)

    for found in call('GET', '/v2/images', params={'name': args.name}).json()['images']:
        if found['status'] == 'active':
            print(found['id'])
            return
        log('deleting image %s left %s by an interrupted upload' % (found['id'], found['status']))
        call('DELETE', '/v2/images/%s' % found['id'])
    log('uploading %s as image %s' % (args.file, args.name))
    body = {'name': args.name, 'disk_format': args.disk_format,
            'container_format': args.container_format or 'bare', 'visibility': 'public'}
    body.update(prop.split('=', 1) for prop in args.property)
    created = call('POST', '/v2/images', json=body).json()
    try:
        with open(args.file, 'rb') as data:
            call('PUT', '/v2/images/%s/file' % created['id'], data=data,
                 headers={'Content-Type': 'application/octet-stream'})
    except BaseException:
        call('DELETE', '/v2/images/%s' % created['id'])
        raise
    print(created['id'])


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--auth-url', default=os.environ.get('OS_AUTH_URL'))
    parser.add_argument('--admin-password', default=os.environ.get('OS_PASSWORD'))
    parser.add_argument('--region', default='RegionOne')
    commands = parser.add_subparsers(dest='command', required=True)
    cat = commands.add_parser('catalog', help='projects, users, roles, services, endpoints')
    cat.add_argument('--password', default=os.environ.get('NOVA_LITE_PASSWORD'),
                     help='password of every user it creates (default: $NOVA_LITE_PASSWORD)')
    cat.add_argument('--compute-url', required=True)
    cat.add_argument('--image-url', required=True)
    cat.set_defaults(run=catalog)
    img = commands.add_parser('image', help='upload an image unless one by that name exists')
    img.add_argument('file')
    img.add_argument('--name', default='nova-lite-tiny')
    img.add_argument('--disk-format', default='raw')
    img.add_argument('--container-format', help='default: bare')
    img.add_argument('--property', action='append', default=[], metavar='KEY=VALUE',
                     help='an image property (kernel_id=..., ramdisk_id=...)')
    img.set_defaults(run=image)
    args = parser.parse_args(argv)
    if not (args.auth_url and args.admin_password):
        parser.error('--auth-url and --admin-password (or OS_AUTH_URL, OS_PASSWORD) are needed')
    if args.command == 'catalog' and not args.password:
        parser.error('--password (or NOVA_LITE_PASSWORD) is needed')
    return args


if __name__ == '__main__':
    arguments = parse_args(sys.argv[1:])
    arguments.run(arguments)
