"""nova-lite-conductor: the database gateway and task orchestrator."""


def main():
    from nova_lite.cmd import common
    from nova_lite.conductor import manager
    from nova_lite.conductor import rpcapi
    common.run_rpc_service('nova-conductor', rpcapi.TOPIC, manager.ConductorManager,
                           uses_database=True)
