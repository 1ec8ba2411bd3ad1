"""nova-lite-manage against a migrated database, through its real argument parser."""
import argparse
import datetime

import pytest
from oslo_config import cfg
from oslo_utils import timeutils

from nova_lite import exception
from nova_lite import objects
from nova_lite.cmd import manage
from nova_lite.db import api as db_api
from nova_lite.db import lazy as lazy_db
from nova_lite.db import migration


@pytest.fixture
def run(db, tmp_path, capsys):
    conf_file = tmp_path / 'manage.conf'
    conf_file.write_text('[database]\nconnection = %s\n' % manage.CONF.database.connection)

    def _run(*argv):
        code = manage.main(['--config-file', str(conf_file), *argv])
        out = capsys.readouterr()
        return code, out.out, out.err
    return _run


def test_config_dir_alone_is_read(db, tmp_path, capsys, monkeypatch):
    # the machine's own /etc/nova-lite must not take part: only the folder given
    monkeypatch.setattr(cfg, 'find_config_files', lambda project=None, prog=None: [])
    monkeypatch.setattr(cfg, 'find_config_dirs', lambda project=None, prog=None: [])
    migrated = manage.CONF.database.connection
    conf_dir = tmp_path / 'nova-lite.conf.d'
    conf_dir.mkdir()
    (conf_dir / '10-database.conf').write_text('[database]\nconnection = %s\n' % migrated)
    manage.CONF.clear_override('connection', 'database')  # the db fixture's, not a file's

    code = manage.main(['--config-dir', str(conf_dir), 'db', 'version'])

    assert code == 0
    assert (manage.CONF.config_file, manage.CONF.config_dir) == ([], [str(conf_dir)])
    assert manage.CONF.database.connection == migrated
    assert capsys.readouterr().out.strip() == migration.db_version()


def test_db_version_and_sync(run):
    code, out, _ = run('db', 'version')
    assert code == 0 and out.strip() == migration.db_version()
    code, out, _ = run('db', 'sync')
    assert code == 0 and 'Database is at revision' in out


def test_flavor_create_list_delete(run, admin_context):
    code, out, _ = run('flavor', 'create', 'custom', '--id', 'c1', '--ram', '256',
                       '--vcpus', '2', '--disk', '3', '--private')
    assert code == 0
    flavor = objects.Flavor.get_by_flavor_id(admin_context, 'c1')
    assert (flavor.memory_mb, flavor.vcpus, flavor.root_gb, flavor.is_public) == \
        (256, 2, 3, False)
    code, out, _ = run('flavor', 'list')
    assert '| c1 ' in out and 'custom' in out
    code, _, err = run('flavor', 'create', 'custom', '--id', 'c2', '--ram', '1', '--vcpus', '1')
    assert code == 1 and 'already exists' in err
    assert run('flavor', 'delete', 'c1')[0] == 0
    code, _, err = run('flavor', 'delete', 'c1')
    assert code == 1 and 'could not be found' in err


def _table_rows(out):
    """The cells of each row of a +---+ table, header first."""
    return [[cell.strip() for cell in line.strip('|').split('|')]
            for line in out.splitlines() if line.startswith('|')]


def test_service_list(run, make_service):
    make_service('host1')
    stale = make_service('host2', disabled=True, disabled_reason='maintenance')
    stale.last_seen_up = timeutils.utcnow() - datetime.timedelta(
        seconds=manage.CONF.service_down_time + 60)
    stale.save()
    make_service('controller', binary='nova-conductor')

    code, out, _ = run('service', 'list')

    assert code == 0
    header, *rows = _table_rows(out)
    assert header == ['Id', 'Binary', 'Host', 'Status', 'State', 'Updated At']
    assert [row[1:5] for row in rows] == [
        ['nova-compute', 'host1', 'enabled', 'up'],
        ['nova-compute', 'host2', 'disabled', 'down'],
        ['nova-conductor', 'controller', 'enabled', 'up']]
    assert all(row[0].isdigit() and row[5] for row in rows)

    code, out, _ = run('service', 'list', '--host', 'host2')
    assert [row[2] for row in _table_rows(out)[1:]] == ['host2']


def test_service_disable_enable_delete(run, make_service, make_node, admin_context):
    service = make_service('host1')
    make_node('host1', service_id=service.id)
    code, out, _ = run('service', 'disable', 'host1', 'nova-compute', '--reason', 'maintenance')
    assert code == 0
    service = objects.Service.get_by_host_and_binary(admin_context, 'host1', 'nova-compute')
    assert service.disabled and service.disabled_reason == 'maintenance'
    assert run('service', 'enable', 'host1', 'nova-compute')[0] == 0
    service = objects.Service.get_by_host_and_binary(admin_context, 'host1', 'nova-compute')
    assert not service.disabled and service.disabled_reason is None
    code, out, _ = run('host', 'list')
    assert 'host1' in out and 'nova-compute' in out
    assert run('service', 'delete', 'host1', 'nova-compute')[0] == 0
    assert len(objects.ServiceList.get_all(admin_context)) == 0
    assert len(objects.ComputeNodeList.get_all(admin_context)) == 0


def test_service_delete_refuses_a_host_with_instances(run, make_service, make_node,
                                                     make_instance, admin_context):
    make_node('busy', service_id=make_service('busy').id)
    make_instance(host='busy')
    code, _, err = run('service', 'delete', 'busy', 'nova-compute')
    assert code == 1 and 'Unable to delete compute service that is hosting instances' in err
    assert len(objects.ServiceList.get_all(admin_context)) == 1
    assert len(objects.ComputeNodeList.get_all(admin_context)) == 1


def test_service_delete_takes_the_host_out_of_its_aggregates(run, make_service,
                                                             admin_context):
    make_service('host1')
    aggregate = objects.Aggregate(admin_context, name='rack1')
    aggregate.create()
    aggregate.add_host('host1')
    assert run('service', 'delete', 'host1', 'nova-compute')[0] == 0
    assert objects.Aggregate.get_by_id(admin_context, aggregate.id).hosts == []


def test_unknown_service_is_a_clear_error(run):
    code, _, err = run('service', 'disable', 'nohost', 'nova-compute')
    assert code == 1 and 'Could not find binary nova-compute on host nohost' in err


def test_help_and_bad_usage_exit_non_zero(capsys):
    with pytest.raises(SystemExit) as exit_:
        manage.main(['--help'])
    assert exit_.value.code == 0
    with pytest.raises(SystemExit) as exit_:
        manage.main(['service', 'frobnicate'])
    assert exit_.value.code == 2


def _commands(parser, prefix=()):
    """Every runnable command of the parser: ('db', 'sync'), ('flavor', 'create'), ..."""
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        return [prefix]
    return [command for name, sub in subparsers[0].choices.items()
            for command in _commands(sub, prefix + (name,))]


@pytest.mark.parametrize('command', _commands(manage._parser()), ids=' '.join)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        manage.main([*command, '--help'])
    assert exit_.value.code == 0
    assert 'usage: nova-lite-manage %s' % ' '.join(command) in capsys.readouterr().out


def test_a_missing_config_file_is_one_line(conf, tmp_path, capsys):
    missing = tmp_path / 'nowhere.conf'
    assert manage.main(['--config-file', str(missing), 'db', 'version']) == 1
    out = capsys.readouterr()
    assert out.out == ''
    assert out.err == 'ERROR: Failed to find some config files: %s\n' % missing


def test_an_unsynced_database_is_one_line(conf, tmp_path, capsys):
    conf('connection', 'sqlite:///%s' % (tmp_path / 'empty.sqlite'), 'database')
    lazy_db.allow_access()
    db_api.dispose_engines()
    try:
        for command in (['flavor', 'list'], ['service', 'list'], ['host', 'list'],
                        ['flavor', 'create', 'f', '--ram', '64', '--vcpus', '1']):
            assert manage.main(command) == 1
            out = capsys.readouterr()
            assert out.out == ''
            assert out.err == 'ERROR: database not synced: run nova-lite-manage db sync\n'
        # db version still answers and db sync fixes it
        assert manage.main(['db', 'version']) == 0
        assert 'None (run: nova-lite-manage db sync)' in capsys.readouterr().out
        assert manage.main(['db', 'sync']) == 0
        assert manage.main(['flavor', 'list']) == 0
        assert '| 1 ' in capsys.readouterr().out
    finally:
        db_api.dispose_engines()


def test_a_database_behind_the_code_is_not_synced(conf, tmp_path, capsys):
    conf('connection', 'sqlite:///%s' % (tmp_path / 'old.sqlite'), 'database')
    lazy_db.allow_access()
    db_api.dispose_engines()
    try:
        migration.db_sync('0004')  # the code was upgraded since: it has later revisions
        assert manage.main(['service', 'list']) == 1
        assert capsys.readouterr().err == \
            'ERROR: database not synced: run nova-lite-manage db sync\n'
    finally:
        db_api.dispose_engines()


def test_an_unreachable_database_is_one_line(conf, tmp_path, capsys):
    conf('connection', 'sqlite:///%s' % (tmp_path / 'no' / 'such' / 'dir.sqlite'), 'database')
    lazy_db.allow_access()
    db_api.dispose_engines()
    try:
        assert manage.main(['flavor', 'list']) == 1
    finally:
        db_api.dispose_engines()
    assert capsys.readouterr().err == 'ERROR: database error: unable to open database file\n'


@pytest.mark.parametrize('options, error', [
    (['--ram', '-5'], 'invalid --ram: -5 is less than the minimum of 1'),
    (['--ram', '0'], 'invalid --ram: 0 is less than the minimum of 1'),
    (['--vcpus', '0'], 'invalid --vcpus: 0 is less than the minimum of 1'),
    (['--disk', '-1'], 'invalid --disk: -1 is less than the minimum of 0'),
    (['--ephemeral', '-1'], 'invalid --ephemeral: -1 is less than the minimum of 0'),
    (['--swap', '-1'], 'invalid --swap: -1 is less than the minimum of 0'),
    (['--name', ''], 'invalid name: '),
    (['--name', ' padded'], 'invalid name: '),
    (['--name', 'n' * 256], 'invalid name: '),
    (['--id', ''], 'invalid --id: '),
    (['--id', 'a/b'], 'invalid --id: '),
    (['--id', 'x' * 256], 'invalid --id: '),
])
def test_flavor_create_validates_as_the_api(run, admin_context, options, error):
    values = {'--name': 'bad', '--id': 'bad', '--ram': '64', '--vcpus': '1'}
    values.update(zip(options[::2], options[1::2]))
    name = values.pop('--name')
    argv = [item for pair in values.items() for item in pair]
    before = len(objects.FlavorList.get_all(admin_context, inactive=True))
    code, out, err = run('flavor', 'create', name, *argv)
    assert code == 1 and out == ''
    assert err.startswith('ERROR: ' + error) and err.count('\n') == 1
    assert len(objects.FlavorList.get_all(admin_context, inactive=True)) == before


def test_flavor_create_without_id_gets_a_uuid(run, admin_context):
    code, out, _ = run('flavor', 'create', 'auto', '--ram', '64', '--vcpus', '1')
    assert code == 0
    flavor = [f for f in objects.FlavorList.get_all(admin_context) if f.name == 'auto'][0]
    assert 'Created flavor auto (%s)' % flavor.flavorid in out and len(flavor.flavorid) == 36


def test_host_list_shows_each_host_zone(run, make_service, admin_context):
    make_service('west1')
    make_service('plain1')
    make_service('ctl', binary='nova-conductor')
    aggregate = objects.Aggregate(admin_context, name='w',
                                  metadata={'availability_zone': 'west'})
    aggregate.create()
    aggregate.add_host('west1')
    code, out, _ = run('host', 'list')
    assert code == 0
    rows = {tuple(cell.strip() for cell in line.strip('|').split('|'))
            for line in out.splitlines() if line.startswith('| ') and 'Host' not in line}
    assert rows == {('west1', 'nova-compute', 'west'), ('plain1', 'nova-compute', 'nova'),
                    ('ctl', 'nova-conductor', 'internal')}


def test_flavor_delete_of_an_unknown_flavor(run):
    code, _, err = run('flavor', 'delete', 'nope')
    assert code == 1 and err == 'ERROR: %s\n' % exception.FlavorNotFound(
        flavor_id='nope').format_message()

