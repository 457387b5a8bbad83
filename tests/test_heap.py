"""kg.core.heap.give_back: memory freed inside the allocator's arenas goes back to the system."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from kg.core.settings import PROJECT_ROOT

PROBE = textwrap.dedent('''
    import ctypes
    from kg.core import heap

    def rss_kb():
        return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS:"))

    libc = ctypes.CDLL("libc.so.6")
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    blocks = [libc.malloc(64 * 1024) for _ in range(4000)]      # 250 MB under the mmap threshold: in the heap
    for b in blocks:
        ctypes.memset(b, 1, 64 * 1024)                          # touched: resident
    for b in blocks[:-1]:
        libc.free(b)                                            # freed below the last block: not trimmed by free
    held = rss_kb()
    heap.give_back()
    print(held, rss_kb())
''')


def test_freed_memory_is_given_back():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=PROJECT_ROOT,
                         env={"PYTHONPATH": str(PROJECT_ROOT)}, timeout=120)
    assert out.returncode == 0, out.stderr
    held, after = map(int, out.stdout.split())
    assert held - after > 200 * 1024, (held, after)              # most of the 250 MB freed went back
