"""[DEFAULT] options of every service: identity of the host, heartbeats, API listen."""
import socket

from oslo_config import cfg

service_opts = [
    cfg.StrOpt('host', default=socket.gethostname(), sample_default='<current_hostname>',
               help='Name of this node; compute hosts are addressed by it on the message bus.'),
    cfg.IntOpt('report_interval', default=10, min=1,
               help='Seconds between service heartbeats written through the conductor.'),
    cfg.IntOpt('service_down_time', default=60, min=1,
               help='A service whose last heartbeat is older than this many seconds is down.'),
    cfg.IntOpt('periodic_interval', default=60, min=1,
               help='Seconds between runs of the periodic task loop.'),
    cfg.StrOpt('osapi_compute_listen', default='0.0.0.0',
               help='Address the compute API listens on.'),
    cfg.PortOpt('osapi_compute_listen_port', default=8774,
                help='Port the compute API listens on.'),
    cfg.IntOpt('osapi_compute_workers', default=8, min=1,
               help='Threads serving the compute API.'),
    cfg.StrOpt('state_path', default='/var/lib/nova-lite',
               help='Top-level folder for state kept by nova-lite.'),
    cfg.StrOpt('internal_service_availability_zone', default='internal',
               help='Zone shown for services that are not compute services.'),
    cfg.StrOpt('default_availability_zone', default='nova',
               help='Zone of compute hosts that belong to no zone aggregate.'),
    cfg.StrOpt('instance_name_template', default='instance-%08x',
               help='Template of the hypervisor name of an instance, filled from its id.'),
]


def register_opts(conf):
    conf.register_opts(service_opts)


def list_opts():
    return {'DEFAULT': service_opts}
