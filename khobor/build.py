"""`khobor build`: raw pages → records → duplicate clusters → splits → a release-shaped folder.

Two streaming passes, so memory holds per-record ids, offsets and MinHash signatures, never
the corpus:

1. every raw page is extracted and its body signed (`khobor.dedup.BodySigner`), in worker
   processes when there are many, order kept; a record's JSON line goes to a spool file in
   the output folder, its digest and signature to the `Deduper`; a page that cannot become a
   record goes to the quarantine list with its reason code;
2. clusters and the ledger give every record its split; each split is written sorted by id,
   in batches read back from the spool and converted to Arrow (in worker processes, a few
   batches ahead of the writer), to `data/{split}-0000i-of-0000N.parquet` with the explicit
   schema.

Then the card, the Croissant metadata and the manifest. Nothing depends on the clock, on the
folder the build runs in, on the number of workers or on the engine (`local` here;
`datatrove` in `khobor.engines.datatrove_engine` feeds the same `BuildState`): two builds of
the same inputs are byte-identical.

Memory per input, besides what deduplication keeps per record (`khobor.dedup`, ~0.7 KB): its
source path, SHA-256 and size for the manifest (~0.2 KB), and per record 24 bytes of spool
offset, length and input number. The split assignment and the manifest's input list are built
at the end (~0.5 KB a record for the time they exist). No record text is held.
"""

from __future__ import annotations

import gc
import json
import math
import os
import shutil
from array import array
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from khobor.atomic import (
    PARTIAL_PREFIX,
    PREVIOUS,
    die_with_parent,
    partial_dir,
    swap_in,
    sweep_partials,
    terminate_as_exit,
)
from khobor.dedup import BodySigner, Deduper, DedupStats
from khobor.layout import (
    BUILD_MARKER,
    BUILD_VERSION,
    CARD,
    CROISSANT,
    DATA_DIR,
    MANIFEST,
    QUARANTINE,
    Figures,
    ReleaseContext,
    file_entry,
    inputs_digest,
    regular_sha256,
    sha256_file,
    shard_name,
    source_date_epoch,
)
from khobor.policy import SPLIT_NAMES, DedupPolicy, Policy
from khobor.records import Reason
from khobor.splits import SplitAssignment, assign_splits

if TYPE_CHECKING:
    from khobor.extract import ExtractContext, InputFile

SPOOL = ".records.spool.jsonl"

BATCH_ROWS = 512  # records per Parquet write (one row group each)
MAX_SHARD_ROWS = 100_000  # records per Parquet file
PARALLEL_MIN_INPUTS = 64  # below this, worker processes cost more than they save

UNKNOWN_OUTLET = "(unknown)"


class BuildError(Exception):
    """The build cannot proceed (bad raw folder, unreadable ledger); one-line message."""


class BuildRefused(BuildError):
    """The build ran but must not be written (no records, an --out folder it must not
    replace); one-line message, exit 1."""


@dataclass(frozen=True, slots=True)
class Ledger:
    version: str | None  # the release the assignments come from
    split_of: dict[str, str]


@dataclass
class BuildResult:
    out: Path
    version: str
    figures: Figures
    dedup: DedupStats
    assignment: SplitAssignment
    ledger_version: str | None
    files: list[dict[str, Any]]


# Progress callback: (phase, advance, total). Phases: "extract", "write".
ProgressHook = Callable[[str, int, int], None]


def _no_progress(phase: str, advance: int, total: int) -> None:
    return None


# --- pass 1: extraction and signing (in worker processes when there are many pages) ---------


class Extracted(NamedTuple):
    """Pass 1's result for one input: what the manifest, the spool and the deduper need."""

    source: str
    sha256: str  # of the raw bytes ("" when the file cannot be read)
    size: int
    record_id: str | None  # None: the page is quarantined
    line: bytes  # the record's JSON line, newline-terminated (b"" when quarantined)
    quarantine: dict[str, Any] | None  # {"source", "quarantine_reason", "detail"}
    digest: bytes  # the body's exact-duplicate digest (b"" when quarantined)
    signature: bytes | None  # the body's MinHash values, little-endian uint32 (None: no words)


def extract_input(item: InputFile, ctx: ExtractContext, signer: BodySigner) -> Extracted:
    """Pass 1 for one raw file: extract, encode as a JSON line, sign the body (both engines)."""
    from khobor.extract import dataset_fault, extract_file, shown, to_json

    extracted = extract_file(item, ctx)
    result = to_json(dataset_fault(item, extracted, ctx) or extracted)
    try:
        size = item.path.stat().st_size
    except OSError:
        size = 0
    if "quarantine_reason" in result:
        # details name the file; keep them independent of where the raw folder is
        detail = str(result.get("detail", ""))
        result["detail"] = detail.replace(shown(item.path), item.source)
        return Extracted(item.source, regular_sha256(item.path), size, None, b"", result, b"", None)
    digest, values = signer.sign(result["body"])
    line = spool_line(result)
    signature = None if values is None else values.astype("<u4").tobytes()
    return Extracted(
        item.source, result["raw_sha256"], size, result["id"], line, None, digest, signature
    )


def spool_line(record: dict[str, Any]) -> bytes:
    """A record's JSON line in the spool. The body is left out when it is the body lines
    joined (as `assemble` makes it, always): a third of the spool's bytes, and their JSON
    encoding and decoding. `from_spool` puts it back."""
    if record["body"] == _body_of_lines(record):
        record = {key: value for key, value in record.items() if key != "body"}
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def from_spool(line: bytes) -> dict[str, Any]:
    """The record of a `spool_line`, body included."""
    record: dict[str, Any] = json.loads(line)
    if "body" not in record:
        record["body"] = _body_of_lines(record)
    return record


def _body_of_lines(record: dict[str, Any]) -> str:
    from khobor.assemble import join_body

    return join_body(line["text"] for line in record["lines"] if line["label"] == "body")


_worker_state: tuple[ExtractContext, BodySigner] | None = None


def _freeze_inherited_objects() -> None:
    """In a forked worker: move what the parent held (a million inputs, signatures…) out of
    the garbage collector's sight; a full collection would walk every one of them and copy
    their pages (measured: two workers extracting 20,000 pages while the parent held a
    million inputs did 2,064 pages/s, 2,431 with this)."""
    gc.freeze()


def _init_worker(policy: DedupPolicy) -> None:
    global _worker_state
    from khobor.extract import ExtractContext

    _worker_state = (ExtractContext(), BodySigner(policy))


def _init_pool_worker(policy: DedupPolicy, parent_pid: int) -> None:
    die_with_parent(parent_pid)
    _freeze_inherited_objects()
    _init_worker(policy)


def _init_convert_worker(parent_pid: int) -> None:
    die_with_parent(parent_pid)
    _freeze_inherited_objects()


@contextmanager
def _worker_pool(workers: int, initializer: Callable[..., None], *args: Any) -> Iterator[Any]:
    """A process pool whose workers die with this process; on any way out other than a normal
    end (an error, SIGTERM, a generator closed early) the workers are killed at once instead of
    finishing every queued page first."""
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=initializer, initargs=(*args, os.getpid())
    )
    try:
        yield pool
    except BrokenProcessPool as error:
        _stop_pool(pool)
        raise BuildError(f"a worker process died ({error}); nothing was written") from None
    except BaseException:
        _stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    processes = list(getattr(pool, "_processes", {}).values())  # no public way to reach them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()
    for process in processes:
        process.join(timeout=5)


def _extract_one(item: InputFile) -> Extracted:
    if _worker_state is None:
        raise RuntimeError("pass-1 worker used before _init_worker")
    return extract_input(item, *_worker_state)


def _extracted(items: list[InputFile], workers: int, policy: DedupPolicy) -> Iterator[Extracted]:
    if workers <= 1 or len(items) < PARALLEL_MIN_INPUTS:
        _init_worker(policy)
        yield from map(_extract_one, items)
        return
    with _worker_pool(workers, _init_pool_worker, policy) as pool:
        yield from pool.map(_extract_one, items, chunksize=32)


def default_workers() -> int:
    return max(1, min(8, os.cpu_count() or 1))


# --- the build -------------------------------------------------------------------------------


def list_inputs(raw: Path) -> list[InputFile]:
    from khobor.extract import iter_inputs
    from khobor.outlets import SourcesError, load_sources

    if not raw.is_dir():
        raise BuildError(f"{raw}: raw folder not found")
    try:
        load_sources(raw)  # a bad sources.csv stops the build before any page is read
    except SourcesError as error:
        raise BuildError(str(error)) from None
    return list(iter_inputs([raw]))


def _extra_input_files(raw: Path) -> list[Path]:
    from khobor.outlets import SOURCES_FILE

    return [raw / SOURCES_FILE] if (raw / SOURCES_FILE).is_file() else []


class BuildState:
    """Pass 1's accumulator: fed every input's `Extracted` in input order (by either engine),
    it spools records, collects quarantine entries and signatures; `finish` writes the rest.

    Per input it keeps the source, SHA-256 and size (the manifest lists them); per record the
    spool offset and length and what `Deduper` keeps. Never a record's text.
    """

    def __init__(self, out: Path, policy: Policy, inputs: int) -> None:
        out.mkdir(parents=True)
        self.out = out
        self.policy = policy
        self.figures = Figures(inputs=inputs)
        self.deduper = Deduper(policy.dedup)
        self.quarantine: list[dict[str, Any]] = []
        self._sources: list[str] = []
        self._shas: list[str] = []
        self._sizes = array("q")
        self._record_input = array("q")  # record position -> input number
        self._offsets = array("q")  # record position -> spool offset
        self._lengths = array("q")
        # Normalized-body digest -> input number of the page kept: one record per exact body
        # (16-byte keys, about 100 bytes an entry with the dict's overhead).
        self._body_owner: dict[bytes, int] = {}
        self._spool_path = out / SPOOL
        self._spool = self._spool_path.open("wb")
        self._spool_end = 0

    def add(self, extracted: Extracted) -> None:
        number = len(self._sources)
        self._sources.append(extracted.source)
        self._shas.append(extracted.sha256)
        self._sizes.append(extracted.size)
        quarantine = extracted.quarantine
        record_id = extracted.record_id
        if record_id is not None:
            first = self.deduper.position_of(record_id)
            owner = self._body_owner.setdefault(extracted.digest, number)
            if first is not None:
                first_source = self._sources[self._record_input[first]]
                quarantine = {
                    "source": extracted.source,
                    "quarantine_reason": str(Reason.DUPLICATE_RAW),
                    "detail": f"same bytes as {first_source}",
                }
            elif owner != number:
                quarantine = {
                    "source": extracted.source,
                    "quarantine_reason": str(Reason.DUPLICATE_BODY),
                    "detail": f"same body as {self._sources[owner]}",
                }
        if quarantine is not None:
            self.quarantine.append(quarantine)
            self.figures.quarantined[quarantine["quarantine_reason"]] += 1
            return
        assert record_id is not None
        values = None
        if extracted.signature is not None:
            values = np.frombuffer(extracted.signature, dtype="<u4")
        self.deduper.add_signed(record_id, extracted.digest, values)
        self._record_input.append(number)
        self._offsets.append(self._spool_end)
        self._lengths.append(len(extracted.line))
        self._spool.write(extracted.line)
        self._spool_end += len(extracted.line)

    def locate(self, record_id: str) -> tuple[int, int]:
        """(offset, length) of a record's JSON line in the spool."""
        position = self.deduper.position_of(record_id)
        if position is None:
            raise KeyError(record_id)
        return self._offsets[position], self._lengths[position]

    def finish(
        self,
        raw: Path,
        *,
        version: str,
        ledger: Ledger | None = None,
        progress: ProgressHook = _no_progress,
        writer: ShardWriter | None = None,
        workers: int = 1,
    ) -> BuildResult:
        """Clusters, splits, Parquet (records converted in `workers` processes), quarantine,
        card, Croissant, manifest."""
        self._spool.close()
        out, figures = self.out, self.figures
        ledger = ledger or Ledger(None, {})
        if len(self._sources) != figures.inputs:
            raise AssertionError(f"{figures.inputs} inputs announced, {len(self._sources)} seen")
        figures.records = len(self._offsets)
        if figures.records + sum(figures.quarantined.values()) != figures.inputs:
            raise AssertionError("inputs != records + quarantined")  # never drop silently
        if figures.records == 0:
            reasons = ", ".join(f"{n} {r}" for r, n in sorted(figures.quarantined.items()))
            raise BuildRefused(
                f"{raw}: no records: {figures.inputs} pages scanned"
                + (f", all quarantined ({reasons})" if reasons else "")
            )

        clusters = self.deduper.clusters()
        figures.clusters = self.deduper.stats.clusters
        figures.clustered_records = self.deduper.stats.clustered_records
        assignment = assign_splits(clusters, ledger.split_of, self.policy.splits)
        del clusters

        files = _write_splits(
            out,
            self._spool_path,
            self.locate,
            assignment,
            figures,
            progress,
            writer or LOCAL_WRITER,
            workers,
        )
        self._spool_path.unlink()
        files.append(_write_quarantine(out, self.quarantine))

        from khobor import card, croissant

        inputs: list[dict[str, Any]] = [
            {"source": source, "sha256": sha, "bytes": size}
            for source, sha, size in zip(self._sources, self._shas, self._sizes, strict=True)
        ]
        inputs += [
            {"source": path.name, "sha256": sha256_file(path), "bytes": path.stat().st_size}
            for path in _extra_input_files(raw)
        ]
        inputs.sort(key=lambda entry: entry["source"])
        context = ReleaseContext(
            version, self.policy, ledger.version, figures, files, inputs, folder=out
        )
        (out / CARD).write_text(card.render_card(context), encoding="utf-8")
        files.append(file_entry(out, CARD))
        (out / CROISSANT).write_bytes(croissant.render_croissant(context))
        files.append(file_entry(out, CROISSANT))
        files.sort(key=lambda entry: entry["path"])
        (out / MANIFEST).write_bytes(render_manifest(context, assignment))
        return BuildResult(
            out, version, figures, self.deduper.stats, assignment, ledger.version, files
        )

    def abort(self) -> None:
        self._spool.close()


ENGINES = ("local", "datatrove")


def build_dataset(
    raw: Path,
    out: Path,
    *,
    version: str,
    policy: Policy,
    ledger: Ledger | None = None,
    workers: int = 1,
    progress: ProgressHook = _no_progress,
    engine: str = "local",
) -> BuildResult:
    """Build a complete release-shaped folder in `out` (created; must not exist yet).

    `engine="datatrove"` runs the same steps as datatrove pipeline steps
    (`khobor.engines.datatrove_engine`); the output is byte-identical.
    """
    if engine == "datatrove":
        try:
            from khobor.engines.datatrove_engine import build_with_datatrove
        except ImportError as error:
            raise BuildError(
                f"engine datatrove needs datatrove and orjson ({error}); "
                "install them with: pip install 'khobor[scale]'"
            ) from None
        return build_with_datatrove(
            raw,
            out,
            version=version,
            policy=policy,
            ledger=ledger,
            workers=workers,
            progress=progress,
        )
    if engine != "local":
        raise BuildError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    items = list_inputs(raw)
    total = len(items)
    state = BuildState(out, policy, total)
    try:
        for extracted in _extracted(items, workers, policy.dedup):
            state.add(extracted)
            progress("extract", 1, total)
    finally:
        state.abort()
    del items  # ~0.55 KB an input (paths), not needed after pass 1: freed before clusters
    return state.finish(raw, version=version, ledger=ledger, progress=progress, workers=workers)


def render_manifest(context: ReleaseContext, assignment: SplitAssignment) -> bytes:
    from khobor import __version__
    from khobor.schema import SCHEMA_VERSION

    manifest = {
        "name": "khobor",
        "version": context.version,
        "schema_version": SCHEMA_VERSION,
        "khobor_version": __version__,
        "source_date_epoch": source_date_epoch(),
        "policy": context.policy.to_json(),
        "ledger": {
            "previous_version": context.ledger_version,
            "records_kept": assignment.kept_from_ledger,
            "divided_clusters": assignment.divided_clusters,
            "rebalanced_clusters": assignment.moved_clusters,
        },
        "figures": context.figures.to_json(),
        "inputs": {
            "count": len(context.inputs),
            "sha256": inputs_digest(context.inputs),
            "files": context.inputs,
        },
        "files": context.files,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False)
    return (text + "\n").encode("utf-8")


def _write_quarantine(out: Path, quarantine: list[dict[str, Any]]) -> dict[str, Any]:
    quarantine.sort(key=lambda entry: entry["source"])
    with (out / QUARANTINE).open("w", encoding="utf-8", newline="\n") as handle:
        for entry in quarantine:
            handle.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
    return file_entry(out, QUARANTINE, rows=len(quarantine))


def parquet_schema() -> Any:
    """`schema.arrow_schema()` plus the Hugging Face features in the schema metadata, so the
    class labels survive reading a Parquet file on its own too."""
    from khobor.schema import arrow_schema, hf_features

    schema = arrow_schema()
    hf_meta = json.dumps({"info": {"features": hf_features().to_dict()}}, ensure_ascii=False)
    return schema.with_metadata({**(schema.metadata or {}), b"huggingface": hf_meta.encode()})


PARQUET_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "write_page_index": True,
    "use_content_defined_chunking": True,
}


class ShardWriter(NamedTuple):
    """How the Parquet files are written. `open(path, schema)` is a context manager giving a
    function that writes one row group; `convert(records)` turns a batch's records (JSON Lines
    form) into what that function takes. `convert` runs in the worker processes: a
    module-level function."""

    open: Callable[[Path, Any], AbstractContextManager[Callable[[Any], None]]]
    convert: Callable[[list[dict[str, Any]]], Any]


@contextmanager
def local_shard(path: Path, schema: Any) -> Iterator[Callable[[Any], None]]:
    """pyarrow's ParquetWriter with the explicit schema (the local engine's writer)."""
    import pyarrow.parquet as pq

    with pq.ParquetWriter(path, schema, **PARQUET_OPTIONS) as writer:
        yield writer.write_table


def _records_to_table(records: list[dict[str, Any]]) -> Any:
    from khobor.schema import records_to_table

    return records_to_table(records)


LOCAL_WRITER = ShardWriter(local_shard, _records_to_table)


class _Batch(NamedTuple):
    """One row group to write: where its records sit in the spool, in id order."""

    split: str
    offsets: list[int]
    lengths: list[int]
    clusters: list[str]


def _convert_batch(
    spool_path: Path, batch: _Batch, convert: Callable[[list[dict[str, Any]]], Any]
) -> tuple[Any, Figures]:
    """Read a batch's records from the spool, set `dup_cluster`, count what the card reports,
    and `convert` them for the shard writer (in a worker process when there are many)."""
    tally = Figures()
    records = []
    with spool_path.open("rb") as spool:
        for offset, length, cluster in zip(
            batch.offsets, batch.lengths, batch.clusters, strict=True
        ):
            spool.seek(offset)
            record = from_spool(spool.read(length))
            record["dup_cluster"] = cluster
            _count(tally, record, batch.split)
            records.append(record)
    return convert(records), tally


PARALLEL_MIN_BATCHES = 8  # below this, worker processes cost more than they save


def _converted(
    spool_path: Path,
    batches: Iterator[_Batch],
    count: int,
    workers: int,
    convert: Callable[[list[dict[str, Any]]], Any],
) -> Iterator[tuple[Any, Figures]]:
    """`_convert_batch` of every batch, in order; with workers, at most a few batches ahead of
    the writer, so memory holds a few row groups, never the release."""
    if workers <= 1 or count < PARALLEL_MIN_BATCHES:
        for batch in batches:
            yield _convert_batch(spool_path, batch, convert)
        return
    with _worker_pool(workers, _init_convert_worker) as pool:
        pending: deque[Future[tuple[Any, Figures]]] = deque()
        for batch in batches:
            pending.append(pool.submit(_convert_batch, spool_path, batch, convert))
            if len(pending) > 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _write_splits(
    out: Path,
    spool_path: Path,
    locate: Callable[[str], tuple[int, int]],
    assignment: SplitAssignment,
    figures: Figures,
    progress: ProgressHook,
    writer: ShardWriter,
    workers: int,
) -> list[dict[str, Any]]:
    """Each split sorted by id, in shards of `MAX_SHARD_ROWS` and row groups of `BATCH_ROWS`;
    the records are read back from the spool and converted in `workers` processes, the
    Parquet files written here, one after the other."""
    (out / DATA_DIR).mkdir()
    by_split: dict[str, list[str]] = {name: [] for name in SPLIT_NAMES}
    for record_id, split in assignment.split_of.items():
        by_split[split].append(record_id)
    shards: list[tuple[str, str, list[str]]] = []  # (path, split, ids)
    for split in SPLIT_NAMES:
        ids = sorted(by_split.pop(split))
        figures.splits[split] = len(ids)
        count = max(1, math.ceil(len(ids) / MAX_SHARD_ROWS))
        for index in range(count):
            shard_ids = ids[index * MAX_SHARD_ROWS : (index + 1) * MAX_SHARD_ROWS]
            shards.append((shard_name(split, index, count), split, shard_ids))

    def batches() -> Iterator[_Batch]:
        for _, split, ids in shards:
            for start in range(0, len(ids), BATCH_ROWS):
                chunk = ids[start : start + BATCH_ROWS]
                places = [locate(record_id) for record_id in chunk]
                yield _Batch(
                    split,
                    [offset for offset, _ in places],
                    [length for _, length in places],
                    [assignment.cluster_of[record_id] for record_id in chunk],
                )

    total = len(assignment.split_of)
    count = sum(math.ceil(len(ids) / BATCH_ROWS) for _, _, ids in shards)
    converted = _converted(spool_path, batches(), count, workers, writer.convert)
    schema = parquet_schema()
    files: list[dict[str, Any]] = []
    for name, split, ids in shards:
        with writer.open(out / name, schema) as write:
            for start in range(0, len(ids), BATCH_ROWS):
                batch, tally = next(converted)
                figures.add_counts(tally)
                write(batch)
                progress("write", len(ids[start : start + BATCH_ROWS]), total)
        files.append(file_entry(out, name, split=split, rows=len(ids)))
    return files


def _count(figures: Figures, record: dict[str, Any], split: str) -> None:
    outlet = record["outlet"] or UNKNOWN_OUTLET
    per_split = figures.outlets.setdefault(outlet, dict.fromkeys(SPLIT_NAMES, 0))
    per_split[split] += 1
    figures.labels.update(line["label"] for line in record["lines"])
    day = record["date"]
    if day is None:
        figures.undated += 1
        return
    figures.date_min = day if figures.date_min is None else min(figures.date_min, day)
    figures.date_max = day if figures.date_max is None else max(figures.date_max, day)


# --- working build: dataset/build/ -----------------------------------------------------------


def check_out_folder(target: Path, protected: tuple[Path, ...] = ()) -> None:
    """Refuse an `--out` folder khobor must not replace: a file, a folder that holds (or lies
    inside) one of the `protected` folders (the raw pages, the releases), or a non-empty
    folder that is not a khobor build. Nothing is deleted that khobor did not make."""
    if target.is_symlink():
        raise BuildError(f"{target}: --out is a symbolic link; name the folder itself")
    if target.exists() and not target.is_dir():
        raise BuildError(f"{target}: --out must be a folder (or not exist yet); it is a file")
    resolved = target.resolve()
    for folder in protected:
        inner = folder.resolve()
        if inner == resolved or inner.is_relative_to(resolved):
            raise BuildRefused(f"{target}: --out holds {folder}; it would be replaced")
        if resolved.is_relative_to(inner):
            raise BuildRefused(f"{target}: --out lies inside {folder}; choose a folder outside")
    if target.is_dir() and not _is_khobor_build(target):
        raise BuildRefused(
            f"{target}: --out is not empty and not a khobor build (no {BUILD_MARKER}); "
            "empty it or choose another folder"
        )


def _is_khobor_build(folder: Path) -> bool:
    """Empty, marked, or a working build written before the marker existed."""
    if not any(folder.iterdir()) or (folder / BUILD_MARKER).is_file():
        return True
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("version") == BUILD_VERSION


@contextmanager
def naming_the_folder(target: Path) -> Iterator[None]:
    """An OSError that names no file (a full disk, mid-write) or only a temporary folder is
    reported against `target`, the folder the user named."""
    try:
        yield
    except OSError as error:
        named = error.filename is not None and PARTIAL_PREFIX not in str(error.filename)
        if named:
            raise
        raise BuildError(f"{target}: cannot write it ({error.strerror or error})") from None


def write_working_build(
    raw: Path,
    target: Path,
    *,
    policy: Policy,
    ledger: Ledger | None,
    workers: int = 1,
    progress: ProgressHook = _no_progress,
    engine: str = "local",
    protected: tuple[Path, ...] = (),
) -> BuildResult:
    """Build into a temporary folder next to `target`, then swap it in: the previous build
    stays whole until the new one is complete (a killed build leaves it as it was, and the
    next build sweeps the temporary folder). `protected` folders (besides `raw`) are never
    replaced."""
    check_out_folder(target, (raw, *protected))
    sweep_partials(target.parent, target.name)
    with terminate_as_exit(), naming_the_folder(target):
        scratch = partial_dir(target)
        try:
            built = scratch / "out"
            result = build_dataset(
                raw,
                built,
                version=BUILD_VERSION,
                policy=policy,
                ledger=ledger,
                workers=workers,
                progress=progress,
                engine=engine,
            )
            (built / BUILD_MARKER).write_bytes(b"")
            check_out_folder(target, (raw, *protected))  # it may have changed meanwhile
            swap_in(built, target, scratch / PREVIOUS)
            result.out = target
            return result
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


# --- terminal output -------------------------------------------------------------------------


@contextmanager
def rich_progress() -> Iterator[ProgressHook]:
    """A progress bar per phase (on stderr; hidden when it is not a terminal)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    labels = {"extract": "extract pages", "write": "write Parquet"}
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    ) as bar:
        tasks: dict[str, Any] = {}

        def hook(phase: str, advance: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(labels.get(phase, phase), total=total, rate="")
            task = tasks[phase]
            bar.advance(task, advance)
            speed = bar.tasks[task].speed  # rich keeps it over a sliding window
            if speed:
                bar.update(task, rate=f"{speed:,.0f} pages/s")

        yield hook


def print_summary(result: BuildResult) -> None:
    """The summary tables: records, quarantined by reason, per split, per outlet."""
    from rich.console import Console
    from rich.table import Table

    figures = result.figures
    console = Console()
    what = "working build" if result.version == BUILD_VERSION else f"release {result.version}"
    overview = Table(title=f"khobor {what} → {result.out}", show_header=False)
    overview.add_row("raw pages", str(figures.inputs))
    overview.add_row("records", str(figures.records))
    overview.add_row("quarantined", str(sum(figures.quarantined.values())))
    for reason, count in sorted(figures.quarantined.items()):
        overview.add_row(f"  {reason}", str(count))
    overview.add_row("dup clusters", f"{figures.clusters} ({figures.clustered_records} clustered)")
    overview.add_row(
        "ledger",
        f"{result.ledger_version}: {result.assignment.kept_from_ledger} records kept"
        if result.ledger_version
        else "none",
    )
    console.print(overview)
    outlets = Table(title="records per split and outlet")
    outlets.add_column("outlet")
    for split in SPLIT_NAMES:
        outlets.add_column(split, justify="right")
    outlets.add_column("total", justify="right")
    for outlet, counts in sorted(figures.outlets.items()):
        outlets.add_row(outlet, *(str(counts[s]) for s in SPLIT_NAMES), str(sum(counts.values())))
    outlets.add_row(
        "all", *(str(figures.splits[s]) for s in SPLIT_NAMES), str(figures.records), style="bold"
    )
    console.print(outlets)
