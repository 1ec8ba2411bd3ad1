"""Daemon start-up (nova_lite.cmd.common)."""
import subprocess
import sys

# In a fresh interpreter: how many bytes a 1 MiB block allocated after a 4 MiB one was
# freed adds to glibc's mmapped memory (mallinfo2's hblkhd).
MAPPED_AFTER_A_BIG_FREE = '''
import ctypes, sys
from nova_lite.cmd import common
if sys.argv[1] == 'tuned':
    common._tune_malloc()
class Info(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        'arena', 'ordblks', 'smblks', 'hblks', 'hblkhd', 'usmblks', 'fsmblks',
        'uordblks', 'fordblks', 'keepcost')]
libc = ctypes.CDLL('libc.so.6')
libc.mallinfo2.restype = Info
big = bytearray(4 << 20)
del big
before = libc.mallinfo2().hblkhd
block = bytearray(1 << 20)
print(libc.mallinfo2().hblkhd - before)
'''


def _mapped(mode):
    result = subprocess.run([sys.executable, '-c', MAPPED_AFTER_A_BIG_FREE, mode],
                            capture_output=True, text=True, check=True, timeout=60)
    return int(result.stdout)


def test_big_blocks_are_mapped_even_after_a_bigger_one_was_freed():
    """glibc's moving threshold would put the 1 MiB block on the heap, whose high water
    stays: a daemon's RSS kept the size of its largest RPC messages."""
    assert _mapped('plain') == 0  # what the tuning is for: glibc's own behaviour
    assert _mapped('tuned') >= 1 << 20
