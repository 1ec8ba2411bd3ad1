"""nova-lite-manage against a migrated database, through its real argument parser."""
import pytest

from nova_lite import objects
from nova_lite.cmd import manage
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


def test_service_delete_refuses_a_host_with_instances(run, make_service, make_instance):
    make_service('busy')
    make_instance(host='busy')
    code, _, err = run('service', 'delete', 'busy', 'nova-compute')
    assert code == 1 and '1 instances are still on host busy' in err


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
