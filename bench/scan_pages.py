"""What the personal-data recognizers and the language check find on folders of raw pages.

    .venv/bin/python bench/scan_pages.py DIR [DIR ...] [--show]

Per folder: pages read, pages `decode` refuses and why (`other_language` above all: a Bengali
page refused is a false positive), pages with a sign of Assamese and their verdicts, and per
kind of personal data the findings and the pages that hold them, over every line of every
page (page furniture included: footers carry contact details). `--show` prints each finding
and each language verdict with its file and line (for checking by hand; the page text is
third-party: keep it out of any file committed).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from khobor.contracts.records import Reason  # noqa: E402
from khobor.text.decode import DecodeFailure, decode_page  # noqa: E402
from khobor.text.language import page_language  # noqa: E402
from khobor.text.personal_data import _DIGIT_RE, KINDS, find_personal_data  # noqa: E402


def scan(folder: Path, show: bool) -> None:
    pages = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() == ".txt")
    refused: Counter[str] = Counter()
    found: Counter[str] = Counter()
    holders: dict[str, set[str]] = {str(kind): set() for kind in KINDS}
    signs = verdicts = candidates = 0
    seconds = 0.0  # the recognizers, line by line (the --show work included)
    for path in pages:
        decoded = decode_page(path.read_bytes())
        if isinstance(decoded, DecodeFailure):
            refused[str(decoded.reason)] += 1
            if show and decoded.reason is Reason.OTHER_LANGUAGE:
                print(f"  REFUSED {path.name}: {decoded.detail}")
            continue
        evidence = page_language(decoded.text)
        if evidence is not None:
            signs += 1
            verdicts += evidence.verdict != "bengali"
            if show:
                print(f"  language {path.name}: {evidence.detail()}")
        start = time.perf_counter()
        for number, line in enumerate(decoded.text.split("\n"), 1):
            runs = [m.group() for m in _DIGIT_RE.finditer(line)]
            candidates += len(runs)
            if show and runs and not find_personal_data(line):
                print(f"  not personal {path.name}:{number}: {runs} in {line[:60]!r}")
            for finding in find_personal_data(line):
                found[str(finding.kind)] += 1
                holders[str(finding.kind)].add(path.name)
                if show:
                    print(f"  {finding.kind} {path.name}:{number}: {finding.text!r}")
        seconds += time.perf_counter() - start
    print(f"{folder.name}: {len(pages)} pages; refused by decode: {dict(refused) or 'none'}")
    print(f"  pages with a sign of Assamese: {signs}, judged another language: {verdicts}")
    print(f"  runs of 8+ digits or dotted quads looked at: {candidates}")
    for kind in KINDS:
        print(f"  {kind:13} {found[str(kind)]:4} found on {len(holders[str(kind)]):3} pages")
    per_page = seconds / max(1, len(pages) - sum(refused.values())) * 1e6
    print(f"  recognizers: {per_page:.0f} µs a page (line by line)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--show", action="store_true", help="print every finding and verdict")
    args = parser.parse_args()
    for folder in args.folders:
        scan(folder, args.show)


if __name__ == "__main__":
    main()
