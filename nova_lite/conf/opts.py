"""Every option nova-lite owns, for oslo-config-generator."""
import collections

from nova_lite.conf import (api, compute, database, fake_driver, glance, libvirt, quota,
                            scheduler, service, wsgi)

_MODULES = (api, compute, database, fake_driver, glance, libvirt, quota, scheduler, service,
            wsgi)


def list_opts():
    grouped = collections.defaultdict(list)
    for module in _MODULES:
        for group, opts in module.list_opts().items():
            grouped[group].extend(opts)
    return [(group, opts) for group, opts in grouped.items()]
