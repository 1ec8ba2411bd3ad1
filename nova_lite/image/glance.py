"""Glance v2 client built on keystoneauth1.

The session authenticates as nova-lite's service user ([glance] auth
options) and finds the endpoint in the Keystone catalog. With Keystone auth a
request carries the user's own token (X-Auth-Token), so Glance applies the
user's visibility, plus the service token (X-Service-Token), as upstream Nova
sends them; periodic work without a user token uses the service token alone.
"""
import json
import threading

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading as ks_loading
from oslo_config import cfg
from oslo_log import log as logging

from nova_lite import exception
from nova_lite import hops
from nova_lite.conf import glance as glance_conf

CONF = cfg.CONF
LOG = logging.getLogger(__name__)
glance_conf.register_keystoneauth_opts(CONF)


class GlanceClient:
    def __init__(self):
        self._lock = threading.Lock()
        self._adapter = None

    def _get_adapter(self):
        with self._lock:
            if self._adapter is None:
                auth = ks_loading.load_auth_from_conf_options(CONF, 'glance')
                session = ks_loading.load_session_from_conf_options(CONF, 'glance', auth=auth)
                self._adapter = ks_loading.load_adapter_from_conf_options(
                    CONF, 'glance', session=session, auth=auth)
            return self._adapter

    def _request(self, context, method, path, **kwargs):
        adapter = self._get_adapter()
        headers = dict(kwargs.pop('headers', {}))
        user_token = context.auth_token if CONF.api.auth_strategy == 'keystone' else None
        try:
            # e.g. 'GET /v2/images' (the ids left out: hops add up by kind)
            with hops.timed('glance', '%s %s' % (
                    method, '/'.join(path.split('?', 1)[0].split('/')[:3]))):
                response = self._send(adapter, method, path, headers, user_token, kwargs)
        except (ks_exc.ConnectFailure, ks_exc.ConnectTimeout, ks_exc.EndpointNotFound,
                ks_exc.DiscoveryFailure, ks_exc.Unauthorized) as error:
            LOG.warning('Image service unreachable: %s', error)
            raise exception.ImageServiceUnavailable(reason=str(error))
        return response

    @staticmethod
    def _send(adapter, method, path, headers, user_token, kwargs):
        if user_token:
            headers['X-Auth-Token'] = user_token
            headers['X-Service-Token'] = adapter.get_token()
            url = adapter.get_endpoint().rstrip('/') + path
            return adapter.session.request(url, method, authenticated=False,
                                           headers=headers, raise_exc=False, **kwargs)
        return adapter.request(path, method, headers=headers, raise_exc=False, **kwargs)

    def show(self, context, image_id):
        """The image's Glance v2 record; ImageNotFound when it is not visible to the user."""
        response = self._request(context, 'GET', '/v2/images/%s' % image_id)
        if response.status_code in (403, 404):
            raise exception.ImageNotFound(image_id=image_id)
        if response.status_code >= 400:
            raise exception.ImageServiceUnavailable(
                reason='GET image %s: HTTP %s' % (image_id, response.status_code))
        return response.json()

    def list(self, context, params=None):
        response = self._request(context, 'GET', '/v2/images', params=params or {})
        if response.status_code >= 400:
            raise exception.ImageServiceUnavailable(
                reason='GET images: HTTP %s' % response.status_code)
        return response.json().get('images', [])

    def download(self, context, image_id, path, chunk_size=1024 * 1024):
        """Write the image data to path (compute's image cache)."""
        response = self._request(context, 'GET', '/v2/images/%s/file' % image_id, stream=True)
        if response.status_code in (403, 404):
            raise exception.ImageNotFound(image_id=image_id)
        if response.status_code >= 400:
            raise exception.ImageServiceUnavailable(
                reason='download of %s: HTTP %s' % (image_id, response.status_code))
        with open(path, 'wb') as image_file:
            for chunk in response.iter_content(chunk_size):
                image_file.write(chunk)
        return response.headers.get('Content-MD5')

    def create(self, context, image_meta):
        """A new (queued) image record: name, disk/container format, properties."""
        response = self._request(context, 'POST', '/v2/images', json=image_meta)
        if response.status_code >= 400:
            raise exception.ImageServiceUnavailable(
                reason='POST image: HTTP %s %s' % (response.status_code, response.text[:200]))
        return response.json()

    def update(self, context, image_id, values):
        """Set attributes and properties of an image (a JSON patch, as Glance v2
        takes it: replace what the image has, add the others)."""
        current = self.show(context, image_id)
        patch = [{'op': 'replace' if name in current else 'add', 'path': '/' + name,
                  'value': value} for name, value in sorted(values.items())]
        response = self._request(
            context, 'PATCH', '/v2/images/%s' % image_id, data=json.dumps(patch),
            headers={'Content-Type': 'application/openstack-images-v2.1-json-patch'})
        if response.status_code in (403, 404):
            raise exception.ImageNotFound(image_id=image_id)
        if response.status_code >= 400:
            raise exception.ImageServiceUnavailable(
                reason='PATCH image %s: HTTP %s %s' % (image_id, response.status_code,
                                                       response.text[:200]))
        return response.json()

    def upload(self, context, image_id, data):
        """Upload the data of a queued image (a snapshot): bytes or a file opened
        for reading, which is streamed; the image then becomes active."""
        response = self._request(context, 'PUT', '/v2/images/%s/file' % image_id, data=data,
                                 headers={'Content-Type': 'application/octet-stream'})
        if response.status_code == 404:
            raise exception.ImageNotFound(image_id=image_id)
        if response.status_code >= 400:
            raise exception.ImageServiceUnavailable(
                reason='upload of %s: HTTP %s' % (image_id, response.status_code))

    def delete(self, context, image_id):
        """Delete an image; one that is already gone is fine."""
        response = self._request(context, 'DELETE', '/v2/images/%s' % image_id)
        if response.status_code >= 400 and response.status_code != 404:
            raise exception.ImageServiceUnavailable(
                reason='DELETE image %s: HTTP %s' % (image_id, response.status_code))

    def endpoint(self):
        return self._get_adapter().get_endpoint()


def check_image_fits(image, flavor):
    """Upstream's boot checks of an image against a flavor (400s)."""
    if image.get('status') != 'active':
        raise exception.ImageNotActive(image_id=image['id'])
    if flavor.memory_mb < int(image.get('min_ram') or 0):
        raise exception.FlavorMemoryTooSmall()
    root_bytes = flavor.root_gb * 1024 ** 3
    if flavor.root_gb and int(image.get('size') or 0) > root_bytes:
        raise exception.FlavorDiskSmallerThanImage(
            flavor_size=root_bytes, image_size=image.get('size'))
    if flavor.root_gb and int(image.get('min_disk') or 0) > flavor.root_gb:
        raise exception.FlavorDiskSmallerThanMinDisk(
            flavor_size=root_bytes, image_min_disk=int(image['min_disk']) * 1024 ** 3)
