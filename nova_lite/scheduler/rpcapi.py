"""Client side of the scheduler RPC API.

API version history:

    1.0 - Initial version: select_destinations
"""
import oslo_messaging as messaging

from nova_lite import rpc

TOPIC = 'scheduler'


class SchedulerAPI:
    def __init__(self):
        self.client = rpc.get_client(messaging.Target(topic=TOPIC, version='1.0'))

    def select_destinations(self, context, request_specs):
        """For each request spec, [chosen host, alternates...]; the chosen is claimed.

        Each host is a dict: host, nodename, compute_node_id. Raises NoValidHost
        (and claims nothing) when not every instance can be placed.
        """
        return self.client.prepare().call(context, 'select_destinations',
                                          request_specs=request_specs)
