"""devstack/smoke.py: its server is gone, not only deleted, when it ends."""
import importlib.util
import pathlib
import types

import openstack.exceptions
import pytest

SMOKE = pathlib.Path(__file__).resolve().parents[2] / 'devstack' / 'smoke.py'


def _load_smoke():
    spec = importlib.util.spec_from_file_location('devstack_smoke', SMOKE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Compute:
    """The calls smoke.py makes, in order; a boot or a delete may be made to fail."""

    def __init__(self, calls, boot_fails=False, delete_hangs=False):
        self.calls, self.boot_fails, self.delete_hangs = calls, boot_fails, delete_hangs

    def services(self):
        return [types.SimpleNamespace(binary='nova-compute', state='up')]

    def create_server(self, **fields):
        self.calls.append('create')
        return types.SimpleNamespace(id='s-1', status='BUILD')

    def wait_for_server(self, server, wait):
        self.calls.append('wait for ACTIVE')
        if self.boot_fails:
            raise openstack.exceptions.ResourceFailure('went to ERROR')
        return types.SimpleNamespace(id=server.id, status='ACTIVE')

    def delete_server(self, server, ignore_missing):
        self.calls.append('delete')

    def wait_for_delete(self, server, wait):
        self.calls.append('wait until gone')
        if self.delete_hangs:
            raise openstack.exceptions.ResourceTimeout('still there')
        return server


@pytest.fixture
def smoke(monkeypatch):
    module = _load_smoke()
    calls = []

    def run(**behaviour):
        compute = _Compute(calls, **behaviour)
        image = types.SimpleNamespace(
            find_image=lambda name, ignore_missing: types.SimpleNamespace(id='img-1'))
        monkeypatch.setattr(module.openstack, 'connect', lambda cloud: types.SimpleNamespace(
            compute=compute, image=image))
        monkeypatch.setattr(module.sys, 'argv', ['smoke.py'])
        module.main()
    return run, calls


def test_waits_until_the_server_is_gone(smoke, capsys):
    run, calls = smoke
    run()
    assert calls == ['create', 'wait for ACTIVE', 'delete', 'wait until gone']
    assert 'server s-1 is ACTIVE' in capsys.readouterr().out


def test_a_failed_boot_is_deleted_and_waited_for_too(smoke):
    run, calls = smoke
    with pytest.raises(SystemExit) as exit_:
        run(boot_fails=True)
    assert 'smoke test failed: went to ERROR' in str(exit_.value.code)
    assert calls == ['create', 'wait for ACTIVE', 'delete', 'wait until gone']


def test_a_server_that_stays_fails_the_smoke_test(smoke):
    run, _ = smoke
    with pytest.raises(SystemExit) as exit_:
        run(delete_hangs=True)
    assert exit_.value.code == ('smoke test failed: server s-1 still there 120 s after '
                                'its delete')
