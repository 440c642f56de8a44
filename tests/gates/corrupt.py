"""Bad fixtures: copies of release 1.0.0 with one thing broken.

Each corruption rewrites the Parquet files it touches and then brings the manifest's SHA-256,
size and row counts up to date, so that only the gate aimed at fails (not also the checksum
gate), unless the corruption *is* a manifest one.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[2]
RELEASE = REPO / "dataset" / "releases" / "1.0.0"

Rows = list[dict[str, Any]]


def copy_release(dest: Path, source: Path = RELEASE) -> Path:
    shutil.copytree(source, dest)
    return dest


def manifest(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def write_manifest(folder: Path, data: dict[str, Any]) -> None:
    (folder / "manifest.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def data_file(folder: Path, split: str) -> Path:
    return next((folder / "data").glob(f"{split}-*.parquet"))


def read_rows(folder: Path, split: str) -> Rows:
    return pq.read_table(data_file(folder, split)).to_pylist()


def _utc(row: dict[str, Any]) -> dict[str, Any]:
    # pyarrow reads tz-aware datetimes' wall clock when PYARROW_IGNORE_TIMEZONE is set; hand
    # it UTC (as khobor.contracts.schema.rows_to_table does).
    return {
        k: v.astimezone(UTC) if isinstance(v, datetime) and v.tzinfo else v for k, v in row.items()
    }


def write_rows(folder: Path, split: str, rows: Rows, schema: pa.Schema | None = None) -> None:
    """Rewrite one split's file (nullable columns, so a null can be planted), then refresh
    the manifest."""
    path = data_file(folder, split)
    original = pq.read_schema(path)
    schema = schema or pa.schema([f.with_nullable(True) for f in original], original.metadata)
    pq.write_table(pa.Table.from_pylist([_utc(r) for r in rows], schema=schema), path)
    refresh_manifest(folder)


def refresh_manifest(folder: Path) -> None:
    data = manifest(folder)
    for entry in data["files"]:
        path = folder / entry["path"]
        if not path.is_file():
            continue
        entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        entry["bytes"] = path.stat().st_size
        if entry.get("split"):
            entry["rows"] = pq.read_metadata(path).num_rows
    write_manifest(folder, data)


def edit(folder: Path, split: str, change: Callable[[Rows], Rows | None]) -> Path:
    rows = read_rows(folder, split)
    changed = change(rows)
    write_rows(folder, split, rows if changed is None else changed)
    return folder


def first_id(folder: Path, split: str = "train") -> str:
    return str(read_rows(folder, split)[0]["id"])
