"""Give a process's free heap back to the system between two big steps (a build, then its gates
in the same process): what Python, Arrow's pool and the C allocator keep for reuse after the
build's maps and buffers are gone. At a million pages that reuse never comes, and the kept heap
sits beside the gates' own memory (figures in `bench/results/scale_issue23_1m_heap.txt`)."""

from __future__ import annotations

import ctypes
import functools
import gc
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None on a C library without it (musl, macOS). Looked up
    among the symbols the process already has (no search for the library's file)."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def trim_heap() -> None:
    """Give the C heap's free memory back to the system (glibc's `malloc_trim`): what big maps
    just dropped leave there. Advice only; a system without it skips it."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def give_back_free_memory() -> None:
    """Collect cycles, release Arrow's unused pool memory and trim the C heap. Advice only:
    nothing a caller holds is touched, and a system without a step skips it."""
    gc.collect()
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow is a required dependency
        pass
    else:
        pa.default_memory_pool().release_unused()
    trim_heap()
