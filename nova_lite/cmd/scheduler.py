"""nova-lite-scheduler: picks hosts and claims resources."""


def main():
    from nova_lite.cmd import common
    from nova_lite.scheduler import manager
    from nova_lite.scheduler import rpcapi
    common.run_rpc_service('nova-scheduler', rpcapi.TOPIC, manager.SchedulerManager)
