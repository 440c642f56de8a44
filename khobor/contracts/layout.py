"""The release folder's layout: its file names, the default folders, checksums, shard names and
`ReleaseContext`, the facts the card, the Croissant file and the manifest are rendered from.

A low module (it imports only `khobor.contracts.policy`): the build, the card, the Croissant
writer, the
release, the gates and the engines read the layout here, never from each other, so no module
imports one above it (`tests/test_imports.py`).

```
dataset/releases/<version>/
  README.md                                the card
  croissant.json                           Croissant 1.0 metadata
  manifest.json                            version, policy, figures, inputs, files + checksums
  inputs.parquet                           every raw input: source, SHA-256, bytes
  quarantine.jsonl                         one line per raw page left out, with its reason
  data/{split}-0000i-of-0000N.parquet      the records
  quality/                                 the gates' reports (not in the manifest)
  release.sig                              the maintainer's signature, when signed
```
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from khobor.contracts.input_kinds import kind_of_name
from khobor.contracts.policy import SPLIT_NAMES, Policy

# a raw input's suffixes (`*.txt`, `*.html`, `*.htm`, `*.warc`, `*.warc.gz`, in any case:
# `X.TXT` saved on Windows is a page) are `khobor.contracts.input_kinds.SUFFIXES`


def is_page_name(name: str) -> bool:
    """A raw page's file name: the scan, the build and the gates ask this one function."""
    return kind_of_name(name) is not None


# a release version: MAJOR.MINOR.PATCH, no leading zeros, no suffix
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")

# the reports of a gate run (a release's `quality/`, `khobor validate --report-dir`)
REPORT_JSON = "report.json"
REPORT_MD = "report.md"
REPORT_HTML = "report.html"

DEFAULT_RAW = Path("dataset/raw")
DEFAULT_BUILD = Path("dataset/build")
DEFAULT_RELEASES = Path("dataset/releases")
BUILD_VERSION = "0.0.0-build"  # the version label of a working build (not a release)

DATA_DIR = "data"
MANIFEST = "manifest.json"
QUARANTINE = "quarantine.jsonl"
# Per-input provenance, columnar: a million inputs are ~100 MB as JSON objects in the manifest,
# read whole by anything that opens it; as zstd Parquet a fraction, read by column.
INPUTS = "inputs.parquet"
CARD = "README.md"
CROISSANT = "croissant.json"
# The release's quality reports: written by the gates after the manifest, holding run times,
# so neither listed in the manifest nor part of a rebuild's byte comparison.
QUALITY_DIR = "quality"
# The maintainer's signature over the release folder (`khobor.contracts.signing`): written into it
# last,
# so neither listed in the manifest nor part of the release digest.
SIGNATURE = "release.sig"
# The outlet of a record whose page does not say (`outlet` null), in figures, card, datasheet.
UNKNOWN_OUTLET = "(unknown)"
# The file that marks a folder as a khobor working build: only such a folder (or an empty one)
# is ever replaced by `khobor build --out`.
BUILD_MARKER = ".khobor-build"


class ReleaseRefused(Exception):
    """The release must not be written (exists with other bytes, bad version); one line."""


def shard_name(split: str, index: int, count: int) -> str:
    """The path of one Parquet file of a split.

    >>> shard_name("train", 0, 1)
    'data/train-00000-of-00001.parquet'
    """
    return f"{DATA_DIR}/{split}-{index:05d}-of-{count:05d}.parquet"


def sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


# Flags to open a file for reading that may turn out not to be a regular one (swapped in after
# a `stat`): O_NONBLOCK, a FIFO never waits for a writer; O_NOCTTY, a terminal never becomes ours.
READ_ANY_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0)


def file_entry(out: Path, relative: str, **extra: Any) -> dict[str, Any]:
    """A manifest `files` entry: path, SHA-256, bytes, and `extra` (split, rows)."""
    path = out / relative
    return {
        "path": relative,
        "sha256": sha256_file(path),
        "bytes": path.stat().st_size,
        **extra,
    }


def inputs_digest(sources: Sequence[str], shas: Sequence[str]) -> str:
    """One SHA-256 over the raw inputs (`source NUL sha256` lines, in the order given: sorted)."""
    digest = hashlib.sha256()
    for source, sha in zip(sources, shas, strict=True):
        digest.update(f"{source}\0{sha}\n".encode())
    return digest.hexdigest()


def write_inputs(
    out: Path, sources: Sequence[str], shas: Sequence[str], sizes: Sequence[int]
) -> dict[str, Any]:
    """`INPUTS` in `out`: one row per raw input (source, sha256, bytes), sorted by source;
    returns the manifest's `inputs` summary (count, digest, file)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    order = sorted(range(len(sources)), key=sources.__getitem__)
    sorted_sources = [sources[i] for i in order]
    sorted_shas = [shas[i] for i in order]
    table = pa.table(
        {
            "source": pa.array(sorted_sources, pa.string()),
            "sha256": pa.array(sorted_shas, pa.string()),
            "bytes": pa.array([sizes[i] for i in order], pa.int64()),
        }
    )
    pq.write_table(table, out / INPUTS, compression="zstd", row_group_size=1 << 17)
    return {
        "count": len(order),
        "sha256": inputs_digest(sorted_sources, sorted_shas),
        "file": INPUTS,
    }


def read_inputs(folder: Path) -> list[dict[str, Any]]:
    """The raw inputs of a release (`write_inputs`'s rows; a release written before the
    file existed lists them in its manifest)."""
    import json

    if (folder / INPUTS).is_file():
        import pyarrow.parquet as pq

        with pq.ParquetFile(folder / INPUTS) as table:  # not read_table: no pandas import
            rows: list[dict[str, Any]] = table.read().to_pylist()
        return rows
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return list(manifest.get("inputs", {}).get("files", []))


def source_date_epoch() -> int | None:
    """`SOURCE_DATE_EPOCH` when set (the reproducible-builds convention), else None: khobor
    never writes the wall-clock time."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


@dataclass
class Figures:
    """What the card, the datasheet and the summary table report (the manifest's `figures`)."""

    inputs: int = 0
    records: int = 0
    quarantined: Counter[str] = field(default_factory=Counter)
    splits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SPLIT_NAMES, 0))
    outlets: dict[str, dict[str, int]] = field(default_factory=dict)  # outlet -> split -> n
    labels: Counter[str] = field(default_factory=Counter)  # line label -> lines
    date_min: str | None = None
    date_max: str | None = None
    undated: int = 0
    clusters: int = 0
    clustered_records: int = 0
    # site -> what its learned furniture did (`khobor.corpus.furniture.FurnitureTally.figures`);
    # empty when the corpus pass is off or learned nothing (then the manifest has no key)
    furniture: dict[str, dict[str, int]] = field(default_factory=dict)
    # kind -> {"found", "records"}, "comments" -> {"lines", "records}: what the build found of
    # personal data in its records (`khobor.text.personal_data.PersonalTally.figures`)
    personal_data: dict[str, dict[str, int]] = field(default_factory=dict)
    # issue 25: records per input kind (`khobor.contracts.input_kinds.InputKind`: text, html, warc)
    input_kinds: Counter[str] = field(default_factory=Counter)

    def add_counts(self, other: Figures) -> None:
        """Add what the writer counted in `other` (outlets, labels, dates)."""
        for outlet, counts in other.outlets.items():
            mine = self.outlets.setdefault(outlet, dict.fromkeys(SPLIT_NAMES, 0))
            for split, count in counts.items():
                mine[split] += count
        self.labels.update(other.labels)
        self.input_kinds.update(other.input_kinds)
        self.undated += other.undated
        for day in (other.date_min, other.date_max):
            if day is not None:
                self.date_min = day if self.date_min is None else min(self.date_min, day)
                self.date_max = day if self.date_max is None else max(self.date_max, day)

    def to_json(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs,
            "records": self.records,
            "quarantined": dict(sorted(self.quarantined.items())),
            "splits": dict(self.splits),
            "outlets": {k: dict(v) for k, v in sorted(self.outlets.items())},
            "line_labels": dict(sorted(self.labels.items())),
            "date_range": [self.date_min, self.date_max],
            "undated": self.undated,
            "dup_clusters": self.clusters,
            "records_in_multi_record_clusters": self.clustered_records,
            "input_kinds": dict(sorted(self.input_kinds.items())),
        } | self._optional_json()

    def _optional_json(self) -> dict[str, Any]:
        """The keys a manifest has only when the build has their figures."""
        return ({"furniture": self.furniture} if self.furniture else {}) | (
            {"personal_data": self.personal_data} if self.personal_data else {}
        )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figures:
        return cls(
            inputs=data["inputs"],
            records=data["records"],
            quarantined=Counter(data["quarantined"]),
            splits=dict(data["splits"]),
            outlets={k: dict(v) for k, v in data["outlets"].items()},
            labels=Counter(data["line_labels"]),
            date_min=data["date_range"][0],
            date_max=data["date_range"][1],
            undated=data["undated"],
            clusters=data["dup_clusters"],
            clustered_records=data["records_in_multi_record_clusters"],
            furniture={k: dict(v) for k, v in data.get("furniture", {}).items()},  # new in 13
            personal_data={k: dict(v) for k, v in data.get("personal_data", {}).items()},
            input_kinds=Counter(data.get("input_kinds", {})),  # new in issue 25
        )


@dataclass(frozen=True)
class ReleaseContext:
    """Everything the card, the Croissant file and the manifest are rendered from."""

    version: str
    policy: Policy
    ledger_version: str | None
    figures: Figures
    files: list[dict[str, Any]]  # data files (with split and rows), quarantine, inputs
    inputs: dict[str, Any]  # the raw inputs' summary: count, sha256, file (`write_inputs`)
    folder: Path | None = None  # where the data files are (the card reads sizes, an example)

    def data_files(self, split: str) -> list[dict[str, Any]]:
        return [entry for entry in self.files if entry.get("split") == split]
