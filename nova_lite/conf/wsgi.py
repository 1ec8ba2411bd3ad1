"""[wsgi] options of the API's WSGI application."""
from oslo_config import cfg

wsgi_group = cfg.OptGroup('wsgi', title='WSGI options')

wsgi_opts = [
    cfg.StrOpt('api_paste_config', default='api-paste.ini',
               help='paste.deploy file of the API pipeline; a relative name is looked up '
                    'beside the config files, then in the packaged etc/nova-lite.'),
]


def register_opts(conf):
    conf.register_group(wsgi_group)
    conf.register_opts(wsgi_opts, group=wsgi_group)


def list_opts():
    return {wsgi_group: wsgi_opts}
