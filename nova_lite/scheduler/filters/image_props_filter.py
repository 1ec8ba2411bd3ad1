"""ImagePropertiesFilter: only hosts whose architecture and hypervisor type the
image asks for (when it asks)."""
from nova_lite.scheduler import filters
from nova_lite.scheduler import image_properties


class ImagePropertiesFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, request_spec):
        return image_properties.host_accepts(request_spec.image_properties,
                                             host_state.architecture,
                                             host_state.hypervisor_type)
