"""TraitsFilter: only hosts that have every trait the request requires and none it
forbids. Upstream asks Placement for this; here the traits are those the compute
drivers report (HostState.traits), and the request's are the flavor's extra specs
trait:NAME=required|forbidden and the image's properties trait:NAME=required."""
from oslo_log import log as logging

from nova_lite.scheduler import filters
from nova_lite.scheduler import image_properties

LOG = logging.getLogger(__name__)

REQUIRED = 'required'
FORBIDDEN = 'forbidden'


def requested_traits(request_spec):
    """(required, forbidden): the sets of trait names the request asks for."""
    required, forbidden = set(), set()
    flavor = request_spec.flavor
    specs = flavor.extra_specs if flavor.obj_attr_is_set('extra_specs') else {}
    for key, value in specs.items():
        name = image_properties.trait_name(key)
        if name is None:
            continue
        if value == REQUIRED:
            required.add(name)
        elif value == FORBIDDEN:
            forbidden.add(name)
        else:  # as upstream: ignored, not an error
            LOG.warning('Ignoring extra spec %s=%s of flavor %s: a trait is %s or %s',
                        key, value, flavor.flavorid, REQUIRED, FORBIDDEN)
    # image_properties keeps only the traits the image requires
    required.update(filter(None, map(image_properties.trait_name,
                                     request_spec.image_properties)))
    return required, forbidden


class TraitsFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, request_spec):
        return self._passes(host_state, *requested_traits(request_spec))

    def filter_all(self, host_states, request_spec):
        required, forbidden = requested_traits(request_spec)  # once per request
        return [host for host in host_states if self._passes(host, required, forbidden)]

    @staticmethod
    def _passes(host_state, required, forbidden):
        return required <= host_state.traits and not forbidden & host_state.traits
