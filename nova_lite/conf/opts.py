"""Every option nova-lite owns, for oslo-config-generator."""
import collections

from nova_lite.conf import (api, compute, console, consoleauth, database, fake_driver, glance,
                            image_cache, libvirt, quota, scheduler, service, vnc, wsgi)

_MODULES = (api, compute, console, consoleauth, database, fake_driver, glance, image_cache,
            libvirt, quota, scheduler, service, vnc, wsgi)


def list_opts():
    grouped = collections.defaultdict(list)
    for module in _MODULES:
        for group, opts in module.list_opts().items():
            grouped[group].extend(opts)
    return [(group, opts) for group, opts in grouped.items()]
