"""Score khobor's extract core on a synthetic corpus written by `bench/synth.py` (issue 5).

    .venv/bin/python bench/synth_score.py --dir DIR [--limit N] [--workers 2] [--examples 3]

For every page of `DIR/truth.jsonl` (the first N with `--limit`) it runs
`khobor.pages.extract.extract_page` on `DIR/pages/<source>` and prints, overall and per layout:
exact match of headline / published_at / updated_at / date / page_date / byline, body-line
precision / recall / F1 and line-label accuracy (a row per layout family, and one per family
set of `synth.FAMILY_SETS` when the corpus mixes them); then the most frequent mislabel patterns
(true label → predicted label, per layout) with example lines, and pages/s.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from multiprocessing import Pool
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synth import FAMILY_SETS

from khobor.contracts.records import RawPage
from khobor.pages.extract import ExtractContext, extract_page, to_json

FIELDS = ("headline", "published_at", "updated_at", "date", "page_date", "byline")
CHUNK = 200
EXAMPLE_CHARS = 70

_CTX: ExtractContext | None = None


def _score_page(truth: dict[str, Any], pages_dir: Path) -> dict[str, Any]:
    """One page's counts: field hits, body tp/fp/fn, label hits and mislabels with examples."""
    global _CTX
    if _CTX is None:
        _CTX = ExtractContext()
    data = (pages_dir / truth["source"]).read_bytes()
    record = to_json(extract_page(RawPage(truth["source"], data), _CTX))
    gold = [(label, text) for label, text in truth["lines"]]
    out: dict[str, Any] = {
        "layout": truth.get("layout", "?"),
        "quarantined": record.get("quarantine_reason"),
        "fields": {},
        "tp": 0,
        "fp": 0,
        "fn": 0,
        "lines": len(gold),
        "line_hits": 0,
        "text_mismatch": False,
        "confusions": [],
        "field_misses": [],
    }
    if out["quarantined"]:
        out["fn"] = sum(1 for label, _ in gold if label == "body")
        out["confusions"] = [(g, "<quarantined>", t) for g, t in gold if g == "headline"]
        return out
    for name in FIELDS:
        hit = record.get(name) == truth.get(name)
        out["fields"][name] = hit
        if not hit:
            out["field_misses"].append((name, truth.get(name), record.get(name)))
    predicted = [(line["label"], line["text"]) for line in record["lines"]]
    out["text_mismatch"] = [t for _, t in predicted] != [t for _, t in gold]
    for (want, text), (got, _) in zip(gold, predicted, strict=False):
        out["tp"] += want == "body" and got == "body"
        out["fp"] += want != "body" and got == "body"
        out["fn"] += want == "body" and got != "body"
        if want == got:
            out["line_hits"] += 1
        else:
            out["confusions"].append((want, got, text))
    return out


def _score_chunk(task: tuple[list[dict[str, Any]], str]) -> list[dict[str, Any]]:
    truths, pages_dir = task
    return [_score_page(t, Path(pages_dir)) for t in truths]


def read_truth(path: Path, limit: int | None) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit is not None and n >= limit:
                return
            yield json.loads(line)


def _chunks(truths: Iterator[dict[str, Any]], pages_dir: Path) -> Iterator[tuple[list, str]]:
    while batch := list(itertools.islice(truths, CHUNK)):
        yield batch, str(pages_dir)


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


class Tally:
    def __init__(self) -> None:
        self.pages = 0
        self.quarantined = 0
        self.text_mismatch = 0
        self.fields: Counter[str] = Counter()
        self.tp = self.fp = self.fn = 0
        self.lines = self.line_hits = 0

    def add(self, result: dict[str, Any]) -> None:
        self.pages += 1
        self.quarantined += bool(result["quarantined"])
        self.text_mismatch += result["text_mismatch"]
        self.fields.update(name for name, hit in result["fields"].items() if hit)
        self.tp += result["tp"]
        self.fp += result["fp"]
        self.fn += result["fn"]
        self.lines += result["lines"]
        self.line_hits += result["line_hits"]

    def merge(self, other: Tally) -> None:
        self.pages += other.pages
        self.quarantined += other.quarantined
        self.text_mismatch += other.text_mismatch
        self.fields.update(other.fields)
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.lines += other.lines
        self.line_hits += other.line_hits

    def row(self, name: str) -> str:
        cells = [f"{name:<24}{self.pages:>6}"]
        cells += [
            f"{self.fields[f] / self.pages:>8.3f}" if self.pages else "       -" for f in FIELDS
        ]
        p, r, f1 = _f1(self.tp, self.fp, self.fn)
        acc = self.line_hits / self.lines if self.lines else 0.0
        cells += [f"{p:>7.3f}{r:>7.3f}{f1:>7.3f}{acc:>8.3f}{self.quarantined:>6}"]
        return "".join(cells)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--examples", type=int, default=3, help="example lines per pattern")
    parser.add_argument("--top", type=int, default=15, help="mislabel patterns to list")
    args = parser.parse_args(argv)
    truth_path, pages_dir = args.dir / "truth.jsonl", args.dir / "pages"
    if not truth_path.is_file():
        sys.exit(f"{truth_path}: not found; write a corpus with bench/synth.py first")

    overall = Tally()
    per_layout: dict[str, Tally] = defaultdict(Tally)
    confusions: Counter[tuple[str, str, str]] = Counter()
    examples: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    field_misses: Counter[tuple[str, str]] = Counter()
    field_examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    started = time.perf_counter()
    tasks = _chunks(read_truth(truth_path, args.limit), pages_dir)
    with Pool(args.workers) as pool:
        for results in pool.imap(_score_chunk, tasks):
            for res in results:
                overall.add(res)
                per_layout[res["layout"]].add(res)
                for want, got, text in res["confusions"]:
                    key = (res["layout"], want, got)
                    confusions[key] += 1
                    if len(examples[key]) < args.examples:
                        examples[key].append(text[:EXAMPLE_CHARS])
                for name, want, got in res["field_misses"]:
                    fkey = (res["layout"], name)
                    field_misses[fkey] += 1
                    if len(field_examples[fkey]) < 2:
                        field_examples[fkey].append(f"want {want!r} got {got!r}")
    seconds = time.perf_counter() - started

    heads = "".join(f"{f[:7]:>8}" for f in FIELDS)
    print(f"khobor extract on {overall.pages} synthetic pages of {args.dir}")
    print(
        f"{'layout':<24}{'pages':>6}{heads}{'body P':>7}{'R':>7}{'F1':>7}{'lineacc':>8}{'quar':>6}"
    )
    for name in sorted(per_layout):
        print(per_layout[name].row(name))
    for set_name in ("v1", "zoo"):
        members = [per_layout[n] for n in FAMILY_SETS[set_name] if n in per_layout]
        if members and len(members) < len(per_layout):
            subtotal = Tally()
            for tally in members:
                subtotal.merge(tally)
            print(subtotal.row(f"ALL {set_name} families"))
    print(overall.row("ALL"))
    if overall.text_mismatch:
        print(f"pages whose extracted lines differ from the truth's: {overall.text_mismatch}")
    print(f"\ntop {args.top} mislabel patterns (layout: true -> predicted, lines):")
    for (layout, want, got), count in confusions.most_common(args.top):
        print(f"  {count:>6}  {layout}: {want} -> {got}")
        for text in examples[(layout, want, got)]:
            print(f"            {text}")
    print("\nfield misses (layout, field: pages):")
    for (layout, name), count in field_misses.most_common(args.top):
        print(f"  {count:>6}  {layout}, {name}: e.g. {field_examples[(layout, name)][0]}")
    rate = overall.pages / seconds if seconds else 0.0
    workers = f"{args.workers} workers"
    print(f"\nscored {overall.pages} pages in {seconds:.1f} s: {rate:,.0f} pages/s ({workers})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
