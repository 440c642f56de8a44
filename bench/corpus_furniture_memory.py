"""Memory of the corpus pass (`khobor.corpus.furniture.FurnitureCounter`) at 100k and 1M pages.

    .venv/bin/python bench/corpus_furniture_memory.py --pages 100000 1000000 [--base 20000]
        [--sites 8] [--min-articles 20]

Real pages cost ~2 ms each to generate and key, so a million of them would take an hour a pass.
Instead, `--base` pages are made by `bench/synth.py` (with invented-furniture sites) and keyed
once (`khobor.corpus.furniture.page_keys`); page i of the measured corpus replays base page
i mod base with every key printed by only one base page made unique to page i (its body
sentences, its own headlines), the keys several base pages share kept (menus, the site's
furniture, list headers), and its own cluster. So the corpus has the base's share of furniture
and ~N × (unique keys a page) distinct lines, as a real corpus of N pages would.

Measured with `tracemalloc` (numpy reports its arrays to it): the peak of traced memory over
both passes and the index, beside the size of each structure.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import synth

from khobor.contracts.policy import FurnitureConfig
from khobor.corpus.furniture import FurnitureCounter, PageKeys, page_keys
from khobor.pages.extract import split_lines


def base_pages(n: int, sites: int, seed: int) -> list[PageKeys]:
    out = []
    for index in range(n):
        page = synth.make_page(seed, index, synth.LAYOUT_NAMES, sites)
        url = synth.site_url(seed, index, sites)
        source = synth.source_of(index)
        out.append(page_keys(source, split_lines(page.render()), {source: url}))
    return out


def shared_keys(base: list[PageKeys]) -> frozenset[str]:
    """Keys printed by more than one base page."""
    counts = Counter(key for page in base for key in page.keys)
    return frozenset(key for key, n in counts.items() if n > 1)


def replay(base: list[PageKeys], shared: frozenset[str], n: int) -> Iterator[PageKeys]:
    for i in range(n):
        page = base[i % len(base)]
        if i < len(base):
            yield page
            continue
        keys = tuple(k if k in shared else f"{k} {i}" for k in page.keys)
        cluster = hash((page.cluster, i)) & ((1 << 64) - 1)
        yield PageKeys(f"{i}.txt", page.site, cluster, keys)


def measure(base: list[PageKeys], n: int, config: FurnitureConfig) -> dict[str, float]:
    shared = shared_keys(base)  # the bench's own state: made before tracing starts
    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    counter = FurnitureCounter(config)
    for page in replay(base, shared, n):
        counter.observe(page)
    pass1_peak = tracemalloc.get_traced_memory()[1]
    counter.start_counting()
    for page in replay(base, shared, n):
        counter.count(page)
    index = counter.index()
    seconds = time.perf_counter() - started
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "pages": n,
        "peak_mb": peak / 1e6,
        "pass1_peak_mb": pass1_peak / 1e6,
        "after_mb": current / 1e6,
        "sketch_mb": counter.sketch.nbytes / 1e6,
        "candidates": counter.candidates,
        "furniture_lines": sum(len(s.lines) for s in index.sites.values()),
        "seconds": seconds,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--base", type=int, default=20_000)
    parser.add_argument("--sites", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--min-articles", type=int, default=FurnitureConfig().min_articles)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    base = base_pages(args.base, args.sites, args.seed)
    keys = sum(len(p.keys) for p in base)
    print(
        f"base: {args.base} synthetic pages, {keys / args.base:.1f} keys a page, keyed in "
        f"{time.perf_counter() - started:.0f} s"
    )
    config = FurnitureConfig(min_articles=args.min_articles)
    print(
        f"{'pages':>9} {'peak MB':>8} {'pass 1':>8} {'kept':>8} {'sketch':>7} "
        f"{'cand.':>6} {'furn.':>6} {'s':>6}"
    )
    for n in args.pages:
        row = measure(base, n, config)
        print(
            f"{n:9d} {row['peak_mb']:8.1f} {row['pass1_peak_mb']:8.1f} {row['after_mb']:8.1f} "
            f"{row['sketch_mb']:7.1f} {row['candidates']:6d} {row['furniture_lines']:6d} "
            f"{row['seconds']:6.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
