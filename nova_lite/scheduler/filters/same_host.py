"""SameHostFilter and DifferentHostFilter: the same_host / different_host
scheduler hints name instances; the host must (or must not) run one of them."""
from nova_lite import context as nl_context
from nova_lite import objects
from nova_lite.scheduler import filters


def _hosts_of(request_spec, hint):
    uuids = request_spec.scheduler_hints.get(hint) or []
    if not uuids:
        return None
    context = nl_context.get_admin_context()
    instances = objects.InstanceList.get_by_filters(context, {'uuid': list(uuids),
                                                              'deleted': False})
    return {instance.host for instance in instances if instance.host}


class SameHostFilter(filters.BaseHostFilter):
    def filter_all(self, host_states, request_spec):
        hosts = _hosts_of(request_spec, 'same_host')
        if hosts is None:
            return list(host_states)
        return [h for h in host_states if h.host in hosts]


class DifferentHostFilter(filters.BaseHostFilter):
    def filter_all(self, host_states, request_spec):
        hosts = _hosts_of(request_spec, 'different_host')
        if hosts is None:
            return list(host_states)
        return [h for h in host_states if h.host not in hosts]
