"""The folder operations a crash cannot half-do (`khobor.system.atomic`), including the fallbacks used
where `renameat2` is missing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from khobor.system import atomic


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def folder(path: Path, text: str) -> Path:
    path.mkdir(parents=True)
    (path / "file").write_text(text)
    return path


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "fallback"])
def test_swap_in_keeps_the_previous_until_the_new_is_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    if not exchange:
        monkeypatch.setattr(atomic, "_rename2", lambda *args: False)
    target = folder(tmp_path / "out", "old")
    new = folder(tmp_path / "new", "new")
    parked = atomic.swap_in(new, target, tmp_path / "parked")
    assert (target / "file").read_text() == "new"
    assert parked is not None and (parked / "file").read_text() == "old"
    assert not new.exists()


def test_sweep_puts_back_a_previous_build_a_killed_swap_left_aside(tmp_path: Path) -> None:
    """Killed between the fallback's two renames: the target is missing, the previous build
    waits in the dead process's partial folder. The sweep restores it, then removes the rest."""
    partial = tmp_path / f".partial-out-{dead_pid()}-abc123"
    folder(partial / atomic.PREVIOUS, "old")
    folder(partial / "out", "half-written")
    removed = atomic.sweep_partials(tmp_path, "out")
    assert removed == [partial] and not partial.exists()
    assert (tmp_path / "out" / "file").read_text() == "old"


def test_sweep_leaves_live_processes_and_other_targets_alone(tmp_path: Path) -> None:
    mine = folder(tmp_path / f".partial-out-{atomic.os.getpid()}-abc", "running")
    other = folder(tmp_path / f".partial-other-{dead_pid()}-abc", "not ours to sweep here")
    unrelated = folder(tmp_path / ".partial-notes", "no pid: not khobor's")
    assert atomic.sweep_partials(tmp_path, "out") == []
    assert mine.exists() and other.exists() and unrelated.exists()


def test_rename_no_replace_fallback_refuses_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic, "_rename2", lambda *args: False)
    source, target = folder(tmp_path / "a", "a"), tmp_path / "b"
    target.mkdir()
    with pytest.raises(FileExistsError):
        atomic.rename_no_replace(source, target)
    atomic.rename_no_replace(source, tmp_path / "c")
    assert (tmp_path / "c" / "file").read_text() == "a"


def test_folder_lock_is_exclusive_across_processes(tmp_path: Path) -> None:
    probe = (
        "import sys; from pathlib import Path; from khobor.system.atomic import folder_lock, LockHeld\n"
        "try:\n    with folder_lock(Path(sys.argv[1]), 'busy'): print('got')\n"
        "except LockHeld as e: print('held:', e)\n"
    )
    with atomic.folder_lock(tmp_path, "busy"):
        out = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True)
        assert out.stdout.decode().startswith("held:"), out
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True)
    assert out.stdout.decode() == "got\n"
    assert list(tmp_path.iterdir()) == []  # no lock file left behind
