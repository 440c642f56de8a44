"""`croissant.json` read by `mlcroissant`: every record of every split, compared with the
Parquet rows; the metadata a Croissant reader looks for (url, citeAs, datePublished)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from release_pages import copy_seeds, write_near_duplicate, write_variant

from khobor.contracts.policy import SPLIT_NAMES, Policy
from khobor.contracts.schema import COLUMNS, Kind
from khobor.pipeline import CROISSANT, MANIFEST
from khobor.release.write import release
from khobor.render.card import REPOSITORY_URL
from khobor.render.croissant import RECORDS_ID, validate_croissant


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("croissant")
    raw = copy_seeds(tmp / "raw")
    for salt in range(6):
        write_variant(raw, salt % 5, 300 + salt)
    write_near_duplicate(raw, 2)
    first = sorted(p.name for p in raw.glob("*.txt"))[0]
    (raw / "sources.csv").write_text(
        f"source,url\n{first},https://www.kalbela.com/world/asia/206181\n", encoding="utf-8"
    )
    return release("1.1.0", raw=raw, releases=tmp / "releases", policy=Policy()).path


def _plain(value: Any, kind: Kind | None = None) -> Any:
    """An mlcroissant value in the form pyarrow's `to_pylist()` gives (texts as str, dates
    as date, nested fields without their record-set prefix)."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, pd.Timestamp):
        return value.date() if kind is Kind.DATE else value.to_pydatetime()
    if isinstance(value, dict):
        return {key.rsplit("/", 1)[-1]: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def croissant_rows(folder: Path) -> dict[str, list[dict[str, Any]]]:
    import mlcroissant as mlc

    dataset = mlc.Dataset(jsonld=str(folder / CROISSANT))
    kinds = {column.name: column.kind for column in COLUMNS}
    rows: dict[str, list[dict[str, Any]]] = {split: [] for split in SPLIT_NAMES}
    for record in dataset.records(RECORDS_ID):
        row = {
            key.split("/", 1)[1]: _plain(value, kinds.get(key.split("/", 1)[1]))
            for key, value in record.items()
        }
        rows[row.pop("split")].append(row)
    return rows


def parquet_rows(folder: Path) -> dict[str, list[dict[str, Any]]]:
    manifest = json.loads((folder / MANIFEST).read_text())
    rows: dict[str, list[dict[str, Any]]] = {split: [] for split in SPLIT_NAMES}
    for entry in manifest["files"]:
        if entry.get("split"):
            rows[entry["split"]] += pq.read_table(folder / entry["path"]).to_pylist()
    return rows


def test_mlcroissant_reads_every_record_of_every_split(released: Path) -> None:
    read = croissant_rows(released)
    expected = parquet_rows(released)
    counts = {split: len(read[split]) for split in SPLIT_NAMES}
    assert counts == {split: len(expected[split]) for split in SPLIT_NAMES}
    assert all(counts.values())  # every split has records, and each is read
    for split in SPLIT_NAMES:
        got = sorted(read[split], key=lambda row: row["id"])
        want = sorted(expected[split], key=lambda row: row["id"])
        assert got == want, split
    urls = [row["url"] for split in SPLIT_NAMES for row in read[split]]
    assert urls.count("https://www.kalbela.com/world/asia/206181") == 1


def test_croissant_metadata_validates_and_names_url_citation_and_date(released: Path) -> None:
    assert validate_croissant(str(released / CROISSANT)) == []
    document = json.loads((released / CROISSANT).read_text(encoding="utf-8"))
    assert document["url"] == REPOSITORY_URL
    assert document["citeAs"].startswith("@misc{khobor_1_1_0,")
    # `khobor release` dates every release (today, or SOURCE_DATE_EPOCH when set)
    assert (
        document["datePublished"]
        == pd.Timestamp(
            json.loads((released / MANIFEST).read_text())["source_date_epoch"], unit="s"
        )
        .date()
        .isoformat()
    )
    file_set = next(d for d in document["distribution"] if d["@type"] == "cr:FileSet")
    assert "containedIn" not in file_set and file_set["includes"] == "data/*.parquet"
