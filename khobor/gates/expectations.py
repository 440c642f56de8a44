"""Expectation gate: Great Expectations 1.x, run through a Checkpoint that also builds the
Data Docs HTML site.

Two batches in one ephemeral context:

- `records`: the release rows (list and struct columns as their lengths, `records_frame`),
  checked by `khobor.schema.ge_suite()` (derived from the one schema declaration), every
  expectation at the level of `expectations.schema_suite`;
- `profile`: one row of derived figures per record (body length, boilerplate ratio, whether
  the date is null, share of lines labelled body), checked by distribution expectations whose
  thresholds and levels come from `[gates.expectations.*]`.

Levels map to GE severities (`error` → critical, `warn` → warning); each expectation becomes a
report line `expectations.<check>` with the ids of the rows it found unexpected. GE imports
slowly, so it is imported inside `run_expectation_gate` only.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khobor.gates.config import GatesConfig
from khobor.gates.core import CheckResult, Level, ReleaseData

if TYPE_CHECKING:
    import pandas as pd

SEVERITY = {Level.ERROR: "critical", Level.WARN: "warning"}
LEVEL_OF_SEVERITY = {"critical": Level.ERROR, "warning": Level.WARN, "info": Level.WARN}
DISTRIBUTION_CHECKS = (
    "expectations.body_length",
    "expectations.boilerplate_ratio",
    "expectations.null_dates",
    "expectations.label_distribution",
)
DATA_DOCS_DIR = "data_docs"


def records_frame(release: ReleaseData) -> pd.DataFrame:
    """The release rows as GE sees them: every column, with each list or struct value
    replaced by its length (a struct: 1), nulls kept. The suite's expectations on those columns
    are presence and non-null only (their contents are pandera's job), and plain numbers let
    GE fingerprint the batch with `hash_pandas_object` instead of pickling millions of
    Python objects."""
    import pyarrow as pa

    from khobor.gates._arrow import pc

    frame = release.frame.copy(deep=False)
    for name in frame.columns:
        kind = release.tables and next(iter(release.tables.values())).schema.field(name).type
        if not (pa.types.is_list(kind) or pa.types.is_struct(kind)):
            continue
        parts = []
        for table in release.tables.values():
            column = table.column(name).combine_chunks()
            if pa.types.is_list(column.type):
                parts.append(pc.list_value_length(column).cast(pa.float64()))
            else:
                ones = pa.array([1.0] * len(column), pa.float64())
                parts.append(pc.if_else(pc.is_valid(column), ones, pa.scalar(None, pa.float64())))
        frame[name] = pa.chunked_array(parts).to_pandas().to_numpy()
    return frame


def profile_frame(release: ReleaseData) -> pd.DataFrame:
    """Per-record figures the distribution expectations judge."""
    import numpy as np
    import pandas as pd

    from khobor.gates._arrow import pc
    from khobor.taxonomy import LABELS

    frame = release.frame
    shares = []
    for table in release.tables.values():
        lines = table.column("lines").combine_chunks()
        parents = np.asarray(pc.list_parent_indices(lines))
        is_body = np.asarray(
            pc.equal(pc.list_flatten(lines).field("label"), LABELS.index("body")).fill_null(False),
            dtype=float,
        )
        counts = np.asarray(pc.list_value_length(lines).fill_null(0), dtype=np.float64)
        body = np.bincount(parents, weights=is_body, minlength=len(lines))
        shares.append(np.divide(body, counts, out=np.zeros_like(body), where=counts > 0))
    return pd.DataFrame(
        {
            "id": frame["id"].astype(object),
            "split": release.split,
            "body_chars": frame["body"].fillna("").astype(str).str.len(),
            "boilerplate_ratio": frame["boilerplate_ratio"],
            "date": frame["date"].astype(object),
            "body_line_share": np.concatenate(shares) if shares else np.zeros(0),
        }
    )


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


def run_expectation_gate(
    release: ReleaseData, config: GatesConfig, report_dir: Path | None
) -> tuple[list[CheckResult], Path | None]:
    """Run both suites through one Checkpoint; returns the results and the Data Docs index
    (None when no `report_dir`)."""
    import logging

    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction

    from khobor.schema import ge_suite

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    actions: list[Any] = []
    if report_dir is not None:
        docs = (report_dir / DATA_DOCS_DIR).resolve()
        context.add_data_docs_site(
            site_name="khobor",
            site_config={
                "class_name": "SiteBuilder",
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(docs),
                },
            },
        )
        actions.append(UpdateDataDocsAction(name="data_docs", site_names=["khobor"]))
    source = context.data_sources.add_pandas("khobor_release")

    schema_level = config.level("expectations.schema_suite")
    records_suite = ge_suite()
    from great_expectations.expectations.metadata_types import FailureSeverity

    for expectation in records_suite.expectations:
        expectation.severity = FailureSeverity(SEVERITY[schema_level])
    check_of: dict[str, str] = {}
    profile_items = distribution_expectations(config)
    profile_suite = gx.ExpectationSuite(
        name="khobor_release_profile", expectations=[e for _, e in profile_items]
    )

    definitions = []
    batches = {}
    for name, suite, frame in (
        ("records", records_suite, records_frame(release)),
        ("profile", profile_suite, profile_frame(release)),
    ):
        asset = source.add_dataframe_asset(name)
        batch = asset.add_batch_definition_whole_dataframe(f"{name}_{release.version}")
        suite = context.suites.add(suite)
        definitions.append(
            context.validation_definitions.add(
                gx.ValidationDefinition(name=f"khobor_{name}", data=batch, suite=suite)
            )
        )
        batches[name] = frame
    for (check, _), expectation in zip(profile_items, profile_suite.expectations, strict=True):
        check_of[str(expectation.id)] = check

    results: dict[str, list[tuple[bool, str, list[str], Any]]] = defaultdict(list)
    for definition, (name, frame) in zip(definitions, batches.items(), strict=True):
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(
                name=f"khobor_{name}_checkpoint",
                validation_definitions=[definition],
                actions=actions,
                result_format={
                    "result_format": "COMPLETE",
                    "unexpected_index_column_names": ["id"],
                },
            )
        )
        run = checkpoint.run(batch_parameters={"dataframe": frame})
        for validation in run.run_results.values():
            for result in validation.results:
                configuration: Any = result.expectation_config
                check = check_of.get(str(configuration.id), "expectations.schema_suite")
                ids = [
                    str(item.get("id")) if isinstance(item, dict) else str(item)
                    for item in (result.result.get("unexpected_index_list") or [])
                ]
                observed = result.result.get("observed_value")
                results[check].append(
                    (bool(result.success), _describe(configuration), ids, observed)
                )

    out: list[CheckResult] = []
    for check in ("expectations.schema_suite", *DISTRIBUTION_CHECKS):
        entries = results.get(check, [])
        failed = [e for e in entries if not e[0]]
        ids = sorted({i for e in failed for i in e[2]})
        figures = {
            "expectations": len(entries),
            "failed": [
                {"expectation": e[1], "observed": _plain(e[3]), "unexpected": len(e[2])}
                for e in failed
            ],
            "observed": {e[1]: _plain(e[3]) for e in entries if e[3] is not None},
        }
        message = (
            f"{len(entries)} expectations met"
            if not failed
            else f"{len(failed)} of {len(entries)} expectations failed: "
            + "; ".join(
                f"{e[1]}" + (f" observed {_plain(e[3])}" if e[3] is not None else "")
                for e in failed[:3]
            )
        )
        out.append(
            CheckResult(check, config.level(check), not failed, message, figures, ids, len(ids))
        )
    index = report_dir / DATA_DOCS_DIR / "index.html" if report_dir is not None else None
    return out, index


def _plain(value: Any) -> Any:
    """JSON-friendly form of a GE observed value (numpy scalars, lists)."""
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
