"""Extract speed of two source trees of khobor, side by side in one run (old vs new).

    .venv/bin/python -S bench/extract_trees.py --old /tmp/old-khobor --new . --pages DIR \
        [--rounds 5] [--limit N]

`-S` keeps Python from running the virtual environment's `.pth` files, so the editable install
cannot shadow the tree asked for; the environment's site-packages are put on the path by hand.
Each round runs `khobor.extract.extract_page` over the same pages (read into memory first) in
a fresh process per tree, old and new alternated, the annotator's line cache cleared before
every page (a corpus's pages are read once each). The time is the process's CPU time, which
other work on a shared machine disturbs less than the wall clock. Prints each round's pages
per CPU second and the median ratio new/old of the time per page.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import sysconfig
from pathlib import Path

_WORKER = r"""
import json, sys, time
from pathlib import Path
sys.path[:0] = [{code!r}, {site!r}]
from khobor.annotate.lines import clear_line_cache
from khobor.extract import ExtractContext, extract_page
from khobor.records import RawPage
files = json.loads(sys.stdin.read())
pages = [RawPage(name, Path(name).read_bytes()) for name in files]
ctx = ExtractContext()
for page in pages[:50]:
    extract_page(page, ctx)
import khobor
print(khobor.__file__, file=sys.stderr)
start = time.process_time()
for page in pages:
    clear_line_cache()
    extract_page(page, ctx)
print(time.process_time() - start)
"""


def _time(code: Path, files: list[str]) -> float:
    """CPU seconds of one fresh process extracting `files` with the tree at `code`."""
    site = sysconfig.get_paths()["purelib"]
    script = _WORKER.format(code=str(code.resolve()), site=site)
    done = subprocess.run(
        [sys.executable, "-S", "-c", script],
        input=json.dumps(files),
        capture_output=True,
        text=True,
        check=True,
    )
    if not done.stderr.startswith(str(code.resolve())):
        raise SystemExit(f"{code}: imported {done.stderr.strip()} instead")
    return float(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", type=Path, required=True, help="the old tree's root")
    parser.add_argument("--new", type=Path, required=True, help="the new tree's root")
    parser.add_argument("--pages", type=Path, required=True, help="a folder of *.txt pages")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args(argv)
    files = sorted(str(p) for p in args.pages.rglob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    ratios = []
    for round_number in range(1, args.rounds + 1):
        old = _time(args.old, files)
        new = _time(args.new, files)
        ratios.append(new / old)
        print(
            f"round {round_number}: old {len(files) / old:,.0f} pages/s, "
            f"new {len(files) / new:,.0f} pages/s, new/old time {new / old:.3f}"
        )
    print(f"{len(files)} pages, median new/old time per page: {statistics.median(ratios):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
