"""The build's terminal output: progress bars (stderr) and the summary tables."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from khobor.contracts.layout import BUILD_VERSION
from khobor.contracts.policy import SPLIT_NAMES
from khobor.pipeline.base import BuildResult, ProgressHook

# The bar moves this often, and is drawn as often (rich's default draws ten times a second:
# each draw builds the whole table again, in the process that feeds the workers).
SHOW_EVERY_SECONDS = 0.25


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

    labels = {
        "extract": "extract pages",
        "furniture": "annotate again with corpus furniture",
        "write": "write Parquet",
    }
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        refresh_per_second=1 / SHOW_EVERY_SECONDS,
        transient=False,
    ) as bar:
        tasks: dict[str, Any] = {}
        unshown: dict[str, int] = {}  # advances not yet handed to the bar
        done: dict[str, int] = {}
        shown_at = [0.0]

        def hook(phase: str, advance: int, total: int) -> None:
            # Called once a page: rich's speed walks its whole sliding window, so the bar is
            # updated a few times a second, not a million times (~100 µs a call otherwise).
            if phase not in tasks:
                tasks[phase] = bar.add_task(labels.get(phase, phase), total=total, rate="")
                unshown[phase] = done[phase] = 0
            unshown[phase] += advance
            done[phase] += advance
            now = time.monotonic()
            if now - shown_at[0] < SHOW_EVERY_SECONDS and done[phase] < total:
                return
            shown_at[0] = now
            task = tasks[phase]
            bar.advance(task, unshown[phase])
            unshown[phase] = 0
            speed = bar.tasks[task].speed  # rich keeps it over a sliding window
            if speed:
                bar.update(task, rate=f"{speed:,.0f} pages/s")

        yield hook
        for phase, count in unshown.items():
            if count:
                bar.advance(tasks[phase], count)


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
        f"{result.ledger_version}: {result.splits.kept_from_ledger} records kept"
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
    if figures.furniture:
        console.print(furniture_table(figures.furniture))


FURNITURE_COLUMNS = (
    ("articles", "distinct articles"),
    ("furniture_lines", "furniture lines"),
    ("pages", "records"),
    ("lines_decided", "lines decided"),
    ("pages_body_changed", "bodies changed"),
)


def furniture_table(furniture: dict[str, dict[str, int]]) -> Any:
    """Per site: what the corpus pass learned and the lines its evidence decided."""
    from rich.table import Table

    table = Table(title="furniture learned from the corpus, per site")
    table.add_column("site")
    for _key, title in FURNITURE_COLUMNS:
        table.add_column(title, justify="right")
    for site, counts in furniture.items():
        table.add_row(site, *(str(counts.get(key, 0)) for key, _title in FURNITURE_COLUMNS))
    return table
