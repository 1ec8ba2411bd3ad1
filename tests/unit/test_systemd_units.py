"""etc/systemd/: a unit per daemon, ordered after what it needs, as systemd reads it."""
import configparser
import pathlib
import tomllib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
UNITS = ROOT / 'etc' / 'systemd'
NOT_DAEMONS = {'nova-lite-manage', 'nova-lite-fake-computes'}
COMPUTE = 'nova-lite-compute'


def _daemons():
    scripts = tomllib.loads((ROOT / 'pyproject.toml').read_text())['project']['scripts']
    return sorted(set(scripts) - NOT_DAEMONS)


class _RepeatedKeys(dict):
    """A key given twice (two After= lines) adds up, as systemd reads it."""

    def __setitem__(self, key, value):
        if isinstance(value, list) and isinstance(self.get(key), list):
            self[key].extend(value)
        else:
            super().__setitem__(key, value)


def _unit(daemon):
    parser = configparser.ConfigParser(strict=False, interpolation=None,
                                       dict_type=_RepeatedKeys)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string((UNITS / ('%s.service' % daemon)).read_text())
    return parser


def _words(unit, section, key):
    return unit.get(section, key, fallback='').split()


def test_every_daemon_has_a_unit_and_every_unit_a_daemon():
    assert sorted(path.stem for path in UNITS.glob('*.service')) == _daemons()


@pytest.mark.parametrize('daemon', _daemons())
def test_unit_runs_the_daemon_after_rabbitmq(daemon):
    unit = _unit(daemon)
    assert set(unit.sections()) == {'Unit', 'Service', 'Install'}
    command = unit.get('Service', 'ExecStart').split()
    assert pathlib.PurePath(command[0]).name == daemon
    assert command[1:] == ['--config-file', '/etc/nova-lite/nova-lite.conf']
    assert 'rabbitmq-server.service' in _words(unit, 'Unit', 'After')
    assert 'network-online.target' in _words(unit, 'Unit', 'After')
    assert _words(unit, 'Install', 'WantedBy') == ['multi-user.target']
    assert unit.get('Service', 'Restart') == 'on-failure'


@pytest.mark.parametrize('daemon', [d for d in _daemons() if d != COMPUTE])
def test_controller_units_want_rabbitmq_and_own_their_folders(daemon):
    unit = _unit(daemon)
    assert 'rabbitmq-server.service' in _words(unit, 'Unit', 'Wants')
    assert unit.get('Service', 'User') == 'nova-lite'
    # /var/lib/nova-lite (the SQLite database) and /var/log/nova-lite, made by systemd
    assert unit.get('Service', 'StateDirectory') == 'nova-lite'
    assert unit.get('Service', 'LogsDirectory') == 'nova-lite'


def test_compute_unit_follows_libvirt():
    unit = _unit(COMPUTE)
    assert {'rabbitmq-server.service', 'libvirtd.service'} <= set(
        _words(unit, 'Unit', 'After'))
    assert 'libvirtd.service' in _words(unit, 'Unit', 'Wants')
    # RabbitMQ runs on the controller, not on compute nodes
    assert 'rabbitmq-server.service' not in _words(unit, 'Unit', 'Wants')
    # as root, a StateDirectory= would hand the controller units' folders to root
    assert unit.get('Service', 'User') == 'root'
    assert not unit.has_option('Service', 'StateDirectory')
    assert not unit.has_option('Service', 'LogsDirectory')


def test_repeated_keys_add_up():
    parser = configparser.ConfigParser(strict=False, interpolation=None,
                                       dict_type=_RepeatedKeys)
    parser.optionxform = str
    parser.read_string('[Unit]\nAfter=a.service\nAfter=b.service c.service\n')
    assert _words(parser, 'Unit', 'After') == ['a.service', 'b.service', 'c.service']
