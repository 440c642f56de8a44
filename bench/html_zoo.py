"""Issue 25's HTML zoo: tests/layouts written as HTML (`tests/inputs/zoo.py`, six kinds of
head: bare title, right JSON-LD, a template's JSON-LD of another story, title with a site
suffix and og:title with a kicker, JSON-LD in UTC, JSON-LD with the local clock marked UTC).

    .venv/bin/python bench/html_zoo.py

For each page: the record from its HTML (resiliparse, khobor's renderer) against the record
from its copied text (fields, line labels); the record from the same HTML rendered by
trafilatura's `extract` (main content, recall favoured) against the truth; the time of each
renderer; and the markup: what each markup value would have fixed or broken had it been
taken blindly, and what the weighing said (`khobor.inputs.weigh`)."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from khobor.contracts.records import RawPage  # noqa: E402
from khobor.inputs.markup import markup_evidence  # noqa: E402
from khobor.inputs.render import parse_html, render_tree  # noqa: E402
from khobor.inputs.weigh import title_parts, weigh  # noqa: E402
from khobor.pages.extract import ExtractContext, extract_page, to_json  # noqa: E402
from tests.inputs.zoo import KINDS, LAYOUTS, layout_html, layout_truth  # noqa: E402

FIELDS = ("headline", "published_at", "updated_at", "date", "page_date", "byline", "outlet")


def spaced(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


def record_of(text: str, source: str) -> dict[str, Any]:
    data = text.encode("utf-8")
    return to_json(extract_page(RawPage(source, data), ExtractContext()))


def blind(evidence: Any) -> dict[str, str | None]:
    """The fields as the markup alone gives them (what a tool that trusts it would store)."""
    title = evidence.jsonld_headline or evidence.og_title or evidence.title
    return {"headline": title, "published_at": evidence.jsonld_published}


def same_time(a: str | None, b: str | None) -> bool:
    from datetime import datetime

    if not a or not b:
        return a == b
    return datetime.fromisoformat(a) == datetime.fromisoformat(b)


def main() -> int:
    import trafilatura

    names = [p.stem for p in sorted(LAYOUTS.glob("*.json")) if "expected" in layout_truth(p.stem)]
    tally: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    per_kind: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS}
    seconds = {"resiliparse": 0.0, "trafilatura": 0.0}
    for name in names:
        truth = dict(layout_truth(name)["expected"])
        text = record_of((LAYOUTS / f"{name}.txt").read_text(encoding="utf-8"), f"{name}.txt")
        for kind in KINDS:
            data = layout_html(name, kind)
            started = time.perf_counter()
            tree, _ = parse_html(data)
            rendered = render_tree(tree)
            seconds["resiliparse"] += time.perf_counter() - started
            started = time.perf_counter()
            # trafilatura's main-content text (`html2txt`, its whole-page text, is one line:
            # every page of the zoo is then quarantined, no block structure left)
            other = (
                trafilatura.extract(
                    data.decode("utf-8"),
                    output_format="txt",
                    favor_recall=True,
                    include_comments=True,
                    include_tables=True,
                )
                or ""
            )
            seconds["trafilatura"] += time.perf_counter() - started
            flat = trafilatura.html2txt(data.decode("utf-8")) or ""
            tally["trafilatura html2txt: one line"] += "\n" not in flat.strip()
            ours = record_of(rendered, f"{name}.html")
            theirs = record_of(other, f"{name}.html")
            tally["pages"] += 1
            for label, record in (("html", ours), ("trafilatura", theirs), ("text", text)):
                if "quarantine_reason" in record:
                    tally[f"{label}: quarantined"] += 1
                    continue
                for field in ("headline", "published_at"):
                    want = truth.get(field)
                    got = record.get(field)
                    right = (
                        same_time(got, want)
                        if field == "published_at"
                        else spaced(got) == spaced(want)
                    )
                    tally[f"{label}: {field} right"] += right
            if "quarantine_reason" not in text and "quarantine_reason" not in ours:
                tally["html vs text: pages both records"] += 1
                for field in FIELDS:
                    tally[f"html vs text: {field} equal"] += spaced(ours[field]) == spaced(
                        text[field]
                    )
                pairs = list(zip(ours["lines"], text["lines"], strict=False))
                tally["html vs text: lines"] += len(text["lines"])
                tally["html vs text: labels equal"] += sum(
                    a["label"] == b["label"] for a, b in pairs
                )
            evidence = markup_evidence(parse_html(data)[0])
            trusted = blind(evidence)
            for field, value in trusted.items():
                if value is None:
                    continue
                want = truth.get(field)
                got = text.get(field) if "quarantine_reason" not in text else None
                if field == "published_at":
                    markup_right, text_right = same_time(value, want), same_time(got, want)
                else:
                    markup_right = spaced(value) == spaced(want)
                    text_right = spaced(got) == spaced(want)
                    title_has = any(spaced(p) == spaced(want) for p in title_parts(value))
                    per_kind[kind][f"{field}: markup holds the truth after cutting"] += title_has
                per_kind[kind][f"{field}: blind trust fixes"] += markup_right and not text_right
                per_kind[kind][f"{field}: blind trust breaks"] += text_right and not markup_right
            if "quarantine_reason" not in ours:
                for item in weigh(evidence, ours):
                    verdicts[f"{kind}: {item.where} {item.verdict}"] += 1
    print(f"{len(names)} layouts x {len(KINDS)} head kinds = {tally['pages']} HTML pages\n")
    for key in sorted(tally):
        print(f"  {key:45s} {tally[key]}")
    print(
        "\nrenderers, whole zoo: " + ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in seconds.items())
    )
    print("\nmarkup taken blindly (against the layout's truth), per head kind:")
    for kind, counts in per_kind.items():
        print(f"  {kind:18s} " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print("\nweighed (khobor.inputs.weigh), per head kind and markup value:")
    for key in sorted(verdicts):
        print(f"  {key:60s} {verdicts[key]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
