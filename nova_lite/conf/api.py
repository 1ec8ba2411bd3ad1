"""[api] options of the compute API."""
from oslo_config import cfg

api_group = cfg.OptGroup('api', title='Compute API options')

api_opts = [
    cfg.StrOpt('auth_strategy', default='keystone', choices=['keystone', 'noauth2'],
               help="'keystone' checks tokens with keystonemiddleware; 'noauth2' trusts "
                    "'X-Auth-Token: user:project' and is for development only."),
    cfg.IntOpt('max_limit', default=1000, min=0,
               help='Most items a single list response returns.'),
    cfg.BoolOpt('server_timing', default=False,
                help='Answer every request with a Server-Timing header: how long each RPC '
                     'call and cast and each Glance request the API made for it took, '
                     'and the total (what benchmarks.boot reports per hop). It shows '
                     'internals: for benchmarks and debugging, not for untrusted users.'),
    cfg.BoolOpt('instance_list_per_project_cells', default=False,
                help='Kept for nova.conf compatibility; nova-lite has no cells.'),
]


def register_opts(conf):
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)


def list_opts():
    return {api_group: api_opts}
