"""The gates stream a release by record batch: a release written as many small row groups and
files gives the same verdicts, counts and failing ids as the same rows in one table a split."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from gates.corrupt import copy_release, data_file, edit, manifest, refresh_manifest, write_manifest
from gates.test_checks import run
from khobor.release.validate import Validation


def reshard(folder: Path, split: str, parts: int) -> None:
    """Rewrite one split's file as `parts` files of one-row row groups, listed in the
    manifest in place of the original."""
    path = data_file(folder, split)
    table = pq.read_table(path)
    path.unlink()
    data = manifest(folder)
    original = next(e for e in data["files"] if e.get("split") == split)
    data["files"].remove(original)
    size = -(-table.num_rows // parts)
    for index in range(parts):
        name = f"data/{split}-{index:05d}-of-{parts:05d}.parquet"
        pq.write_table(table.slice(index * size, size), folder / name, row_group_size=1)
        data["files"].append({"path": name, "split": split, "sha256": "", "bytes": 0, "rows": 0})
    data["files"].sort(key=lambda e: e["path"])
    write_manifest(folder, data)
    refresh_manifest(folder)


def verdicts(validation: Validation) -> list[tuple[Any, ...]]:
    return [
        (r.check, r.passed, r.skipped, sorted(set(r.failing_ids)), r.failing_count)
        for r in validation.results
    ]


def corrupt(folder: Path) -> None:
    """Failures for several families: a null headline, furniture in a body, a repeated body."""

    def change(rows: list[dict[str, Any]]) -> None:
        rows[0]["headline"] = None
        rows[1]["body"] += "\n\nমন্তব্য করুন"
        rows[2]["body"] = rows[0]["body"]

    edit(folder, "train", change)


def test_many_row_groups_and_files_give_the_one_table_result(good: Path) -> None:
    corrupt(good)
    sharded = copy_release(good.parent.parent / "sharded" / "1.0.0", good)
    for split, parts in (("train", 3), ("validation", 1), ("test", 1)):
        reshard(sharded, split, parts)
    assert len(list((sharded / "data").glob("train-*.parquet"))) == 3
    assert pq.ParquetFile(data_file(sharded, "validation")).num_row_groups > 1 or (
        pq.read_metadata(data_file(sharded, "validation")).num_rows <= 1
    )
    families = ("schema", "expectations", "dataset", "drift")
    one, many = run(good, families=families), run(sharded, families=families)
    assert verdicts(many) == verdicts(one)
    assert not one.passed
