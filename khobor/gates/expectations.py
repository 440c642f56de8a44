"""Expectation gate: Great Expectations 1.x, run through Checkpoints under a named run.

Two batches in one ephemeral context:

- `records`: the release rows (list and struct columns as their lengths, `records_frame`),
  checked by `khobor.contracts.schema.ge_suite()` (derived from the one schema declaration), every
  expectation at the level of `expectations.schema_suite`;
- `profile`: one row of derived figures per record (body length, boilerplate ratio, whether
  the date is null, share of lines labelled body), checked by distribution expectations whose
  thresholds and levels come from `[gates.expectations.*]`.

Levels map to GE severities (`error` → critical, `warn` → warning); each expectation becomes a
report line `expectations.<check>` with the ids of the rows it found unexpected; every
expectation's outcome is kept in the check's `figures["results"]`, which khobor's own HTML
report (`khobor.gates.report`, one self-contained file) shows. GE's Data Docs site is not
built: it loads its CSS and JS from CDNs (unstyled and empty offline) and names each run by a
timestamped folder. GE imports slowly, so it is imported inside `run_expectation_gate` only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from khobor.gates.config import GatesConfig
from khobor.gates.core import CheckResult, FailingRows, Level, ReleaseData, resolve_ids

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa

SEVERITY = {Level.ERROR: "critical", Level.WARN: "warning"}
DISTRIBUTION_CHECKS = (
    "expectations.body_length",
    "expectations.boilerplate_ratio",
    "expectations.null_dates",
    "expectations.label_distribution",
)
SAMPLE_ROWS = 20_000  # rows GE validates: all of a release this small, else a fixed sample
SAMPLE_SEED = 20250101


def sample_positions(release: ReleaseData) -> np.ndarray:
    """The rows GE sees (release positions, sorted): every row of a release of at most
    `SAMPLE_ROWS`; else a sample stratified by data file (so by split), each file giving its
    share of `SAMPLE_ROWS` rows drawn without replacement by a generator of fixed seed, so
    the same release always gives the same sample."""
    import numpy as np

    total = release.num_rows
    if total <= SAMPLE_ROWS:
        return np.arange(total, dtype=np.int64)
    rng = np.random.default_rng(SAMPLE_SEED)
    parts, offset = [], 0
    for rows in release.rows.values():
        size = min(rows, round(SAMPLE_ROWS * rows / total))
        parts.append(offset + np.sort(rng.choice(rows, size=size, replace=False)))
        offset += rows
    return np.concatenate(parts).astype(np.int64)


def records_frame(table: pa.Table) -> pd.DataFrame:
    """Rows as GE sees them: every column, with each list or struct value replaced by its
    length (a struct: 1), nulls kept. The suite's expectations on those columns are presence
    and non-null only (their contents are pandera's job), and plain numbers let GE fingerprint
    the batch with `hash_pandas_object` instead of pickling Python objects."""
    import pyarrow as pa

    from khobor.gates._arrow import pc

    columns: dict[str, Any] = {}
    for name in table.column_names:
        column = table.column(name).combine_chunks()
        if pa.types.is_list(column.type):
            column = pc.list_value_length(column).cast(pa.float64())
        elif pa.types.is_struct(column.type):
            ones = pa.array([1.0] * len(column), pa.float64())
            column = pc.if_else(pc.is_valid(column), ones, pa.scalar(None, pa.float64()))
        columns[name] = column
    return pa.table(columns).to_pandas()


@dataclass
class Profile:
    """Per-record figures the distribution expectations judge, for every row (about 21 bytes
    a row: 1,000,000 rows take 21 MB)."""

    body_chars: list[np.ndarray] = field(default_factory=list)  # int32
    boilerplate_ratio: list[np.ndarray] = field(default_factory=list)  # float64, NaN for null
    date_null: list[np.ndarray] = field(default_factory=list)  # bool
    body_line_share: list[np.ndarray] = field(default_factory=list)  # float64

    def add(self, table: pa.Table) -> None:
        import numpy as np
        import pyarrow as pa

        from khobor.contracts.taxonomy import LABELS
        from khobor.gates._arrow import pc

        rows, names = table.num_rows, table.column_names
        if "body" in names:
            body = table.column("body").combine_chunks().cast(pa.string())
            chars = np.asarray(pc.utf8_length(body).fill_null(0), dtype=np.int32)
        else:
            chars = np.zeros(rows, dtype=np.int32)
        self.body_chars.append(chars)
        ratio = np.full(rows, np.nan)
        if "boilerplate_ratio" in names:
            column = table.column("boilerplate_ratio").combine_chunks()
            ratio = np.asarray(column.cast(pa.float64()).to_numpy(zero_copy_only=False))
        self.boilerplate_ratio.append(ratio.astype(np.float64))
        self.date_null.append(
            np.asarray(table.column("date").is_null(), dtype=np.bool_)
            if "date" in names
            else np.ones(rows, dtype=np.bool_)
        )
        share = np.zeros(rows)
        kind = table.schema.field("lines").type if "lines" in names else None
        if kind is not None and pa.types.is_list(kind) and pa.types.is_struct(kind.value_type):
            lines = table.column("lines").combine_chunks()
            parents = np.asarray(pc.list_parent_indices(lines))
            is_body = np.asarray(
                pc.equal(pc.list_flatten(lines).field("label"), LABELS.index("body")).fill_null(
                    False
                ),
                dtype=float,
            )
            counts = np.asarray(pc.list_value_length(lines).fill_null(0), dtype=np.float64)
            body_lines = np.bincount(parents, weights=is_body, minlength=rows)
            share = np.divide(body_lines, counts, out=np.zeros_like(body_lines), where=counts > 0)
        self.body_line_share.append(share)

    def columns(self) -> dict[str, np.ndarray]:
        import numpy as np

        def joined(parts: list[np.ndarray], dtype: Any) -> np.ndarray:
            return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

        return {
            "body_chars": joined(self.body_chars, np.int32),
            "boilerplate_ratio": joined(self.boilerplate_ratio, np.float64),
            "date": joined(self.date_null, np.bool_),  # True where the date is null
            "body_line_share": joined(self.body_line_share, np.float64),
        }


def read_release(release: ReleaseData) -> tuple[Profile, pd.DataFrame, np.ndarray]:
    """One pass: the profile of every row, and the GE records frame of the sampled rows."""
    import numpy as np
    import pandas as pd

    sample = sample_positions(release)
    profile = Profile()
    parts = []
    for batch in release.batches():
        profile.add(batch.table)
        lo, hi = np.searchsorted(sample, [batch.offset, batch.offset + len(batch)])
        if lo < hi:
            parts.append(records_frame(batch.table.take(sample[lo:hi] - batch.offset)))
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return profile, frame, sample


def profile_frame(
    columns: dict[str, np.ndarray], records: pd.DataFrame, sample: np.ndarray
) -> pd.DataFrame:
    """The sampled rows' figures, as GE's profile batch."""
    import numpy as np
    import pandas as pd

    dates = np.full(len(sample), "date", dtype=object)  # only whether it is null matters
    dates[columns["date"][sample]] = None
    return pd.DataFrame(
        {
            "id": records["id"].astype(object) if "id" in records else None,
            "body_chars": columns["body_chars"][sample].astype(np.int64),
            "boilerplate_ratio": columns["boilerplate_ratio"][sample],
            "date": pd.Series(dates, dtype=object),
            "body_line_share": columns["body_line_share"][sample],
        }
    )


def exact_outcome(expectation: Any, columns: dict[str, np.ndarray]) -> tuple[bool, Any, Any]:
    """(success, observed value, unexpected rows or None) of a profile expectation over every
    row, as GE defines it (bounds inclusive, nulls ignored, `mostly` over non-null values)."""
    import numpy as np

    kind = type(expectation).__name__
    name = expectation.column
    if kind == "ExpectColumnValuesToNotBeNull":
        null = columns[name]
        share = 1.0 - float(null.sum()) / len(null) if len(null) else 1.0
        return share >= (expectation.mostly or 1.0), round(1.0 - share, 4), null
    values = columns[name].astype(np.float64)
    valid = ~np.isnan(values)
    low, high = expectation.min_value, expectation.max_value
    if kind == "ExpectColumnValuesToBeBetween":
        bad = np.zeros(len(values), dtype=np.bool_)
        if low is not None:
            bad |= valid & (values < low)
        if high is not None:
            bad |= valid & (values > high)
        n = int(valid.sum())
        share = 1.0 - float(bad.sum()) / n if n else 1.0
        return share >= (expectation.mostly or 1.0), None, bad
    if not valid.any():
        return False, None, None
    observed = float(np.median(values[valid]) if "Median" in kind else values[valid].mean())
    ok = (low is None or observed >= low) and (high is None or observed <= high)
    return ok, observed, None


def exact_figures(columns: dict[str, np.ndarray]) -> dict[str, Any]:
    import numpy as np

    chars = columns["body_chars"]
    quantiles = (
        {f"p{int(q * 100):02d}": float(np.quantile(chars, q)) for q in (0.05, 0.5, 0.95)}
        if len(chars)
        else {}
    )
    ratio = columns["boilerplate_ratio"]
    return {
        "rows": len(chars),
        "body_chars": quantiles,
        "boilerplate_ratio_median": float(np.nanmedian(ratio))
        if (~np.isnan(ratio)).any()
        else None,
        "null_date_share": float(columns["date"].mean()) if len(chars) else 0.0,
        "mean_body_line_share": float(columns["body_line_share"].mean()) if len(chars) else 0.0,
    }


def import_great_expectations() -> None:
    """Import what `run_expectation_gate` imports when it runs (~3 s: Great Expectations
    itself most of it), so a process can pay it ahead
    (`khobor.release.validate.ExpectationsProcess`)."""
    import great_expectations
    import great_expectations.core.run_identifier
    import great_expectations.data_context.types.base
    import great_expectations.expectations.metadata_types  # noqa: F401
    import pandas  # noqa: F401


def distribution_expectations(config: GatesConfig) -> list[tuple[str, Any]]:
    """(gate check, expectation) pairs of the profile suite."""
    import great_expectations as gx

    expect = gx.expectations

    def severity(check: str) -> Any:
        from great_expectations.expectations.metadata_types import FailureSeverity

        return FailureSeverity(SEVERITY[config.level(check)])

    length, ratio = "expectations.body_length", "expectations.boilerplate_ratio"
    nulls, labels = "expectations.null_dates", "expectations.label_distribution"
    # A quantile bound is written as `mostly` on a value bound: "5th percentile ≥ x" is
    # "at least 95% of values ≥ x" (ExpectColumnQuantileValuesToBeBetween's result does not
    # serialise with numpy 2 in GE 1.x, and this form also names the rows outside the bound).
    return [
        (
            length,
            expect.ExpectColumnValuesToBeBetween(
                column="body_chars",
                min_value=config.integer(length, "min_p05_chars"),
                mostly=0.95,
                severity=severity(length),
            ),
        ),
        (
            length,
            expect.ExpectColumnMedianToBeBetween(
                column="body_chars",
                min_value=config.integer(length, "min_median_chars"),
                max_value=config.integer(length, "max_median_chars"),
                severity=severity(length),
            ),
        ),
        (
            length,
            expect.ExpectColumnValuesToBeBetween(
                column="body_chars",
                max_value=config.integer(length, "max_p95_chars"),
                mostly=0.95,
                severity=severity(length),
            ),
        ),
        (
            ratio,
            expect.ExpectColumnMedianToBeBetween(
                column="boilerplate_ratio",
                max_value=config.number(ratio, "max_median"),
                severity=severity(ratio),
            ),
        ),
        (
            nulls,
            expect.ExpectColumnValuesToNotBeNull(
                column="date",
                mostly=max(0.0, 1.0 - config.number(nulls, "max_share")),
                severity=severity(nulls),
            ),
        ),
        (
            labels,
            expect.ExpectColumnMeanToBeBetween(
                column="body_line_share",
                min_value=config.number(labels, "min_mean_body_line_share"),
                max_value=config.number(labels, "max_mean_body_line_share"),
                severity=severity(labels),
            ),
        ),
    ]


def _describe(config: Any) -> str:
    kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id",)}
    return f"{config.type}({', '.join(f'{k}={v}' for k, v in sorted(kwargs.items()))})"


SCHEMA_CHECK = "expectations.schema_suite"


class SampledOutcome(NamedTuple):
    """One expectation as GE judged it on the sampled rows."""

    success: bool
    expectation: str  # `_describe` of its configuration
    unexpected_ids: list[str]  # ids of the rows GE found unexpected
    observed: Any


class ExactOutcome(NamedTuple):
    """One distribution expectation judged on every row (`exact_outcome`)."""

    success: bool
    expectation: str
    expectation_id: str  # GE's id of the expectation (keys its sampled observation)
    observed: Any


class ProfileExpectation(NamedTuple):
    """A distribution expectation and the gate check it reports under."""

    check: str
    expectation: Any


@dataclass
class GeRun:
    """What GE's two checkpoint runs gave: outcomes by check, and per expectation id its
    description and GE's observed value on the sample."""

    outcomes: dict[str, list[SampledOutcome]] = field(default_factory=lambda: defaultdict(list))
    described: dict[str, str] = field(default_factory=dict)
    sampled: dict[str, Any] = field(default_factory=dict)


@dataclass
class ExactRun:
    """The distribution checks judged on every row: outcomes and failing rows by check."""

    outcomes: dict[str, list[ExactOutcome]] = field(default_factory=lambda: defaultdict(list))
    failing: dict[str, FailingRows] = field(default_factory=dict)


def _records_suite(release: ReleaseData, config: GatesConfig) -> Any:
    """The schema-derived suite, every expectation at the level of `expectations.schema_suite`."""
    from great_expectations.expectations.metadata_types import FailureSeverity

    from khobor.contracts.schema import ge_suite

    suite = ge_suite(release.schema_version)
    for expectation in suite.expectations:
        expectation.severity = FailureSeverity(SEVERITY[config.level(SCHEMA_CHECK)])
    return suite


def _run_checkpoints(
    release: ReleaseData,
    run_name: str | None,
    suites: dict[str, tuple[Any, pd.DataFrame]],
    profile: list[ProfileExpectation],
) -> GeRun:
    """Each (suite, frame) of `suites` through its Checkpoint in one ephemeral context, under
    the run `run_name` (default `khobor-<version>`); the batches are named data assets of the
    release. A result reports under its `profile` check, else under the schema suite."""
    import logging

    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import ProgressBarsConfig

    # CRITICAL: GE logs a whole traceback when it cannot write (a full disk); the report
    # writing after it then fails with one line (khobor.cli.errors).
    logging.getLogger("great_expectations").setLevel(logging.CRITICAL)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    run_id = RunIdentifier(run_name=run_name or f"khobor-{release.version}")
    source = context.data_sources.add_pandas(f"khobor_release_{release.version}")
    definitions = []
    for name, (suite, _) in suites.items():
        asset = source.add_dataframe_asset(name)
        batch = asset.add_batch_definition_whole_dataframe(f"{name}_{release.version}")
        definitions.append(
            context.validation_definitions.add(
                gx.ValidationDefinition(
                    name=f"khobor_{name}", data=batch, suite=context.suites.add(suite)
                )
            )
        )
    # the context gives each expectation its id when its suite is added
    check_of = {str(p.expectation.id): p.check for p in profile}
    ge_run = GeRun()
    for definition, (name, (_, frame)) in zip(definitions, suites.items(), strict=True):
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(
                name=f"khobor_{name}_checkpoint",
                validation_definitions=[definition],
                actions=[],
                result_format={
                    "result_format": "COMPLETE",
                    "unexpected_index_column_names": ["id"],
                },
            )
        )
        run = checkpoint.run(batch_parameters={"dataframe": frame}, run_id=run_id)
        for validation in run.run_results.values():
            for result in validation.results:
                _record_result(ge_run, result, check_of)
    return ge_run


def _record_result(ge_run: GeRun, result: Any, check_of: dict[str, str]) -> None:
    configuration: Any = result.expectation_config
    key = str(configuration.id)
    ids = [
        str(item.get("id")) if isinstance(item, dict) else str(item)
        for item in (result.result.get("unexpected_index_list") or [])
    ]
    observed = result.result.get("observed_value")
    ge_run.described[key] = _describe(configuration)
    ge_run.sampled[key] = observed
    ge_run.outcomes[check_of.get(key, SCHEMA_CHECK)].append(
        SampledOutcome(bool(result.success), ge_run.described[key], ids, observed)
    )


def _judge_every_row(
    release: ReleaseData,
    profile: list[ProfileExpectation],
    columns: dict[str, np.ndarray],
    described: dict[str, str],
) -> ExactRun:
    """The distribution checks judged on every row (`exact_outcome`); GE's run on the sample
    gave their descriptions. On a release of at most `SAMPLE_ROWS` rows both agree by
    construction."""
    import numpy as np

    exact = ExactRun()
    for check, expectation in profile:
        success, observed, unexpected = exact_outcome(expectation, columns)
        found = exact.failing.setdefault(check, FailingRows(release.num_rows))
        if not success and unexpected is not None:
            found.add_rows(np.flatnonzero(unexpected))
        key = str(expectation.id)
        exact.outcomes[check].append(ExactOutcome(success, described[key], key, observed))
    return exact


def _message(entries: Sequence[SampledOutcome | ExactOutcome]) -> str:
    failed = [e for e in entries if not e.success]
    if not failed:
        return f"{len(entries)} expectation{'' if len(entries) == 1 else 's'} met"
    return f"{len(failed)} of {len(entries)} expectations failed: " + "; ".join(
        e.expectation + (f" observed {_plain(e.observed)}" if e.observed is not None else "")
        for e in failed[:3]
    )


def _common_figures(
    entries: Sequence[SampledOutcome | ExactOutcome], sample_rows: int
) -> dict[str, Any]:
    """Figures of every check: how many expectations, what was observed, each result (the
    `failed` entry is filled in by the kind of check, in this position of the report)."""
    return {
        "expectations": len(entries),
        "failed": [],
        "observed": {e.expectation: _plain(e.observed) for e in entries if e.observed is not None},
        "sample_rows": sample_rows,
        "results": [
            {"expectation": e.expectation, "success": e.success, "observed": _plain(e.observed)}
            for e in entries
        ],
    }


def _schema_result(
    config: GatesConfig, entries: list[SampledOutcome], sample_rows: int
) -> CheckResult:
    """`expectations.schema_suite`: judged by GE on the sample; failing ids are GE's."""
    failed = [e for e in entries if not e.success]
    ids = sorted({i for e in failed for i in e.unexpected_ids})
    figures = _common_figures(entries, sample_rows)
    figures["failed"] = [
        {
            "expectation": e.expectation,
            "observed": _plain(e.observed),
            "unexpected": len(e.unexpected_ids),
        }
        for e in failed
    ]
    return CheckResult(
        SCHEMA_CHECK,
        config.level(SCHEMA_CHECK),
        not failed,
        _message(entries),
        figures,
        ids,
        len(ids) if failed else 0,
    )


def _distribution_result(
    check: str,
    config: GatesConfig,
    entries: list[ExactOutcome],
    failing: FailingRows,
    id_of: dict[int, str],
    columns: dict[str, np.ndarray],
    sampled: dict[str, Any],
    sample_rows: int,
) -> CheckResult:
    """A distribution check: judged on every row; GE's sampled observations kept beside."""
    failed = [e for e in entries if not e.success]
    figures = _common_figures(entries, sample_rows)
    figures["failed"] = [
        {"expectation": e.expectation, "observed": _plain(e.observed)} for e in failed
    ]
    figures["unexpected_rows"] = failing.count
    figures["exact"] = exact_figures(columns)
    figures["sample_observed"] = {
        e.expectation: _plain(sampled[e.expectation_id])
        for e in entries
        if sampled.get(e.expectation_id) is not None
    }
    return CheckResult(
        check,
        config.level(check),
        not failed,
        _message(entries),
        figures,
        failing.ids(id_of),
        failing.count if failed else 0,
    )


def run_expectation_gate(
    release: ReleaseData, config: GatesConfig, run_name: str | None = None
) -> list[CheckResult]:
    """Run both suites, each through its Checkpoint, under the run `run_name` (default
    `khobor-<version>`); the batches are named data assets of the release."""
    import great_expectations as gx

    profile = [ProfileExpectation(*item) for item in distribution_expectations(config)]
    profile_suite = gx.ExpectationSuite(
        name="khobor_release_profile", expectations=[p.expectation for p in profile]
    )
    records_suite = _records_suite(release, config)
    rows, records, sample = read_release(release)
    columns = rows.columns()
    suites = {
        "records": (records_suite, records),
        "profile": (profile_suite, profile_frame(columns, records, sample)),
    }
    # the suite holds the expectations it was given, with their ids
    profile = [
        ProfileExpectation(p.check, e)
        for p, e in zip(profile, profile_suite.expectations, strict=True)
    ]
    ge_run = _run_checkpoints(release, run_name, suites, profile)
    exact = _judge_every_row(release, profile, columns, ge_run.described)
    id_of = resolve_ids(release, exact.failing.values())
    out = [_schema_result(config, ge_run.outcomes.get(SCHEMA_CHECK, []), len(sample))]
    for check in DISTRIBUTION_CHECKS:
        out.append(
            _distribution_result(
                check,
                config,
                exact.outcomes.get(check, []),
                exact.failing[check],
                id_of,
                columns,
                ge_run.sampled,
                len(sample),
            )
        )
    return out


def _plain(value: Any) -> Any:
    """JSON-friendly form of a GE observed value (numpy scalars, lists)."""
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
