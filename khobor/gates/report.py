"""Reports of a gate run: `report.json` (every check, level, verdict, figures, failing ids),
`report.md` (a human summary that reads well as a CI job summary) and a compact terminal
table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khobor.gates.core import CheckResult, Level

if TYPE_CHECKING:
    from khobor.validate import Validation

MD_IDS = 10  # failing ids shown per check in report.md
STATUS_MARK = {"pass": "✅ pass", "FAIL": "❌ FAIL", "warn": "⚠️ warn", "skipped": "➖ skipped"}


def report_json(validation: Validation) -> dict[str, Any]:
    return {
        "release": str(validation.release),
        "version": validation.version,
        "passed": validation.passed,
        "exit_code": validation.exit_code,
        "counts": validation.counts(),
        "timings_seconds": {k: round(v, 3) for k, v in validation.timings.items()},
        "data_docs": str(validation.data_docs) if validation.data_docs else None,
        "checks": [result.to_json() for result in validation.results],
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report_markdown(validation: Validation) -> str:
    counts = validation.counts()
    verdict = "passed" if validation.passed else "FAILED"
    lines = [
        f"## khobor validate: {validation.version} {verdict}",
        "",
        f"`{validation.release}` — {counts['pass']} passed, {counts['FAIL']} failed (error), "
        f"{counts['warn']} warnings, {counts['skipped']} skipped.",
        "",
    ]
    blocking = [r for r in validation.results if r.blocking]
    if blocking:
        lines.append("**Blocking:** " + ", ".join(f"`{r.check}`" for r in blocking))
        lines.append("")
    lines += ["| check | level | result | details |", "|---|---|---|---|"]
    for result in validation.results:
        lines.append(
            f"| `{result.check}` | {result.level} | {STATUS_MARK[result.status]} | "
            f"{_cell(result.message)} |"
        )
    failed = [r for r in validation.results if not r.passed]
    if failed:
        lines += ["", "### Failing ids", ""]
        for result in failed:
            ids = sorted(set(result.failing_ids))
            shown = ", ".join(f"`{i}`" for i in ids[:MD_IDS])
            more = f" and {len(ids) - MD_IDS} more" if len(ids) > MD_IDS else ""
            lines.append(f"- `{result.check}` ({result.level}): {shown or '—'}{more}")
    timings = ", ".join(f"{k} {v:.1f}s" for k, v in validation.timings.items())
    lines += ["", f"Time by gate family: {timings}."]
    if validation.data_docs:
        lines.append(f"Great Expectations Data Docs: `{validation.data_docs}`.")
    return "\n".join(lines) + "\n"


def write_reports(validation: Validation, report_dir: Path) -> tuple[Path, Path]:
    report_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = report_dir / "report.json", report_dir / "report.md"
    json_path.write_text(
        json.dumps(report_json(validation), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    md_path.write_text(report_markdown(validation), encoding="utf-8")
    return json_path, md_path


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
    if not result.passed and result.failing_ids:
        text += " | ids: " + ", ".join(sorted(set(result.failing_ids))[:5])
    return text if len(text) <= 160 else text[:157] + "…"
