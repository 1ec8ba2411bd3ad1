"""[consoleauth] options: the tokens of console URLs."""
from oslo_config import cfg

consoleauth_group = cfg.OptGroup('consoleauth', title='Console authorization')

consoleauth_opts = [
    cfg.IntOpt('token_ttl', default=600, min=0,
               help='Seconds a console token (the token of a console URL) stays valid; '
                    'it is also good for one connection only.'),
]


def register_opts(conf):
    conf.register_group(consoleauth_group)
    conf.register_opts(consoleauth_opts, group=consoleauth_group)


def list_opts():
    return {consoleauth_group: consoleauth_opts}
