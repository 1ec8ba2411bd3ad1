"""[vnc] options: the guests' VNC servers and the noVNC proxy in front of them."""
from oslo_config import cfg

vnc_group = cfg.OptGroup('vnc', title='VNC consoles')

vnc_opts = [
    cfg.BoolOpt('enabled', default=True,
                help='Give guests a VNC server and let users ask for a noVNC console.'),
    cfg.HostAddressOpt('server_listen', default='127.0.0.1',
                       help='Address the guests\' VNC servers listen on (on the compute '
                            'host).'),
    cfg.HostAddressOpt('server_proxyclient_address', default='127.0.0.1',
                       help='Address of this compute host that nova-lite-novncproxy '
                            'connects to for the guests\' VNC servers.'),
    cfg.URIOpt('novncproxy_base_url', default='http://127.0.0.1:6080/vnc_lite.html',
               help='Public URL of the noVNC client page; a console URL is this with '
                    '?path=%3Ftoken%3D<token> added.'),
    cfg.HostAddressOpt('novncproxy_host', default='0.0.0.0',
                       help='Address nova-lite-novncproxy listens on.'),
    cfg.PortOpt('novncproxy_port', default=6080,
                help='Port nova-lite-novncproxy listens on.'),
]


def register_opts(conf):
    conf.register_group(vnc_group)
    conf.register_opts(vnc_opts, group=vnc_group)


def list_opts():
    return {vnc_group: vnc_opts}
