"""Benchmark of khobor's extract core against dateparser, jusText and the decode floor (issue 2).

    .venv/bin/python bench/extract_speed.py [--pages 10000] [--dateparser-sample 500]
        [--justext-sample 2000]

The five seed pages of `dataset/raw/` are repeated to `--pages` pages, in memory. Every figure
is the best of three timed runs after a warm-up, measured with `time.perf_counter`:

* extract     `khobor.pages.extract.extract_page` (decode + normalize + annotate + assemble), the
              annotator's line cache cleared before every page (the pages are five seeds repeated)
* floor       `decode_page` + `split_lines`: what any extractor has to do before it can think
* bare        `bytes.decode("utf-8")` + `str.split("\\n")`, for reference
* jusText     `justext.justext` with its Bengali stoplist, each non-blank line a `<p>` of a
              minimal HTML document (jusText needs HTML), on a sample of the pages
* datelines   the pages' dateline strings (the lines labelled `dateline` in
              `validation/gold/pages/`): `khobor.text.dates.parse_dateline` on all of them against
              `dateparser.parse(..., languages=["bn"])` on a sample, with accuracy against the
              gold timestamps.

dateparser and jusText are bench-only dependencies (`pip install -e .[bench]`).
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = ROOT / "dataset" / "raw"
GOLD_DIR = ROOT / "validation" / "gold" / "pages"
REPEATS = 3

# Targets of issue 2.
MIN_DATES_SPEEDUP = 100.0
MIN_JUSTEXT_SPEEDUP = 10.0
MAX_FLOOR_RATIO = 5.0


@dataclass(frozen=True, slots=True)
class Rate:
    name: str
    items: int
    seconds: float  # best of REPEATS
    unit: str

    @property
    def per_second(self) -> float:
        return self.items / self.seconds if self.seconds > 0 else float("inf")


def best_of(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def measure(
    name: str, unit: str, items: Sequence[Any], each: Callable[[Any], object], warmup: int = 50
) -> Rate:
    for item in items[:warmup]:
        each(item)

    def run() -> None:
        for item in items:
            each(item)

    return Rate(name, len(items), best_of(run), unit)


# ---------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True, slots=True)
class DatelineCase:
    text: str
    published: datetime | None
    updated: datetime | None


def load_seeds() -> list[tuple[str, bytes]]:
    seeds = [(p.name, p.read_bytes()) for p in sorted(RAW_DIR.glob("*.txt"))]
    if not seeds:
        sys.exit(f"{RAW_DIR}: no seed pages (*.txt) found")
    return seeds


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def load_dateline_cases() -> dict[str, list[DatelineCase]]:
    """Seed file name → its gold dateline lines with the page's gold timestamps."""
    cases: dict[str, list[DatelineCase]] = {}
    for path in sorted(GOLD_DIR.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        expected = gold["expected"]
        cases[gold["input"]] = [
            DatelineCase(text, _moment(expected["published_at"]), _moment(expected["updated_at"]))
            for label, text in gold["lines"]
            if label == "dateline"
        ]
    return cases


def html_of_lines(text: str) -> bytes:
    """A minimal HTML document with every non-blank line as one paragraph."""
    paragraphs = "".join(
        f"<p>{html.escape(line.strip())}</p>\n" for line in text.split("\n") if line.strip()
    )
    return f"<html><head><meta charset='utf-8'></head><body>\n{paragraphs}</body></html>".encode()


# ---------------------------------------------------------------------------------------------
# Accuracy


def khobor_dateline_right(case: DatelineCase, parse: Callable[[str], Any]) -> bool:
    """Every timestamp khobor reads must equal the gold's, and it must read at least one."""
    got = parse(case.text)
    found = [(got.published, case.published), (got.updated, case.updated)]
    found = [(value, want) for value, want in found if value is not None]
    return bool(found) and all(value == want for value, want in found)


def dateparser_right(case: DatelineCase, value: datetime | None) -> bool:
    """Lenient: dateparser returns one naive datetime; it counts if it is either gold time."""
    if value is None:
        return False
    wanted = [w.replace(tzinfo=None) for w in (case.published, case.updated) if w is not None]
    return value.replace(tzinfo=None) in wanted


# ---------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10_000, help="pages in memory (seeds x N)")
    parser.add_argument("--dateparser-sample", type=int, default=500, help="datelines")
    parser.add_argument("--justext-sample", type=int, default=1_000, help="pages")
    args = parser.parse_args(argv)

    import dateparser
    import justext

    from khobor.annotate.lines import clear_line_cache
    from khobor.contracts.records import Article, RawPage
    from khobor.pages.extract import ExtractContext, extract_page, split_lines
    from khobor.text.dates import find_dates, parse_dateline
    from khobor.text.decode import decode_page

    seeds = load_seeds()
    pages = [RawPage(f"{i:07d}_{seeds[i % len(seeds)][0]}", seeds[i % len(seeds)][1])
             for i in range(args.pages)]  # fmt: skip
    total_bytes = sum(len(p.data) for p in pages)
    ctx = ExtractContext()
    articles = sum(isinstance(extract_page(RawPage(n, d), ctx), Article) for n, d in seeds)

    by_seed = load_dateline_cases()
    datelines = [
        case for i in range(args.pages) for case in by_seed.get(seeds[i % len(seeds)][0], [])
    ]
    if not datelines:
        sys.exit(f"{GOLD_DIR}: no gold dateline lines for the seeds")
    dp_sample = datelines[: args.dateparser_sample]
    jt_sample = pages[: args.justext_sample]
    # dateparser given only the first date span (located by khobor), cue words cut off.
    spans = {}
    for case in datelines:
        if case.text not in spans:
            found = find_dates(case.text)
            spans[case.text] = case.text[found[0].start : found[0].end] if found else case.text
    stoplist_name = "Bengali" if "Bengali" in justext.get_stoplists() else "English"
    stoplist = justext.get_stoplist(stoplist_name)

    def bare(page: RawPage) -> object:
        return page.data.decode("utf-8").split("\n")

    def floor(page: RawPage) -> object:
        decoded = decode_page(page.data)
        return split_lines(decoded.text) if hasattr(decoded, "text") else None

    def extract(page: RawPage) -> object:
        # the run repeats five pages: without this, every copy after the first would find its
        # lines' features in the annotator's cache, which a corpus of distinct pages does not
        clear_line_cache()
        return extract_page(page, ctx)

    def jt(page: RawPage) -> object:
        return justext.justext(html_of_lines(page.data.decode("utf-8")), stoplist, encoding="utf-8")

    def dp(case: DatelineCase) -> object:
        return dateparser.parse(case.text, languages=["bn"])

    def dp_span(case: DatelineCase) -> object:
        return dateparser.parse(spans[case.text], languages=["bn"])

    def kd(case: DatelineCase) -> object:
        return parse_dateline(case.text)

    started = time.perf_counter()
    r_bare = measure("bytes.decode + str.split (bare)", "pages", pages, bare)
    r_floor = measure("decode_page + split_lines (floor)", "pages", pages, floor)
    r_extract = measure("khobor extract_page", "pages", pages, extract)
    r_justext = measure(f"jusText ({stoplist_name} stoplist)", "pages", jt_sample, jt, warmup=10)
    r_kd = measure("khobor parse_dateline", "datelines", datelines, kd)
    r_dp = measure('dateparser.parse(languages=["bn"])', "datelines", dp_sample, dp, warmup=10)
    r_dps = measure("dateparser, date span only", "datelines", dp_sample, dp_span, warmup=10)
    elapsed = time.perf_counter() - started

    # Accuracy over the distinct strings, weighted by how often they occur in the run.
    kd_right = sum(khobor_dateline_right(c, parse_dateline) for c in datelines)
    dp_cache: dict[str, datetime | None] = {}
    for case in datelines:
        if case.text not in dp_cache:
            dp_cache[case.text] = dateparser.parse(case.text, languages=["bn"])
    dp_right = sum(dateparser_right(c, dp_cache[c.text]) for c in datelines)
    span_cache = {text: dateparser.parse(span, languages=["bn"]) for text, span in spans.items()}
    dps_right = sum(dateparser_right(c, span_cache[c.text]) for c in datelines)

    print(
        f"khobor extract benchmark: {args.pages} pages ({len(seeds)} seeds repeated, "
        f"{total_bytes / 1e6:.1f} MB), {len(datelines)} dateline strings; "
        f"best of {REPEATS} after warm-up; seeds giving a record: {articles}/{len(seeds)}"
    )
    print()
    print(f"{'step':<44}{'items':>8}{'best s':>10}{'rate /s':>13}  unit")
    for r in (r_bare, r_floor, r_extract, r_justext, r_kd, r_dp, r_dps):
        print(f"{r.name:<44}{r.items:>8}{r.seconds:>10.4f}{r.per_second:>13,.0f}  {r.unit}/s")
    print()
    print("dateline accuracy (right datetime, against validation/gold):")
    print(f"  khobor parse_dateline  {kd_right:>6}/{len(datelines)}")
    print(f"  dateparser (bn)        {dp_right:>6}/{len(datelines)}  (either gold time counts)")
    print(f"  dateparser, span only  {dps_right:>6}/{len(datelines)}")
    for text, value in dp_cache.items():
        print(f"    dateparser({text!r}) -> {value}")
        print(f"    dateparser({spans[text]!r}) -> {span_cache[text]}")
    print()
    dates_x = r_kd.per_second / r_dp.per_second
    span_x = r_kd.per_second / r_dps.per_second
    justext_x = r_extract.per_second / r_justext.per_second
    floor_x = r_floor.per_second / r_extract.per_second
    rows = [
        ("dates: parse_dateline vs dateparser", dates_x, f">= {MIN_DATES_SPEEDUP:.0f}x faster",
         dates_x >= MIN_DATES_SPEEDUP),
        ("dates: parse_dateline vs dateparser(span)", span_x,
         f">= {MIN_DATES_SPEEDUP:.0f}x faster", span_x >= MIN_DATES_SPEEDUP),
        ("pages: extract_page vs jusText", justext_x, f">= {MIN_JUSTEXT_SPEEDUP:.0f}x faster",
         justext_x >= MIN_JUSTEXT_SPEEDUP),
        ("extract time vs floor", floor_x, f"<= {MAX_FLOOR_RATIO:.0f}x the floor",
         floor_x <= MAX_FLOOR_RATIO),
        ("(floor vs bare decode+split)", r_bare.per_second / r_floor.per_second, "-", None),
    ]  # fmt: skip
    print(f"{'ratio':<44}{'value':>10}  {'target':<20}met")
    for name, value, target, met in rows:
        verdict = "-" if met is None else ("yes" if met else "NO")
        print(f"{name:<44}{value:>9.1f}x  {target:<20}{verdict}")
    print(f"\ntimed sections took {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
