"""Two invented sites × 40 pages, each printing one invented sentence-like line after every
article (issue 23): does corpus furniture learn it for a site no URL or signature names?

    .venv/bin/python bench/two_sites.py [--khobor .venv/bin/khobor] [--pages 40] [--engines]

Site `kolom` is laid out like the seeds' Kalbela pages (a desk byline, "প্রকাশ :" date,
"অনলাইন সংস্করণ", blank lines between paragraphs, "মন্তব্য করুন", a most-read list); site
`barta` like the seed of an unnamed outlet (`dataset/raw/003_*`: a clock-and-date line, the
headline, a caption, paragraphs without blank lines, desk initials, "জনপ্রিয় সংবাদ" and its
list). Neither name is an outlet of `khobor/lexicons/outlets.toml`; all text is invented
(`bench/synth.py`'s sentences).

For the corpus with and without `sources.csv`, it runs `khobor extract --corpus DIR DIR` and
plain `khobor extract DIR` (with `--khobor`, any checkout's), and prints per site: the pages,
how many of the site's invented lines stay `body`, and how many article sentences (true body
lines) change label with the corpus (must be 0). With `--engines`, both engines build the
corpus and the two outputs are compared byte for byte.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth

SITES = ("kolom", "barta")
# Invented, sentence-like: no lexicon knows them, only a corpus can tell them from the article.
INVENTED = {
    "kolom": "কলম সংবাদের প্রতিটি লেখা পাঠকের মতামতের জন্য উন্মুক্ত, মন্তব্য লিখুন ভদ্র ভাষায় আর নাম ঠিকানা দিয়ে।",
    "barta": "বার্তাঘর পরিবারের কাছে কোনো অভিযোগ থাকলে তা লিখিতভাবে সম্পাদকের দপ্তরে পাঠানোর অনুরোধ "
    "করা হলো সবাইকে।",
}
DESK = {"kolom": "কলম ডেস্ক", "barta": "এমআর/সবা"}


def _kolom(r: random.Random, body: list[str]) -> list[str]:
    """The seeds' Kalbela layout, with an invented site's name."""
    published, _, _ = synth.moments(r)
    clock = synth.clock12(published, synth.AMPM_BN)
    lines = [DESK["kolom"], f"প্রকাশ : {synth.dmy(r, published.date())}, {clock}", "অনলাইন সংস্করণ"]
    lines += ["", synth.headline(r), ""]
    picture = synth.caption(r, "কলম")
    lines += [picture, picture, ""]
    for text in body:
        lines += [text, ""]
    lines += [INVENTED["kolom"], "", "মন্তব্য করুন", "", "  • সর্বশেষ", "  • জনপ্রিয়", ""]
    for rank, item in enumerate(synth.related_items(r, 5), 1):
        lines += [synth.bn(rank), "", item, ""]
    return lines


def _barta(r: random.Random, body: list[str]) -> list[str]:
    """The layout of the unnamed seed outlet (`dataset/raw/003_*`)."""
    published, updated, _ = synth.moments(r)
    clock = synth.clock12(published, synth.AMPM_AHNA[0])
    day = f"{synth.dmy(r, published.date())}, {synth.bangla_date(published.date())} বঙ্গাব্দ"
    title = synth.headline(r)
    lines = [f"{clock}, {day}", "", title, "", synth.caption(r, "বার্তাঘর"), ""]
    lines += [*body, INVENTED["barta"], DESK["barta"], "", "জনপ্রিয় সংবাদ", ""]
    for item in synth.related_items(r, 4):
        lines += [item, ""]
    lines += [f"আপডেট সময় : {synth.clock12(updated, synth.AMPM_AHNA[0])}", ""]
    return lines


LAYOUTS = {"kolom": _kolom, "barta": _barta}


def page_text(site: str, index: int, seed: int = 23) -> tuple[str, list[str]]:
    """Page `index` of `site`: its text and its article sentences (the true body lines)."""
    r = random.Random(f"khobor-two-sites:{seed}:{site}:{index}")
    body = synth.paragraphs(r, 3, 6)
    return synth.nfc("\n".join(LAYOUTS[site](r, body)) + "\n"), [synth.nfc(t) for t in body]


def write_corpus(raw: Path, pages: int = 40, sources: bool = False) -> dict[str, list[str]]:
    """The corpus in `raw` (pages `SITE-NNN.txt`, and `sources.csv` when `sources`); returns
    each page's article sentences."""
    raw.mkdir(parents=True, exist_ok=True)
    truth: dict[str, list[str]] = {}
    rows = ["source,url"]
    for site in SITES:
        for index in range(pages):
            name = f"{site}-{index:03d}.txt"
            text, body = page_text(site, index)
            (raw / name).write_text(text, encoding="utf-8")
            truth[name] = body
            rows.append(f"{name},https://www.{site}.example/news/{index}")
    if sources:
        (raw / "sources.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return truth


def site_of_page(source: str) -> str:
    return source.split("-", 1)[0]


def extract(khobor: str, raw: Path, corpus: bool) -> dict[str, dict[str, object]]:
    """`khobor extract [--corpus raw] raw`, by source."""
    args = [khobor, "extract", *(["--corpus", str(raw)] if corpus else []), str(raw)]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return {obj["source"]: obj for obj in map(json.loads, out.splitlines())}


def _labels(record: dict[str, object]) -> dict[str, str]:
    lines = record.get("lines") or []
    assert isinstance(lines, list)
    return {line["text"]: line["label"] for line in lines}


def score(
    plain: dict[str, dict[str, object]],
    learned: dict[str, dict[str, object]],
    truth: dict[str, list[str]],
) -> dict[str, dict[str, int]]:
    """Per site: pages, invented lines left `body` without and with the corpus, article
    sentences whose label the corpus changed."""
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for source, body in truth.items():
        row = rows[site_of_page(source)]
        row["pages"] += 1
        before, after = _labels(plain[source]), _labels(learned[source])
        invented = INVENTED[site_of_page(source)]
        row["invented_body_without"] += before.get(invented) == "body"
        row["invented_body_with"] += after.get(invented) == "body"
        row["sentences"] += len(body)
        row["sentences_changed"] += sum(before.get(t) != after.get(t) for t in body)
    return {site: dict(rows[site]) for site in SITES}


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--khobor", default=str(Path(sys.executable).parent / "khobor"))
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--engines", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for sources in (False, True):
            raw = Path(tmp) / f"raw-{sources}"
            truth = write_corpus(raw, args.pages, sources)
            plain = extract(args.khobor, raw, corpus=False)
            learned = extract(args.khobor, raw, corpus=True)
            for site, row in score(plain, learned, truth).items():
                print(
                    f"sources.csv={'yes' if sources else 'no '} site={site} pages={row['pages']} "
                    f"invented line left body: {row['invented_body_without']} without corpus, "
                    f"{row['invented_body_with']} with; article sentences changed: "
                    f"{row['sentences_changed']} of {row['sentences']}"
                )
            if args.engines:
                outs = {}
                for engine in ("local", "datatrove"):
                    out = Path(tmp) / f"out-{sources}-{engine}"
                    subprocess.run(
                        [args.khobor, "build", "--raw", str(raw), "--out", str(out),
                         "--releases", str(Path(tmp) / "releases"), "--engine", engine,
                         "--workers", "2"],
                        check=True, capture_output=True,
                    )  # fmt: skip
                    outs[engine] = tree_bytes(out)
                same = outs["local"] == outs["datatrove"]
                print(f"sources.csv={'yes' if sources else 'no '} engines: same bytes: {same}")


if __name__ == "__main__":
    main()
