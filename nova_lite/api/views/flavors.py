"""The flavor body at 2.1."""
from nova_lite.api import common


def basic(req, flavor):
    return {'id': flavor.flavorid, 'name': flavor.name,
            'links': common.resource_links(req, 'flavors', flavor.flavorid)}


def show(req, flavor):
    body = basic(req, flavor)
    body.update({
        'ram': flavor.memory_mb,
        'disk': flavor.root_gb,
        'vcpus': flavor.vcpus,
        'swap': flavor.swap or '',
        'rxtx_factor': flavor.rxtx_factor,
        'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral_gb,
        'OS-FLV-DISABLED:disabled': flavor.disabled,
        'os-flavor-access:is_public': flavor.is_public,
    })
    return body


def index(req, flavors, limit, detailed):
    items = [(show if detailed else basic)(req, flavor) for flavor in flavors]
    body = {'flavors': items}
    links = common.collection_links(req, 'flavors/detail' if detailed else 'flavors',
                                    items, limit)
    if links:
        body['flavors_links'] = links
    return body
