"""[database] options: read by the conductor and nova-lite-manage only."""
from oslo_config import cfg

database_group = cfg.OptGroup('database', title='Database options')

database_opts = [
    cfg.StrOpt('connection', secret=True,
               default='sqlite:////var/lib/nova-lite/nova-lite.sqlite',
               help='SQLAlchemy URL of the database. Only the conductor and '
                    'nova-lite-manage use it.'),
    cfg.BoolOpt('connection_debug', default=False, help='Log every SQL statement.'),
    cfg.IntOpt('max_pool_size', default=10, help='Connections kept open (not SQLite).'),
]


def register_opts(conf):
    conf.register_group(database_group)
    conf.register_opts(database_opts, group=database_group)


def list_opts():
    return {database_group: database_opts}
