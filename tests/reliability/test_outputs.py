"""Hostile outputs: an --out khobor must not replace, a full disk, a read-only or unwritable
folder, --out or --releases that is a file, a stdout that fails, a corrupt previous release.
Each ends in one line on stderr and the documented exit code; nothing is deleted that khobor
did not make, nothing partial is left."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from reliability.helpers import SEEDS, khobor, tree_digest


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    for seed in SEEDS:
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


def build(raw: Path, out: Path | str, releases: Path, cwd: Path | None = None):  # type: ignore[no-untyped-def]
    run = khobor("build", "--raw", raw, "--out", out, "--releases", releases, cwd=cwd or raw.parent)
    run.assert_clean()
    return run


@pytest.mark.parametrize(
    "where",
    ["raw itself", "parent of raw", "parent of releases", "user folder", "dot", "inside releases"],
)
def test_out_that_khobor_must_not_replace_is_refused(raw: Path, tmp_path: Path, where: str) -> None:
    releases = tmp_path / "releases"
    (releases / "1.0.0").mkdir(parents=True)
    (releases / "1.0.0" / "manifest.json").write_text('{"files": []}')
    user = tmp_path / "mine"
    user.mkdir()
    (user / "notes.txt").write_text("keep")
    (tmp_path / "notes.txt").write_text("keep")
    out = {
        "raw itself": raw,
        "parent of raw": tmp_path,
        "parent of releases": tmp_path,
        "user folder": user,
        "dot": ".",
        "inside releases": releases / "9.9.9",
    }[where]
    before = tree_digest(tmp_path)
    run = build(raw, out, releases, cwd=tmp_path)
    assert run.code == 1, run.stderr
    assert "--out" in run.stderr
    assert tree_digest(tmp_path) == before  # nothing deleted, nothing added


def test_out_empty_or_khobor_made_is_replaced(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert build(raw, out, tmp_path / "r").code == 0
    assert (out / ".khobor-build").is_file()
    (out / "stale.txt").write_text("made inside khobor's build")
    assert build(raw, out, tmp_path / "r").code == 0
    assert not (out / "stale.txt").exists()


def test_out_or_releases_that_is_a_file(raw: Path, tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    run = build(raw, afile, tmp_path / "r")
    assert run.code == 2 and "afile" in run.stderr and "is a file" in run.stderr
    run = khobor("release", "1.2.0", "--raw", raw, "--releases", afile)
    run.assert_clean()
    assert run.code == 2 and "afile" in run.stderr
    assert afile.read_text() == "x"


def test_stdout_on_a_full_device(raw: Path) -> None:
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [str(Path(os.sys.executable).with_name("khobor")), "extract", str(raw)],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err, err
    assert err.count("\n") == 1 and "stdout: No space left on device" in err


def test_corrupt_previous_release_is_one_line(raw: Path, tmp_path: Path) -> None:
    releases = tmp_path / "releases"
    (releases / "1.0.0" / "data").mkdir(parents=True)
    manifest = {"files": [{"path": "data/train-00000-of-00001.parquet", "split": "train"}]}
    (releases / "1.0.0" / "manifest.json").write_text(json.dumps(manifest))
    (releases / "1.0.0" / "data" / "train-00000-of-00001.parquet").write_bytes(b"not parquet")
    run = build(raw, tmp_path / "out", releases)
    assert run.code == 2 and "ledger" in run.stderr and "train-00000" in run.stderr
    (releases / "1.0.0" / "manifest.json").write_text('{"files": [1, 2]}')
    run = build(raw, tmp_path / "out", releases)
    assert run.code == 2 and "manifest.json" in run.stderr


@contextlib.contextmanager
def small_tmpfs(folder: Path, size: str = "2m") -> Iterator[Path]:
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)])
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="a full or read-only disk needs a tmpfs mount, which needs root"
)


@needs_root
def test_full_disk_fails_in_one_line_and_leaves_nothing(raw: Path, tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "full") as full:
        (full / "filler").write_bytes(b"\0" * (1900 * 1024))
        run = khobor("release", "6.0.0", "--raw", raw, "--releases", full / "releases")
        run.assert_clean()
        assert run.code == 2 and "No space left on device" in run.stderr
        assert "releases" in run.stderr  # names the folder it could not write
        assert [p.name for p in (full / "releases").iterdir()] == []
        # leave a few KB: less than any working build needs, whatever the release left behind
        stats = os.statvfs(full)
        (full / "filler-2").write_bytes(b"\0" * max(0, stats.f_bavail * stats.f_frsize - 8192))
        run = build(raw, full / "out", tmp_path / "r")
        assert run.code == 2 and "No space left on device" in run.stderr
        # a refused release's gate reports go to a temporary folder it names, not here
        assert sorted(p.name for p in full.iterdir()) == ["filler", "filler-2", "releases"]


@needs_root
def test_read_only_output_fails_in_one_line(raw: Path, tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "ro") as folder:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        run = build(raw, folder / "out", tmp_path / "r")
        assert run.code == 2 and "Read-only file system" in run.stderr
        run = khobor("release", "1.0.0", "--raw", raw, "--releases", folder / "releases")
        run.assert_clean()
        assert run.code == 2 and "Read-only file system" in run.stderr


def test_unwritable_output_folder_fails_in_one_line(raw: Path, tmp_path: Path) -> None:
    """As a user (root runs the step as `nobody`): a folder without write permission."""
    import tempfile

    from reliability.helpers import KHOBOR

    prefix: list[str] = []
    top = tmp_path
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root ignores permissions, and setpriv is not installed to drop them")
        prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
        top = Path(tempfile.mkdtemp(prefix="khobor-unwritable-"))  # pytest's tmp is root-only
        top.chmod(0o755)
        shutil.copytree(raw, top / "raw")
        raw = top / "raw"
    locked = top / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        proc = subprocess.run(
            [
                *prefix,
                str(KHOBOR),
                "build",
                "--raw",
                str(raw),
                "--out",
                str(locked / "out"),
                "--releases",
                str(top / "r"),
            ],
            capture_output=True,
            timeout=300,
        )
        err = proc.stderr.decode()
        assert "Traceback" not in err and len(err.split()) and len(err.strip().splitlines()) == 1, (
            err
        )
        assert proc.returncode == 2 and "Permission denied" in err and "locked" in err
    finally:
        locked.chmod(0o755)
        if top != tmp_path:
            shutil.rmtree(top)


def test_a_build_made_before_the_marker_is_still_replaced(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text(json.dumps({"version": "0.0.0-build", "files": []}))
    (out / "old.parquet").write_bytes(b"old")
    assert build(raw, out, tmp_path / "r").code == 0
    assert not (out / "old.parquet").exists() and (out / ".khobor-build").is_file()


def test_out_that_is_a_symlink_is_refused(raw: Path, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "mine.txt").write_text("keep")
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    run = build(raw, tmp_path / "link", tmp_path / "r")
    assert run.code == 2 and "symbolic link" in run.stderr
    assert (real / "mine.txt").read_text() == "keep"
