"""What every gate shares: levels, one check's result, and the release as the gates read it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

MAX_REPORTED_IDS = 200  # failing ids kept per check in report.json (the count is always exact)


class Level(StrEnum):
    """`error` blocks a release (exit 1); `warn` is reported and lets it pass."""

    ERROR = "error"
    WARN = "warn"


class GateInputError(Exception):
    """The input cannot be validated at all (missing folder, unreadable file): exit 2."""


@dataclass
class CheckResult:
    """One check's verdict. `failing_ids` are record ids (or file paths, for file checks)."""

    check: str  # "<family>.<name>", the key of its settings in gates.toml
    level: Level
    passed: bool
    message: str  # one line: what was checked and, on failure, what is wrong
    figures: dict[str, Any] = field(default_factory=dict)
    failing_ids: list[str] = field(default_factory=list)
    failing_count: int | None = None  # when more ids failed than were kept
    skipped: bool = False  # the check could not apply (e.g. no previous release)

    @property
    def family(self) -> str:
        return self.check.split(".", 1)[0]

    @property
    def blocking(self) -> bool:
        return not self.passed and self.level is Level.ERROR

    @property
    def status(self) -> str:
        if self.skipped:
            return "skipped"
        return "pass" if self.passed else ("FAIL" if self.level is Level.ERROR else "warn")

    def to_json(self) -> dict[str, Any]:
        ids = sorted(set(self.failing_ids))
        return {
            "check": self.check,
            "family": self.family,
            "level": str(self.level),
            "passed": self.passed,
            "skipped": self.skipped,
            "message": self.message,
            "figures": self.figures,
            "failing_count": self.failing_count if self.failing_count is not None else len(ids),
            "failing_ids": ids[:MAX_REPORTED_IDS],
        }


def check_result(
    check: str,
    level: Level,
    failing: list[str] | set[str],
    *,
    ok: str,
    bad: str,
    figures: dict[str, Any] | None = None,
) -> CheckResult:
    """A result that passes when `failing` is empty; `bad` may use `{n}` (failing count)."""
    ids = sorted(set(failing))
    return CheckResult(
        check,
        level,
        not ids,
        ok if not ids else bad.format(n=len(ids)),
        figures or {},
        ids,
        len(ids),
    )


def skipped(check: str, level: Level, why: str) -> CheckResult:
    return CheckResult(check, level, True, f"skipped: {why}", skipped=True)


@dataclass
class ReleaseData:
    """A release folder as the gates read it, once.

    `frame` holds every row of every data file (pandas' default conversion, the form
    `schema.pandera_schema()` expects, except `lines`: see `_to_pandas`), `split` and `file`
    beside it as plain lists; `tables`
    are the Arrow tables by file path (relative to the folder).
    """

    folder: Path
    manifest: dict[str, Any]
    files: list[tuple[str, str]]  # (relative path, split) of the data files
    tables: dict[str, pa.Table]
    frames: dict[str, pd.DataFrame]  # by file, as read (dtypes exactly as each file gives)
    frame: pd.DataFrame  # all files, concatenated in `files` order
    split: list[str]
    file: list[str]
    quarantine: list[dict[str, Any]]

    @property
    def version(self) -> str:
        return str(self.manifest.get("version", self.folder.name))

    def arrow_column(self, name: str) -> pa.Array:
        """A string column of every file, in `frame` order, as one Arrow array."""
        import pyarrow as pa

        parts = [table.column(name).cast(pa.string()) for table in self.tables.values()]
        return pa.chunked_array(parts, pa.string()).combine_chunks()

    def ids(self) -> list[str]:
        return [str(value) for value in self.frame["id"].tolist()]


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GateInputError(f"{path}: no manifest; is {folder} a khobor release?") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise GateInputError(f"{path}: cannot read the manifest ({err})") from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        raise GateInputError(f"{path}: not a khobor manifest (no `files` list)")
    return data


def _data_files(folder: Path, manifest: dict[str, Any]) -> list[tuple[str, str]]:
    """Data files: those the manifest lists with a split, plus any Parquet file under `data/`
    it does not list (an unlisted file is validated too, and the checksum gate names it)."""
    listed = [
        (str(entry["path"]), str(entry["split"]))
        for entry in manifest["files"]
        if isinstance(entry, dict) and entry.get("split") and entry.get("path")
    ]
    known = {path for path, _ in listed}
    for path in sorted((folder / "data").glob("*.parquet")):
        relative = path.relative_to(folder).as_posix()
        if relative not in known:
            listed.append((relative, path.name.split("-", 1)[0]))
    return listed


def read_quarantine(folder: Path) -> list[dict[str, Any]]:
    path = folder / "quarantine.jsonl"
    if not path.is_file():
        return []
    entries = []
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                entries.append(json.loads(line))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise GateInputError(f"{path}: cannot read ({err})") from None
    return entries


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    """pandas' default conversion, except `lines`: each row's line count (object dtype, None
    when null) instead of millions of Python dicts. Line contents are checked in Arrow
    (`schema_gate.line_failures`); pandera and GE judge only the column's presence, dtype and
    nulls."""
    import numpy as np
    import pyarrow as pa

    from khobor.gates._arrow import pc

    kind = table.schema.field("lines").type if "lines" in table.column_names else None
    if kind is None or not pa.types.is_list(kind):
        return table.to_pandas()
    index = table.column_names.index("lines")
    frame = table.drop_columns(["lines"]).to_pandas()
    counts = pc.list_value_length(table.column("lines")).to_pylist()
    frame.insert(index, "lines", np.array(counts, dtype=object))
    return frame


def load_release(folder: Path) -> ReleaseData:
    """Read a release folder; raises `GateInputError` when it cannot be read at all."""
    import pandas as pd
    import pyarrow.parquet as pq

    if not folder.is_dir():
        raise GateInputError(f"{folder}: no such release folder")
    manifest = read_manifest(folder)
    files = _data_files(folder, manifest)
    tables: dict[str, pa.Table] = {}
    frames: dict[str, pd.DataFrame] = {}
    split: list[str] = []
    file: list[str] = []
    for relative, split_name in files:
        path = folder / relative
        if not path.is_file():
            continue  # the checksum gate reports a listed file that is missing
        try:
            table = pq.read_table(path)
        except (OSError, ValueError) as err:
            raise GateInputError(f"{path}: cannot read the Parquet file ({err})") from None
        tables[relative] = table
        frames[relative] = _to_pandas(table)
        split += [split_name] * table.num_rows
        file += [relative] * table.num_rows
    if not frames:
        raise GateInputError(f"{folder}: the release has no readable data files")
    parts = list(frames.values())
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return ReleaseData(
        folder, manifest, files, tables, frames, frame, split, file, read_quarantine(folder)
    )
