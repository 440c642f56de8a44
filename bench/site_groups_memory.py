"""Grouping pages without a known site (`khobor.corpus.site_groups.SiteGrouper`) at scale: time and
peak memory of the grouping alone, on invented line hashes (issue 23).

    .venv/bin/python bench/site_groups_memory.py [--pages 1000000] [--sites 500]

Every page is of one of `--sites` sites; a site prints one of two templates (12 frequent
lines each, 8 of them shared by both), a few lines every site prints (share, print, comment),
and 25 lines of its own article. Prints the time of each pass, the groups found against the
sites, and the process's peak RSS (`getrusage`).
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np

from khobor.corpus.site_groups import SiteGrouper


def page_lines(rng: np.random.Generator, site: int, template: int) -> bytes:
    base = np.uint64(site) << np.uint64(20)
    own = np.arange(8, dtype=np.uint64) + base
    variant = np.arange(4, dtype=np.uint64) + base + np.uint64(100 + 10 * template)
    common = np.array([1, 2, 3], dtype=np.uint64) << np.uint64(60)
    article = rng.integers(1 << 62, 1 << 63, size=25, dtype=np.uint64)
    return np.concatenate([own, variant, common, article]).astype("<u8").tobytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1_000_000)
    parser.add_argument("--sites", type=int, default=500)
    args = parser.parse_args()
    rng = np.random.default_rng(23)
    sites = rng.integers(0, args.sites, size=args.pages)
    templates = rng.integers(0, 2, size=args.pages)
    grouper = SiteGrouper()
    start = time.perf_counter()
    for n in range(args.pages):
        grouper.add_lines(page_lines(rng, int(sites[n]), int(templates[n])))
    grouper.freeze()
    counted = time.perf_counter()
    rng = np.random.default_rng(23)  # the same pages again (pass 2 reads them again)
    rng.integers(0, args.sites, size=args.pages)
    rng.integers(0, 2, size=args.pages)
    for n in range(args.pages):
        grouper.add_page(n + 1, page_lines(rng, int(sites[n]), int(templates[n])))
    signed = time.perf_counter()
    groups = grouper.groups()
    done = time.perf_counter()
    by_group: dict[int, set[int]] = {}
    for source, group in zip(groups.sources.tolist(), groups.groups.tolist(), strict=True):
        by_group.setdefault(group, set()).add(int(sites[source - 1]))
    mixed = sum(len(found) > 1 for found in by_group.values())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{args.pages:,} pages of {args.sites} sites (two templates each): lines counted "
        f"{counted - start:.1f} s, signed {signed - counted:.1f} s, grouped {done - signed:.1f} s; "
        f"{len(groups):,} pages in {groups.count():,} groups ({mixed} holding pages of more than "
        f"one site); peak RSS {peak:,.0f} MiB"
    )


if __name__ == "__main__":
    main()
