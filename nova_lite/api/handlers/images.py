"""/images: the deprecated image proxy of the Compute API, read-only, over Glance v2;
gone (404) from microversion 2.36 on, as upstream's proxy APIs are."""
import webob.exc
from oslo_config import cfg
from oslo_utils import timeutils

from nova_lite import exception
from nova_lite.api import common
from nova_lite.api import wsgi
from nova_lite.image import glance

CONF = cfg.CONF

_STATUS = {'active': 'ACTIVE', 'queued': 'SAVING', 'saving': 'SAVING',
           'importing': 'SAVING', 'uploading': 'SAVING', 'deleted': 'DELETED',
           'pending_delete': 'DELETED', 'killed': 'ERROR'}
_PROGRESS = {'queued': 25, 'saving': 50, 'uploading': 50, 'importing': 50, 'active': 100}
# Glance v2 keys that are the image itself, not its metadata
_CORE = {'id', 'name', 'status', 'visibility', 'protected', 'checksum', 'owner', 'size',
         'virtual_size', 'min_ram', 'min_disk', 'disk_format', 'container_format',
         'created_at', 'updated_at', 'tags', 'self', 'file', 'schema', 'locations',
         'direct_url', 'os_hash_algo', 'os_hash_value', 'os_hidden', 'stores'}


def _time(value):
    return common.isotime(timeutils.parse_isotime(value)) if value else None


def _links(req, image_id, image_endpoint):
    links = common.resource_links(req, 'images', image_id)
    links.append({'rel': 'alternate', 'type': 'application/vnd.openstack.image',
                  'href': '%s/images/%s' % (image_endpoint.rstrip('/'), image_id)})
    return links


def _basic(req, image, endpoint):
    return {'id': image['id'], 'name': image.get('name'),
            'links': _links(req, image['id'], endpoint)}


def _detail(req, image, endpoint):
    body = _basic(req, image, endpoint)
    metadata = {k: str(v) for k, v in image.items() if k not in _CORE}
    body.update({
        'OS-EXT-IMG-SIZE:size': image.get('size'),
        'created': _time(image.get('created_at')),
        'updated': _time(image.get('updated_at')),
        'metadata': metadata,
        'minDisk': image.get('min_disk') or 0,
        'minRam': image.get('min_ram') or 0,
        'progress': _PROGRESS.get(image.get('status'), 0),
        'status': _STATUS.get(image.get('status'), 'UNKNOWN'),
    })
    if 'instance_uuid' in metadata:
        body['server'] = {'id': metadata['instance_uuid'],
                          'links': common.resource_links(req, 'servers',
                                                         metadata['instance_uuid'])}
    return body


class ImagesController:
    def __init__(self, image_api=None):
        self.image_api = image_api or glance.GlanceClient()

    @staticmethod
    def _check_enabled(req):
        if not CONF.glance.enabled:
            raise exception.ImageServiceUnavailable(reason='[glance] enabled is false')

    @wsgi.versions(max_version='2.35')
    @wsgi.expected_errors((400, 404, 503))
    def index(self, req):
        return self._list(req, detailed=False)

    @wsgi.versions(max_version='2.35')
    @wsgi.expected_errors((400, 404, 503))
    def detail(self, req):
        return self._list(req, detailed=True)

    def _list(self, req, detailed):
        self._check_enabled(req)
        params = {}
        for key in ('name', 'limit', 'marker'):
            if key in req.GET:
                params[key] = req.GET[key]
        if 'status' in req.GET:
            params['status'] = req.GET['status'].lower()
        try:
            min_ram = int(req.GET.get('minRam', 0))
            min_disk = int(req.GET.get('minDisk', 0))
        except ValueError:
            raise webob.exc.HTTPBadRequest(explanation='minRam and minDisk must be integers')
        images = [image for image in self.image_api.list(req.context, params)
                  if (image.get('min_ram') or 0) >= min_ram and
                  (image.get('min_disk') or 0) >= min_disk]
        endpoint = self.image_api.endpoint()
        view = _detail if detailed else _basic
        items = [view(req, image, endpoint) for image in images]
        body = {'images': items}
        if 'limit' in params:
            links = common.collection_links(req, 'images/detail' if detailed else 'images',
                                            items, int(params['limit']))
            if links:
                body['images_links'] = links
        return body

    @wsgi.versions(max_version='2.35')
    @wsgi.expected_errors((404, 503))
    def show(self, req, id):
        self._check_enabled(req)
        image = self.image_api.show(req.context, id)
        return {'image': _detail(req, image, self.image_api.endpoint())}
