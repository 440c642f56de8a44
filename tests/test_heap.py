"""`khobor.system.heap`: free heap given back between a build and its gates (issue 23)."""

from __future__ import annotations

import platform
from pathlib import Path

import numpy as np
import pytest

from khobor.contracts.policy import DedupPolicy
from khobor.corpus.dedup import Deduper
from khobor.system import heap

LINUX_GLIBC = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"


def _resident_mib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmRSS in /proc/self/status")


@pytest.mark.skipif(not LINUX_GLIBC, reason="malloc_trim is glibc's; /proc is Linux's")
def test_trimming_gives_a_fragmented_heap_back() -> None:
    # 200 MB of 2 KB blocks (the C heap, not Python's arenas), every hundredth kept: without
    # a trim the heap keeps nearly all of it, as a build's dropped maps leave it
    blocks = [bytes(2000) for _ in range(100_000)]
    kept = blocks[::100]
    del blocks
    before = _resident_mib()
    heap.give_back_free_memory()
    after = _resident_mib()
    assert len(kept) == 1000 and all(block == bytes(2000) for block in kept)
    assert before - after > 100, (before, after)


def test_a_system_without_malloc_trim_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    class WithoutTrim:  # a C library as musl's or macOS's: no `malloc_trim`
        def __init__(self, name: object) -> None:
            pass

    monkeypatch.setattr(heap.ctypes, "CDLL", WithoutTrim)
    heap._malloc_trim.cache_clear()
    try:
        assert heap._malloc_trim() is None
        heap.give_back_free_memory()  # no trim to call: nothing raised
    finally:
        monkeypatch.undo()
        heap._malloc_trim.cache_clear()
    assert (heap._malloc_trim() is not None) == LINUX_GLIBC


def test_handing_the_signatures_over_empties_the_deduper() -> None:
    deduper = Deduper(DedupPolicy())
    bodies = {f"r{n}": f"খবর নম্বর {n} এখানে লেখা আছে আর কিছু কথা" for n in range(5)}
    for record_id, body in bodies.items():
        assert deduper.add(record_id, body) is None
    expected = {record_id: deduper.signature(body) for record_id, body in bodies.items()}
    order = ["r3", "r0", "r4", "r1", "r2"]
    signed = deduper.hand_over(order, bytes(16 * len(order)))
    for row, record_id in enumerate(order):
        signature = expected[record_id]
        assert signature is not None
        assert np.array_equal(signed.values[row], signature.hashvalues)
    assert len(deduper) == 0 and deduper.position_of("r0") is None
