"""nova-lite-manage: the operator's admin CLI, run on the controller.

It opens the database directly (as upstream's nova-manage does).
"""
import argparse
import collections
import sys

import sqlalchemy.exc
from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import timeutils
from oslo_utils import uuidutils

from nova_lite import availability_zones
from nova_lite import config
from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects
from nova_lite.api import validation
from nova_lite.api.schemas import flavors as flavor_schema
from nova_lite.db import migration

CONF = config.CONF


class CommandError(Exception):
    """A failure the operator can act on: printed as one line, exit code 1."""


def db_sync(args):
    migration.db_sync(args.version)
    print('Database is at revision %s' % migration.db_version())


def db_version(args):
    print(migration.db_version() or 'None (run: nova-lite-manage db sync)')


def _date(text):
    """--before: a date or date and time, UTC unless the text says otherwise."""
    try:
        when = timeutils.parse_isotime(text)
    except ValueError:
        raise argparse.ArgumentTypeError('not a date: %r (e.g. 2026-11-30 or '
                                         '2026-11-30T12:00:00)' % text)
    return timeutils.normalize_time(when)


def db_archive_deleted_rows(args):
    """Exit code 1 when rows were archived, 0 when there was nothing (upstream's): a
    script may run it until 0."""
    if args.max_rows < 1:
        raise CommandError('--max_rows must be at least 1')
    from nova_lite.db import archive
    moved = collections.Counter()
    while True:
        batch = archive.archive(args.max_rows, before=args.before)
        moved.update(batch)
        if not batch or not args.until_complete:
            break
    if args.purge:
        archive.purge(before=args.before)
    if args.verbose:
        if moved:
            _table(('Table', 'Number of Rows Archived'), sorted(moved.items()))
        else:
            print('Nothing was archived.')
    return 1 if moved else 0


def db_purge(args):
    """Exit code 0 when rows were deleted, 3 when there were none (upstream's)."""
    if not args.all and args.before is None:
        raise CommandError('give --before DATE or --all')
    from nova_lite.db import archive
    purged = archive.purge(before=None if args.all else args.before)
    if args.verbose:
        for name, count in sorted(purged.items()):
            print('Deleted %d rows from %s' % (count, name))
    return 0 if purged else 3


def _table(headers, rows):
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows)]
    line = '+' + '+'.join('-' * (w + 2) for w in widths) + '+'
    out = [line, '| ' + ' | '.join(str(h).ljust(w) for h, w in zip(headers, widths)) + ' |',
           line]
    out += ['| ' + ' | '.join(str(c).ljust(w) for c, w in zip(row, widths)) + ' |'
            for row in rows]
    out.append(line)
    print('\n'.join(out))


def service_list(args):
    ctxt = nl_context.get_admin_context()
    rows = [(s.id, s.binary, s.host, 'disabled' if s.disabled else 'enabled',
             'up' if s.is_up() else 'down', s.updated_at or s.last_seen_up)
            for s in objects.ServiceList.get_all(ctxt, host=args.host)]
    _table(('Id', 'Binary', 'Host', 'Status', 'State', 'Updated At'), rows)


def _service(ctxt, args):
    return objects.Service.get_by_host_and_binary(ctxt, args.host, args.binary)


def service_disable(args):
    ctxt = nl_context.get_admin_context()
    service = _service(ctxt, args)
    service.disabled = True
    service.disabled_reason = args.reason
    service.save()
    print('Disabled %s on %s' % (args.binary, args.host))


def service_enable(args):
    ctxt = nl_context.get_admin_context()
    service = _service(ctxt, args)
    service.disabled = False
    service.disabled_reason = None
    service.save()
    print('Enabled %s on %s' % (args.binary, args.host))


def service_delete(args):
    ctxt = nl_context.get_admin_context()
    _service(ctxt, args).destroy()  # as the API: not with instances on the host
    print('Deleted %s on %s' % (args.binary, args.host))


def host_list(args):
    ctxt = nl_context.get_admin_context()
    zones = availability_zones.host_zones(ctxt)
    rows = [(s.host, s.binary, availability_zones.service_zone(s, zones))
            for s in objects.ServiceList.get_all(ctxt)]
    _table(('Host', 'Service', 'Zone'), sorted(rows))


def flavor_list(args):
    ctxt = nl_context.get_admin_context()
    rows = [(f.flavorid, f.name, f.memory_mb, f.root_gb, f.ephemeral_gb, f.vcpus,
             f.is_public) for f in objects.FlavorList.get_all(ctxt, inactive=True)]
    _table(('ID', 'Name', 'RAM', 'Disk', 'Ephemeral', 'VCPUs', 'Is Public'), rows)


# option -> the field of POST /flavors whose schema validates it
_FLAVOR_FIELDS = (('name', 'name'), ('id', 'id'), ('ram', 'ram'), ('vcpus', 'vcpus'),
                  ('disk', 'disk'), ('ephemeral', 'OS-FLV-EXT-DATA:ephemeral'),
                  ('swap', 'swap'))


def _validate_flavor(args):
    """Check the options as the API checks a flavor create (ram and vcpus >= 1, ...)."""
    fields = flavor_schema.create['properties']['flavor']['properties']
    for option, field in _FLAVOR_FIELDS:
        value = getattr(args, option)
        if value is None:
            continue
        try:
            validation.validate(fields[field], value)
        except exception.ValidationError as error:
            label = option if option == 'name' else '--' + option
            raise CommandError('invalid %s: %s' % (label, error.format_message()))


def flavor_create(args):
    _validate_flavor(args)
    ctxt = nl_context.get_admin_context()
    flavorid = args.id if args.id is not None else uuidutils.generate_uuid()
    flavor = objects.Flavor(ctxt, flavorid=flavorid, name=args.name, memory_mb=args.ram,
                            vcpus=args.vcpus, root_gb=args.disk, ephemeral_gb=args.ephemeral,
                            swap=args.swap, rxtx_factor=1.0, disabled=False,
                            is_public=not args.private, extra_specs={})
    flavor.create()
    print('Created flavor %s (%s)' % (flavor.name, flavor.flavorid))


def flavor_delete(args):
    ctxt = nl_context.get_admin_context()
    objects.Flavor.get_by_flavor_id(ctxt, args.id).destroy()
    print('Deleted flavor %s' % args.id)


def _parser():
    parser = argparse.ArgumentParser(prog='nova-lite-manage',
                                     description='Administer a nova-lite cloud.')
    parser.add_argument('--config-file', action='append', default=[],
                        help='Config file (repeatable); default /etc/nova-lite/nova-lite.conf')
    parser.add_argument('--config-dir', action='append', default=[])
    categories = parser.add_subparsers(dest='category', required=True)

    db = categories.add_parser('db', help='Database schema and archive').add_subparsers(
        dest='action', required=True)
    sync = db.add_parser('sync', help='Upgrade the schema to the newest (or given) version')
    sync.add_argument('version', nargs='?', default='heads')
    sync.set_defaults(func=db_sync)
    db.add_parser('version', help='Show the schema version').set_defaults(func=db_version)
    archive = db.add_parser('archive_deleted_rows', help='Move deleted rows (and the rows '
                            'of deleted instances) to the shadow tables')
    archive.add_argument('--max_rows', '--max-rows', type=int, default=1000,
                         help='deleted instances, and rows of each other table, per batch')
    archive.add_argument('--before', type=_date, help='only rows deleted before this date')
    archive.add_argument('--until-complete', '--until_complete', action='store_true',
                         help='batches until nothing is left to archive')
    archive.add_argument('--purge', action='store_true',
                         help='then delete the archived rows (as db purge)')
    archive.add_argument('--verbose', action='store_true', help='print the rows per table')
    archive.set_defaults(func=db_archive_deleted_rows)
    purge = db.add_parser('purge', help='Delete rows from the shadow tables')
    purge.add_argument('--all', action='store_true', help='every archived row')
    purge.add_argument('--before', type=_date,
                       help='the rows of what was deleted before this date')
    purge.add_argument('--verbose', action='store_true')
    purge.set_defaults(func=db_purge)

    service = categories.add_parser('service', help='Services').add_subparsers(
        dest='action', required=True)
    slist = service.add_parser('list', help='List services and their state')
    slist.add_argument('--host')
    slist.set_defaults(func=service_list)

    for action, func, text in (('disable', service_disable, 'Stop scheduling to a service'),
                               ('enable', service_enable, 'Schedule to a service again'),
                               ('delete', service_delete, 'Delete a service (and its '
                                                          'compute nodes)')):
        sub = service.add_parser(action, help=text)
        sub.add_argument('host')
        sub.add_argument('binary', choices=('nova-compute', 'nova-scheduler',
                                            'nova-conductor'))
        if action == 'disable':
            sub.add_argument('--reason', help='Why (shown as disabled_reason)')
        sub.set_defaults(func=func)

    host = categories.add_parser('host', help='Hosts').add_subparsers(dest='action',
                                                                      required=True)
    host.add_parser('list', help='List hosts, their services and zones').set_defaults(
        func=host_list)

    flavor = categories.add_parser('flavor', help='Flavors').add_subparsers(
        dest='action', required=True)
    flavor.add_parser('list', help='List every flavor').set_defaults(func=flavor_list)
    create = flavor.add_parser('create', help='Create a flavor')
    create.add_argument('name')
    create.add_argument('--id', help='Flavor id (as users see it; default: a new UUID)')
    create.add_argument('--ram', type=int, required=True, help='MiB (at least 1)')
    create.add_argument('--vcpus', type=int, required=True, help='at least 1')
    create.add_argument('--disk', type=int, default=0, help='GiB of root disk')
    create.add_argument('--ephemeral', type=int, default=0, help='GiB')
    create.add_argument('--swap', type=int, default=0, help='MiB')
    create.add_argument('--private', action='store_true')
    create.set_defaults(func=flavor_create)
    delete = flavor.add_parser('delete', help='Delete a flavor')
    delete.add_argument('id')
    delete.set_defaults(func=flavor_delete)
    return parser


def _check_database(args):
    """Fail in one line, before any query, when the database cannot serve the command."""
    try:
        revision = migration.db_version()
    except ModuleNotFoundError as error:  # the URL's DBAPI driver is not installed
        raise CommandError('no driver for [database] connection (%s): install it in '
                           'nova-lite\'s virtualenv (PyMySQL for mysql+pymysql://, '
                           'psycopg2-binary for postgresql+psycopg2://)' % error)
    if (args.category, args.action) in (('db', 'sync'), ('db', 'version')):
        return
    try:
        synced = revision is not None and revision == migration.head_version()
    except RuntimeError:  # no migrations beside the code: only an empty schema is known
        synced = revision is not None
    if not synced:
        raise CommandError('database not synced: run nova-lite-manage db sync')


def _database_error(error):
    """The driver's own message, without SQLAlchemy's statement and links."""
    if isinstance(error, sqlalchemy.exc.DBAPIError) and error.orig is not None:
        return str(error.orig).splitlines()[0]
    return str(error).splitlines()[0]


def main(argv=None):
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    conf_args = ['nova-lite-manage']
    for path in args.config_file:
        conf_args += ['--config-file', path]
    for path in args.config_dir:
        conf_args += ['--config-dir', path]
    CONF.set_default('use_stderr', True)  # stdout is for the command's own output
    # Alembic's INFO lines tell what db sync upgraded; elsewhere they are noise on stderr
    quiet = [] if (args.category, args.action) == ('db', 'sync') else ['alembic=WARN']
    CONF.set_default('default_log_levels', logging.get_default_log_levels() + quiet)
    try:
        config.parse_args(conf_args)
    except cfg.Error as error:  # a config file missing or unparsable
        print('ERROR: %s' % error, file=sys.stderr)
        return 1
    logging.setup(CONF, 'nova-lite-manage')
    objects.register_all()
    try:
        _check_database(args)
        code = args.func(args)
    except exception.NovaLiteException as error:
        print('ERROR: %s' % error.format_message(), file=sys.stderr)
        return 1
    except (CommandError, cfg.Error) as error:
        print('ERROR: %s' % error, file=sys.stderr)
        return 1
    except sqlalchemy.exc.SQLAlchemyError as error:
        print('ERROR: database error: %s' % _database_error(error), file=sys.stderr)
        return 1
    return code or 0


if __name__ == '__main__':
    sys.exit(main())
