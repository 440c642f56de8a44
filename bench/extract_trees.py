"""Extract speed of two source trees of khobor, side by side in one run (old vs new).

    .venv/bin/python -S bench/extract_trees.py --old /tmp/old-khobor --new . --pages DIR \
        [--rounds 5] [--limit N] [--instructions]

`-S` keeps Python from running the virtual environment's `.pth` files, so the editable install
cannot shadow the tree asked for; the environment's site-packages are put on the path by hand.
Each round runs `khobor.pages.extract.extract_page` (`khobor.extract` in trees from before the
house move) over the same pages (read into memory first) in a fresh process per tree, old and
new alternated, the annotator's line cache cleared before every page (a corpus's pages are read
once each), the garbage collector's threshold as the build's workers set it. The time is the
process's CPU time, which other work on a shared machine disturbs less than the wall clock.
Prints each round's pages per CPU second and the median ratio new/old of the time per page.

With `--instructions` each tree is run once under `valgrind --tool=callgrind` instead, which
counts the instructions executed: the same count for the same code and pages whatever else the
machine is doing. A tree's count is that of extracting the pages minus that of a run which
imports everything and extracts none (the start-up), per page.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

_WORKER = r"""
import gc, json, sys, time
from pathlib import Path
gc.set_threshold(50_000, 20, 100)  # as the build's pass-1 workers set it
sys.path[:0] = [{code!r}, {site!r}]
from khobor.annotate.lines import clear_line_cache
try:
    from khobor.pages.extract import ExtractContext, extract_page
    from khobor.contracts.records import RawPage
except ImportError:  # a tree from before the house move (9ce371b and older): the flat modules
    from khobor.extract import ExtractContext, extract_page
    from khobor.records import RawPage
warm, files = json.loads(sys.stdin.read())
pages = [RawPage(name, Path(name).read_bytes()) for name in files]
ctx = ExtractContext()
for name in warm:  # first use: lazily compiled patterns, caches
    extract_page(RawPage(name, Path(name).read_bytes()), ctx)
import khobor
print(khobor.__file__, file=sys.stderr)
start = time.process_time()
for page in pages:
    clear_line_cache()
    extract_page(page, ctx)
print(time.process_time() - start)
"""


WARM_PAGES = 20
# The virtual environment's packages (under -S, `sys.prefix` is the base interpreter's).
_SITE_PACKAGES = (
    Path(sys.executable).parent.parent
    / "lib"
    / f"python{sys.version_info.major}.{sys.version_info.minor}"
    / "site-packages"
)


def _run(code: Path, files: list[str], prefix: list[str], warm: list[str]) -> str:
    site = str(_SITE_PACKAGES)
    script = _WORKER.format(code=str(code.resolve()), site=site)
    done = subprocess.run(
        [*prefix, sys.executable, "-S", "-c", script],
        input=json.dumps([warm, files]),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"{code}: the worker failed:\n{done.stderr[-3000:]}")
    if str(code.resolve()) + "/khobor/__init__.py" not in done.stderr:
        raise SystemExit(f"{code}: imported another khobor: {done.stderr.strip()[:200]}")
    return done.stdout


def _time(code: Path, files: list[str]) -> float:
    """CPU seconds of one fresh process extracting `files` with the tree at `code`."""
    return float(_run(code, files, [], files[:WARM_PAGES]).strip().splitlines()[-1])


def _instructions(code: Path, files: list[str]) -> float:
    """Instructions a page for the tree at `code`: a run over `files` minus one over none,
    both after the same warm-up pages."""
    warm = files[:WARM_PAGES]

    def count(pages: list[str]) -> int:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "callgrind.out"
            valgrind = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"]
            _run(code, pages, valgrind, warm)
            totals = [line for line in out.read_text().splitlines() if line.startswith("totals:")]
            return int(totals[-1].split()[1])

    return (count(files) - count([])) / len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", type=Path, required=True, help="the old tree's root")
    parser.add_argument("--new", type=Path, required=True, help="the new tree's root")
    parser.add_argument("--pages", type=Path, required=True, help="a folder of *.txt pages")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--instructions", action="store_true", help="count, under callgrind")
    args = parser.parse_args(argv)
    files = sorted(str(p) for p in args.pages.rglob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    if args.instructions:
        old, new = _instructions(args.old, files), _instructions(args.new, files)
        print(
            f"{len(files)} pages: old {old:,.0f} instructions a page, new {new:,.0f}, "
            f"new/old {new / old:.3f}"
        )
        return 0
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
