"""Reports of a gate run: `report.json` (every check, level, verdict, figures, failing ids),
`report.md` (a human summary that reads well as a CI job summary), `report.html` (one
self-contained page: inline CSS, no script, nothing loaded from elsewhere, so it renders the
same offline and from a CI artifact) and a compact terminal table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from khobor.contracts.layout import REPORT_HTML, REPORT_JSON, REPORT_MD
from khobor.gates.core import CheckResult, Level, Validation
from khobor.render.escape import Md, code, markdown, table

MD_IDS = 10  # failing ids shown per check in report.md and report.html
MARKS = {"pass": "✅", "FAIL": "❌", "warn": "⚠️", "skipped": "➖"}
STATUS_MARK = {status: f"{mark} {status}" for status, mark in MARKS.items()}
# report.html's marks: text symbols that common fonts (DejaVu, Liberation, Noto Sans) carry,
# so they show where no colour-emoji font is installed (a CI runner, a headless browser).
HTML_MARKS = {"pass": "✓", "FAIL": "✗", "warn": "⚠", "skipped": "–"}
HTML_TEMPLATE = "report.html.j2"
# Families whose failing "ids" name figures (rows, a column, a label, a quantile), not
# records: their messages already say which, so the tables do not repeat them as ids.
FIGURE_FAMILIES = ("drift",)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    """
    >>> _plural(1, "warning"), _plural(2, "warning")
    ('1 warning', '2 warnings')
    """
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _record_ids(result: CheckResult) -> list[str]:
    if result.family in FIGURE_FAMILIES:
        return []
    return sorted(set(result.failing_ids))


def report_json(validation: Validation) -> dict[str, Any]:
    return {
        "release": str(validation.release),
        "version": validation.version,
        "passed": validation.passed,
        "exit_code": validation.exit_code,
        "run_name": validation.run_name,
        "schema_version": validation.schema_version,
        "counts": validation.counts(),
        "timings_seconds": {k: round(v, 3) for k, v in validation.timings.items()},
        "html_report": str(validation.html) if validation.html else None,
        "checks": [result.to_json() for result in validation.results],
    }


def report_markdown(validation: Validation) -> str:
    """The Markdown summary: every value from the run (paths, file names, ids, messages)
    escaped (`khobor.render.escape`): a file name in a release is data, and this goes into a CI job
    summary."""
    counts = validation.counts()
    verdict = "passed" if validation.passed else "FAILED"
    lines = [
        f"## khobor validate: {markdown(validation.version)} {verdict}",
        "",
        f"{code(validation.release)} — {counts['pass']} passed, {counts['fail']} failed "
        f"(error), {_plural(counts['warn'], 'warning')}, {counts['skipped']} skipped "
        f"(run {code(validation.run_name)}).",
        "",
    ]
    blocking = [r for r in validation.results if r.blocking]
    if blocking:
        lines.append("**Blocking:** " + ", ".join(code(r.check) for r in blocking))
        lines.append("")
    lines += table(
        ["check", "level", "result", "details"],
        [
            [code(r.check), r.level, Md(STATUS_MARK[r.status]), r.message]
            for r in validation.results
        ],
    ).splitlines()
    failed = [r for r in validation.results if not r.passed and _record_ids(r)]
    if failed:
        lines += ["", "### Failing ids", ""]
        for result in failed:
            ids = _record_ids(result)
            shown = ", ".join(code(i) for i in ids[:MD_IDS])
            more = f" and {len(ids) - MD_IDS} more" if len(ids) > MD_IDS else ""
            lines.append(f"- {code(result.check)} ({markdown(result.level)}): {shown or '—'}{more}")
    timings = ", ".join(f"{markdown(k)} {v:.1f}s" for k, v in validation.timings.items())
    lines += ["", f"Time by gate family: {timings}."]
    if validation.html:
        lines.append(f"HTML report: {code(validation.html)}.")
    return "\n".join(lines) + "\n"


def _expectation_rows(validation: Validation) -> list[dict[str, Any]]:
    rows = []
    for result in validation.results:
        for entry in result.figures.get("results", []) if result.family == "expectations" else []:
            observed = entry.get("observed")
            rows.append(
                {
                    "check": result.check,
                    "expectation": entry["expectation"],
                    "success": bool(entry["success"]),
                    "observed": "" if observed is None else json.dumps(observed)[:200],
                }
            )
    return rows


def report_html(validation: Validation) -> str:
    """The HTML report: the run (name, data asset, start, verdict), every check's status by
    family, every Great Expectations expectation's outcome; one file, nothing external."""
    from khobor import __version__
    from khobor.render.escape import html_environment

    by_family: dict[str, list[dict[str, Any]]] = {}
    for result in validation.results:
        ids = _record_ids(result) if not result.passed else []
        by_family.setdefault(result.family, []).append(
            {
                "check": result.check,
                "level": str(result.level),
                "status": result.status,
                "failing": (result.failing_count or len(ids)) if not result.passed else 0,
                "message": result.message,
                "ids": ids[:MD_IDS],
                "more": max(0, len(ids) - MD_IDS),
            }
        )
    try:
        from importlib.metadata import version

        ge_version = version("great_expectations")
    except Exception:  # metadata missing: the report still renders
        ge_version = "1.x"
    return (
        html_environment()
        .get_template(HTML_TEMPLATE)
        .render(
            run_name=validation.run_name,
            version=validation.version,
            schema_version=validation.schema_version,
            passed=validation.passed,
            blocking=[r.check for r in validation.results if r.blocking],  # as report.md
            verdict="passed" if validation.passed else "FAILED",
            verdict_mark=HTML_MARKS["pass"] if validation.passed else HTML_MARKS["FAIL"],
            data_asset=str(validation.release),
            files=validation.files,
            rows=validation.rows,
            started=f"{validation.started:%Y-%m-%d %H:%M:%S}",
            counts=validation.counts(),
            previous=str(validation.previous) if validation.previous else "",
            families=list(by_family.items()),
            marks=HTML_MARKS,
            expectations=_expectation_rows(validation),
            ge_version=ge_version,
            timings=list(validation.timings.items()),
            khobor_version=__version__,
        )
    )


def write_reports(validation: Validation, report_dir: Path, *, html: bool = True) -> list[Path]:
    """Write report.json, report.md and (unless `html` is false) report.html; returns their
    paths."""
    report_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = report_dir / REPORT_JSON, report_dir / REPORT_MD
    written = [json_path, md_path]
    if html:
        validation.html = report_dir / REPORT_HTML
        validation.html.write_text(report_html(validation), encoding="utf-8")
        written.append(validation.html)
    json_path.write_text(
        json.dumps(report_json(validation), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    md_path.write_text(report_markdown(validation), encoding="utf-8")
    return written


def print_table(validation: Validation, *, stderr: bool = False) -> None:
    from rich.console import Console
    from rich.table import Table

    style = {"pass": "green", "FAIL": "bold red", "warn": "yellow", "skipped": "dim"}
    table = Table(title=f"khobor validate {validation.version}", title_justify="left")
    for column in ("check", "level", "result", "failing", "details"):
        table.add_column(column, overflow="fold")
    for result in validation.results:
        failing = result.failing_count if result.failing_count is not None else 0
        table.add_row(
            result.check,
            str(result.level) if result.level is Level.ERROR else "warn",
            f"[{style[result.status]}]{result.status}[/]",
            str(failing) if not result.passed else "",
            _short(result),
        )
    console = Console(stderr=stderr, width=max(120, Console().width))
    console.print(table)
    timings = "  ".join(f"{k} {v:.2f}s" for k, v in validation.timings.items())
    console.print(f"time by gate family: {timings}")


def _short(result: CheckResult) -> str:
    text = result.message
    ids = _record_ids(result)
    if not result.passed and ids:
        text += " | ids: " + ", ".join(ids[:5])
    return text if len(text) <= 160 else text[:157] + "…"
