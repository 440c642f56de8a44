"""Speed of the date parser, this tree beside another one, in one run (issue 20).

    .venv/bin/python bench/dates_speed.py [--old /tmp/wt-main-dates] [--rounds 7] [--repeat 20]

Inputs: every line of the seed pages (`dataset/raw/*.txt`) and of the layout zoo
(`tests/layouts/*.txt`) that holds a digit (the annotator only calls `find_dates` on such
lines), and among them the lines where dates are found (datelines and body lines with a date).

Timed, per tree (seconds per pass over the inputs, best of `--rounds`; each pass runs the
inputs `--repeat` times):

* find_dates       `find_dates(line)` on every line with a digit
* parse_dateline   `parse_dateline(line)` on every line with a date (fast path or general path)
* dateline+dates   `parse_dateline(line, dates)` with the dates already found (what `assemble`
                   does with the annotator's cached `find_dates`)
* ... zone=Kolkata the two `parse_dateline` figures again reading in India time (new tree only)

Each tree runs in its own interpreter (both are the package `khobor`), and the rounds
alternate between the trees, so that the machine's load falls on both alike.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORKER = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from khobor.text import dates
root, repeat = Path(sys.argv[2]), int(sys.argv[3])
texts = [p.read_text(encoding="utf-8") for p in sorted((root / "dataset" / "raw").glob("*.txt"))]
texts += [p.read_text(encoding="utf-8") for p in sorted((root / "tests" / "layouts").glob("*.txt"))]
digits = set("0123456789০১২৩৪৫৬৭৮৯")
lines = [l for t in texts for l in t.split("\n") if l.strip() and not digits.isdisjoint(l)]
found = [(l, dates.find_dates(l)) for l in lines]
dated = [(l, d) for l, d in found if d]
zoned = hasattr(dates, "KOLKATA") or "zone" in dates.parse_dateline.__code__.co_varnames
if zoned:
    from khobor.contracts.timezone import KOLKATA

def timed(fn):
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return time.perf_counter() - start

out = {
    "lines": len(lines),
    "dated": len(dated),
    "find_dates": timed(lambda: [dates.find_dates(l) for l in lines]),
    "parse_dateline": timed(lambda: [dates.parse_dateline(l) for l, _ in dated]),
    "dateline+dates": timed(lambda: [dates.parse_dateline(l, d) for l, d in dated]),
}
if zoned:
    out["parse_dateline zone=Kolkata"] = timed(
        lambda: [dates.parse_dateline(l, zone=KOLKATA) for l, _ in dated])
    out["dateline+dates zone=Kolkata"] = timed(
        lambda: [dates.parse_dateline(l, d, zone=KOLKATA) for l, d in dated])
print(json.dumps(out))
"""


def run(tree: Path, repeat: int) -> dict[str, float]:
    # the inputs are this tree's seeds and layouts, for both trees: the same lines are timed
    args = [sys.executable, "-c", WORKER, str(tree), str(ROOT), str(repeat)]
    done = subprocess.run(args, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", type=Path, default=Path("/tmp/wt-main-dates"))
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    trees = {"old": args.old.resolve(), "new": ROOT}
    best: dict[str, dict[str, float]] = {name: {} for name in trees}
    for _ in range(args.rounds):
        for name, tree in trees.items():
            for key, value in run(tree, args.repeat).items():
                best[name][key] = min(best[name].get(key, value), value)
    old, new = best["old"], best["new"]
    print(f"inputs: {int(new['lines'])} lines with a digit, {int(new['dated'])} with a date")
    print(f"old tree: {trees['old']}   new tree: {trees['new']}")
    print(f"best of {args.rounds} rounds, {args.repeat} passes each; ms per pass over the inputs")
    print(f"{'':30} {'old':>9} {'new':>9} {'new/old':>8}")
    for key in new:
        if key in ("lines", "dated"):
            continue
        o, n = old.get(key), new[key]
        ratio = f"{n / o:8.3f}" if o else f"{'':8}"
        o_ms = f"{1000 * o / args.repeat:9.3f}" if o else f"{'-':>9}"
        print(f"{key:30} {o_ms} {1000 * n / args.repeat:9.3f} {ratio}")


if __name__ == "__main__":
    main()
