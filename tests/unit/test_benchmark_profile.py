"""benchmarks.profile: py-spy's collapsed stacks summed by library and nova-lite function."""
import os
import subprocess
import sys

import pytest

from benchmarks import profile

RAW = [
    # a build's SQL: sqlalchemy run from Instance.save, called from the RPC server
    'run (threading.py);_run (nova_lite/rpc.py);Instance.save (nova_lite/objects/instance.py);'
    'execute (sqlalchemy/engine/base.py) 6\n',
    # the listener thread: no nova-lite frame
    'run (threading.py);poll (oslo_messaging/_drivers/amqpdriver.py);'
    '_read (amqp/transport.py) 3\n',
    # nova-lite's own code
    'run (threading.py);_run (nova_lite/rpc.py);pack (nova_lite/objects/instance_rows.py) 1\n',
    'not a stack line\n',
]


def test_samples_sum_by_the_innermost_library_and_nova_lite_function():
    stacks = profile.parse(RAW)
    assert sum(stacks.values()) == 10
    figures = profile.summary(stacks)
    assert figures['samples'] == 10
    assert figures['packages'] == [('sqlalchemy', 0.6), ('amqp', 0.3), ('nova_lite', 0.1)]
    assert figures['functions'] == [('Instance.save (objects/instance.py)', 0.6),
                                    ('(outside nova-lite)', 0.3),
                                    ('pack (objects/instance_rows.py)', 0.1)]


def test_a_frame_of_the_standard_library_top_level_is_python():
    assert profile.package('sleep (time.py)') == 'python'
    assert profile.package('get (queue.py)') == 'python'
    assert profile.package('dumps (json/__init__.py)') == 'json'


def test_no_samples_no_shares():
    assert profile.summary(profile.parse([])) == {'samples': 0, 'packages': [],
                                                  'functions': []}


# attaches slowly, as py-spy on a loaded machine, then samples until SIGINT; in Python,
# which can take SIGINT where the test run was started with it ignored (a job put in the
# background by a shell without job control), as py-spy does: sh cannot trap it there
FAKE_PY_SPY = '''#!%s
import signal, sys, time
out = sys.argv[sys.argv.index('--output') + 1]
def stop(*_):
    with open(out, 'w') as raw:
        raw.write('run (threading.py) 1\\n')
    sys.exit(0)
signal.signal(signal.SIGINT, stop)
time.sleep(0.5)
open(out + '.sampling', 'w').close()
print('py-spy> Sampling process 200 times a second. Press Control-C to exit.', flush=True)
while True:
    time.sleep(0.05)
''' % sys.executable


def _sampler(tmp_path, script, daemons=(1, 2)):
    """A Sampler of the daemons (pids) that runs script as py-spy."""
    fake = tmp_path / 'py-spy'
    fake.write_text(script)
    fake.chmod(0o755)
    names = {1: 'nova-lite-conductor', 2: 'nova-lite-api'}
    sampler = profile.Sampler({pid: names[pid] for pid in daemons})
    sampler._py_spy = str(fake)
    return sampler


def test_start_returns_once_every_py_spy_samples(tmp_path):
    sampler = _sampler(tmp_path, FAKE_PY_SPY)
    sampler.start()
    try:  # a run's first request comes now: each py-spy must be sampling already
        sampling = [os.path.exists(os.path.join(sampler._dir, '%d.raw.sampling' % pid))
                    for pid in (1, 2)]
    finally:
        stacks = sampler.stop()
    assert sampling == [True, True]
    assert not os.path.exists(sampler._dir)
    assert stacks == {pid: {('run (threading.py)',): 1} for pid in (1, 2)}


def test_a_py_spy_that_cannot_attach_says_why(tmp_path):
    sampler = _sampler(tmp_path, '#!/bin/sh\necho "Error: Failed to attach" >&2\nexit 1\n',
                       daemons=(1,))
    with pytest.raises(RuntimeError, match='nova-lite-conductor: Error: Failed to attach'):
        sampler.start()
    assert not os.path.exists(sampler._dir)  # where its files would have gone


def test_a_py_spy_that_does_not_stop_is_killed(tmp_path):
    deaf = FAKE_PY_SPY.replace('signal.signal(signal.SIGINT, stop)',
                               'signal.signal(signal.SIGINT, signal.SIG_IGN)')
    sampler = _sampler(tmp_path, deaf)
    sampler.start()
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            sampler.stop(timeout=0.5)
        assert [proc.poll() for proc in sampler._procs.values()] == [-9, -9]
        assert not os.path.exists(sampler._dir)
    finally:  # none left running, whatever failed
        for proc in sampler._procs.values():
            proc.kill()
            proc.wait()
