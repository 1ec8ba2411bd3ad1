"""Where each daemon's CPU goes during a benchmark: py-spy samples every local nova-lite
daemon (pip install 'nova-lite[bench]'; attaching needs root or ptrace rights) without
pausing it, taking the stack of the thread that holds the GIL, so a share of a daemon's
samples is a share of the CPU its Python code used (native code that lets go of the GIL,
SQLite's queries and the sockets' system calls, is not sampled). Each daemon's samples
are summed by the library running (the innermost frame's package) and by the nova-lite
function that was running or called the library that was (the innermost nova-lite
frame: a function does not count what the nova-lite functions it calls cost).
"""
import collections
import os
import shutil
import signal
import subprocess
import sys
import tempfile


class Sampler:
    """py-spy on each of {pid: name} from start() to stop()."""

    def __init__(self, daemons, rate=200):
        self._py_spy = shutil.which('py-spy') or _beside_python('py-spy')
        if not self._py_spy:
            raise RuntimeError("--profile needs py-spy: pip install 'nova-lite[bench]'")
        self._daemons, self._rate = daemons, rate
        self._dir = tempfile.mkdtemp(prefix='nova-lite-profile-')
        self._procs = {}

    def start(self):
        """Once every py-spy samples: it says so once it has attached, which takes it
        a while (in a CI run on a loaded machine, four boots were over before it
        sampled once)."""
        for pid in self._daemons:
            self._procs[pid] = subprocess.Popen(
                [self._py_spy, 'record', '--pid', str(pid), '--rate', str(self._rate),
                 '--format', 'raw', '--nolineno', '--nonblocking', '--gil',
                 '--output', os.path.join(self._dir, '%d.raw' % pid)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for pid, proc in self._procs.items():
            said = []
            for line in proc.stdout:
                said.append(line)
                if 'Sampling' in line:
                    break
            else:  # it ended: why (and the others end too)
                error = RuntimeError('py-spy on %s: %s%s' % (
                    self._daemons[pid], ''.join(said), proc.stderr.read()))
                self._end()
                raise error

    def stop(self, timeout=60):
        """{pid: collapsed stacks {(frame, ...): samples}} of the daemons sampled. A
        py-spy that has not written its file within timeout seconds is killed (with
        the others still running) and its error raised."""
        stacks = {}
        for proc in self._procs.values():  # all of them, before one may fail
            proc.send_signal(signal.SIGINT)  # py-spy writes its file when interrupted
        try:
            for pid, proc in self._procs.items():
                _, err = proc.communicate(timeout=timeout)
                path = os.path.join(self._dir, '%d.raw' % pid)
                if not os.path.exists(path):
                    raise RuntimeError('py-spy on %s: %s' % (self._daemons[pid], err.strip()))
                with open(path) as raw:
                    stacks[pid] = parse(raw)
        finally:
            self._end()
        return stacks

    def _end(self):
        """Kill every py-spy still running and remove their folder."""
        for proc in self._procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        shutil.rmtree(self._dir, ignore_errors=True)


def _beside_python(name):
    path = os.path.join(os.path.dirname(sys.executable), name)
    return path if os.access(path, os.X_OK) else None


def parse(lines):
    """{(frame, ...) outermost first: samples} from py-spy's raw (collapsed) lines,
    'frame;frame;... count', each frame 'function (path)'."""
    stacks = collections.Counter()
    for line in lines:
        stack, _, count = line.rstrip('\n').rpartition(' ')
        if stack and count.isdigit():
            stacks[tuple(stack.split(';'))] += int(count)
    return stacks


def _path(frame):
    return frame.rpartition(' (')[2].rstrip(')')


def package(frame):
    """The library a frame runs in: the first part of its (py-spy shortened) path;
    'python' for a module of the standard library's top level."""
    path = _path(frame)
    return path.split('/')[0] if '/' in path else 'python'


def summary(stacks, top=8):
    """{'samples': n, 'packages': [(package, share)], 'functions': [(function, share)]}:
    the top shares of the samples by the package of the innermost frame and by the
    innermost nova_lite frame ('(outside nova-lite)': the libraries' own threads, such
    as oslo.messaging's listeners and heartbeats)."""
    total = sum(stacks.values())
    by_package, by_function = collections.Counter(), collections.Counter()
    for frames, count in stacks.items():
        by_package[package(frames[-1])] += count
        ours = [f for f in frames if _path(f).startswith('nova_lite/')]
        by_function[ours[-1].replace(' (nova_lite/', ' (') if ours else
                    '(outside nova-lite)'] += count
    if not total:
        return {'samples': 0, 'packages': [], 'functions': []}
    return {'samples': total,
            'packages': [(name, n / total) for name, n in by_package.most_common(top)],
            'functions': [(name, n / total) for name, n in by_function.most_common(top)]}


def print_summary(name, figures, cpu_ms):
    """The daemon's shares, each also as ms of CPU per server (share x cpu_ms)."""
    print('  %s (%d samples): by library, then by the nova-lite function calling it' % (
        name, figures['samples']))
    for rows in (figures['packages'], figures['functions']):
        for label, share in rows:
            print('    %-68s %4.0f%% %6.1f ms' % (label, share * 100, share * cpu_ms))
