"""What every gate shares: levels, one check's result, a run's results (`Validation`, what the
reports show), and the release as the gates stream it."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khobor.contracts.layout import INPUTS, MANIFEST, QUARANTINE
from khobor.contracts.release_files import UnsafeRelease, member, member_problem, open_member, tree

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

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


def literal(text: str) -> str:
    """`text` inside `check_result`'s `bad` template (which fills in `{n}`): braces kept."""
    return text.replace("{", "{{").replace("}", "}}")


def skipped(check: str, level: Level, why: str) -> CheckResult:
    return CheckResult(check, level, True, f"skipped: {why}", skipped=True)


@dataclass
class Validation:
    """One run of the gates on a release: every check's result, timings, what was judged."""

    release: Path
    version: str
    results: list[CheckResult] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    html: Path | None = None  # report.html, when written
    previous: Path | None = None
    schema_version: str = "1"
    files: list[str] = field(default_factory=list)  # the data files judged
    rows: int = 0
    started: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def run_name(self) -> str:
        """The run's name in every report: `khobor-<version>-<UTC start>`."""
        return f"khobor-{self.version}-{self.started:%Y%m%dT%H%M%SZ}"

    @property
    def passed(self) -> bool:
        return not any(result.blocking for result in self.results)

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("pass", "fail", "warn", "skipped"), 0)
        for result in self.results:
            counts[result.status.lower()] += 1
        return counts

    def blocking(self) -> list[CheckResult]:
        return [result for result in self.results if result.blocking]


# Rows per record batch the gates read at a time. The memory of a process reading a release
# grows with it (measured on 100k records: the schema gate's peak RSS 754 MiB at 8,192 rows,
# 432 MiB at 4,096, Great Expectations' 931 and 772 MiB; same reports, time within noise).
BATCH_ROWS = 4_096


@dataclass(frozen=True, slots=True)
class Batch:
    """Consecutive rows of one data file, with only the columns asked for (those the file
    has). `offset` is the position of the first row in the release (files in `files` order)."""

    path: str
    split: str
    offset: int
    table: pa.Table

    def __len__(self) -> int:
        return self.table.num_rows

    def positions(self) -> np.ndarray:
        import numpy as np

        return np.arange(self.offset, self.offset + self.table.num_rows, dtype=np.int64)


@dataclass
class ReleaseData:
    """A release folder as the gates read it: the manifest, the quarantine and each data
    file's Parquet schema and row count. Rows are never all in memory: `batches` streams
    record batches of the columns a check needs, file by file, row group by row group."""

    folder: Path
    manifest: dict[str, Any]
    files: list[tuple[str, str]]  # (relative path, split) of the data files
    schemas: dict[str, pa.Schema]  # by readable data file, in `files` order
    rows: dict[str, int]  # rows by readable data file
    splits: dict[str, str]  # split by readable data file
    quarantine: list[dict[str, Any]]
    # every file of the folder (`khobor.contracts.release_files.tree`: no link, no special file in
    # it)
    tree: list[str] = field(default_factory=list)

    @property
    def version(self) -> str:
        return str(self.manifest.get("version", self.folder.name))

    @property
    def schema_version(self) -> str:
        """The record schema version the release declares (releases before v1.1 say "1")."""
        return str(self.manifest.get("schema_version", "1"))

    @property
    def num_rows(self) -> int:
        return sum(self.rows.values())

    def batches(
        self, columns: Sequence[str] | None = None, *, batch_rows: int = BATCH_ROWS
    ) -> Iterator[Batch]:
        """Record batches of every readable data file in order, each a `pa.Table` holding the
        `columns` the file has (all when None)."""
        import pyarrow as pa

        offset = 0
        for path, schema in self.schemas.items():
            names = None if columns is None else [c for c in columns if c in schema.names]
            try:
                reader = _parquet(self.folder / path)
                if names is not None and not names:
                    offset += reader.metadata.num_rows  # none of the columns: no batches
                    continue
                for batch in reader.iter_batches(batch_size=batch_rows, columns=names):
                    table = pa.Table.from_batches([batch])
                    yield Batch(path, self.splits[path], offset, table)
                    offset += table.num_rows
            except (OSError, ValueError) as err:
                raise GateInputError(
                    f"{self.folder / path}: cannot read the Parquet file ({err})"
                ) from None

    def ids_at(self, positions: Iterable[int]) -> dict[int, str]:
        """The record id at each release position (one pass over the `id` column); a row
        without an id is named `FILE#rowPOSITION`."""
        import numpy as np

        wanted = np.unique(np.fromiter(positions, dtype=np.int64))
        found: dict[int, str] = {}
        if not len(wanted):
            return found
        for batch in self.batches(["id"]):
            end = batch.offset + len(batch)
            lo, hi = np.searchsorted(wanted, [batch.offset, end])
            if lo == hi:
                continue
            here = wanted[lo:hi]
            values = (
                batch.table.column("id").take(here - batch.offset).to_pylist()
                if "id" in batch.table.column_names
                else [None] * len(here)
            )
            for position, value in zip(here.tolist(), values, strict=True):
                found[position] = (
                    str(value)
                    if isinstance(value, str) and value
                    else f"{batch.path}#row{position}"
                )
        return found


class FailingRows:
    """What one check found wrong, kept small: a flag per release row (an exact count of
    distinct failing rows, one byte a row) and names that are not rows (file paths,
    `split:train`). `first` gives the positions whose ids are reported."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.mask: np.ndarray | None = None
        self.names: set[str] = set()

    def add_rows(self, positions: Any) -> None:
        import numpy as np

        positions = np.asarray(positions, dtype=np.int64)
        if not len(positions):
            return
        if self.mask is None:
            self.mask = np.zeros(self.total, dtype=np.bool_)
        self.mask[positions] = True

    def add(self, name: str) -> None:
        self.names.add(name)

    @property
    def count(self) -> int:
        return len(self.names) + (int(self.mask.sum()) if self.mask is not None else 0)

    def first(self, limit: int = MAX_REPORTED_IDS) -> list[int]:
        import numpy as np

        if self.mask is None:
            return []
        return [int(p) for p in np.flatnonzero(self.mask)[:limit]]

    def ids(self, id_of: dict[int, str], limit: int = MAX_REPORTED_IDS) -> list[str]:
        """Names plus the ids of the first `limit` failing rows (release order), sorted."""
        return sorted(self.names | {id_of[p] for p in self.first(limit)})


def resolve_ids(release: ReleaseData, found: Iterable[FailingRows]) -> dict[int, str]:
    """The ids of every row some check will report, in one pass."""
    return release.ids_at(p for failing in found for p in failing.first())


def counted_result(
    check: str,
    level: Level,
    failing: FailingRows,
    id_of: dict[int, str],
    *,
    ok: str,
    bad: str,
    figures: dict[str, Any] | None = None,
) -> CheckResult:
    """`check_result` for a check whose failures were counted row by row: `bad` may use
    `{n}`, the exact number of failing rows and names; at most `MAX_REPORTED_IDS` row ids
    are kept."""
    count = failing.count
    return CheckResult(
        check,
        level,
        count == 0,
        ok if count == 0 else bad.format(n=count),
        figures or {},
        failing.ids(id_of),
        count,
    )


def _parquet(path: Path) -> pq.ParquetFile:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path)


_COUNT = {"type": "integer", "minimum": 0}
_FILE_ENTRY = {
    "type": "object",
    "required": ["path"],
    "properties": {
        "path": {"type": "string", "minLength": 1},
        "sha256": {"type": "string"},
        "bytes": _COUNT,
        "split": {"type": "string"},
        "rows": _COUNT,
    },
}
# What the gates read from a manifest, with the types they expect; more keys are allowed.
MANIFEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["version", "files"],
    "properties": {
        "name": {"type": "string"},
        "version": {"type": "string", "minLength": 1},
        "schema_version": {"type": "string"},
        "policy": {"type": "object"},
        "ledger": {"type": "object"},
        "figures": {
            "type": "object",
            "properties": {
                "inputs": _COUNT,
                "records": _COUNT,
                "quarantined": {"type": "object", "additionalProperties": _COUNT},
                "splits": {"type": "object", "additionalProperties": _COUNT},
            },
        },
        "inputs": {
            "type": "object",
            "properties": {
                "count": _COUNT,
                "sha256": {"type": "string"},
                "file": {"type": "string", "minLength": 1},
                "files": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["source", "sha256"],
                        "properties": {
                            "source": {"type": "string"},
                            "sha256": {"type": "string"},
                            "bytes": _COUNT,
                        },
                    },
                },
            },
        },
        "files": {"type": "array", "items": _FILE_ENTRY},
    },
}


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest, checked against `MANIFEST_SCHEMA` and every path it names checked to be a
    plain relative path inside the release (`khobor.contracts.release_files.member_problem`): a
    manifest
    the gates would misread, crash on, or that sends them outside the release is unreadable
    input (`GateInputError`, exit 2), before any file it names is opened."""
    path = folder / MANIFEST
    data = _read_json(folder, MANIFEST, "manifest")
    problem = manifest_problem(data)
    if problem is not None:
        raise GateInputError(f"{path}: not a khobor manifest: {problem}")
    assert isinstance(data, dict)
    for index, entry in enumerate(data["files"]):
        why = member_problem(entry["path"])
        if why is not None:
            raise GateInputError(f"{path}: files[{index}].path {entry['path']!a} is refused: {why}")
    inputs = data.get("inputs")
    if isinstance(inputs, dict) and "file" in inputs and inputs["file"] != INPUTS:
        raise GateInputError(f"{path}: inputs.file must be {INPUTS}; it is {inputs['file']!a}")
    return data


def _read_json(folder: Path, name: str, what: str) -> Any:
    path = folder / name
    try:
        with os.fdopen(open_member(folder, name), "rb") as handle:
            return json.loads(handle.read().decode("utf-8"))
    except FileNotFoundError:
        raise GateInputError(f"{path}: no {what}; is {folder} a khobor release?") from None
    except UnsafeRelease as err:
        raise GateInputError(str(err)) from None
    except RecursionError:
        raise GateInputError(f"{path}: cannot read the {what} (nested too deeply)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise GateInputError(f"{path}: cannot read the {what} ({err})") from None


def manifest_problem(data: Any) -> str | None:
    """The first way `data` breaks `MANIFEST_SCHEMA` ("files[3]: 1 is not of type 'object'"),
    or None."""
    import jsonschema

    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(MANIFEST_SCHEMA).iter_errors(data)
    )
    if error is None:
        return None
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return f"{where.lstrip('.') or 'top level'}: {error.message[:200]}"


def _data_files(manifest: dict[str, Any]) -> list[tuple[str, str]]:
    """The data files: those the manifest lists with a split (a file it does not list is never
    read; the checksum gate names it)."""
    return [
        (str(entry["path"]), str(entry["split"]))
        for entry in manifest["files"]
        if isinstance(entry, dict) and entry.get("split") and entry.get("path")
    ]


def read_quarantine(folder: Path) -> list[dict[str, Any]]:
    """The quarantine list; each `source` must be a plain relative path (a name inside the raw
    folder), or the list is unreadable input."""
    path = folder / QUARANTINE
    entries: list[dict[str, Any]] = []
    try:
        if not member(folder, QUARANTINE).is_file():
            return []
        with os.fdopen(open_member(folder, QUARANTINE), "rb") as handle:
            lines = handle.read().decode("utf-8").splitlines()
    except UnsafeRelease as err:
        raise GateInputError(str(err)) from None
    except (OSError, UnicodeDecodeError) as err:
        raise GateInputError(f"{path}: cannot read ({err})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as err:
            raise GateInputError(f"{path}: line {number}: not JSON ({err})") from None
        if not isinstance(entry, dict):
            raise GateInputError(f"{path}: line {number}: not a JSON object")
        why = member_problem(entry.get("source"))
        if why is not None:
            raise GateInputError(
                f"{path}: line {number}: source {entry.get('source')!a} is refused: {why}"
            )
        entries.append(entry)
    return entries


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """pandas' default conversion, except `lines`: each row's line count (object dtype, None
    when null) instead of Python dicts, so `lines` is never materialised in pandas. Line
    contents are checked in Arrow (`schema_gate.line_failures`); pandera and GE judge only the
    column's presence, dtype and nulls."""
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


def _require_ids(path: Path, schema: pa.Schema) -> None:
    """Every gate names failing rows by `id`: a data file without a string `id` column is
    not a khobor data file at all (other missing columns are the schema gate's to report)."""
    import pyarrow as pa

    index = schema.get_field_index("id")
    if index < 0 or not pa.types.is_string(schema.field(index).type):
        columns = ", ".join(schema.names[:8]) + (", …" if len(schema.names) > 8 else "")
        raise GateInputError(
            f"{path}: not a khobor data file: no `id` column of strings (columns: {columns})"
        )


def load_release(folder: Path) -> ReleaseData:
    """Open a release folder: manifest, quarantine and the data files' Parquet footers (no
    rows are read); raises `GateInputError` when it cannot be read at all."""
    if not folder.is_dir():
        raise GateInputError(f"{folder}: no such release folder")
    manifest = read_manifest(folder)
    try:
        files_in_folder = tree(folder)  # before any data file is opened: no link, no FIFO
    except UnsafeRelease as err:
        raise GateInputError(str(err)) from None
    files = _data_files(manifest)
    schemas: dict[str, pa.Schema] = {}
    rows: dict[str, int] = {}
    splits: dict[str, str] = {}
    for relative, split_name in files:
        path = folder / relative
        if not path.is_file() or relative in schemas:
            continue  # the checksum gate reports a listed file that is missing
        try:
            reader = _parquet(path)
            schemas[relative] = reader.schema_arrow
            rows[relative] = reader.metadata.num_rows
        except (OSError, ValueError) as err:
            raise GateInputError(f"{path}: cannot read the Parquet file ({err})") from None
        _require_ids(path, schemas[relative])
        splits[relative] = split_name
    if not schemas:
        raise GateInputError(f"{folder}: the release has no readable data files")
    from khobor.contracts.schema import UnknownSchemaVersion, columns_of

    try:
        columns_of(str(manifest.get("schema_version", "1")))
    except UnknownSchemaVersion as err:
        raise GateInputError(f"{folder / 'manifest.json'}: {err}") from None
    quarantine = read_quarantine(folder)
    return ReleaseData(folder, manifest, files, schemas, rows, splits, quarantine, files_in_folder)
