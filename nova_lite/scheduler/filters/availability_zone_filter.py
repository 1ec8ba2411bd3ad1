"""AvailabilityZoneFilter: only hosts in the zone the server was asked for."""
from nova_lite.scheduler import filters


class AvailabilityZoneFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, request_spec):
        zone = request_spec.availability_zone
        return not zone or host_state.availability_zone == zone
