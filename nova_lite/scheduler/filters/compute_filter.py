"""ComputeFilter: only hosts whose compute service is up and enabled."""
from oslo_log import log as logging

from nova_lite.scheduler import filters

LOG = logging.getLogger(__name__)


class ComputeFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, request_spec):
        if host_state.service_disabled:
            LOG.debug('%s is disabled', host_state)
            return False
        if not host_state.service_up:
            LOG.warning('%s has not been heard from in a while', host_state)
            return False
        return True
