"""nova-lite: a lean re-implementation of OpenStack Nova."""
import warnings

from oslo_service import backend as _oslo_service_backend

# Native threads, no eventlet: oslo.service (which oslo.messaging imports)
# must be told before anything else loads it. futurist still imports eventlet
# to see whether it is there (it is never used, nothing is monkey patched).
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')
try:
    _oslo_service_backend.init_backend(_oslo_service_backend.BackendType.THREADING)
except Exception:  # BackendAlreadySelected: a tool (config generator) loaded it first
    pass
