"""[glance] options: how nova-lite reaches the image service.

The usual keystoneauth1 session, adapter and auth options (service_type
'image', endpoint from the Keystone catalog unless endpoint_override is set),
authenticated as nova-lite's service user; the user's own token is passed
through on each request, as upstream Nova does.
"""
from oslo_config import cfg

glance_group = cfg.OptGroup('glance', title='Image service options')

glance_opts = [
    cfg.BoolOpt('enabled', default=True,
                help='Check imageRef against Glance and download images from it. False '
                     'accepts any image UUID without checking and is only for the fake '
                     'driver (development and scale tests).'),
    cfg.IntOpt('num_retries', default=3, min=0,
               help='Retries of a failed image download.'),
    cfg.StrOpt('image_cache_dir', default='$state_path/images',
               help='Where compute keeps downloaded images.'),
]

DEFAULT_SERVICE_TYPE = 'image'


def register_opts(conf):
    conf.register_group(glance_group)
    conf.register_opts(glance_opts, group=glance_group)


def register_keystoneauth_opts(conf):
    """keystoneauth1's session, auth and adapter options of [glance], registered by
    the Glance client as it loads: keystoneauth1 and requests would cost each daemon
    that never calls Glance (the scheduler, the conductor) about 6 MiB."""
    from keystoneauth1 import loading as ks_loading
    ks_loading.register_session_conf_options(conf, glance_group.name)
    ks_loading.register_auth_conf_options(conf, glance_group.name)
    ks_loading.register_adapter_conf_options(conf, glance_group.name,
                                             include_deprecated=False)
    conf.set_default('service_type', DEFAULT_SERVICE_TYPE, group=glance_group.name)
    conf.set_default('valid_interfaces', ['internal', 'public'], group=glance_group.name)


def list_opts():
    from keystoneauth1 import loading as ks_loading
    return {glance_group: (glance_opts + ks_loading.get_session_conf_options() +
                           ks_loading.get_auth_common_conf_options() +
                           ks_loading.get_auth_plugin_conf_options('password') +
                           ks_loading.get_adapter_conf_options(include_deprecated=False))}
