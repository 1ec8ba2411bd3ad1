"""A Glance-v2-shaped HTTP server on loopback: images held in a dict."""
import json
import urllib.parse
import uuid
from http import server

from tests.fakes import loopback


def image(image_id, name='tiny', status='active', size=1024, min_ram=0, min_disk=0,
          **properties):
    return dict({'id': image_id, 'name': name, 'status': status, 'size': size,
                 'min_ram': min_ram, 'min_disk': min_disk, 'disk_format': 'raw',
                 'container_format': 'bare', 'visibility': 'public',
                 'created_at': '2026-01-02T03:04:05Z', 'updated_at': '2026-01-02T03:04:06Z'},
                **properties)


class FakeGlance(loopback.LoopbackServer):
    """Serves GET /v2/images, /v2/images/{id} and /v2/images/{id}/file, and
    what a snapshot needs: POST /v2/images (a queued record), PATCH (its
    disk format and properties), PUT /v2/images/{id}/file (its data; the image
    becomes active) and DELETE."""

    def __init__(self, images=()):
        self.images = {i['id']: i for i in images}
        self.data = {}  # image id -> uploaded bytes
        self.requests = []  # (path, headers), GETs only
        self.writes = []  # (method, path)
        super().__init__()

    def _handler_class(self):
        fake = self

        class Handler(server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body=b'', kind='application/json'):
                self.send_response(status)
                self.send_header('Content-Type', kind)
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                fake.requests.append((self.path, dict(self.headers)))
                url = urllib.parse.urlsplit(self.path)
                parts = url.path.strip('/').split('/')
                if parts[:2] != ['v2', 'images']:
                    return self._send(404)
                if len(parts) == 2:
                    query = dict(urllib.parse.parse_qsl(url.query))
                    images = [i for i in fake.images.values()
                              if all(str(i.get(k)) == v for k, v in query.items()
                                     if k in ('name', 'status'))]
                    return self._send(200, json.dumps({'images': images}).encode())
                found = fake.images.get(parts[2])
                if found is None:
                    return self._send(404)
                if len(parts) == 4 and parts[3] == 'file':
                    return self._send(200, b'x' * found['size'], 'application/octet-stream')
                return self._send(200, json.dumps(found).encode())

            def _image_path(self):
                """(image id or None, rest of the path) of /v2/images[/{id}[/...]]."""
                fake.writes.append((self.command, self.path))
                parts = urllib.parse.urlsplit(self.path).path.strip('/').split('/')
                if parts[:2] != ['v2', 'images']:
                    return None, None
                return (parts[2] if len(parts) > 2 else None), parts[3:]

            def do_POST(self):
                image_id, rest = self._image_path()
                if image_id is not None or rest is None:
                    return self._send(404)
                length = int(self.headers.get('Content-Length') or 0)
                meta = json.loads(self.rfile.read(length) or b'{}')
                created = image(meta.pop('id', None) or str(uuid.uuid4()),
                                status='queued', size=None, **meta)
                fake.images[created['id']] = created
                return self._send(201, json.dumps(created).encode())

            def do_PUT(self):
                image_id, rest = self._image_path()
                found = fake.images.get(image_id)
                if found is None or rest != ['file']:
                    return self._send(404)
                length = int(self.headers.get('Content-Length') or 0)
                fake.data[image_id] = self.rfile.read(length)
                found.update(status='active', size=length)
                return self._send(204)

            def do_PATCH(self):
                image_id, rest = self._image_path()
                found = fake.images.get(image_id)
                if found is None or rest:
                    return self._send(404)
                if self.headers.get('Content-Type') != (
                        'application/openstack-images-v2.1-json-patch'):
                    return self._send(415)
                length = int(self.headers.get('Content-Length') or 0)
                for op in json.loads(self.rfile.read(length)):
                    name = op['path'].lstrip('/')
                    if op['op'] not in ('add', 'replace') or (
                            op['op'] == 'replace' and name not in found):
                        return self._send(409)
                    found[name] = op['value']
                return self._send(200, json.dumps(found).encode())

            def do_DELETE(self):
                image_id, rest = self._image_path()
                if rest or fake.images.pop(image_id, None) is None:
                    return self._send(404)
                fake.data.pop(image_id, None)
                return self._send(204)
        return Handler
