"""What ships is what the code makes: the latest release under `dataset/releases/`, released
again from `dataset/raw/` with today's code, gives the same bytes (its `quality/` reports
aside: they hold run times). A change that alters the bytes fails here until the shipped
release is written anew (`docs/releasing.md`). It also loads without a warning, mlcroissant
reads every record of every split, and every gate passes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_croissant import croissant_rows, parquet_rows
from test_load_dataset import check_release, warnings_in
from test_release import tree_bytes

from khobor.contracts.layout import DEFAULT_RELEASES, MANIFEST, SEMVER
from khobor.contracts.policy import SPLIT_NAMES, Policy
from khobor.corpus.splits import parse_version
from khobor.release.validate import validate_release
from khobor.release.write import release

REPO = Path(__file__).resolve().parent.parent
RELEASES = REPO / DEFAULT_RELEASES


def shipped_versions() -> list[str]:
    names = [p.name for p in RELEASES.iterdir() if SEMVER.match(p.name)]
    return sorted(names, key=parse_version)


@pytest.fixture(scope="module")
def latest() -> Path:
    versions = shipped_versions()
    if not versions:
        pytest.fail("dataset/releases/ holds no release")
    return RELEASES / versions[-1]


def test_releasing_the_latest_shipped_version_again_gives_its_bytes(
    latest: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    releases = tmp_path / "releases"
    for version in shipped_versions()[:-1]:  # the ledger: the releases below it
        shutil.copytree(RELEASES / version, releases / version)
    epoch = json.loads((latest / MANIFEST).read_text(encoding="utf-8"))["source_date_epoch"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    again = release(latest.name, raw=REPO / "dataset" / "raw", releases=releases, policy=Policy())
    shipped, made = tree_bytes(latest), tree_bytes(again.path)
    assert sorted(made) == sorted(shipped)
    changed = [name for name in shipped if made[name] != shipped[name]]
    assert changed == [], f"{latest} is stale in {changed}: regenerate it (docs/releasing.md)"


def test_the_latest_shipped_release_loads_without_a_warning(latest: Path, tmp_path: Path) -> None:
    loaded = check_release(latest, REPO / "dataset" / "raw", tmp_path)
    assert warnings_in(loaded["stderr"]) == []


def test_mlcroissant_reads_every_record_of_the_latest_shipped_release(latest: Path) -> None:
    read, expected = croissant_rows(latest), parquet_rows(latest)
    for split in SPLIT_NAMES:
        assert sorted(read[split], key=lambda r: r["id"]) == sorted(
            expected[split], key=lambda r: r["id"]
        ), split
    assert sum(len(rows) for rows in read.values()) > 0


def test_the_latest_shipped_release_passes_every_gate(latest: Path, tmp_path: Path) -> None:
    validation = validate_release(latest, report_dir=tmp_path / "reports")
    assert validation.passed, [r.check for r in validation.blocking()]
