"""kill -9 at random points of `khobor build` and `khobor release`: nothing partial is ever
published, the previous build stays whole, no process is left behind, and the next run sweeps
what the killed one left.

Each run starts in a session of its own (`start_new_session`), so every process it forked can
be found in /proc by session id after the kill. Kill points are drawn uniformly over 110% of a
full run's measured time (a fixed seed, printed), so they fall in every phase: start-up, page
extraction in the worker pool, Parquet writing, the gates, the final swap or rename.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from reliability.helpers import (
    KHOBOR,
    make_pages,
    manifest_complete,
    session_processes,
    tree_digest,
    wait_until_no_process,
)

KILLS = 20
PAGES = 100  # above khobor.pipeline.pool.PARALLEL_MIN_INPUTS: the worker pool runs
# The build's kills must land while its workers run often enough to count (>= 3 of 20): with
# 100 pages the pool lived ~0.2 s of a 1.4 s run (2 of 20 kills once); with 1,000, 8 of 20 in
# runs of 2.4 s (measured twice).
BUILD_PAGES = 1000


def _start(args: list[str | Path]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(KHOBOR), *map(str, args)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _timed(args: list[str | Path]) -> float:
    started = time.monotonic()
    proc = _start(args)
    assert proc.wait(timeout=600) == 0
    return time.monotonic() - started


def _kill_at(args: list[str | Path], delay: float) -> tuple[bool, int, list[int]]:
    """Start, kill -9 after `delay` s. Returns (killed while running, processes in its session
    at the kill, processes of the session still alive 10 s later)."""
    proc = _start(args)
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    running = proc.poll() is None
    processes = len(session_processes(proc.pid))
    if running:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    left = wait_until_no_process(proc.pid, timeout=10)
    for pid in left:  # never leave them to the rest of the suite
        os.kill(pid, signal.SIGKILL)
    return running, processes, left


def _partials(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".partial-"))


@pytest.mark.slow
def test_kill_9_of_build_keeps_the_previous_build_and_leaves_no_process(tmp_path: Path) -> None:
    raw = make_pages(tmp_path / "raw", BUILD_PAGES)
    out = tmp_path / "out"
    args: list[str | Path] = ["build", "--raw", raw, "--out", out, "--releases", tmp_path / "r"]
    args += ["--workers", "2"]
    duration = _timed(args)
    previous = tree_digest(out)
    rng = random.Random(10)
    hits, with_workers = 0, 0
    for _ in range(KILLS):
        running, processes, left = _kill_at(args, rng.uniform(0, 1.1 * duration))
        hits += running
        with_workers += running and processes > 1
        assert left == [], f"processes left after kill -9: {left}"
        assert tree_digest(out) == previous  # whole: the old build, or the identical new one
    print(
        f"build: {KILLS} kills over {duration:.1f} s runs, {hits} mid-run, {with_workers} "
        "with workers alive"
    )
    assert hits >= KILLS // 2 and with_workers >= 3
    assert _timed(args) > 0
    assert _partials(tmp_path) == []  # the next build swept every killed one's folder
    assert tree_digest(out) == previous


@pytest.mark.slow
def test_sigterm_of_build_stops_workers_and_cleans_up(tmp_path: Path) -> None:
    raw = make_pages(tmp_path / "raw", PAGES)
    out = tmp_path / "out"
    proc = _start(["build", "--raw", raw, "--out", out, "--releases", tmp_path / "r"])
    deadline = time.monotonic() + 60
    while len(session_processes(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)  # until the worker pool runs
    assert proc.poll() is None, "the build ended before its workers could be seen"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) != 0
    assert wait_until_no_process(proc.pid) == []
    assert not out.exists() and _partials(tmp_path) == []


@pytest.mark.slow
def test_kill_9_of_release_never_publishes_a_partial_version(tmp_path: Path) -> None:
    raw = make_pages(tmp_path / "raw", PAGES)
    releases = tmp_path / "releases"
    base: list[str | Path] = ["--raw", raw, "--releases", releases, "--workers", "2"]
    duration = _timed(["release", "1.0.0", *base])
    rng = random.Random(11)
    hits, published = 0, ["1.0.0"]
    for attempt in range(KILLS):
        version = f"1.1.{attempt}"
        running, _, left = _kill_at(["release", version, *base], rng.uniform(0, 1.1 * duration))
        hits += running
        assert left == [], f"processes left after kill -9: {left}"
        if (releases / version).exists():
            published.append(version)
        for name in published:  # every version there is complete, the killed one included
            assert manifest_complete(releases / name), name
    print(
        f"release: {KILLS} kills over {duration:.1f} s runs, {hits} mid-run, "
        f"{len(published) - 1} published before the kill landed"
    )
    assert hits >= KILLS // 2
    assert _timed(["release", "2.0.0", *base]) > 0
    assert _partials(releases) == []  # swept by the next release
    assert all(manifest_complete(releases / name) for name in [*published, "2.0.0"])
