"""Policy defaults in code, one module per API (oslopolicy-sample-generator
reads them through the oslo.policy.policies entry point)."""
import itertools

from nova_lite.policies import aggregates
from nova_lite.policies import availability_zone
from nova_lite.policies import base
from nova_lite.policies import console_auth_tokens
from nova_lite.policies import flavor_access
from nova_lite.policies import flavor_extra_specs
from nova_lite.policies import flavor_manage
from nova_lite.policies import flavors
from nova_lite.policies import hypervisors
from nova_lite.policies import keypairs
from nova_lite.policies import quota_sets
from nova_lite.policies import remote_consoles
from nova_lite.policies import server_actions
from nova_lite.policies import server_groups
from nova_lite.policies import servers
from nova_lite.policies import services
from nova_lite.policies import simple_tenant_usage

_MODULES = (base, aggregates, availability_zone, console_auth_tokens, flavor_access,
            flavor_extra_specs, flavor_manage, flavors, hypervisors, keypairs, quota_sets,
            remote_consoles, server_actions, server_groups, servers, services,
            simple_tenant_usage)


def list_rules():
    return list(itertools.chain.from_iterable(module.list_rules() for module in _MODULES))
