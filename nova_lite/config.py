"""Parse the command line and config files of a nova-lite program."""
from oslo_log import log as logging

import nova_lite.conf
from nova_lite import rpc
from nova_lite import version

CONF = nova_lite.conf.CONF

logging.register_options(CONF)


def parse_args(argv, default_config_files=None):
    """Load options (--config-file / --config-dir as every oslo daemon) and logging."""
    rpc.set_defaults()
    CONF(argv[1:], project='nova-lite', version=version.version_string,
         default_config_files=default_config_files)
