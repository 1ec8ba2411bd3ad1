"""The benchmarks run and print their JSON line (their figures are not checked)."""
import json
import subprocess
import sys
import pathlib

REPO = pathlib.Path(__file__).resolve().parents[2]


def test_scheduler_benchmark_prints_its_figures():
    result = subprocess.run([sys.executable, '-m', 'benchmarks.scheduler', '--hosts', '2,3',
                             '--requests', '3'], cwd=REPO, capture_output=True, text=True,
                            timeout=300, check=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures['benchmark'] == 'select_destinations'
    assert [r['hosts'] for r in figures['results']] == [2, 3]
    assert all(r['requests'] == 3 and r['p50_ms'] > 0 for r in figures['results'])
