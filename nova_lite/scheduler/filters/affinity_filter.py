"""ServerGroupAffinityFilter and ServerGroupAntiAffinityFilter: the hard
policies of the server group in the request (soft ones only weigh, upstream;
here they do not filter). The scheduler fills request_spec.instance_group.hosts
with the hosts of the other members, those chosen earlier in the same request
included."""
from nova_lite.scheduler import filters


def _group(request_spec):
    return request_spec.instance_group


class ServerGroupAffinityFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, request_spec):
        group = _group(request_spec)
        if group is None or group.policy != 'affinity' or not group.hosts:
            return True
        return host_state.host in group.hosts


class ServerGroupAntiAffinityFilter(filters.BaseHostFilter):
    def host_passes(self, host_state, request_spec):
        group = _group(request_spec)
        if group is None or group.policy != 'anti-affinity':
            return True
        max_per_host = group.rules.get('max_server_per_host', 1)
        return group.hosts.count(host_state.host) < max_per_host
