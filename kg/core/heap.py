"""Memory that a large build freed, given back to the operating system.

glibc's allocator keeps freed memory in its arenas for later use: one per thread that allocated
(the store's query threads, the app's thread pool), each up to 64 MB a heap. After the warm-up at
10M synthetic quads the server's allocator held 1,023 MB of which 305 MB were in use (glibc's
``malloc_stats``): the rest was what a store query's hash tables, a list's sort keys or a bulk
load had freed, counted in the process's resident memory until reused. ``give_back()`` calls
``malloc_trim(0)``, which hands the free pages of every arena back (in use memory does not move);
the app calls it after each part of its warm-up and after loading ``--load`` files. Without glibc
(another C library or system) it does nothing.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools


@functools.cache
def _trim():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def give_back() -> bool:
    """Return the allocator's free pages to the system; whether there was anything to return
    (False also where ``malloc_trim`` does not exist)."""
    trim = _trim()
    return bool(trim(0)) if trim is not None else False
