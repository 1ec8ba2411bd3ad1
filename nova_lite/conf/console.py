"""[console] options of the console proxies; [DEFAULT] web, the noVNC files."""
from oslo_config import cfg

console_group = cfg.OptGroup('console', title='Console proxies')

console_opts = [
    cfg.ListOpt('allowed_origins', default=[],
                help='Host names, besides the one the browser reached the proxy by (its '
                     'Host header), that a console page may be served from (the '
                     'WebSocket Origin header); a browser connecting from any other '
                     'origin is refused.'),
]

web_opts = [
    cfg.StrOpt('web', default='/usr/share/novnc',
               help='Folder of the noVNC HTML client that nova-lite-novncproxy serves '
                    '(Debian\'s novnc package installs it there).'),
]


def register_opts(conf):
    conf.register_group(console_group)
    conf.register_opts(console_opts, group=console_group)
    conf.register_opts(web_opts)


def list_opts():
    return {console_group: console_opts, 'DEFAULT': web_opts}
