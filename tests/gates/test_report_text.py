"""The wording of the reports: one case for count keys, plurals, no figure names shown as
record ids, the build summary's title."""

from __future__ import annotations

from pathlib import Path

from khobor.gates.core import CheckResult, Level
from khobor.gates.report import _short, report_json, report_markdown
from khobor.release.validate import Validation


def validation() -> Validation:
    found = Validation(Path("releases/1.1.0"), "1.1.0")
    found.results = [
        CheckResult("drift.row_count", Level.WARN, False, "5 → 10 rows (+100.0%)", {}, ["rows"]),
        CheckResult("schema.nullability", Level.ERROR, False, "1 failing: headline", {}, ["a1"]),
        CheckResult("expectations.null_dates", Level.WARN, True, "1 expectation met"),
    ]
    return found


def test_counts_are_one_case_and_warnings_are_pluralised() -> None:
    report = report_json(validation())
    assert report["counts"] == {"pass": 1, "fail": 1, "warn": 1, "skipped": 0}
    text = report_markdown(validation())
    assert "1 warning," in text and "1 warnings" not in text


def test_figure_names_are_not_shown_as_ids() -> None:
    drift, schema, _ = validation().results
    assert _short(drift) == "5 → 10 rows (+100.0%)"  # not "… | ids: rows"
    assert _short(schema) == "1 failing: headline | ids: a1"
    text = report_markdown(validation())
    assert "`drift.row_count` (warn): `rows`" not in text and "`a1`" in text


def test_build_summary_names_a_working_build(tmp_path: Path, capsys: object) -> None:
    from khobor.contracts.policy import Policy
    from khobor.pipeline import BUILD_VERSION, build_dataset, print_summary

    raw = Path(__file__).resolve().parents[2] / "dataset" / "raw"
    result = build_dataset(raw, tmp_path / "build", version=BUILD_VERSION, policy=Policy())
    print_summary(result)
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "khobor working build" in out and BUILD_VERSION not in out
