"""Releases of one version started together: exactly one publishes, the others refuse in one
line with exit 1; the version on disk is the winner's and never changes afterwards."""

from __future__ import annotations

import json
import random
import subprocess
import time
from pathlib import Path

import pytest

from khobor.contracts.policy import Policy
from khobor.release.write import ReleaseRefused, release
from khobor.system.atomic import folder_lock, rename_no_replace
from reliability.helpers import KHOBOR, make_pages, manifest_complete, tree_digest

PAIRS = 3


def _release(version: str, raw: Path, releases: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(KHOBOR), "release", version, "--raw", str(raw), "--releases", str(releases)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_concurrent_releases_of_one_version_one_wins(tmp_path: Path) -> None:
    raw_a = make_pages(tmp_path / "a", 80, seed=1)
    raw_b = make_pages(tmp_path / "b", 60, seed=2)
    rng = random.Random(3)
    for pair in range(PAIRS):
        # a releases folder a pair: whichever corpus wins, no earlier version's ledger (of the
        # other corpus) can refuse it
        releases = tmp_path / f"releases-{pair}"
        version = f"5.0.{pair}"
        first = _release(version, raw_a, releases)
        time.sleep(rng.uniform(0, 0.5))
        second = _release(version, raw_b, releases)
        outs = [
            (p.wait(timeout=600), *(s.decode() for s in p.communicate())) for p in (first, second)
        ]
        codes = sorted(code for code, _, _ in outs)
        assert codes == [0, 1], outs
        loser = next(err for code, _, err in outs if code == 1)
        assert "Traceback" not in loser and len(loser.strip().splitlines()) == 1, loser
        assert "refused" in loser
        winner = 80 if outs[0][0] == 0 else 60
        manifest = json.loads((releases / version / "manifest.json").read_text())
        assert manifest["figures"]["inputs"] == winner
        assert manifest_complete(releases / version)
    print(f"{PAIRS} concurrent pairs: one winner, one refusal each")


def test_a_held_lock_refuses_at_once(tmp_path: Path) -> None:
    raw = make_pages(tmp_path / "raw", 5)
    releases = tmp_path / "releases"
    releases.mkdir()
    with folder_lock(releases, "held by the test"), pytest.raises(ReleaseRefused, match="another"):
        release("1.0.0", raw=raw, releases=releases, policy=Policy())
    assert not (releases / "1.0.0").exists()


def test_a_version_that_appears_during_the_build_is_never_replaced(tmp_path: Path) -> None:
    """The final rename cannot replace a version, even one made behind the lock's back."""
    raw = make_pages(tmp_path / "raw", 5)
    releases = tmp_path / "releases"

    def someone_else_publishes(staged: Path) -> None:
        (releases / "1.0.0").mkdir()
        (releases / "1.0.0" / "theirs.txt").write_text("first")

    with pytest.raises(ReleaseRefused, match="appeared"):
        release(
            "1.0.0",
            raw=raw,
            releases=releases,
            policy=Policy(),
            before_publish=someone_else_publishes,
        )
    assert tree_digest(releases / "1.0.0").keys() == {"theirs.txt"}
    assert [p.name for p in releases.iterdir()] == ["1.0.0"]  # the staged copy is gone too


def test_rename_no_replace_refuses_an_existing_target(tmp_path: Path) -> None:
    source, target = tmp_path / "new", tmp_path / "old"
    source.mkdir()
    target.mkdir()  # empty: a plain rename would silently replace it
    with pytest.raises(FileExistsError):
        rename_no_replace(source, target)
    assert source.is_dir() and target.is_dir()
