"""Score the annotator against hand-checked gold annotations (`validation/gold/`).

Gold format — one JSON file per page, `validation/gold/pages/<stem>.json`:

    {"input": "<file under the raw folder>",
     "comment": "why this page is in the gold set, what is tricky on it",
     "expected": {"headline": ..., "published_at": ISO or null, "updated_at": ..., "date": ...,
                  "page_date": ..., "outlet": ..., "byline": ..., "section": ...,
                  "source_credit": ...},
     "lines": [["<label>", "<text>"], ...]}      # every non-blank line, in order

A page that must not become a record (a listing, a page of furniture) has instead:

    {"input": "...", "comment": "...", "quarantine_reason": "<a Reason value>"}

`lines` holds the page's non-blank lines exactly as `khobor extract` gives them (stripped,
normalized), each with its v1 label.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from khobor.contracts.records import Reason
from khobor.contracts.taxonomy import LABELS
from khobor.pages.extract import ExtractContext, InputFile, extract_file, to_json

GOLD_PAGES_DIR = "pages"
SCORED_FIELDS = ("headline", "published_at", "updated_at", "outlet", "byline")
EXTRA_FIELDS = ("date", "page_date", "section", "source_credit")


class GoldError(Exception):
    """The gold folder or one of its files is malformed (message names the file)."""


@dataclass(frozen=True, slots=True)
class GoldCase:
    path: Path
    input: str
    comment: str
    expected: dict[str, Any]
    lines: list[tuple[str, str]]  # (label, text)


@dataclass(frozen=True, slots=True)
class RefusalCase:
    """A page that is not an article and the reason it must be quarantined with."""

    path: Path
    input: str
    comment: str
    reason: Reason


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GoldError(f"{path}: cannot read gold file ({error})") from None
    if not isinstance(data, dict):
        raise GoldError(f"{path}: a gold file holds one JSON object")
    return data


def is_refusal(path: Path) -> bool:
    """Whether a gold file describes a page that must be quarantined (not an article)."""
    return "quarantine_reason" in _read_json(path)


def load_refusal(path: Path) -> RefusalCase:
    data = _read_json(path)
    for key in ("input", "comment", "quarantine_reason"):
        if key not in data:
            raise GoldError(f"{path}: missing key {key!r}")
    try:
        reason = Reason(data["quarantine_reason"])
    except ValueError:
        raise GoldError(
            f"{path}: unknown quarantine_reason {data['quarantine_reason']!r}"
        ) from None
    return RefusalCase(path, data["input"], data["comment"], reason)


def load_case(path: Path) -> GoldCase:
    data = _read_json(path)
    for key in ("input", "comment", "expected", "lines"):
        if key not in data:
            raise GoldError(f"{path}: missing key {key!r}")
    lines: list[tuple[str, str]] = []
    for number, pair in enumerate(data["lines"], 1):
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)
        ):
            raise GoldError(f"{path}: lines[{number}] must be [label, text]")
        if pair[0] not in LABELS:
            raise GoldError(f"{path}: lines[{number}] has unknown label {pair[0]!r}")
        if not pair[1].strip() or pair[1] != pair[1].strip():
            raise GoldError(f"{path}: lines[{number}] text must be stripped and non-blank")
        lines.append((pair[0], pair[1]))
    return GoldCase(path, data["input"], data["comment"], data["expected"], lines)


def load_gold(gold_dir: Path) -> list[GoldCase]:
    pages = gold_dir / GOLD_PAGES_DIR
    files = sorted(pages.glob("*.json")) if pages.is_dir() else []
    if not files:
        raise GoldError(f"{pages}: no gold pages (*.json) found")
    return [load_case(p) for p in files]


def gold_checksum(gold_dir: Path) -> str:
    """SHA-256 over the gold files' names and bytes: accuracy minimums are tied to it."""
    digest = hashlib.sha256()
    for path in sorted((gold_dir / GOLD_PAGES_DIR).glob("*.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _f1(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def score(
    cases: list[GoldCase], raw_dir: Path, ctx: ExtractContext | None = None
) -> dict[str, Any]:
    ctx = ctx or ExtractContext()
    field_hits: Counter[str] = Counter()
    label_support: Counter[str] = Counter()
    label_hits: Counter[str] = Counter()
    tp = fp = fn = 0
    unlabelled = 0
    failures: list[dict[str, Any]] = []
    for case in cases:
        record = to_json(extract_file(InputFile(raw_dir / case.input, case.input, raw_dir), ctx))
        if "quarantine_reason" in record:
            failures.append(
                {"page": case.input, "problem": f"quarantined: {record['quarantine_reason']}"}
            )
            label_support.update(label for label, _ in case.lines)
            fn += sum(1 for label, _ in case.lines if label == "body")
            continue
        for name in SCORED_FIELDS + EXTRA_FIELDS:
            if record.get(name) == case.expected.get(name):
                field_hits[name] += 1
            else:
                failures.append(
                    {
                        "page": case.input,
                        "field": name,
                        "expected": case.expected.get(name),
                        "got": record.get(name),
                    }
                )
        predicted = [(line["label"], line["text"]) for line in record["lines"]]
        if [t for _, t in predicted] != [t for _, t in case.lines]:
            failures.append({"page": case.input, "problem": "line texts differ from the gold"})
        unlabelled += sum(1 for label, _ in predicted if label not in LABELS)
        for (gold_label, text), (got_label, _) in zip(case.lines, predicted, strict=False):
            label_support[gold_label] += 1
            if gold_label == got_label:
                label_hits[gold_label] += 1
            else:
                failures.append(
                    {
                        "page": case.input,
                        "line": text[:60],
                        "expected": gold_label,
                        "got": got_label,
                    }
                )
            tp += gold_label == "body" and got_label == "body"
            fp += gold_label != "body" and got_label == "body"
            fn += gold_label == "body" and got_label != "body"
    n = len(cases)
    total_lines = sum(label_support.values())
    return {
        "pages": n,
        "fields": {
            name: {
                "correct": field_hits[name],
                "total": n,
                "accuracy": field_hits[name] / n if n else 0.0,
            }
            for name in SCORED_FIELDS + EXTRA_FIELDS
        },
        "body_lines": _f1(tp, fp, fn),
        "labels": {
            label: {
                "support": label_support[label],
                "correct": label_hits[label],
                "accuracy": label_hits[label] / label_support[label],
            }
            for label in LABELS
            if label_support[label]
        },
        "line_accuracy": sum(label_hits.values()) / total_lines if total_lines else 0.0,
        "lines": total_lines,
        "unlabelled_lines": unlabelled,
        "failures": failures,
    }


def render_table(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    fields = Table(title=f"Fields — {report['pages']} gold pages")
    for column in ("field", "correct", "accuracy"):
        fields.add_column(column)
    for name, row in report["fields"].items():
        fields.add_row(name, f"{row['correct']}/{row['total']}", f"{row['accuracy']:.3f}")
    console.print(fields)
    body = report["body_lines"]
    # two short lines, never wrapped (a wrapped "unlabelled 0" read as a stray 0)
    console.print(
        f"body lines: precision {body['precision']:.3f}, recall {body['recall']:.3f}, "
        f"F1 {body['f1']:.3f}",
        soft_wrap=True,
    )
    console.print(
        f"all lines: accuracy {report['line_accuracy']:.3f} over {report['lines']} lines "
        f"({report['unlabelled_lines']} without a gold label)",
        soft_wrap=True,
    )
    labels = Table(title="Per-label accuracy")
    for column in ("label", "support", "correct", "accuracy"):
        labels.add_column(column)
    for name, row in report["labels"].items():
        labels.add_row(name, str(row["support"]), str(row["correct"]), f"{row['accuracy']:.3f}")
    console.print(labels)
    for failure in report["failures"][:30]:
        console.print(f"[yellow]miss[/yellow] {json.dumps(failure, ensure_ascii=False)}")


def format_gold(record: dict[str, Any], input_name: str, comment: str) -> str:
    """A gold file drafted from a record, one line pair per row, for a person to check."""
    expected = {name: record.get(name) for name in SCORED_FIELDS + EXTRA_FIELDS}
    rows = ",\n".join(
        "    " + json.dumps([line["label"], line["text"]], ensure_ascii=False)
        for line in record["lines"]
    )
    head = json.dumps(
        {"input": input_name, "comment": comment, "expected": expected},
        ensure_ascii=False,
        indent=2,
    )
    return head[: head.rindex("}")].rstrip() + ',\n  "lines": [\n' + rows + "\n  ]\n}\n"
