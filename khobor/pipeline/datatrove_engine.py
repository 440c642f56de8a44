"""`khobor build --engine datatrove`: the build as datatrove pipeline steps.

Before them, when the policy's corpus pass is on (`[furniture] enabled`), the pass that learns
each site's furniture (`khobor.corpus.furniture`), as two jobs: **A** (`tasks` ranks)
`ObserveFurniture`
maps each page to its `PageHashes` (`khobor.pages.extract.input_hashes`, the hashes the local
engine's workers make as they annotate) in a file a rank; one task (`MergeFurniture`) reads
them in rank order (= input order) and learns the `FurnitureIndex` with the local engine's
own function (`khobor.corpus.furniture_learn.learn_index`: pages without a known site grouped by the
lines they share, then counted), which stage 1 annotates with and stage 2 tallies. So the
index is the local engine's; stage 1 annotates every page with it, the local engine only the
pages it touches: the same records.

Two datatrove jobs, the second depending on the first:

1. **annotate** (`tasks` ranks, run `workers` at a time): `RawPageReader` gives each rank a
   contiguous block of the raw pages (in the local engine's order) as `Document`s;
   `AnnotateAndSign`, a datatrove filter, turns each into a record (the JSON line in
   `Document.text`, the body's digest and MinHash signature in its metadata — the very
   `khobor.pipeline.extract_input` of the local engine) or drops it with its quarantine reason
   code, so datatrove counts `dropped_{reason}` and its **exclusion writer is the
   quarantine**; a `JsonlWriter` keeps the records, one file per rank.
2. **release** (one task): datatrove's `JsonlReader` reads the records back in rank order
   (= input order) and `WriteRelease` feeds them, and the quarantined pages, to the same
   `khobor.pipeline.state.BuildState` as the local engine: exact and near duplicates from the same
   signatures, the same splits, and Parquet written by datatrove's `ParquetWriter` with the
   explicit schema (`khobor.pipeline.writer.parquet_schema`), zstd, page index, content-defined
   chunking and 512-row row groups, exactly as the local engine writes it.

So both engines give byte-identical releases (`tests/test_engines.py`). Near-duplicate
clustering uses khobor's signatures rather than datatrove's `MinhashDedup*` stages: those
hash differently and keep one document per cluster instead of labelling every record with
its cluster, which the release's `dup_cluster` column and split rule need.

**On a cluster**, stage 1 runs on datatrove's `RayPipelineExecutor` (`executor="ray"`: one
Ray task per rank, `cpus_per_task=1`, `RAY_MEM_PER_CPU_GB` reserved each) against the Ray
cluster the caller connected to (`ray.init(address=...)`, or `RAY_ADDRESS`); stage 2, one task
that writes the release, stays in the calling process. The raw folder, the work folder (next
to the output) and the output must be on a file system every node sees. Slurm is the same
swap (`SlurmPipelineExecutor(..., tasks=N, time=..., partition=..., logging_dir=...)`). Stage
1 scales out with `tasks`; stage 2's memory is what deduplication keeps (~0.7 KB a record,
`khobor.corpus.dedup`) plus the manifest's input list.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from datatrove.data import Document, DocumentsPipeline
from datatrove.executor import LocalPipelineExecutor, RayPipelineExecutor
from datatrove.executor.base import PipelineExecutor
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter, ParquetWriter

from khobor.contracts.policy import DedupPolicy, FurnitureConfig, PersonalDataPolicy, Policy
from khobor.corpus.dedup import BodySigner
from khobor.pages.extract import InputFile
from khobor.pipeline.base import BuildResult, Ledger, ProgressHook, no_progress
from khobor.pipeline.spool import Extracted, extract_input
from khobor.pipeline.state import BuildState, list_inputs
from khobor.pipeline.writer import BATCH_ROWS, PARQUET_OPTIONS, ShardWriter

if TYPE_CHECKING:
    from khobor.corpus.furniture import FurnitureIndex

INPUTS = "inputs"
RECORDS = "records"
QUARANTINED = "quarantined"
LOGS = "logs"
FURNITURE = "furniture"  # the corpus pass's counters and index (pickles) in the work folder
FURNITURE_INDEX = "index.pickle"
PAGES_PER_TASK = 10_000  # default stage-1 task size
RAY_MEM_PER_CPU_GB = 1.0  # memory a Ray task of stage 1 reserves (a rank annotates in ~0.3 GB)
Executor = Literal["local", "ray"]


class _Unlisted:
    """A step's working state, kept out of datatrove's `executor.json` (which writes every
    attribute of every step: here a ledger of a million ids, or paths as dict keys)."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:  # only reached for a name never set
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        self.__dict__[name] = value

    def __str__(self) -> str:
        return f"<{', '.join(sorted(self.__dict__))}>"


def _block(count: int, rank: int, world_size: int) -> range:
    """Rank `rank`'s contiguous share of `count` inputs (so ranks concatenate in order).

    >>> [list(_block(5, r, 2)) for r in range(2)]
    [[0, 1], [2, 3, 4]]
    """
    return range(rank * count // world_size, (rank + 1) * count // world_size)


def write_input_lists(items: list[InputFile], work: Path, world_size: int) -> None:
    """One list of raw pages per rank under `work/inputs/`, in the local engine's order. Listed
    once, so a rank reads only its own block. A line is JSON `[index, source, path]`, the path
    relative to the raw folder as hex bytes: a name may hold a newline or bytes that are not
    UTF-8."""
    folder = work / INPUTS
    folder.mkdir(parents=True)
    for rank in range(world_size):
        with (folder / f"{rank:05d}.txt").open("w", encoding="utf-8", newline="\n") as handle:
            for index in _block(len(items), rank, world_size):
                item = items[index]
                relative = os.fsencode(item.path.relative_to(item.root)).hex()
                row = [index, item.source, relative]
                if item.member is not None:  # issue 25: a WARC record's place in its archive
                    row.append(list(item.member))
                handle.write(json.dumps(row) + "\n")


class RawPageReader(PipelineStep):
    """Raw pages as `Document`s (id = source path relative to the raw folder; the text is
    filled in by `AnnotateAndSign`): rank r reads `work/inputs/r.txt`, a contiguous block of
    the local engine's order."""

    name = "📄 khobor raw pages"
    type = "📖 - READER"

    def __init__(self, raw: Path, work: Path) -> None:
        super().__init__()
        self.raw, self.work = raw, work

    def run(
        self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1
    ) -> DocumentsPipeline:
        listing = self.work / INPUTS / f"{rank:05d}.txt"
        with listing.open(encoding="utf-8") as handle:
            for line in handle:
                index, source, relative, *member = json.loads(line)
                self.stat_update("pages")
                metadata = {"index": index, "path": relative}
                if member:  # issue 25: a WARC record
                    metadata["member"] = member[0]
                yield Document(text="", id=source, metadata=metadata)


def _furniture_file(work: Path, name: str) -> Path:
    return work / FURNITURE / name


def _dump(value: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)


def _load(path: Path) -> Any:
    with path.open("rb") as handle:
        return pickle.load(handle)  # written by this build's own tasks


def load_furniture(work: Path) -> FurnitureIndex | None:
    """The corpus pass's index, None when the pass did not run."""
    path = _furniture_file(work, FURNITURE_INDEX)
    return _load(path) if path.is_file() else None


class ObserveFurniture(PipelineStep):
    """A rank of the corpus pass: each page's `PageHashes` (`khobor.pages.extract.input_hashes`,
    what the local engine's workers hash), in order, to `work/furniture/observe-{rank}.pickles`."""

    type = "🔢 - STATS"
    name = "🔢 khobor furniture: observe"
    phase = "observe"

    def __init__(self, raw: Path, work: Path, config: FurnitureConfig) -> None:
        super().__init__()
        self.raw, self.work, self.config = raw, work, config

    def run(
        self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1
    ) -> DocumentsPipeline:
        from khobor.pages.extract import ExtractContext, input_hashes
        from khobor.pipeline.corpus_pass import _PickleLog

        ctx = ExtractContext()
        path = _furniture_file(self.work, f"{self.phase}-{rank:05d}.pickles")
        path.parent.mkdir(parents=True, exist_ok=True)
        with _PickleLog(path) as log:
            for doc in data or ():
                where = doc.metadata.get("path")
                relative = doc.id if where is None else os.fsdecode(bytes.fromhex(where))
                log.add(input_hashes(_input(self.raw, relative, doc), ctx))
                self.stat_update("pages")
        yield from ()


class MergeFurniture(PipelineStep):
    """One task: the ranks' `PageHashes` of `phase`, in rank order, learned into the
    `FurnitureIndex` (`khobor.corpus.furniture_learn.learn_index`)."""

    type = "🔢 - STATS"

    def __init__(self, work: Path, phase: str, tasks: int, config: FurnitureConfig) -> None:
        super().__init__()
        self.work, self.phase, self.tasks, self.config = work, phase, tasks, config
        self.name = f"🔢 khobor furniture: merge {phase}"

    def run(
        self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1
    ) -> DocumentsPipeline:
        if world_size != 1:
            raise ValueError("the furniture merge step is one task (tasks=1)")
        from khobor.corpus.furniture_learn import learn_index
        from khobor.pipeline.corpus_pass import _load_all

        shards = [
            _furniture_file(self.work, f"{self.phase}-{r:05d}.pickles") for r in range(self.tasks)
        ]

        def pages() -> Iterator[Any]:
            for shard in shards:  # rank order: the inputs' order
                yield from _load_all(shard)

        _dump(learn_index(pages, self.config), _furniture_file(self.work, FURNITURE_INDEX))
        for shard in shards:
            shard.unlink()
        self.stat_update("shards", value=len(shards))
        yield from ()


class AnnotateAndSign(BaseFilter):
    """Page → record (kept) or quarantine entry (dropped with its reason code, to the
    exclusion writer): `khobor.pipeline.extract_input`, the local engine's pass 1."""

    name = "🏷 khobor annotate + sign"

    def __init__(
        self,
        raw: Path,
        policy: DedupPolicy,
        exclusion_writer: JsonlWriter | None = None,
        work: Path | None = None,
        personal: PersonalDataPolicy | None = None,
    ) -> None:
        """`work`: the work folder, where the corpus pass left its index (if it ran);
        `personal`: the `[personal_data]` policy (default: the defaults)."""
        super().__init__(exclusion_writer=exclusion_writer)
        self.raw, self.policy, self.work = raw, policy, work
        self.personal = personal or PersonalDataPolicy()
        self.working = _Unlisted(state=None)

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        from khobor.pages.extract import ExtractContext

        if self.working.state is None:
            furniture = None if self.work is None else load_furniture(self.work)
            ctx = ExtractContext(furniture=furniture, personal=self.personal)
            self.working.state = (ctx, BodySigner(self.policy))
        path = doc.metadata.pop("path", None)  # absent: the id is the path
        relative = doc.id if path is None else os.fsdecode(bytes.fromhex(path))
        item = _input(self.raw, relative, doc)
        extracted = extract_input(item, *self.working.state)
        doc.metadata |= {"sha256": extracted.sha256, "bytes": extracted.size}
        if extracted.quarantine is not None:
            doc.text = json.dumps(extracted.quarantine, ensure_ascii=False, sort_keys=True)
            return False, extracted.quarantine["quarantine_reason"]
        doc.text = extracted.line.decode("utf-8").rstrip("\n")
        doc.metadata["digest"] = extracted.digest.hex()
        if extracted.signature is not None:
            doc.metadata["signature"] = base64.b64encode(extracted.signature).decode("ascii")
        if extracted.furniture:
            doc.metadata["furniture"] = extracted.furniture
        if extracted.personal:
            doc.metadata["personal"] = list(extracted.personal)
        return True


def _input(raw: Path, relative: str, doc: Document) -> InputFile:
    """The input a `RawPageReader` document names (issue 25: with its WARC record's place)."""
    member = doc.metadata.get("member")
    place = None if member is None else (int(member[0]), int(member[1]))
    return InputFile(raw / relative, doc.id, raw, member=place)


def _record(doc: Document) -> Extracted:
    meta = doc.metadata
    signature = meta.get("signature")
    return Extracted(
        source=doc.id,
        sha256=meta["sha256"],
        size=meta["bytes"],
        record_id=json.loads(doc.text)["id"],
        line=(doc.text + "\n").encode("utf-8"),
        quarantine=None,
        digest=bytes.fromhex(meta["digest"]),
        signature=None if signature is None else base64.b64decode(signature),
        furniture=meta.get("furniture", ""),
        personal=tuple(meta.get("personal", ())),
    )


def _quarantined(doc: Document) -> Extracted:
    meta = doc.metadata
    entry = json.loads(doc.text)
    return Extracted(doc.id, meta["sha256"], meta["bytes"], None, b"", entry, b"", None)


def _parquet_row(writer: ParquetWriter, document: Document) -> dict[str, Any]:
    """datatrove `ParquetWriter` adapter: a record (JSON Lines form) → its Parquet row."""
    from khobor.contracts.schema import record_to_row, with_utc_timestamps

    return with_utc_timestamps(record_to_row(document.metadata["record"]))


@contextlib.contextmanager
def datatrove_shard(path: Path, schema: Any) -> Iterator[Callable[[list[dict[str, Any]]], None]]:
    """One Parquet file written by datatrove's `ParquetWriter` with the explicit schema and
    the local engine's options (so the bytes are the same)."""
    from datatrove.utils.logging import logger

    logger.disable("datatrove.pipeline.writers")  # it warns that the name has no ${rank}
    try:
        writer = ParquetWriter(
            str(path.parent),
            output_filename=path.name,
            adapter=_parquet_row,
            batch_size=BATCH_ROWS,
            max_file_size=-1,
            schema=schema,
            **PARQUET_OPTIONS,
        )
    finally:
        logger.enable("datatrove.pipeline.writers")
    with writer:

        def write(batch: list[dict[str, Any]]) -> None:
            for record in batch:
                writer.write(Document(text="", id=record["id"], metadata={"record": record}))

        yield write


# datatrove's writer takes the records themselves (its adapter converts them)
DATATROVE_WRITER = ShardWriter(datatrove_shard, list)


class WriteRelease(PipelineStep):
    """The release from stage 1's records and quarantined pages: `BuildState`, as the local
    engine, with datatrove's Parquet writer. One task."""

    name = "📦 khobor release"
    type = "💽 - WRITER"

    def __init__(
        self,
        work: Path,
        raw: Path,
        out: Path,
        *,
        inputs: int,
        version: str,
        policy: Policy,
        ledger: Ledger | None,
        progress: ProgressHook,
    ) -> None:
        super().__init__()
        self.work, self.raw, self.out, self.inputs = work, raw, out, inputs
        self.version, self.policy = version, policy
        self.handoff = _Unlisted(ledger=ledger, progress=progress, result=None)

    def __deepcopy__(self, memo: dict[int, Any]) -> WriteRelease:
        # the local executor deep-copies its pipeline for every rank; this step runs as one
        # rank, in this process, and hands its result back on itself
        return self

    def run(
        self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1
    ) -> DocumentsPipeline:
        if world_size != 1:
            raise ValueError("the release step is one task (tasks=1)")
        state = BuildState(self.out, self.policy, self.inputs, load_furniture(self.work))
        progress = self.handoff.progress
        try:
            quarantined = self.work / QUARANTINED
            if quarantined.is_dir() and any(quarantined.iterdir()):
                for doc in JsonlReader(str(quarantined))():
                    state.add(_quarantined(doc))
                    self.stat_update("quarantined")
                    progress("collect", 1, self.inputs)
            for doc in data or ():
                state.add(_record(doc))
                self.stat_update("records")
                progress("collect", 1, self.inputs)
        finally:
            state.abort()
        self.handoff.result = state.finish(
            self.raw,
            version=self.version,
            ledger=self.handoff.ledger,
            progress=progress,
            writer=DATATROVE_WRITER,
        )
        yield from ()


def executors(
    raw: Path,
    out: Path,
    work: Path,
    *,
    version: str,
    policy: Policy,
    ledger: Ledger | None,
    tasks: int | None,
    workers: int,
    progress: ProgressHook = no_progress,
    executor: Executor = "local",
) -> tuple[list[PipelineExecutor], PipelineExecutor, LocalPipelineExecutor, WriteRelease]:
    """The corpus pass's executors (A, merge, B, merge; none when the pass is off), the
    annotate executor (stage 1, on `executor`), the local release executor (stage 2, to run
    after it) and the release step."""
    items = list_inputs(raw)
    inputs = len(items)
    tasks = tasks or max(workers, min(1024, -(-inputs // PAGES_PER_TASK)))
    write_input_lists(items, work, tasks)
    del items
    if executor not in ("local", "ray"):
        raise ValueError(f"unknown datatrove executor {executor!r} (local or ray)")

    def ranks(pipeline: list[Any], name: str) -> PipelineExecutor:
        logs = str(work / LOGS / name)
        if executor == "ray":
            return RayPipelineExecutor(
                pipeline=pipeline,
                tasks=tasks,
                workers=workers,
                logging_dir=logs,
                cpus_per_task=1,
                mem_per_cpu_gb=RAY_MEM_PER_CPU_GB,
            )
        return LocalPipelineExecutor(
            pipeline=pipeline, tasks=tasks, workers=workers, logging_dir=logs, start_method="fork"
        )

    def one_task(step: PipelineStep, name: str) -> LocalPipelineExecutor:
        return LocalPipelineExecutor(
            pipeline=[step], tasks=1, workers=1, logging_dir=str(work / LOGS / name)
        )

    corpus: list[PipelineExecutor] = []
    if policy.furniture.enabled:
        config = policy.furniture
        corpus = [
            ranks([RawPageReader(raw, work), ObserveFurniture(raw, work, config)], "observe"),
            one_task(MergeFurniture(work, "observe", tasks, config), "merge-observe"),
        ]
    pipeline = [
        RawPageReader(raw, work),
        AnnotateAndSign(
            raw,
            policy.dedup,
            exclusion_writer=JsonlWriter(
                str(work / QUARANTINED), output_filename="${rank}.jsonl", compression=None
            ),
            work=work,
            personal=policy.personal_data,
        ),
        JsonlWriter(str(work / RECORDS), output_filename="${rank}.jsonl", compression=None),
    ]
    annotate = ranks(pipeline, "annotate")
    step = WriteRelease(
        work,
        raw,
        out,
        inputs=inputs,
        version=version,
        policy=policy,
        ledger=ledger,
        progress=progress,
    )
    release = LocalPipelineExecutor(
        pipeline=[JsonlReader(str(work / RECORDS)), step],
        tasks=1,
        workers=1,
        logging_dir=str(work / LOGS / "release"),
    )
    return corpus, annotate, release, step


def _run(stage: PipelineExecutor, name: str, executor: str) -> None:
    stage.run()
    if incomplete := stage.get_incomplete_ranks(skip_completed=True):
        raise RuntimeError(
            f"datatrove {name} stage: {len(incomplete)} of {stage.world_size} tasks "
            f"did not complete (executor {executor})"
        )


def build_with_datatrove(
    raw: Path,
    out: Path,
    *,
    version: str,
    policy: Policy,
    ledger: Ledger | None = None,
    workers: int = 1,
    tasks: int | None = None,
    progress: ProgressHook = no_progress,
    executor: Executor = "local",
) -> BuildResult:
    """`khobor.pipeline.build_dataset` on datatrove: stage 1 on its local executor or, with
    `executor="ray"`, on its `RayPipelineExecutor` (Ray must be initialised: `ray.init(...)`),
    `tasks` ranks (default: one per 10,000 pages, at least `workers`) run `workers` at a time;
    stage 2 here. The work folder (stage 1 output, datatrove's logs and stats) is a temporary
    folder next to `out`, removed after."""
    if out.exists():
        raise FileExistsError(f"{out}: already exists")
    workers = max(1, workers)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".datatrove-{out.name}-", dir=out.parent))
    try:
        corpus, annotate, release, step = executors(
            raw,
            out,
            work,
            version=version,
            policy=policy,
            ledger=ledger,
            tasks=tasks,
            workers=workers,
            progress=progress,
            executor=executor,
        )
        for number, stage in enumerate(corpus):
            _run(stage, f"furniture {number + 1}/{len(corpus)}", executor)
        _run(annotate, "annotate", executor)
        release.run()
        result: BuildResult | None = step.handoff.result
        if result is None:
            raise RuntimeError(f"datatrove release step did not run; see {work / LOGS}")
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


__all__ = [
    "AnnotateAndSign",
    "MergeFurniture",
    "ObserveFurniture",
    "RawPageReader",
    "WriteRelease",
    "build_with_datatrove",
    "datatrove_shard",
    "executors",
]
