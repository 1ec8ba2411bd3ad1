"""Policies of /servers."""
from oslo_policy import policy

from nova_lite.policies import base

PREFIX = 'os_compute_api:servers:%s'
ZERO_DISK_FLAVOR = PREFIX % 'create:zero_disk_flavor'
# upstream's name, without the os_compute_api prefix
REQUESTED_DESTINATION = 'compute:servers:create:requested_destination'


def _rule(name, check, method, path, description):
    return policy.DocumentedRuleDefault(PREFIX % name, check, description,
                                        [{'method': method, 'path': path}])


rules = [
    _rule('index', base.PROJECT_READER_OR_ADMIN, 'GET', '/servers', 'List servers'),
    _rule('detail', base.PROJECT_READER_OR_ADMIN, 'GET', '/servers/detail',
          'List servers with details'),
    _rule('index:get_all_tenants', base.ADMIN, 'GET', '/servers',
          'List servers of all projects'),
    _rule('detail:get_all_tenants', base.ADMIN, 'GET', '/servers/detail',
          'List servers of all projects with details'),
    _rule('show', base.PROJECT_READER_OR_ADMIN, 'GET', '/servers/{server_id}', 'Show a server'),
    _rule('show:host_status', base.ADMIN, 'GET', '/servers/{server_id}',
          'Show the host status of a server'),
    _rule('create', base.PROJECT_MEMBER_OR_ADMIN, 'POST', '/servers', 'Create a server'),
    _rule('create:forced_host', base.ADMIN, 'POST', '/servers',
          "Create a server on a given host or node ('zone:host:node')"),
    policy.DocumentedRuleDefault(
        REQUESTED_DESTINATION, base.ADMIN,
        'Create a server on the host and/or hypervisor_hostname of the request (2.74); '
        'unlike a forced host, the scheduler filters still run',
        [{'method': 'POST', 'path': '/servers'}]),
    # an image-backed server on a flavor without a root disk gets as much of the host's
    # disk as its image takes, which no scheduler counts (upstream's bug 1739646)
    policy.DocumentedRuleDefault(
        ZERO_DISK_FLAVOR, base.ADMIN,
        'Create or rebuild a server from an image on a flavor with zero disk; nova-lite '
        'has no volume-backed servers, so others need a flavor with a root disk',
        [{'method': 'POST', 'path': '/servers'},
         {'method': 'POST', 'path': '/servers/{server_id}/action (rebuild)'}]),
    _rule('delete', base.PROJECT_MEMBER_OR_ADMIN, 'DELETE', '/servers/{server_id}',
          'Delete a server'),
    policy.DocumentedRuleDefault(
        'os_compute_api:os-extended-server-attributes', base.ADMIN,
        'Show the OS-EXT-SRV-ATTR attributes (host, hypervisor) of servers',
        [{'method': 'GET', 'path': '/servers/{server_id}'},
         {'method': 'GET', 'path': '/servers/detail'}]),
]


def list_rules():
    return rules
