"""The options nova-lite offers, where an operator who knows nova.conf looks for
them, and the committed sample config that oslo-config-generator writes."""
import importlib.metadata
import pathlib
import subprocess
import sys

import pytest
from oslo_config import cfg
from oslo_config import generator

from nova_lite.conf import opts

ROOT = pathlib.Path(__file__).resolve().parents[2]
GENERATOR_CONF = ROOT / 'etc' / 'nova-lite' / 'nova-lite-config-generator.conf'
SAMPLE = ROOT / 'etc' / 'nova-lite' / 'nova-lite.conf.sample'


def _group_name(group):
    # list_opts() names a group by a string, an OptGroup, or None for DEFAULT
    return getattr(group, 'name', group) or 'DEFAULT'


def _options(list_opts):
    return {_group_name(group): {opt.name: opt for opt in group_opts}
            for group, group_opts in list_opts}


@pytest.mark.parametrize('group, name', [
    ('DEFAULT', 'host'),
    ('DEFAULT', 'report_interval'),
    ('DEFAULT', 'service_down_time'),
    ('DEFAULT', 'compute_driver'),
    ('DEFAULT', 'osapi_compute_listen'),
    ('DEFAULT', 'osapi_compute_listen_port'),
    ('api', 'auth_strategy'),
    ('database', 'connection'),
    ('wsgi', 'api_paste_config'),
])
def test_nova_lite_options_are_in_upstream_groups(group, name):
    assert name in _options(opts.list_opts()).get(group, {}), (group, name)


def test_option_defaults_match_upstream():
    nova_lite_opts = _options(opts.list_opts())
    assert nova_lite_opts['DEFAULT']['osapi_compute_listen_port'].default == 8774
    assert nova_lite_opts['DEFAULT']['osapi_compute_listen'].default == '0.0.0.0'
    assert nova_lite_opts['api']['auth_strategy'].default == 'keystone'
    assert 'noauth2' in nova_lite_opts['api']['auth_strategy'].type.choices
    assert nova_lite_opts['database']['connection'].secret


def _entry_point_opts(namespace):
    (entry_point,) = importlib.metadata.entry_points(group='oslo.config.opts', name=namespace)
    return {group: set(group_opts) for group, group_opts in _options(entry_point.load()()).items()}


def test_generator_namespaces_give_transport_url_in_default():
    # as upstream Nova: [DEFAULT] transport_url is oslo.messaging's own option
    namespaces = _generator_namespaces()
    assert {'nova_lite', 'oslo.messaging', 'oslo.log'} <= set(namespaces)
    assert 'transport_url' in _entry_point_opts('oslo.messaging')['DEFAULT']
    # the nova_lite namespace is list_opts() above
    assert _entry_point_opts('nova_lite') == {
        group: set(names) for group, names in _options(opts.list_opts()).items()}


def _generator_namespaces():
    namespaces = []
    for line in GENERATOR_CONF.read_text().splitlines():
        key, _, value = line.partition('=')
        if key.strip() == 'namespace':
            namespaces.append(value.strip())
    return namespaces


def _without_host_default(text):
    # [DEFAULT] host defaults to this machine's name (the sample shows a placeholder)
    return [line for line in text.splitlines() if not line.startswith('#host =')]


def test_committed_sample_is_what_the_generator_writes(tmp_path):
    output = tmp_path / 'nova-lite.conf.sample'
    conf = cfg.ConfigOpts()
    generator.register_cli_opts(conf)
    conf(['--config-file', str(GENERATOR_CONF), '--output-file', str(output)])
    assert conf.namespace == _generator_namespaces()
    assert 'nova_lite' in conf.namespace

    # in a process of its own: tests that ran before changed defaults the sample shows
    # (rpc.init sets control_exchange)
    subprocess.run([sys.executable, '-c', 'from oslo_config import generator; '
                    'generator.main()', '--config-file', str(GENERATOR_CONF),
                    '--output-file', str(output)], check=True, timeout=120)

    fresh = output.read_text()
    assert '[database]\n' in fresh and '#osapi_compute_listen_port = 8774' in fresh
    assert _without_host_default(fresh) == _without_host_default(SAMPLE.read_text()), (
        'etc/nova-lite/nova-lite.conf.sample is stale: run oslo-config-generator '
        '--config-file etc/nova-lite/nova-lite-config-generator.conf')
