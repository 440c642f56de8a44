"""`datasets.load_dataset(release folder)` offline: pinned features, and every record equal
to what `khobor extract` gives for its raw file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from release_pages import copy_seeds, write_near_duplicate

from khobor.contracts.policy import SPLIT_NAMES, Policy
from khobor.pages.extract import ExtractContext, extract_file, iter_inputs, to_json
from khobor.release.write import release

REPO = Path(__file__).resolve().parent.parent

# Runs in a fresh interpreter with the Hub switched off, like a user's session would.
LOADER = textwrap.dedent(
    """
    import json, sys
    import datasets
    from khobor.contracts.schema import hf_features, row_to_record

    version = json.load(open(sys.argv[1] + "/manifest.json"))["schema_version"]
    ds = datasets.load_dataset(sys.argv[1], cache_dir=sys.argv[2])
    out = {"splits": sorted(ds), "features_equal": {}, "records": {}, "tz": []}
    out["schema_version"] = version
    for split, data in ds.items():
        out["features_equal"][split] = data.features == hf_features(version)
        out["records"][split] = [row_to_record(row, version) for row in data]
        out["tz"] += [str(row["published_at"].tzinfo) for row in data if row["published_at"]]
    print(json.dumps(out, ensure_ascii=False))
    """
)


def load_offline(folder: Path, cache: Path) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    env["HF_HOME"] = str(cache / "hf_home")
    done = subprocess.run(
        [sys.executable, "-c", LOADER, str(folder), str(cache / "datasets")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=cache,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded: dict = json.loads(done.stdout.strip().splitlines()[-1])
    loaded["stderr"] = done.stderr
    return loaded


def warnings_in(stderr: str) -> list[str]:
    """The lines of a `load_dataset` run's stderr that are warnings (progress bars aside)."""
    return [line for line in stderr.splitlines() if "warn" in line.lower() or "Ignoring" in line]


def extracted(raw: Path) -> dict[str, dict]:
    ctx = ExtractContext()
    records = [to_json(extract_file(item, ctx)) for item in iter_inputs([raw])]
    return {r["source"]: r for r in records if "quarantine_reason" not in r}


def columns_of(version: str) -> set[str]:
    from khobor.contracts.schema import columns_of as declared

    return {column.name for column in declared(version)}


def check_release(folder: Path, raw: Path, cache: Path) -> dict:
    loaded = load_offline(folder, cache)
    assert loaded["splits"] == sorted(SPLIT_NAMES)
    assert all(loaded["features_equal"].values())
    assert loaded["tz"] and set(loaded["tz"]) == {"Asia/Dhaka"}
    expected = extracted(raw)
    rows = [row for split in SPLIT_NAMES for row in loaded["records"][split]]
    assert sorted(row["source"] for row in rows) == sorted(expected)
    for row in rows:
        want = dict(expected[row["source"]])
        # columns the release's schema version has (v1: no `url`; before v1.2 no `input_kind`)
        want = {k: v for k, v in want.items() if k in columns_of(loaded["schema_version"])}
        assert row["dup_cluster"] <= row["id"]
        if row["dup_cluster"] == row["id"]:
            assert row == want
        else:  # a clustered record: everything but the cluster id is extract's
            want["dup_cluster"] = row["dup_cluster"]
            assert row == want
    return loaded


def test_load_dataset_of_a_fresh_release(tmp_path: Path) -> None:
    raw = copy_seeds(tmp_path / "raw")
    write_near_duplicate(raw, 0)
    first = sorted(p.name for p in raw.glob("*.txt"))[0]
    (raw / "sources.csv").write_text(
        f"source,url\n{first},https://www.kalbela.com/world/asia/206181\n", encoding="utf-8"
    )
    report = release("1.0.0", raw=raw, releases=tmp_path / "releases", policy=Policy())
    loaded = check_release(report.path, raw, tmp_path)
    assert loaded["schema_version"] == "1.2"
    # the card's dataset_info is complete (num_bytes, download_size, dataset_size): no
    # "Ignoring part of dataset_info from the dataset card", no warning at all
    assert warnings_in(loaded["stderr"]) == []
    urls = {r["source"]: r["url"] for s in SPLIT_NAMES for r in loaded["records"][s]}
    assert urls.pop(first) == "https://www.kalbela.com/world/asia/206181"  # provenance kept
    assert set(urls.values()) == {None}  # a page sources.csv does not list: null
    clustered = [
        r for s in SPLIT_NAMES for r in loaded["records"][s] if r["dup_cluster"] != r["id"]
    ]
    assert len(clustered) == 1


def test_load_dataset_of_the_committed_release(tmp_path: Path) -> None:
    committed = REPO / "dataset" / "releases" / "1.0.0"
    if not committed.is_dir():
        pytest.fail("dataset/releases/1.0.0 is missing; run `khobor release 1.0.0`")
    loaded = check_release(committed, REPO / "dataset" / "raw", tmp_path)
    assert loaded["schema_version"] == "1"  # written before v1.1; it still loads as v1
    # Its card (written before the card carried num_bytes) still makes `datasets` warn; the
    # release never changes. This also shows `warnings_in` sees the warning when there is one.
    assert any("Ignoring part of dataset_info" in line for line in warnings_in(loaded["stderr"]))
