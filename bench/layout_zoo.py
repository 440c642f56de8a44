"""Score the annotator page by page on the hand-written layouts in `tests/layouts/` (issue 9).

    .venv/bin/python bench/layout_zoo.py [--layouts tests/layouts] [--out FILE]

Every `<stem>.json` there (format: `khobor.gates.evaluate`'s docstring) is an article page with its
expected record, or a page that is not an article with the reason it must be quarantined with
(`not_article` for a listing, `no_body` for a page of furniture).

For each page it runs the annotator as `tests/test_annotate.py` does (`extract_file` on the
file) and prints one row: headline right, published_at / updated_at / date right, byline right,
body-line precision / recall / F1, line-label accuracy; then totals. A page the annotator
quarantines although it is an article scores no body line and no field.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from khobor.gates.evaluate import is_refusal, load_case, load_refusal
from khobor.pages.extract import ExtractContext, InputFile, extract_file, to_json

LAYOUTS = Path(__file__).resolve().parent.parent / "tests" / "layouts"
DATE_FIELDS = ("published_at", "updated_at", "date")
COLUMNS = ("head", "pub", "upd", "date", "byline", "body P", "body R", "body F1", "labels")


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _record(path: Path, ctx: ExtractContext) -> dict[str, Any]:
    return to_json(extract_file(InputFile(path, path.name, path.parent), ctx))


def score_article(json_path: Path, ctx: ExtractContext) -> dict[str, Any]:
    """Field hits, body-line counts and label hits of one article page."""
    case = load_case(json_path)
    record = _record(json_path.parent / case.input, ctx)
    gold_labels = [label for label, _ in case.lines]
    row: dict[str, Any] = {"page": json_path.stem, "kind": "article", "lines": len(gold_labels)}
    quarantined = record.get("quarantine_reason")
    got_labels = [] if quarantined else [line["label"] for line in record["lines"]]
    if quarantined or [line["text"] for line in record["lines"]] != [t for _, t in case.lines]:
        got_labels = [""] * len(gold_labels)  # nothing to compare line by line
    row["note"] = f"quarantined {quarantined}" if quarantined else ""
    for name in ("headline", *DATE_FIELDS, "byline"):
        row[name] = not quarantined and record.get(name) == case.expected.get(name)
    pairs = list(zip(gold_labels, got_labels, strict=True))
    row["tp"] = sum(1 for g, p in pairs if g == "body" and p == "body")
    row["fp"] = sum(1 for g, p in pairs if g != "body" and p == "body")
    row["fn"] = sum(1 for g, p in pairs if g == "body" and p != "body")
    row["line_hits"] = sum(1 for g, p in pairs if g == p)
    row["exact"] = (
        not quarantined
        and all(record.get(k) == v for k, v in case.expected.items())
        and got_labels == gold_labels
    )
    return row


def score_non_article(json_path: Path, ctx: ExtractContext) -> dict[str, Any]:
    case = load_refusal(json_path)
    record = _record(json_path.parent / case.input, ctx)
    reason = record.get("quarantine_reason")
    return {
        "page": json_path.stem,
        "kind": "non-article",
        "want": str(case.reason),
        "quarantine_ok": reason == case.reason,
        "refused": reason is not None,
        "note": f"quarantined {reason}" if reason else "NOT quarantined",
    }


def _yes(flag: bool) -> str:
    return "ok" if flag else "--"


def format_table(rows: list[dict[str, Any]]) -> str:
    width = max(len(r["page"]) for r in rows)
    out = [f"{'page':<{width}}  " + "  ".join(f"{c:>7}" for c in COLUMNS) + "  exact  note"]
    articles = [r for r in rows if r["kind"] == "article"]
    for r in rows:
        if r["kind"] != "article":
            cells = [" " * 7] * len(COLUMNS)
            out.append(
                f"{r['page']:<{width}}  "
                + "  ".join(cells)
                + f"  {_yes(r['quarantine_ok']):>5}  expects {r['want']}: {r['note']}"
            )
            continue
        precision = _ratio(r["tp"], r["tp"] + r["fp"])
        recall = _ratio(r["tp"], r["tp"] + r["fn"])
        cells = [_yes(r[k]) for k in ("headline", *DATE_FIELDS, "byline")]
        cells += [f"{precision:.2f}", f"{recall:.2f}", f"{_f1(precision, recall):.2f}"]
        cells.append(f"{_ratio(r['line_hits'], r['lines']):.2f}")
        out.append(
            f"{r['page']:<{width}}  "
            + "  ".join(f"{c:>7}" for c in cells)
            + f"  {_yes(r['exact']):>5}  {r['note']}"
        )
    n = len(articles)
    tp, fp, fn = (sum(r[k] for r in articles) for k in ("tp", "fp", "fn"))
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    hits = {k: sum(r[k] for r in articles) for k in ("headline", *DATE_FIELDS, "byline")}
    total = [f"{hits[k]}/{n}" for k in ("headline", *DATE_FIELDS, "byline")]
    total += [f"{precision:.3f}", f"{recall:.3f}", f"{_f1(precision, recall):.3f}"]
    total.append(
        f"{_ratio(sum(r['line_hits'] for r in articles), sum(r['lines'] for r in articles)):.3f}"
    )
    exact = sum(r["exact"] for r in articles)
    out.append(
        f"{'TOTAL (articles)':<{width}}  "
        + "  ".join(f"{c:>7}" for c in total)
        + f"  {exact:>2}/{n:<2}"
    )
    others = [r for r in rows if r["kind"] != "article"]
    out.append(
        f"non-articles refused: {sum(r['refused'] for r in others)}/{len(others)}, "
        f"with the expected reason: {sum(r['quarantine_ok'] for r in others)}/{len(others)}"
    )
    out.append(
        f"pages exactly right (record and every line label): "
        f"{exact + sum(r['quarantine_ok'] for r in others)}/{len(rows)}"
    )
    return "\n".join(out)


def score_layouts(layouts: Path, ctx: ExtractContext | None = None) -> list[dict[str, Any]]:
    ctx = ctx or ExtractContext()
    pages = sorted(layouts.glob("*.json"))
    rows = [score_non_article(p, ctx) if is_refusal(p) else score_article(p, ctx) for p in pages]
    return sorted(rows, key=lambda r: r["page"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--layouts", type=Path, default=LAYOUTS)
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)
    table = format_table(score_layouts(args.layouts))
    print(table)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
