"""`BuildState`, pass 1's accumulator: the public contract both engines feed (the local one in
`khobor.pipeline.run`, datatrove's in `khobor.pipeline.datatrove_engine`)."""

from __future__ import annotations

from array import array
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np

from khobor.contracts.layout import Figures, sha256_file
from khobor.contracts.policy import Policy
from khobor.contracts.records import Reason
from khobor.corpus.dedup import Deduper
from khobor.corpus.splits import assign_splits
from khobor.pipeline.base import (
    BuildError,
    BuildRefused,
    BuildResult,
    BuildSignatures,
    Ledger,
    ProgressHook,
    no_progress,
)
from khobor.pipeline.spool import SPOOL, Extracted
from khobor.pipeline.writer import ReleaseWriter, ShardWriter
from khobor.text.personal_data import PersonalTally

if TYPE_CHECKING:
    from khobor.corpus.furniture import FurnitureIndex, FurnitureTally
    from khobor.pages.extract import InputFile


def list_inputs(raw: Path) -> list[InputFile]:
    from khobor.annotate.outlets import SourcesError, load_sources
    from khobor.pages.extract import iter_inputs

    if not raw.is_dir():
        raise BuildError(f"{raw}: raw folder not found")
    try:
        load_sources(raw)  # a bad sources.csv stops the build before any page is read
    except SourcesError as error:
        raise BuildError(str(error)) from None
    return list(iter_inputs([raw]))


def _extra_input_files(raw: Path) -> list[Path]:
    from khobor.annotate.outlets import SOURCES_FILE

    return [raw / SOURCES_FILE] if (raw / SOURCES_FILE).is_file() else []


# Lines of ~7 KB each go to the spool: with Python's 8 KB buffer nearly each one is a write
# call of its own; 1 MiB makes them ~140 calls for 20,000 pages (measured: writing 20,000
# lines took 0.14 s, 0.04 s with this).
SPOOL_BUFFER = 1 << 20


class BuildState:
    """Pass 1's accumulator: fed every input's `Extracted` in input order (by either engine),
    it spools records, collects quarantine entries and signatures; `finish` writes the rest.

    Per input it keeps the source, SHA-256 and size (the manifest lists them); per record the
    spool offset and length and what `Deduper` keeps. Never a record's text.
    """

    def __init__(
        self, out: Path, policy: Policy, inputs: int, furniture: FurnitureIndex | None = None
    ) -> None:
        """`furniture`: the corpus pass's index the pages were annotated with, if any."""
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
        self._spool_path = out / SPOOL
        self._spool = self._spool_path.open("wb", buffering=SPOOL_BUFFER)
        self._spool_reader: BinaryIO | None = None  # opened by the first `spooled_line`
        self._spool_end = 0
        self._furniture: FurnitureIndex | None = None
        self._furniture_tally: FurnitureTally | None = None
        self._personal = PersonalTally()
        if furniture is not None:
            self.use_furniture(furniture)

    def use_furniture(self, furniture: FurnitureIndex) -> None:
        """The corpus pass's index the pages are annotated with (before the first `add`)."""
        if self._sources:
            raise RuntimeError("use_furniture() after add()")
        self._furniture = furniture if furniture.learned else None

    def add(self, extracted: Extracted) -> None:
        """One input, in input order: a record, or a quarantine entry with its reason. Of pages
        with the same bytes or the same normalized body the first is kept; `Deduper` tells
        (`add_signed` refuses a body it holds already)."""
        number = len(self._sources)
        self._sources.append(extracted.source)
        self._shas.append(extracted.sha256)
        self._sizes.append(extracted.size)
        quarantine = extracted.quarantine
        record_id = extracted.record_id
        if record_id is not None:
            quarantine = self._add_record(record_id, number, extracted)
            if quarantine is None and extracted.furniture:
                self._tally_furniture(extracted.furniture)
            if quarantine is None and extracted.personal:
                self._personal.add(extracted.personal)
        if quarantine is not None:
            self.quarantine.append(quarantine)
            self.figures.quarantined[quarantine["quarantine_reason"]] += 1

    def _add_record(
        self, record_id: str, number: int, extracted: Extracted
    ) -> dict[str, Any] | None:
        """Spool a record and hand it to `Deduper`; the quarantine entry of a copy instead."""
        first = self.deduper.position_of(record_id)
        if first is not None:
            return {
                "source": extracted.source,
                "quarantine_reason": str(Reason.DUPLICATE_RAW),
                "detail": f"same bytes as {self._source_of(first)}",
            }
        values = None
        if extracted.signature is not None:
            values = np.frombuffer(extracted.signature, dtype="<u4")
        kept = self.deduper.add_signed(record_id, extracted.digest, values)
        if kept is not None:
            return {
                "source": extracted.source,
                "quarantine_reason": str(Reason.DUPLICATE_BODY),
                "detail": f"same body as {self._source_of(kept)}",
            }
        offset, length = extracted.spooled or self.spool(extracted.line)
        self._record_input.append(number)
        self._offsets.append(offset)
        self._lengths.append(length)
        return None

    def spool(self, line: bytes) -> tuple[int, int]:
        """Write a record's line to the spool: its (offset, length). `add` does it for an
        `Extracted` that was not `spooled` yet; pass 1 may do it first (a line no record
        takes stays unread: the spool goes at the end of the build)."""
        offset = self._spool_end
        self._spool.write(line)
        self._spool_end += len(line)
        return offset, len(line)

    def spooled_line(self, offset: int, length: int) -> bytes:
        """A line `spool` wrote."""
        self._spool.flush()
        if self._spool_reader is None:
            self._spool_reader = self._spool_path.open("rb")
        self._spool_reader.seek(offset)
        return self._spool_reader.read(length)

    def _close_spool(self) -> None:
        self._spool.close()
        if self._spool_reader is not None:
            self._spool_reader.close()

    def _tally_furniture(self, page: str) -> None:
        """Add a kept record's `FurnitureTally` JSON (copies refused by `Deduper` are not
        counted: the tally is of the release's records)."""
        import json

        from khobor.corpus.furniture import FurnitureTally

        if self._furniture_tally is None:
            self._furniture_tally = FurnitureTally()
        self._furniture_tally.merge(FurnitureTally.from_json(json.loads(page)))

    def _source_of(self, position: int) -> str:
        """The raw file of the record at `position` (in `Deduper`'s order)."""
        return self._sources[self._record_input[position]]

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
        progress: ProgressHook = no_progress,
        writer: ShardWriter | None = None,
        workers: int = 1,
    ) -> BuildResult:
        """Clusters, splits, Parquet (records converted in `workers` processes), quarantine,
        card, Croissant, manifest."""
        self._close_spool()
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

        if self._furniture is not None:
            from khobor.corpus.furniture import FurnitureTally

            figures.furniture = (self._furniture_tally or FurnitureTally()).figures(self._furniture)

        figures.personal_data = self._personal.figures()
        clusters = self.deduper.clusters()
        figures.clusters = self.deduper.stats.clusters
        figures.clustered_records = self.deduper.stats.clustered_records
        assignment = assign_splits(clusters, ledger.split_of, self.policy.splits)
        del clusters

        release = ReleaseWriter(
            out,
            shard_writer=writer,
            workers=workers,
            progress=progress,
            comments=self.policy.personal_data.comments,
        )
        release.write_splits(self._spool_path, self.locate, assignment, figures)
        self._spool_path.unlink()
        release.write_quarantine(self.quarantine)
        extra = _extra_input_files(raw)
        inputs = release.write_inputs(
            self._sources + [path.name for path in extra],
            self._shas + [sha256_file(path) for path in extra],
            [*self._sizes, *(path.stat().st_size for path in extra)],
        )
        files = release.finalize(
            version=version,
            policy=self.policy,
            ledger_version=ledger.version,
            figures=figures,
            inputs=inputs,
            assignment=assignment,
        )
        signatures = BuildSignatures(self.deduper, release.rows)
        return BuildResult(
            out,
            version,
            figures,
            self.deduper.stats,
            assignment.summary(),
            ledger.version,
            files,
            signatures,
        )

    def abort(self) -> None:
        self._close_spool()
