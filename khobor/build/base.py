"""What every pass of the build shares: its errors, the split ledger it honours, its result
and the progress hook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from khobor.dedup import DedupStats
    from khobor.layout import Figures
    from khobor.splits import SplitAssignment


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


def no_progress(phase: str, advance: int, total: int) -> None:
    return None
