"""What every pass of the build shares: its errors, the split ledger it honours, its result
and the progress hook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from khobor.contracts.layout import Figures
    from khobor.corpus.dedup import Deduper, DedupStats, Signed
    from khobor.corpus.splits import SplitSummary


class BuildError(Exception):
    """The build cannot proceed (bad raw folder, unreadable ledger); one-line message."""


class BuildRefused(BuildError):
    """The build ran but must not be written (no records, an --out folder it must not
    replace); one-line message, exit 1."""


@dataclass(frozen=True, slots=True)
class Ledger:
    version: str | None  # the release the assignments come from
    split_of: dict[str, str]


class BuildSignatures:
    """The build's body signatures, for the duplicate gates of the release it staged: what
    they would compute by signing every body of its Parquet files again (a test keeps the two
    equal), so a release signs each body once. `take` hands them over once, in the order of
    the files asked for, and lets the build's deduplication state go."""

    def __init__(self, deduper: Deduper, rows: dict[str, tuple[list[str], bytes]]) -> None:
        self._deduper: Deduper | None = deduper
        self._rows = rows

    def take(self, paths: list[str]) -> Signed:
        """The signatures of the records of the shards `paths` (relative to the release),
        in row order."""
        deduper = self._deduper
        if deduper is None:
            raise RuntimeError("the build's signatures were taken already")
        if sorted(paths) != sorted(self._rows):
            raise ValueError("the files asked for are not the shards the build wrote")
        self._deduper, rows = None, self._rows
        self._rows = {}
        ids: list[str] = []
        raw = bytearray()
        for path in paths:
            shard_ids, shard_raw = rows.pop(path)
            ids += shard_ids
            raw += shard_raw
        # one selection of the deduper's arrays (no per-shard parts joined: a third copy of
        # 0.5 GB of MinHash values at a million records); the deduper goes with this frame
        return deduper.hand_over(ids, bytes(raw))


@dataclass
class BuildResult:
    out: Path
    version: str
    figures: Figures
    dedup: DedupStats
    splits: SplitSummary  # the assignment's figures; each record's split is in its file
    ledger_version: str | None
    files: list[dict[str, Any]]
    signatures: BuildSignatures | None = None


# Progress callback: (phase, advance, total). Phases: "extract", "write".
ProgressHook = Callable[[str, int, int], None]


def no_progress(phase: str, advance: int, total: int) -> None:
    return None
