"""Policy defaults in code, one module per API (oslopolicy-sample-generator
reads them through the oslo.policy.policies entry point)."""
import itertools

from nova_lite.policies import base
from nova_lite.policies import flavors
from nova_lite.policies import hypervisors
from nova_lite.policies import keypairs
from nova_lite.policies import servers
from nova_lite.policies import services


def list_rules():
    return list(itertools.chain(base.list_rules(), flavors.list_rules(),
                                hypervisors.list_rules(), keypairs.list_rules(), servers.list_rules(),
                                services.list_rules()))
