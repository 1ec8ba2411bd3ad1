"""nova-lite-compute: runs guests on this host through the configured driver."""


def main():
    from nova_lite.cmd import common
    from nova_lite.compute import manager
    from nova_lite.compute import rpcapi
    common.run_rpc_service('nova-compute', rpcapi.TOPIC, manager.ComputeManager)
