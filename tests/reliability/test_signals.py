"""SIGINT and SIGTERM at the moments that matter, made to happen there (no timing): a signal is
never lost, never hangs, and the exit (128 + N) and its one line say what was published.

Each run is the `khobor` command line in a process of its own, with one function patched by a
small driver to reach the moment: a card that never finishes (the signal lands mid-release, the
test waits for the card's marker file, not for a time), a signal whose `KeyboardInterrupt` or
`SystemExit` some code swallows, a signal right after the publish. The random-moment counts are
`bench/signals.py` (`bench/results/signals.txt`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reliability.helpers import manifest_complete, seed_pages, wait_until_no_process

# Runs the command line as `khobor` does (its entry point where it has one, else the Typer app),
# after the patch given in KHOBOR_TEST_PATCH.
DRIVER = textwrap.dedent(
    """
    import importlib, os, sys
    exec(os.environ["KHOBOR_TEST_PATCH"])
    entry = getattr(importlib.import_module("khobor.__main__"), "main", None)
    if entry is None:
        from khobor.cli.commands import app
        entry = lambda: app(prog_name="khobor")
    sys.argv = ["khobor", *sys.argv[1:]]
    entry()
    """
)

# The card never finishes: the release waits there, its data files written, until a signal.
ENDLESS_CARD = textwrap.dedent(
    """
    import pathlib, threading
    import khobor.render.card
    def endless_card(context):
        pathlib.Path(os.environ["KHOBOR_TEST_MARKER"]).write_text("card")
        threading.Event().wait()
    khobor.render.card.render_card = endless_card
    """
)

# A signal arrives while some code swallows what the handler raises (a finaliser, a broad
# `except`): the run must still stop before publishing.
SWALLOWED = textwrap.dedent(
    """
    import signal, time
    import khobor.render.card
    real_card = khobor.render.card.render_card
    def card_swallowing_a_signal(context):
        try:
            os.kill(os.getpid(), int(os.environ["KHOBOR_TEST_SIGNAL"]))
            time.sleep(5)  # the handler runs at once; the sleep only waits for it
        except BaseException:
            pass
        return real_card(context)
    khobor.render.card.render_card = card_swallowing_a_signal
    """
)

# The signal arrives right after the publish rename.
AFTER_PUBLISH = textwrap.dedent(
    """
    import signal, time
    import khobor.release.write
    real_publish = khobor.release.write._publish
    def publish_then_signal(*args, **kwargs):
        real_publish(*args, **kwargs)
        os.kill(os.getpid(), int(os.environ["KHOBOR_TEST_SIGNAL"]))
        time.sleep(0.5)
    khobor.release.write._publish = publish_then_signal
    """
)

# The same for the build: right after the swap that publishes the working build.
BUILD_SWALLOWED = textwrap.dedent(
    """
    import signal, time
    import khobor.pipeline.writer as writer
    real_quarantine = writer._write_quarantine
    def quarantine_swallowing_a_signal(out, entries):
        try:
            os.kill(os.getpid(), int(os.environ["KHOBOR_TEST_SIGNAL"]))
            time.sleep(5)
        except BaseException:
            pass
        return real_quarantine(out, entries)
    writer._write_quarantine = quarantine_swallowing_a_signal
    """
)


def _raw(tmp_path: Path) -> Path:
    return seed_pages(tmp_path / "raw")


def _start(patch: str, args: list[str | Path], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, *map(str, args)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: SIGINT to the group, as Ctrl-C
        env={**os.environ, **env, "KHOBOR_TEST_PATCH": patch, "COLUMNS": "200"},
        # a runner started in the background ignores SIGINT, and its children would too
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _ended(proc: subprocess.Popen[bytes]) -> tuple[int, list[str]]:
    """Exit code and the `khobor:` lines of stderr; no traceback, no process left."""
    _, err = proc.communicate(timeout=600)  # a safety net: the run ends on its signal
    stderr = err.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr[-3000:]
    assert wait_until_no_process(proc.pid, timeout=30) == []
    return proc.returncode, [line for line in stderr.splitlines() if line.startswith("khobor: ")]


def _send(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    if sig is signal.SIGINT:
        os.killpg(proc.pid, sig)  # a terminal's Ctrl-C reaches every process of the group
    else:
        os.kill(proc.pid, sig)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_mid_release_stops_it_and_publishes_nothing(
    tmp_path: Path, sig: signal.Signals
) -> None:
    releases = tmp_path / "releases"
    marker = tmp_path / "card-started"
    proc = _start(
        ENDLESS_CARD,
        ["release", "1.0.0", "--raw", _raw(tmp_path), "--releases", releases],
        {"KHOBOR_TEST_MARKER": str(marker)},
    )
    while not marker.exists():  # the release is writing its card: data files are there
        assert proc.poll() is None, proc.communicate()[1].decode()[-2000:]
        time.sleep(0.02)
    assert list(releases.glob(".partial-1.0.0-*/1.0.0/data/*.parquet"))
    _send(proc, sig)
    code, lines = _ended(proc)
    assert code == 128 + sig
    assert lines == [f"khobor: interrupted by {sig.name}: nothing was published"]
    assert list(releases.iterdir()) == []  # no version, no temporary folder


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_swallowed_signal_still_stops_the_release_before_it_publishes(
    tmp_path: Path, sig: signal.Signals
) -> None:
    releases = tmp_path / "releases"
    proc = _start(
        SWALLOWED,
        ["release", "1.0.0", "--raw", _raw(tmp_path), "--releases", releases],
        {"KHOBOR_TEST_SIGNAL": str(int(sig))},
    )
    code, lines = _ended(proc)
    assert code == 128 + sig, lines
    assert lines == [f"khobor: interrupted by {sig.name}: nothing was published"]
    assert list(releases.iterdir()) == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_swallowed_signal_still_stops_the_build_before_it_is_swapped_in(
    tmp_path: Path, sig: signal.Signals
) -> None:
    out = tmp_path / "out"
    proc = _start(
        BUILD_SWALLOWED,
        ["build", "--raw", _raw(tmp_path), "--out", out, "--releases", tmp_path / "r"],
        {"KHOBOR_TEST_SIGNAL": str(int(sig))},
    )
    code, lines = _ended(proc)
    assert code == 128 + sig, lines
    assert lines == [f"khobor: interrupted by {sig.name}: nothing was published"]
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".partial-")] == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_after_the_publish_ends_128_n_saying_the_release_is_complete(
    tmp_path: Path, sig: signal.Signals
) -> None:
    releases = tmp_path / "releases"
    proc = _start(
        AFTER_PUBLISH,
        ["release", "1.0.0", "--raw", _raw(tmp_path), "--releases", releases],
        {"KHOBOR_TEST_SIGNAL": str(int(sig))},
    )
    code, lines = _ended(proc)
    assert code == 128 + sig, lines
    target = releases / "1.0.0"
    assert len(lines) == 1 and lines[0].startswith(
        f"khobor: {sig.name} received after publishing: release 1.0.0 is complete at {target} "
        "(sha256:"
    ), lines
    assert manifest_complete(target)
    assert [p.name for p in releases.iterdir()] == ["1.0.0"]
