"""The flavor body: 2.55 adds description, 2.61 extra_specs (for those who may
list them), 2.75 shows swap 0 instead of ''."""
from nova_lite import policy
from nova_lite.api import common

EXTRA_SPECS_POLICY = 'os_compute_api:os-flavor-extra-specs:index'


def basic(req, flavor):
    body = {'id': flavor.flavorid, 'name': flavor.name,
            'links': common.resource_links(req, 'flavors', flavor.flavorid)}
    if req.api_version_request >= '2.55':
        body['description'] = flavor.description
    return body


def show(req, flavor, with_extra_specs=None):
    version = req.api_version_request
    body = basic(req, flavor)
    body.update({
        'ram': flavor.memory_mb,
        'disk': flavor.root_gb,
        'vcpus': flavor.vcpus,
        'swap': flavor.swap if version >= '2.75' else (flavor.swap or ''),
        'rxtx_factor': flavor.rxtx_factor,
        'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral_gb,
        'OS-FLV-DISABLED:disabled': flavor.disabled,
        'os-flavor-access:is_public': flavor.is_public,
    })
    if with_extra_specs is None:
        with_extra_specs = _may_see_extra_specs(req)
    if with_extra_specs:
        body['extra_specs'] = dict(flavor.extra_specs)
    return body


def _may_see_extra_specs(req):
    return req.api_version_request >= '2.61' and policy.authorize(
        req.context, EXTRA_SPECS_POLICY, fatal=False)


def index(req, flavors, limit, detailed):
    if detailed:
        with_extra_specs = _may_see_extra_specs(req)
        items = [show(req, flavor, with_extra_specs) for flavor in flavors]
    else:
        items = [basic(req, flavor) for flavor in flavors]
    body = {'flavors': items}
    links = common.collection_links(req, 'flavors/detail' if detailed else 'flavors',
                                    items, limit)
    if links:
        body['flavors_links'] = links
    return body
