"""Client side of the compute RPC API: casts to compute.<host>.

API version history:

    1.0 - Initial version: build_and_run_instance, terminate_instance
"""
import oslo_messaging as messaging

from nova_lite import rpc

TOPIC = 'compute'


class ComputeAPI:
    def __init__(self):
        self.client = rpc.get_client(messaging.Target(topic=TOPIC, version='1.0'))

    def build_and_run_instance(self, context, instance, host, request_spec, node, alternates):
        self.client.prepare(server=host).cast(
            context, 'build_and_run_instance', instance=instance, request_spec=request_spec,
            node=node, alternates=alternates)

    def terminate_instance(self, context, instance):
        self.client.prepare(server=instance.host).cast(context, 'terminate_instance',
                                                       instance=instance)
