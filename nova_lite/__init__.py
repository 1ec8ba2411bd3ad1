"""nova-lite: a lean re-implementation of OpenStack Nova."""
import sys
import warnings

# Native threads, no eventlet. futurist and oslo.utils import eventlet only to see
# whether it is there; that import alone (its green DNS resolver, dnspython,
# cryptography) costs each daemon about 18 MB and 150 ms, so it is made to fail.
if 'eventlet' not in sys.modules:
    sys.modules['eventlet'] = None

from oslo_service import backend as _oslo_service_backend  # noqa: E402

# oslo.service (which oslo.messaging imports) must be told before anything else loads it.
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')
try:
    _oslo_service_backend.init_backend(_oslo_service_backend.BackendType.THREADING)
except Exception:  # BackendAlreadySelected: a tool (config generator) loaded it first
    pass
