"""khobor's annotator and date parser beside general-purpose tools, on the same inputs (issue 5).

    .venv/bin/python bench/compare.py [--synth-pages 2000] [--synth-dir DIR] [--seed 7]
        [--dateparser-sample 400] [--json /tmp/khobor-compare.json]

Inputs, in one run: the seed pages of `dataset/raw/` with their gold line labels
(`validation/gold/pages/`), and a synthetic sample written by `bench/synth.py` with its truth
(generated into `/tmp/khobor-compare-synth-N` unless `--synth-dir` holds one).

Body lines, per corpus (single process, wall time over the whole sample after a warm-up; a
sample under 200 pages, the seeds, is timed over repeats of itself):

* floor        `decode_page` + `split_lines`: what any annotator has to do first (the bound
               no annotator can beat); khobor's time is reported as a multiple of it
* khobor       `khobor.pages.extract.extract_page`; a line is body when labelled `body`
* jusText      `justext.justext` with its Bengali stoplist, each non-blank line one `<p>` of a
               minimal HTML document; a line is body when its paragraph is not boilerplate
* trafilatura  `trafilatura.extract` on the same minimal HTML (comments and tables off); a
               line is body when it is a line of the extracted text

Dates, on every `dateline` line of the gold/truth whose page has a timestamp:

* khobor       `khobor.text.dates.parse_dateline`: right when every timestamp it reads is the
               gold one (published/updated) and it reads at least one
* dateparser   `dateparser.parse(line, languages=["bn"])` (on a sample): right, leniently,
               when its one naive datetime equals either gold timestamp's wall-clock time;
               also given only the first date span of the line (found by khobor, cue words
               such as "প্রকাশ :" cut off), which is kinder to it
* khobor page  the assembled record's `published_at` against the page's truth (pages with one)

dateparser, jusText and trafilatura are bench-only dependencies (`pip install -e .[bench]`).
"""

from __future__ import annotations

import argparse
import html
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RAW_DIR = ROOT / "dataset" / "raw"
GOLD_DIR = ROOT / "validation" / "gold" / "pages"


@dataclass
class Page:
    source: str
    data: bytes
    lines: list[tuple[str, str]]  # (label, text), every non-blank line
    published_at: str | None
    updated_at: str | None


def seed_pages() -> list[Page]:
    pages = []
    for path in sorted(GOLD_DIR.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        expected = gold["expected"]
        pages.append(
            Page(
                gold["input"],
                (RAW_DIR / gold["input"]).read_bytes(),
                [(label, text) for label, text in gold["lines"]],
                expected.get("published_at"),
                expected.get("updated_at"),
            )
        )
    return pages


def synth_pages(count: int, seed: int, folder: Path | None) -> list[Page]:
    root = folder or Path(f"/tmp/khobor-compare-synth-{count}-{seed}")
    if not (root / "truth.jsonl").is_file():
        command = [sys.executable, str(ROOT / "bench" / "synth.py"), "--pages", str(count)]
        subprocess.run([*command, "--out", str(root), "--seed", str(seed)], check=True)
    pages = []
    with (root / "truth.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            truth = json.loads(line)
            pages.append(
                Page(
                    truth["source"],
                    (root / "pages" / truth["source"]).read_bytes(),
                    [(label, text) for label, text in truth["lines"]],
                    truth.get("published_at"),
                    truth.get("updated_at"),
                )
            )
            if len(pages) >= count:
                break
    return pages


def html_of_lines(text: str) -> str:
    """A minimal HTML document with every non-blank line as one paragraph."""
    paragraphs = "".join(
        f"<p>{html.escape(line.strip())}</p>\n" for line in text.split("\n") if line.strip()
    )
    return f"<html><head><meta charset='utf-8'></head><body>\n{paragraphs}</body></html>"


def _norm(text: str) -> str:
    return " ".join(text.split())


# --- the systems: page -> predicted body flag per gold line ----------------------------------


def khobor_system() -> Callable[[Page], list[bool]]:
    from khobor.contracts.records import RawPage
    from khobor.pages.extract import ExtractContext, extract_page, to_json

    ctx = ExtractContext()

    def run(page: Page) -> list[bool]:
        record = to_json(extract_page(RawPage(page.source, page.data), ctx))
        if "quarantine_reason" in record:
            return [False] * len(page.lines)
        labels = [line["label"] for line in record["lines"]]
        if len(labels) != len(page.lines):
            body = {_norm(line["text"]) for line in record["lines"] if line["label"] == "body"}
            return [_norm(text) in body for _, text in page.lines]
        return [label == "body" for label in labels]

    return run


def floor_system() -> Callable[[Page], object]:
    from khobor.pages.extract import split_lines
    from khobor.text.decode import decode_page

    def run(page: Page) -> object:
        decoded = decode_page(page.data)
        return split_lines(decoded.text) if hasattr(decoded, "text") else None

    return run


def justext_system() -> Callable[[Page], list[bool]]:
    import justext

    stoplist = justext.get_stoplist("Bengali")

    def run(page: Page) -> list[bool]:
        document = html_of_lines(page.data.decode("utf-8", "replace"))
        paragraphs = justext.justext(document, stoplist, encoding="utf-8")
        if len(paragraphs) == len(page.lines):
            return [not paragraph.is_boilerplate for paragraph in paragraphs]
        good = {_norm(p.text) for p in paragraphs if not p.is_boilerplate}
        return [_norm(text) in good for _, text in page.lines]

    return run


def trafilatura_system() -> Callable[[Page], list[bool]]:
    import trafilatura

    def run(page: Page) -> list[bool]:
        document = html_of_lines(page.data.decode("utf-8", "replace"))
        text = trafilatura.extract(document, include_comments=False, include_tables=False) or ""
        kept = {_norm(line) for line in text.split("\n") if line.strip()}
        return [_norm(line) in kept for _, line in page.lines]

    return run


@dataclass
class Score:
    pages: int = 0
    seconds: float = 0.0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def add(self, page: Page, predicted: list[bool]) -> None:
        for (label, _), body in zip(page.lines, predicted, strict=True):
            self.tp += label == "body" and body
            self.fp += label != "body" and body
            self.fn += label == "body" and not body

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def row(self) -> dict[str, Any]:
        p, r, f1 = self.prf()
        rate = self.pages / self.seconds if self.seconds else 0.0
        return {"pages": self.pages, "pages_per_s": round(rate, 1), "body_precision": round(p, 4),
                "body_recall": round(r, 4), "body_f1": round(f1, 4)} | self.extra  # fmt: skip


MIN_TIMED = 200  # a sample smaller than this is timed over repeats of itself


def timed(
    run: Callable[[Page], Any], pages: list[Page], warmup: int = 5
) -> tuple[list[Any], float]:
    """(results of one pass, seconds per pass): a small sample is repeated and averaged.
    khobor's line cache is cleared before every pass, so a repeated pass finds in it only
    what the pass itself put there (furniture lines shared by its pages)."""
    from khobor.annotate.lines import clear_line_cache

    for page in pages[:warmup]:
        run(page)
    repeats = max(1, -(-MIN_TIMED // max(1, len(pages))))
    clear_line_cache()
    started = time.perf_counter()
    for _ in range(repeats - 1):
        for page in pages:
            run(page)
        clear_line_cache()
    results = [run(page) for page in pages]
    return results, (time.perf_counter() - started) / repeats


def body_scores(pages: list[Page], samples: dict[str, int]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    _, floor_seconds = timed(floor_system(), pages)
    out["floor (decode + split lines)"] = {
        "pages": len(pages),
        "pages_per_s": round(len(pages) / floor_seconds, 1),
    }
    systems = {
        "khobor": khobor_system(),
        "jusText (bn stoplist)": justext_system(),
        "trafilatura": trafilatura_system(),
    }
    for name, run in systems.items():
        sample = pages[: samples.get(name, len(pages))]
        predictions, seconds = timed(run, sample)
        score = Score(len(sample), seconds)
        for page, predicted in zip(sample, predictions, strict=True):
            score.add(page, predicted)
        if name == "khobor":
            ratio = seconds / len(sample) / (floor_seconds / len(pages))
            score.extra["time_vs_floor"] = round(ratio, 2)
        out[name] = score.row()
    return out


# --- dates -----------------------------------------------------------------------------------


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def date_scores(pages: list[Page], dateparser_sample: int) -> dict[str, dict[str, Any]]:
    import dateparser

    from khobor.contracts.records import RawPage
    from khobor.pages.extract import ExtractContext, extract_page, to_json
    from khobor.text.dates import find_dates, parse_dateline

    cases = [
        (text, _moment(page.published_at), _moment(page.updated_at))
        for page in pages
        if page.published_at or page.updated_at
        for label, text in page.lines
        if label == "dateline"
    ]

    def khobor_right(case: tuple[str, datetime | None, datetime | None]) -> bool:
        got = parse_dateline(case[0])
        found = [(v, w) for v, w in ((got.published, case[1]), (got.updated, case[2])) if v]
        return bool(found) and all(value == want for value, want in found)

    started = time.perf_counter()
    khobor_hits = sum(khobor_right(case) for case in cases)
    khobor_seconds = time.perf_counter() - started

    sample = cases[:dateparser_sample]

    def dateparser_run(texts: list[str]) -> tuple[int, float]:
        started = time.perf_counter()
        parsed = [dateparser.parse(text, languages=["bn"]) for text in texts]
        seconds = time.perf_counter() - started
        hits = 0
        for (_, published, updated), value in zip(sample, parsed, strict=True):
            wanted = [w.replace(tzinfo=None) for w in (published, updated) if w is not None]
            hits += value is not None and value.replace(tzinfo=None) in wanted
        return hits, seconds

    dp_hits, dp_seconds = dateparser_run([text for text, _, _ in sample])
    spans = []
    for text, _, _ in sample:  # the first date span, located by khobor, cue words cut off
        found = find_dates(text)
        spans.append(text[found[0].start : found[0].end] if found else text)
    span_hits, span_seconds = dateparser_run(spans)

    ctx = ExtractContext()
    dated = [page for page in pages if page.published_at]
    page_hits = 0
    for page in dated:
        record = to_json(extract_page(RawPage(page.source, page.data), ctx))
        page_hits += record.get("published_at") == page.published_at
    return {
        "khobor parse_dateline": {
            "datelines": len(cases),
            "accuracy": round(khobor_hits / len(cases), 4) if cases else None,
            "lines_per_s": round(len(cases) / khobor_seconds, 1) if khobor_seconds else None,
        },
        'dateparser (languages=["bn"])': {
            "datelines": len(sample),
            "accuracy": round(dp_hits / len(sample), 4) if sample else None,
            "lines_per_s": round(len(sample) / dp_seconds, 1) if dp_seconds else None,
        },
        "dateparser, khobor's date span only": {
            "datelines": len(sample),
            "accuracy": round(span_hits / len(sample), 4) if sample else None,
            "lines_per_s": round(len(sample) / span_seconds, 1) if span_seconds else None,
        },
        "khobor record published_at (page)": {
            "pages": len(dated),
            "accuracy": round(page_hits / len(dated), 4) if dated else None,
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--synth-pages", type=int, default=2000)
    parser.add_argument("--synth-dir", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dateparser-sample", type=int, default=400)
    parser.add_argument("--justext-sample", type=int, default=1000)
    parser.add_argument("--trafilatura-sample", type=int, default=1000)
    parser.add_argument("--json", type=Path, default=Path("/tmp/khobor-compare.json"))
    args = parser.parse_args(argv)

    corpora = {
        "seeds (gold)": seed_pages(),
        f"synthetic ({args.synth_pages}, seed {args.seed})": synth_pages(
            args.synth_pages, args.seed, args.synth_dir
        ),
    }
    samples = {
        "jusText (bn stoplist)": args.justext_sample,
        "trafilatura": args.trafilatura_sample,
    }
    report: dict[str, Any] = {}
    for name, pages in corpora.items():
        report[name] = {
            "body": body_scores(pages, samples),
            "dates": date_scores(pages, args.dateparser_sample),
        }
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")

    for name, result in report.items():
        print(f"\n## {name}\n")
        print(f"| {'system':<30} | {'pages':>6} | {'pages/s':>9} | {'body P':>6} | {'R':>6} | "
              f"{'F1':>6} | note |")  # fmt: skip
        print(f"|{'-' * 32}|{'-' * 8}|{'-' * 11}|{'-' * 8}|{'-' * 8}|{'-' * 8}|------|")
        for system, row in result["body"].items():
            cells = [row.get(k) for k in ("body_precision", "body_recall", "body_f1")]
            shown = [f"{c:>6.3f}" if c is not None else f"{'-':>6}" for c in cells]
            note = f"{row['time_vs_floor']}x the floor's time" if "time_vs_floor" in row else ""
            print(f"| {system:<30} | {row['pages']:>6} | {row['pages_per_s']:>9,.0f} | "
                  f"{' | '.join(shown)} | {note} |")  # fmt: skip
        print(f"\n| {'dates':<36} | {'n':>6} | {'accuracy':>8} | {'per s':>9} |")
        print(f"|{'-' * 38}|{'-' * 8}|{'-' * 10}|{'-' * 11}|")
        for system, row in result["dates"].items():
            count = row.get("datelines", row.get("pages"))
            rate = row.get("lines_per_s")
            accuracy = row["accuracy"]
            print(f"| {system:<36} | {count:>6} | "
                  f"{accuracy if accuracy is None else f'{accuracy:.3f}':>8} | "
                  f"{'-' if rate is None else f'{rate:,.0f}':>9} |")  # fmt: skip
    print(f"\nJSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
