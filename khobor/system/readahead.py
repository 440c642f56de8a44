"""Read-ahead advice to the kernel (`POSIX_FADV_WILLNEED`): ask for bytes before reading them,
so they come from disk together rather than one read at a time. The page cache does not hold
a million pages, nor their spool; figures in `bench/results/readahead.txt`."""

from __future__ import annotations

import os
from collections.abc import Iterable

WHOLE_FILE = ((0, 0),)  # offset 0, length 0: to the end of the file


def available() -> bool:
    """Whether this system takes the advice (a caller opens no file for it when it does not)."""
    return hasattr(os, "posix_fadvise")


def will_need(fd: int, ranges: Iterable[tuple[int, int]] = WHOLE_FILE) -> None:
    """Advise that `(offset, length)` ranges of `fd` are about to be read; a system without
    `posix_fadvise`, or one that refuses it, is left as it is (advice only, never an error)."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    try:
        for offset, length in ranges:
            advise(fd, offset, length, os.POSIX_FADV_WILLNEED)
    except OSError:
        pass
