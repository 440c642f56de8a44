"""Pass 2 and the release's other files: `ReleaseWriter` owns the write of a release folder from
start to end (the Parquet schema, the split shards in row-group batches, the quarantine list,
the card, the Croissant file, the manifest); `finalize()` gives the manifest's file entries."""

from __future__ import annotations

import json
import math
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from khobor.contracts.layout import (
    CARD,
    CROISSANT,
    DATA_DIR,
    INPUTS,
    MANIFEST,
    QUARANTINE,
    UNKNOWN_OUTLET,
    Figures,
    ReleaseContext,
    file_entry,
    shard_name,
    source_date_epoch,
    write_inputs,
)
from khobor.contracts.policy import SPLIT_NAMES, Policy
from khobor.pipeline.base import ProgressHook, no_progress
from khobor.pipeline.pool import init_convert_worker, worker_pool
from khobor.pipeline.spool import from_spool
from khobor.system.interrupts import deferred
from khobor.system.readahead import will_need

if TYPE_CHECKING:
    from khobor.corpus.splits import SplitAssignment

BATCH_ROWS = 512  # records per Parquet write (one row group each)
MAX_SHARD_ROWS = 100_000  # records per Parquet file


def render_manifest(context: ReleaseContext, assignment: SplitAssignment) -> bytes:
    from khobor import __version__
    from khobor.contracts.schema import SCHEMA_VERSION

    manifest = {
        "name": "khobor",
        "version": context.version,
        "schema_version": SCHEMA_VERSION,
        "khobor_version": __version__,
        "source_date_epoch": source_date_epoch(),
        "policy": context.policy.to_json(furniture=bool(context.figures.furniture)),
        "ledger": {
            "previous_version": context.ledger_version,
            "records_kept": assignment.kept_from_ledger,
            "divided_clusters": assignment.divided_clusters,
            "rebalanced_clusters": assignment.moved_clusters,
        },
        "figures": context.figures.to_json(),
        "inputs": context.inputs,
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
    from khobor.contracts.schema import arrow_schema, hf_features_dict

    schema = arrow_schema()
    hf_meta = json.dumps({"info": {"features": hf_features_dict()}}, ensure_ascii=False)
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
    from khobor.contracts.schema import records_to_table

    return records_to_table(records)


LOCAL_WRITER = ShardWriter(local_shard, _records_to_table)


class _Batch(NamedTuple):
    """One row group to write: where its records sit in the spool, in id order."""

    split: str
    offsets: list[int]
    lengths: list[int]
    clusters: list[str]
    comments: str = "keep"  # readers' comments: `[personal_data] comments`


def _convert_batch(
    spool_path: Path, batch: _Batch, convert: Callable[[list[dict[str, Any]]], Any]
) -> tuple[Any, Figures, bytes]:
    """Read a batch's records from the spool, set `dup_cluster`, count what the card reports,
    and `convert` them for the shard writer (in a worker process when there are many); with
    the bodies' `raw_digest`s (for the duplicate gates,
    `khobor.corpus.dedup.Deduper.hand_over`)."""
    from khobor.corpus.dedup import raw_digest
    from khobor.text.personal_data import apply_comment_policy

    tally = Figures()
    records = []
    with spool_path.open("rb") as spool:
        _advise_reading(spool.fileno(), batch)
        for offset, length, cluster in zip(
            batch.offsets, batch.lengths, batch.clusters, strict=True
        ):
            spool.seek(offset)
            record = from_spool(spool.read(length))
            record["dup_cluster"] = cluster
            if batch.comments != "keep":
                apply_comment_policy(record, batch.comments)
            _count(tally, record, batch.split)
            records.append(record)
    return convert(records), tally, b"".join(raw_digest(r["body"]) for r in records)


def _advise_reading(fd: int, batch: _Batch) -> None:
    """Ask the kernel for a batch's records together (`POSIX_FADV_WILLNEED`) before reading
    them one by one: they lie all over the spool (it is in pass-1 order, a batch in id order),
    and a million pages' spool is more than the page cache keeps
    (`bench/results/readahead.txt`)."""
    will_need(fd, zip(batch.offsets, batch.lengths, strict=True))


PARALLEL_MIN_BATCHES = 8  # below this, worker processes cost more than they save


def _converted(
    spool_path: Path,
    batches: Iterator[_Batch],
    count: int,
    workers: int,
    convert: Callable[[list[dict[str, Any]]], Any],
) -> Iterator[tuple[Any, Figures, bytes]]:
    """`_convert_batch` of every batch, in order; with workers, at most a few batches ahead of
    the writer, so memory holds a few row groups, never the release."""
    if workers <= 1 or count < PARALLEL_MIN_BATCHES:
        for batch in batches:
            yield _convert_batch(spool_path, batch, convert)
        return
    # pyarrow imports pandas (~0.3 s) on its first conversion of a Python list: once here,
    # before the workers fork, not once in every one of them
    import pandas  # noqa: F401

    with worker_pool(workers, init_convert_worker) as pool:
        pending: deque[Future[tuple[Any, Figures, bytes]]] = deque()
        for batch in batches:
            with deferred():  # khobor.system.interrupts.deferred: no lock left held by a stop
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
    schema: Any,
    rows: dict[str, tuple[list[str], bytes]],
    comments: str = "keep",
) -> list[dict[str, Any]]:
    """Each split sorted by id, in shards of `MAX_SHARD_ROWS` and row groups of `BATCH_ROWS`;
    the records are read back from the spool and converted in `workers` processes, the
    Parquet files written here, one after the other. `rows` gets each shard's record ids and
    their bodies' raw digests, in row order."""
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
                    comments,
                )

    total = len(assignment.split_of)
    count = sum(math.ceil(len(ids) / BATCH_ROWS) for _, _, ids in shards)
    converted = _converted(spool_path, batches(), count, workers, writer.convert)
    files: list[dict[str, Any]] = []
    for name, split, ids in shards:
        raw = []
        with writer.open(out / name, schema) as write:
            for start in range(0, len(ids), BATCH_ROWS):
                batch, tally, digests = next(converted)
                figures.add_counts(tally)
                raw.append(digests)
                write(batch)
                progress("write", len(ids[start : start + BATCH_ROWS]), total)
        rows[name] = (ids, b"".join(raw))
        files.append(file_entry(out, name, split=split, rows=len(ids)))
    return files


def _count(figures: Figures, record: dict[str, Any], split: str) -> None:
    outlet = record["outlet"] or UNKNOWN_OUTLET
    per_split = figures.outlets.setdefault(outlet, dict.fromkeys(SPLIT_NAMES, 0))
    per_split[split] += 1
    figures.labels.update(line["label"] for line in record["lines"])
    figures.input_kinds[record.get("input_kind", "text")] += 1
    day = record["date"]
    if day is None:
        figures.undated += 1
        return
    figures.date_min = day if figures.date_min is None else min(figures.date_min, day)
    figures.date_max = day if figures.date_max is None else max(figures.date_max, day)


class ReleaseWriter:
    """One release folder's write, from the first shard to the manifest: it holds the Parquet
    schema and the file entries; `write_splits` writes the records in row-group batches,
    `write_quarantine` the quarantine list, and `finalize` the card, the Croissant file and the
    manifest, returning the manifest's file entries (paths, checksums, rows)."""

    def __init__(
        self,
        out: Path,
        *,
        shard_writer: ShardWriter | None = None,
        workers: int = 1,
        progress: ProgressHook = no_progress,
        comments: str = "keep",
    ) -> None:
        """`comments`: what becomes of readers' comment lines (`[personal_data] comments`)."""
        self.out = out
        self.comments = comments
        self.schema = parquet_schema()
        self.shard_writer = shard_writer or LOCAL_WRITER
        self.workers = workers
        self.progress = progress
        self.files: list[dict[str, Any]] = []
        # shard path -> its record ids and their bodies' raw digests, in row order
        self.rows: dict[str, tuple[list[str], bytes]] = {}

    def write_splits(
        self,
        spool_path: Path,
        locate: Callable[[str], tuple[int, int]],
        assignment: SplitAssignment,
        figures: Figures,
    ) -> None:
        """Every split's shards, from the spooled records (`figures` gets their counts)."""
        self.files += _write_splits(
            self.out,
            spool_path,
            locate,
            assignment,
            figures,
            self.progress,
            self.shard_writer,
            self.workers,
            self.schema,
            self.rows,
            self.comments,
        )

    def write_quarantine(self, entries: list[dict[str, Any]]) -> None:
        self.files.append(_write_quarantine(self.out, entries))

    def write_inputs(
        self, sources: Sequence[str], shas: Sequence[str], sizes: Sequence[int]
    ) -> dict[str, Any]:
        """The per-input provenance file (`khobor.contracts.layout.write_inputs`); its summary."""
        summary = write_inputs(self.out, sources, shas, sizes)
        self.files.append(file_entry(self.out, INPUTS, rows=summary["count"]))
        return summary

    def finalize(
        self,
        *,
        version: str,
        policy: Policy,
        ledger_version: str | None,
        figures: Figures,
        inputs: dict[str, Any],
        assignment: SplitAssignment,
    ) -> list[dict[str, Any]]:
        """The card, the Croissant file and the manifest (`inputs`: `write_inputs`'s summary);
        the manifest's `files` entries."""
        from khobor.render import card, croissant

        out, files = self.out, self.files
        context = ReleaseContext(
            version, policy, ledger_version, figures, files, inputs, folder=out
        )
        (out / CARD).write_text(card.render_card(context), encoding="utf-8")
        files.append(file_entry(out, CARD))
        (out / CROISSANT).write_bytes(croissant.render_croissant(context))
        files.append(file_entry(out, CROISSANT))
        files.sort(key=lambda entry: entry["path"])
        (out / MANIFEST).write_bytes(render_manifest(context, assignment))
        return files
