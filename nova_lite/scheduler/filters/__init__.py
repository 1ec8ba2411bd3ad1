"""Host filters: each says whether one host can take one instance.

[filter_scheduler] enabled_filters names them; a filter is a class in a module
of this package, registered in FILTERS below.
"""


class BaseHostFilter:
    """Return True from host_passes when the host can take the request."""

    def host_passes(self, host_state, request_spec):
        raise NotImplementedError

    def filter_all(self, host_states, request_spec):
        return [host for host in host_states if self.host_passes(host, request_spec)]


def load_filters(names):
    from nova_lite.scheduler.filters import affinity_filter
    from nova_lite.scheduler.filters import aggregate_filters
    from nova_lite.scheduler.filters import availability_zone_filter
    from nova_lite.scheduler.filters import compute_filter
    from nova_lite.scheduler.filters import image_props_filter
    from nova_lite.scheduler.filters import resource_filters
    from nova_lite.scheduler.filters import same_host
    from nova_lite.scheduler.filters import traits_filter
    known = {cls.__name__: cls for cls in (compute_filter.ComputeFilter,
                                           availability_zone_filter.AvailabilityZoneFilter,
                                           resource_filters.RamFilter,
                                           resource_filters.CoreFilter,
                                           resource_filters.DiskFilter,
                                           affinity_filter.ServerGroupAffinityFilter,
                                           affinity_filter.ServerGroupAntiAffinityFilter,
                                           same_host.SameHostFilter,
                                           same_host.DifferentHostFilter,
                                           aggregate_filters.AggregateInstanceExtraSpecsFilter,
                                           aggregate_filters.AggregateMultiTenancyIsolation,
                                           image_props_filter.ImagePropertiesFilter,
                                           traits_filter.TraitsFilter)}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError('Unknown scheduler filters: %s' % ', '.join(unknown))
    return [known[name]() for name in names]
