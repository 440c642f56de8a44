"""Drift gate: the release against the previous one (row count, null rates, line-label shares,
body-length quantiles), each beyond its tolerance in `[gates.drift.*]`.

Both sides are recomputed from the Parquet files (never from manifest figures); both are
streamed a record batch at a time, only the columns the comparison needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khobor.contracts.release_files import UnsafeRelease, member
from khobor.gates.config import GatesConfig
from khobor.gates.core import (
    BATCH_ROWS,
    CheckResult,
    GateInputError,
    ReleaseData,
    check_result,
    read_manifest,
)
from khobor.gates.core import skipped as skipped_result

if TYPE_CHECKING:
    import pyarrow as pa

QUANTILES = (0.1, 0.5, 0.9)
DRIFT_CHECKS = (
    "drift.row_count",
    "drift.null_rates",
    "drift.label_shares",
    "drift.length_quantiles",
)


def nullable_columns() -> list[str]:
    from khobor.contracts.schema import COLUMNS

    return [column.name for column in COLUMNS if column.nullable]


def _summary_of_batches(tables: Iterable[pa.Table]) -> dict[str, Any]:
    """Row count, null rates, body-length quantiles and label shares of a stream of Arrow
    tables (record batches): counters, and one int32 body length a row."""
    import numpy as np
    import pyarrow as pa

    from khobor.contracts.taxonomy import LABELS
    from khobor.gates._arrow import pc

    rows = 0
    null_counts: dict[str, int] = dict.fromkeys(nullable_columns(), 0)
    seen: set[str] = set()  # a column of a newer schema version is absent from older releases
    lengths: list[np.ndarray] = []
    labels: dict[str, int] = {}
    for table in tables:
        rows += table.num_rows
        for name in null_counts:
            if name in table.column_names:
                seen.add(name)
                null_counts[name] += table.column(name).null_count
        if "body" in table.column_names:
            body = table.column("body").combine_chunks().cast(pa.string())
            lengths.append(np.asarray(pc.utf8_length(body).fill_null(0), dtype=np.int32))
        if "lines" in table.column_names:
            flat = pc.list_flatten(table.column("lines").combine_chunks())
            for item in pc.value_counts(flat.field("label")).to_pylist():
                name = LABELS[item["values"]] if 0 <= item["values"] < len(LABELS) else "?"
                labels[name] = labels.get(name, 0) + item["counts"]
    nulls = {
        name: (count / rows if rows else 0.0)
        for name, count in null_counts.items()
        if name in seen or not rows
    }
    every = np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int32)
    quantiles = {
        f"p{int(q * 100):02d}": float(np.quantile(every, q)) if len(every) else 0.0
        for q in QUANTILES
    }
    total = sum(labels.values())
    shares = {name: count / total for name, count in sorted(labels.items())} if total else {}
    return {"rows": rows, "nulls": nulls, "lengths": quantiles, "labels": shares}


def summarize_previous(previous: Path) -> dict[str, Any]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    manifest = read_manifest(previous)
    columns = ["body", "lines", *nullable_columns()]

    def tables() -> Iterator[pa.Table]:
        for entry in manifest["files"]:
            if not entry.get("split"):
                continue
            try:
                path = member(previous, entry["path"])
            except UnsafeRelease as err:
                raise GateInputError(f"the previous release: {err}") from None
            try:
                reader = pq.ParquetFile(path)
                present = [c for c in columns if c in reader.schema_arrow.names]
                for batch in reader.iter_batches(batch_size=BATCH_ROWS, columns=present):
                    yield pa.Table.from_batches([batch])
            except (OSError, ValueError, KeyError) as err:
                raise GateInputError(f"{path}: cannot read the previous release ({err})") from None

    return _summary_of_batches(tables())


def summarize(release: ReleaseData) -> dict[str, Any]:
    columns = ["body", "lines", *nullable_columns()]
    return _summary_of_batches(batch.table for batch in release.batches(columns))


def _shares_moved(
    check: str,
    kind: str,
    config: GatesConfig,
    name: str,
    before: dict[str, float],
    now: dict[str, float],
    what: str,
    whose: str,
    digits: int,
) -> CheckResult:
    """Shares (null rates, label shares) that moved by more than the check's limit."""
    limit = config.number(check, "max_abs_change")
    moved = {
        key: (before.get(key, 0.0), now.get(key, 0.0))
        for key in sorted(set(before) | set(now))
        if abs(now.get(key, 0.0) - before.get(key, 0.0)) > limit
    }
    return check_result(
        check,
        config.level(check),
        [f"{kind}:{key}" for key in moved],
        ok=f"{what} within ±{limit} of {name}",
        bad=f"{{n}} {whose} moved: "
        + "; ".join(f"{k} {a:.{digits}f}→{b:.{digits}f}" for k, (a, b) in moved.items()),
        figures={"previous": before, "current": now},
    )


def run_drift_gate(
    release: ReleaseData, config: GatesConfig, previous: Path | None
) -> list[CheckResult]:
    if previous is None:
        return [
            skipped_result(check, config.level(check), "no previous release to compare with")
            for check in DRIFT_CHECKS
        ]
    before, now = summarize_previous(previous), summarize(release)
    name = previous.name
    out = []

    check = "drift.row_count"
    limit = config.number(check, "max_relative_change")
    change = (now["rows"] - before["rows"]) / before["rows"] if before["rows"] else 0.0
    out.append(
        check_result(
            check,
            config.level(check),
            ["rows"] if abs(change) > limit else [],
            ok=f"{before['rows']} → {now['rows']} rows ({change:+.1%}) against {name}",
            bad=f"{before['rows']} → {now['rows']} rows ({change:+.1%}) against {name}, "
            f"beyond ±{limit:.0%}",
            figures={"previous": before["rows"], "current": now["rows"], "change": change},
        )
    )

    out.append(
        _shares_moved(
            "drift.null_rates",
            "column",
            config,
            name,
            # only columns both releases have (a newer schema version adds nullable columns)
            {k: v for k, v in before["nulls"].items() if k in now["nulls"]},
            {k: v for k, v in now["nulls"].items() if k in before["nulls"]},
            "null rates",
            "columns' null rates",
            2,
        )
    )
    out.append(
        _shares_moved(
            "drift.label_shares",
            "label",
            config,
            name,
            before["labels"],
            now["labels"],
            "line-label shares",
            "label shares",
            3,
        )
    )

    check = "drift.length_quantiles"
    limit = config.number(check, "max_relative_change")
    changed = {
        q: (before["lengths"][q], now["lengths"][q])
        for q in now["lengths"]
        if before["lengths"][q]
        and abs(now["lengths"][q] - before["lengths"][q]) / before["lengths"][q] > limit
    }
    out.append(
        check_result(
            check,
            config.level(check),
            [f"quantile:{q}" for q in changed],
            ok=f"body-length quantiles within ±{limit:.0%} of {name}",
            bad="{n} body-length quantiles moved: "
            + "; ".join(f"{q} {a:.0f}→{b:.0f}" for q, (a, b) in changed.items()),
            figures={"previous": before["lengths"], "current": now["lengths"]},
        )
    )
    return out
