"""A Keystone-v3-shaped HTTP server on loopback, enough for keystonemiddleware's
auth_token: version discovery, a service user's password login, and the
validation of the user tokens it was given."""
import datetime
import json
import uuid
from http import server

from tests.fakes import loopback

SERVICE_TOKEN = 'gAAAAA-service-token'


def _when(delta):
    moment = datetime.datetime.now(datetime.timezone.utc) + delta
    return moment.strftime('%Y-%m-%dT%H:%M:%S.000000Z')


class FakeKeystone(loopback.LoopbackServer):
    """tokens: {token: (user_id, project_id, roles, expires_in as a timedelta)}; a
    token whose expires_in is negative comes back with an expires_at in the past,
    which auth_token must refuse by itself."""

    def __init__(self, tokens=()):
        self.tokens = dict(tokens)
        self.validated = []  # the user tokens auth_token asked about, in order
        super().__init__()

    def _version(self):
        return {'id': 'v3.14', 'status': 'stable', 'updated': '2020-04-07T00:00:00Z',
                'links': [{'rel': 'self', 'href': self.endpoint + '/v3/'}],
                'media-types': [{'base': 'application/json',
                                 'type': 'application/vnd.openstack.identity-v3+json'}]}

    def _token(self, user_id, project_id, roles, expires_in, catalog=False):
        domain = {'id': 'default', 'name': 'Default'}
        token = {'methods': ['password'], 'audit_ids': [uuid.uuid4().hex[:22]],
                 'user': {'id': user_id, 'name': user_id, 'domain': domain,
                          'password_expires_at': None},
                 'project': {'id': project_id, 'name': project_id, 'domain': domain},
                 'roles': [{'id': name, 'name': name} for name in roles],
                 'is_domain': False,
                 'issued_at': _when(-datetime.timedelta(hours=1)),
                 'expires_at': _when(expires_in)}
        if catalog:
            token['catalog'] = [{
                'type': 'identity', 'name': 'keystone', 'id': 'identity',
                'endpoints': [{'id': interface, 'interface': interface,
                               'region': 'RegionOne', 'region_id': 'RegionOne',
                               'url': self.endpoint + '/v3'}
                              for interface in ('public', 'internal', 'admin')]}]
        return {'token': token}

    def _handler_class(self):
        fake = self

        class Handler(server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body, headers=()):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(data)))
                for key, value in headers:
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status, title, message):
                self._send(status, {'error': {'code': status, 'title': title,
                                              'message': message}})

            def do_GET(self):
                path = self.path.split('?')[0].rstrip('/')
                if path == '':
                    return self._send(300, {'versions': {'values': [fake._version()]}})
                if path == '/v3':
                    return self._send(200, {'version': fake._version()})
                if path != '/v3/auth/tokens':
                    return self._error(404, 'Not Found', 'Could not find %s.' % path)
                if self.headers.get('X-Auth-Token') != SERVICE_TOKEN:
                    return self._error(401, 'Unauthorized', 'The request you have made '
                                                            'requires authentication.')
                subject = self.headers.get('X-Subject-Token')
                fake.validated.append(subject)
                if subject not in fake.tokens:
                    return self._error(404, 'Not Found',
                                       'Could not find token: %s.' % subject)
                self._send(200, fake._token(*fake.tokens[subject]),
                           [('X-Subject-Token', subject)])

            def do_POST(self):
                length = int(self.headers.get('Content-Length') or 0)
                body = json.loads(self.rfile.read(length) or b'{}')
                if self.path.split('?')[0] != '/v3/auth/tokens':
                    return self._error(404, 'Not Found', 'Could not find %s.' % self.path)
                user = body['auth']['identity']['password']['user']
                self._send(201, fake._token(user.get('id') or user['name'], 'service',
                                            ['service', 'admin'],
                                            datetime.timedelta(hours=1), catalog=True),
                           [('X-Subject-Token', SERVICE_TOKEN)])

        return Handler
