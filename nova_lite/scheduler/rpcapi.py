"""Client side of the scheduler RPC API.

API version history:

    1.0 - Initial version: select_destinations
    1.1 - select_destinations(request_spec, instance_uuids): one spec for the instances
          of a request (as upstream), where 1.0 sent a spec per instance
"""
import oslo_messaging as messaging

from nova_lite import rpc

TOPIC = 'scheduler'


class SchedulerAPI:
    def __init__(self):
        self.client = rpc.get_client(messaging.Target(topic=TOPIC, version='1.0'))

    def select_destinations(self, context, request_spec, instance_uuids):
        """For each of instance_uuids, [chosen host, alternates...] for request_spec;
        the chosen is claimed for that instance.

        Each host is a dict: host, nodename, compute_node_id. Raises NoValidHost
        (and claims nothing) when not every instance can be placed.
        """
        return self.client.prepare(version='1.1').call(
            context, 'select_destinations', request_spec=request_spec,
            instance_uuids=instance_uuids)
