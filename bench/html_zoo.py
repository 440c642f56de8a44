"""Issue 25's HTML zoo: tests/layouts written as HTML (`tests/inputs/zoo.py`, six kinds of
head: bare title, right JSON-LD, a template's JSON-LD of another story, title with a site
suffix and og:title with a kicker, JSON-LD in UTC, JSON-LD with the local clock marked UTC).

    .venv/bin/python bench/html_zoo.py

For each page: the record from its HTML (resiliparse, khobor's renderer) against the record
from its copied text (fields, line labels); the record from the same HTML rendered by
trafilatura's `extract` (main content, recall favoured) against the truth; the time of each
renderer; and the markup: what each markup value would have fixed or broken had it been
taken blindly, and what the weighing said (`khobor.inputs.weigh`).

Then the markup filling (`khobor.inputs.fill`): the same 348 pages through the HTML path
itself (`extract_page` on the HTML bytes: what the markup filled, and whether anything else
moved), and the filling zoo (`tests/inputs/fill_zoo.py`: pages whose text leaves a field
empty, and hostile markup): each markup value taken (right or wrong against the page's truth)
or refused (and whether it would have been wrong had it been taken)."""

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
from khobor.pages.extract import ExtractContext, extract_lines, extract_page, to_json  # noqa: E402
from tests.inputs.fill_zoo import CASES  # noqa: E402
from tests.inputs.zoo import KINDS, LAYOUTS, layout_html, layout_truth  # noqa: E402

OWN_KEYS = ("id", "raw_sha256", "dup_cluster", "input_kind")  # of the bytes read, not the page
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
    seconds = {"resiliparse": 0.0, "trafilatura": 0.0, "markup evidence (of a parsed page)": 0.0}
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
            found = extract_lines(
                RawPage(f"{name}.html", data, kind="html"), ExtractContext(), None
            )
            path = to_json(found.result)
            taken = [d for d in found.markup.decisions if d.taken] if found.markup else []
            tally["html path: fields filled from markup"] += len({d.field for d in taken})
            tally["html path: records as the rendered text's"] += all(
                path.get(k) == ours.get(k) for k in ours if k not in OWN_KEYS
            )
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
            tree = parse_html(data)[0]
            started = time.perf_counter()
            evidence = markup_evidence(tree)
            seconds["markup evidence (of a parsed page)"] += time.perf_counter() - started
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
    print("\ntimes, whole zoo: " + ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in seconds.items()))
    print("\nmarkup taken blindly (against the layout's truth), per head kind:")
    for kind, counts in per_kind.items():
        print(f"  {kind:18s} " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print("\nweighed (khobor.inputs.weigh), per head kind and markup value:")
    for key in sorted(verdicts):
        print(f"  {key:60s} {verdicts[key]}")
    fill_report()
    return 0


def right(field: str, value: str | None, truth: str | None) -> bool:
    """A markup value against the truth: a time as an instant, a title once cut."""
    if field in ("published_at", "updated_at"):
        from datetime import datetime

        from khobor.contracts.timezone import DHAKA
        from khobor.inputs.fill import markup_time

        # as khobor reads a markup time: a bare clock on the outlet's (the zoo's: Dhaka)
        found = markup_time(value, DHAKA) if value else None
        return found is not None and truth is not None and found == datetime.fromisoformat(truth)
    if field == "headline" and value is not None:
        return any(spaced(part) == spaced(truth) for part in title_parts(value))
    return spaced(value) == spaced(truth)


def fill_report() -> None:
    """The filling zoo: per markup value, taken (right or wrong) or refused (and whether it
    would have been wrong); per field, the record against the page's truth."""
    fields: Counter[str] = Counter()
    values: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    for case in CASES:
        page = RawPage(f"{case.name}.html", case.html, kind=case.kind, captured=case.captured)
        found = extract_lines(page, ExtractContext(), None)
        record = to_json(found.result)
        decisions = found.markup.decisions if found.markup else ()
        for field in {d.field for d in decisions if d.taken}:
            fields[f"fields filled from markup: {field}"] += 1
            ok = right(field, record.get(field), case.truth.get(field))
            fields[f"fields filled from markup: {field} right"] += ok
            fields["fields filled from markup"] += 1
            fields["fields filled from markup, right"] += ok
        if any(d.taken and d.field in ("published_at", "updated_at") for d in decisions):
            truth = case.truth.get("published_at") or case.truth.get("updated_at")
            day = None if truth is None else truth[:10]  # the zoo's truths are Dhaka times
            fields["fields filled from markup: date"] += 1
            fields["fields filled from markup: date right"] += record.get("date") == day
        for d in decisions:
            good = right(d.field, d.value, case.truth.get(d.field))
            if d.taken:
                values[f"values taken: {'right' if good else 'WRONG'}"] += 1
                continue
            would = "would have been right" if good else "would have been wrong"
            refused[f"{d.why.name:17s} {d.field:13s} {would}"] += 1
            values[f"values refused: {would}"] += 1
    print(f"\nfilling zoo (tests/inputs/fill_zoo.py): {len(CASES)} pages")
    for key in sorted(fields):
        print(f"  {key:55s} {fields[key]}")
    for key in sorted(values):
        print(f"  {key:55s} {values[key]}")
    print("\nrefused markup values, by guard (khobor.inputs.fill.Refusal):")
    for key in sorted(refused):
        print(f"  {key:60s} {refused[key]}")


if __name__ == "__main__":
    raise SystemExit(main())
