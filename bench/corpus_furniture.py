"""Corpus furniture (issue 13) on a synthetic corpus whose sites print invented furniture.

    .venv/bin/python bench/synth.py --pages 20000 --out DIR --invented-furniture 8
    .venv/bin/python bench/corpus_furniture.py --dir DIR [--limit N] [--no-sources]
        [--min-share 0.5] [--min-articles 20]

In one run, single process:

1. the floor: read + decode + split of every page;
2. the corpus pass (`khobor.corpus.furniture.FurnitureCounter`): pass 1 (sketch) and pass 2 (exact
   counts of the candidates), each reading, decoding and splitting the pages again;
3. every page annotated twice, without and with the corpus evidence of its site, and scored
   against `truth.jsonl` per synthetic site: line-label accuracy, body-line F1, the invented
   lines (truth `chrome`/`promo` printed by the site after the body) found as furniture, and
   the true body lines whose label changed (must be 0: the article sentences unchanged).

`--no-sources` hides `pages/sources.csv`, so sites come from printed signatures and menus
(`khobor.corpus.furniture.site_of`) instead of the URL. Since issue 23 a menu names no site: this
bench then finds signature sites only, and pages without one are grouped by the lines they
share in `khobor.corpus.furniture_learn.learn_index`, which this bench does not call
(`bench/site_groups_synth.py` measures the grouping on such a corpus).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import synth

from khobor.annotate import FurnitureLookup, label_page, line_info
from khobor.annotate.lines import clear_line_cache
from khobor.annotate.outlets import load_sources
from khobor.contracts.policy import FurnitureConfig
from khobor.corpus.furniture import (
    FurnitureCounter,
    FurnitureTally,
    page_keys,
    site_of,
)
from khobor.pages.extract import split_lines
from khobor.text.decode import DecodeFailure, decode_page


@dataclass(slots=True)
class SiteScore:
    pages: int = 0
    lines: int = 0
    hits_without: int = 0
    hits_with: int = 0
    tp: list[int] | None = None  # [without, with]
    fp: list[int] | None = None
    fn: list[int] | None = None
    invented: int = 0  # lines of the site's invented furniture printed
    invented_found: int = 0  # ... labelled not-body with the corpus pass
    invented_exact: int = 0  # ... labelled exactly as the truth (a promo comes out `chrome`)
    invented_body_without: int = 0  # ... labelled body without it
    body_changed: int = 0  # true body lines whose label changed

    def __post_init__(self) -> None:
        self.tp, self.fp, self.fn = [0, 0], [0, 0], [0, 0]


def read_truth(path: Path, limit: int | None) -> list[dict[str, Any]]:
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            out.append(json.loads(line))
            if limit is not None and len(out) >= limit:
                break
    return out


def texts_of(pages_dir: Path, source: str) -> list[str] | None:
    decoded = decode_page((pages_dir / source).read_bytes())
    return None if isinstance(decoded, DecodeFailure) else split_lines(decoded.text)


def all_texts(pages_dir: Path, truths: list[dict[str, Any]]) -> Iterator[tuple[str, list[str]]]:
    for truth in truths:
        texts = texts_of(pages_dir, truth["source"])
        if texts is not None:
            yield truth["source"], texts


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def invented_texts(seed: int, site: str) -> set[str]:
    """The lines `synth.invented_site` gave this site (`siteNN`)."""
    if not site.startswith("site"):
        return set()
    return {text for _, text, _ in synth.invented_site(seed, int(site[4:])).lines}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--no-sources", action="store_true")
    parser.add_argument("--min-share", type=float, default=FurnitureConfig().min_share)
    parser.add_argument("--min-articles", type=int, default=FurnitureConfig().min_articles)
    parser.add_argument("--seed", type=int, default=0, help="the seed synth.py wrote with")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    pages_dir = args.dir / "pages"
    truths = read_truth(args.dir / "truth.jsonl", args.limit)
    sources = {} if args.no_sources else load_sources(pages_dir)
    config = FurnitureConfig(args.min_share, args.min_articles)

    # 1. the floor
    started = time.perf_counter()
    for _ in all_texts(pages_dir, truths):
        pass
    floor = time.perf_counter() - started

    # 2. the corpus pass, two streaming passes
    clear_line_cache()
    counter = FurnitureCounter(config)
    started = time.perf_counter()
    for source, texts in all_texts(pages_dir, truths):
        counter.observe(page_keys(source, texts, sources))
    counter.start_counting()
    pass1 = time.perf_counter() - started
    clear_line_cache()
    started = time.perf_counter()
    for source, texts in all_texts(pages_dir, truths):
        counter.count(page_keys(source, texts, sources))
    index = counter.index()
    pass2 = time.perf_counter() - started

    # 3. annotate without and with, score per synthetic site
    scores: dict[str, SiteScore] = defaultdict(SiteScore)
    tally = FurnitureTally()
    learned: dict[str, str] = {}
    for truth in truths:
        texts = texts_of(pages_dir, truth["source"])
        if texts is None:
            continue
        site = truth["layout"].rpartition("@")[2] or "?"
        infos = [line_info(t) for t in texts]
        found_site = site_of(truth["source"], infos, sources)
        learned.setdefault(site, str(found_site))
        lookup: FurnitureLookup = index.lookup_for(found_site)
        without = label_page(infos)
        with_corpus = label_page(infos, furniture=lookup)
        tally.add(found_site, texts, with_corpus, lookup)
        gold = truth["lines"]
        if [t for _, t in gold] != texts:
            raise SystemExit(f"{truth['source']}: truth lines differ from the page's lines")
        score = scores[site]
        score.pages += 1
        score.lines += len(gold)
        invented = invented_texts(args.seed, site)
        for (want, text), got0, got1 in zip(gold, without, with_corpus, strict=True):
            score.hits_without += want == got0
            score.hits_with += want == got1
            for k, got in enumerate((got0, got1)):
                assert score.tp is not None and score.fp is not None and score.fn is not None
                score.tp[k] += want == "body" and got == "body"
                score.fp[k] += want != "body" and got == "body"
                score.fn[k] += want == "body" and got != "body"
            if want == "body" and got0 != got1:
                score.body_changed += 1
            if text in invented:
                score.invented += 1
                score.invented_found += got1 != "body"
                score.invented_exact += got1 == want
                score.invented_body_without += got0 == "body"

    pages = sum(s.pages for s in scores.values())
    print(
        f"{pages} pages, {len(index.sites)} sites found, thresholds: share >= "
        f"{config.min_share}, articles >= {config.min_articles}; "
        f"sites from {'signatures and menus' if args.no_sources else 'sources.csv URLs'}"
    )
    header = (
        f"{'site':8} {'found as':26} {'pages':>6} {'art.':>6} {'furn':>4} "
        f"{'acc w/o':>8} {'acc with':>8} {'bodyF1 w/o':>10} {'bodyF1 with':>11} "
        f"{'invented found':>15} {'body chg':>8}"
    )
    print(header)
    rows = []
    for site in sorted(scores):
        s = scores[site]
        assert s.tp is not None and s.fp is not None and s.fn is not None
        found = index.sites.get(learned[site])
        row = {
            "site": site,
            "found_as": learned[site],
            "pages": s.pages,
            "articles": found.articles if found else 0,
            "furniture_lines": len(found.lines) if found else 0,
            "accuracy_without": s.hits_without / s.lines if s.lines else 0.0,
            "accuracy_with": s.hits_with / s.lines if s.lines else 0.0,
            "body_f1_without": f1(s.tp[0], s.fp[0], s.fn[0]),
            "body_f1_with": f1(s.tp[1], s.fp[1], s.fn[1]),
            "invented": s.invented,
            "invented_found": s.invented_found,
            "invented_exact": s.invented_exact,
            "invented_body_without": s.invented_body_without,
            "body_changed": s.body_changed,
        }
        rows.append(row)
        print(
            f"{site:8} {row['found_as'][:26]:26} {s.pages:6d} {row['articles']:6d} "
            f"{row['furniture_lines']:4d} {row['accuracy_without']:8.4f} "
            f"{row['accuracy_with']:8.4f} {row['body_f1_without']:10.4f} "
            f"{row['body_f1_with']:11.4f} {s.invented_found:7d}/{s.invented:<7d} "
            f"{s.body_changed:8d}"
        )
    total_lines = sum(s.lines for s in scores.values())
    acc0 = sum(s.hits_without for s in scores.values()) / total_lines
    acc1 = sum(s.hits_with for s in scores.values()) / total_lines
    body_changed = sum(s.body_changed for s in scores.values())
    invented = sum(s.invented for s in scores.values())
    print(
        f"all: line accuracy {acc0:.4f} -> {acc1:.4f}; invented lines labelled body without the "
        f"pass {sum(s.invented_body_without for s in scores.values())}/{invented}, found with "
        f"it {sum(s.invented_found for s in scores.values())}/{invented} (with their exact truth "
        f"label {sum(s.invented_exact for s in scores.values())}: a promo comes out chrome); "
        f"true body lines changed {body_changed}"
    )
    print(
        f"time: floor (read + decode + split) {floor:.1f} s; corpus pass 1 {pass1:.1f} s, "
        f"pass 2 {pass2:.1f} s (each includes its own read + decode + split) = "
        f"{(pass1 + pass2) / floor:.2f} x the floor; "
        f"{pages / (pass1 + pass2):,.0f} pages/s; candidates counted exactly {counter.candidates}"
    )
    print("tally (what the build summary would say):")
    for name, counts in tally.to_json().items():
        print(f"  {name}: {counts}")
    # lines are known by hash (`khobor.corpus.furniture.line_hash`)
    for name in sorted(index.sites):
        for line, n in index.sites[name].lines.items():
            print(f"  {name}: {n}/{index.sites[name].articles}  line {line:016x}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "sites": rows,
                    "tally": tally.to_json(),
                    "floor_s": floor,
                    "pass1_s": pass1,
                    "pass2_s": pass2,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
