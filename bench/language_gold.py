"""Bengali or Assamese on `validation/language/`: khobor's verdict, and each language
identifier tried (issue 24), page by page and in all.

    .venv/bin/python bench/language_gold.py              # khobor's verdict, fastText lid.176
    OTHER/bin/python bench/language_gold.py --libraries  # + py3langid, pycld2, lingua

The other identifiers are not khobor's dependencies: run `--libraries` with a Python that has
`py3langid`, `pycld2` and `lingua-language-detector` (and `PYTHONPATH=.`). An identifier
"quarantines" a page when its best label for the page's Bengali-script lines is not `bn`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
GOLD = REPO / "validation" / "language"

from khobor.text.language import identify_language, page_language  # noqa: E402
from khobor.text.normalize import normalize_text  # noqa: E402

Identifier = Callable[[str], str]


def script_text(text: str) -> str:
    lines = [line for line in text.split("\n") if any("\u0985" <= c <= "\u09f1" for c in line)]
    return " ".join(lines)


def khobor_verdict(text: str) -> str:
    evidence = page_language(text)
    return "bn" if evidence is None or evidence.verdict == "bengali" else "as"


def fasttext_label(text: str) -> str:
    found = identify_language(script_text(text))
    return found[0] if found else "?"


def py3langid_label() -> Identifier:
    import py3langid.langid as langid

    model = langid.LanguageIdentifier.from_modelpath(
        langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True
    )
    return lambda text: str(model.classify(script_text(text))[0])


def cld2_label() -> Identifier:
    import pycld2

    return lambda text: str(pycld2.detect(script_text(text))[2][0][1])


def lingua_label() -> Identifier:
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()

    def label(text: str) -> str:
        found = detector.detect_language_of(script_text(text))
        return "?" if found is None else found.iso_code_639_1.name.lower()

    return label


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--libraries", action="store_true")
    args = parser.parse_args()
    truth = json.loads((GOLD / "truth.json").read_text(encoding="utf-8"))
    systems: dict[str, Identifier] = {
        "khobor": khobor_verdict,
        "fastText lid.176 (alone)": fasttext_label,
    }
    if args.libraries:
        systems |= {"py3langid": py3langid_label(), "pycld2": cld2_label()}
        systems |= {"lingua": lingua_label()}
    texts = {
        row["page"]: normalize_text((GOLD / "pages" / row["page"]).read_text(encoding="utf-8"))
        for row in truth
    }
    for name, system in systems.items():
        system(next(iter(texts.values())))  # model loading is not timed
        start = time.perf_counter()
        labels = {page: system(text) for page, text in texts.items()}
        per_page = (time.perf_counter() - start) / len(texts) * 1e3
        for subset, rows in (("all", truth), ("held out", [r for r in truth if r["held_out"]])):
            said = {r["page"]: labels[r["page"]] != "bn" for r in rows}
            real = {r["page"]: bool(r["quarantine"]) for r in rows}
            tp = sum(said[p] and real[p] for p in real)
            precision = tp / sum(said.values()) if sum(said.values()) else float("nan")
            recall = tp / sum(real.values()) if sum(real.values()) else float("nan")
            print(
                f"{name:26} {subset:8} pages {len(rows):2}  precision {precision:.3f}  "
                f"recall {recall:.3f}  ({per_page:.2f} ms a page)"
            )
        wrong = [
            p
            for p in texts
            if (labels[p] != "bn") != any(r["page"] == p and r["quarantine"] for r in truth)
        ]
        if wrong:
            print(f"{'':26} wrong: " + ", ".join(f"{p} ({labels[p]})" for p in wrong))


if __name__ == "__main__":
    main()
