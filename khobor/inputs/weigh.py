"""The markup's evidence (`khobor.inputs.markup`) weighed against the record: for each field,
whether they agree, and when not, both values and why the text's is kept; where the text gave
nothing, whether the markup's value was taken (`khobor.inputs.fill`'s decisions) or refused
and why. The markup is never trusted blindly: titles carry a site suffix or a kicker, JSON-LD
times are written in UTC or with the local clock labelled UTC or are the crawl's, and a
template's JSON-LD can describe another story. Pure; `--explain` shows the result."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from khobor.inputs.fill import CRAWL_TIME_SLACK, Decision
from khobor.inputs.markup import MarkupEvidence
from khobor.inputs.titles import spaced, title_parts

__all__ = ["CRAWL_TIME_SLACK", "Verdict", "Weighed", "summary", "title_parts", "weigh"]


class Verdict(StrEnum):
    TAKEN = "taken"  # the text gives none: the markup's value filled the field
    AGREE = "agree"  # the same value (a title: the headline once suffix or kicker is cut)
    DISAGREE = "disagree"  # both say something, and not the same: the text's is kept
    MARKUP_ONLY = "markup_only"  # the text says nothing, and the markup's value was refused
    TEXT_ONLY = "text_only"  # the markup says nothing


@dataclass(frozen=True, slots=True)
class Weighed:
    field: str
    verdict: Verdict
    text: str | None
    markup: str | None
    where: str  # which markup said it ("jsonld.headline", "title" …)
    why: str = ""

    def to_json(self) -> dict[str, Any]:
        found = {"verdict": str(self.verdict), "text": self.text, "markup": self.markup}
        return found | {"from": self.where} | ({"why": self.why} if self.why else {})


def _same_text(a: str, b: str) -> bool:
    return spaced(a) == spaced(b)


def weigh_title(field: str, headline: str | None, value: str | None, where: str) -> Weighed:
    """A title-like markup value against the text's headline."""
    if value is None:
        return Weighed(field, Verdict.TEXT_ONLY, headline, None, where)
    if headline is None:
        return Weighed(field, Verdict.MARKUP_ONLY, None, value, where, "no headline in the text")
    if _same_text(value, headline):
        return Weighed(field, Verdict.AGREE, headline, value, where)
    if any(_same_text(part, headline) for part in title_parts(value)[1:]):
        why = "the same once the site's suffix or a kicker is cut"
        return Weighed(field, Verdict.AGREE, headline, value, where, why)
    why = "another title: the text's headline is kept"
    if where.startswith("jsonld"):
        why = "another story's headline (a template's JSON-LD?): its dates are not weighed"
    return Weighed(field, Verdict.DISAGREE, headline, value, where, why)


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def weigh_time(
    field: str, text: str | None, value: str | None, where: str, captured: datetime | None
) -> Weighed:
    """A markup time against the text's (ISO strings, the text's with its zone)."""
    ours, theirs = _parse(text), _parse(value)
    if theirs is None:
        verdict = Verdict.TEXT_ONLY if value is None else Verdict.MARKUP_ONLY
        why = "" if value is None else "not an ISO 8601 time"
        return Weighed(field, verdict, text, value, where, why)
    crawl = (
        captured is not None
        and theirs.tzinfo is not None
        and abs(theirs - captured) <= CRAWL_TIME_SLACK
    )
    if ours is None:
        why = "the crawl's time, not the article's" if crawl else "the text prints no time"
        return Weighed(field, Verdict.MARKUP_ONLY, None, value, where, why + "; not taken")
    if theirs.tzinfo is None:  # a local clock without a zone: read in the page's zone
        theirs = theirs.replace(tzinfo=ours.tzinfo)
    if theirs == ours:
        why = (
            "the same instant, written in another zone"
            if theirs.utcoffset() != ours.utcoffset()
            else ""
        )
        return Weighed(field, Verdict.AGREE, text, value, where, why)
    if theirs.replace(tzinfo=None) == ours.replace(tzinfo=None):
        why = "the same clock time labelled with another zone (a local time marked UTC?)"
    elif crawl:
        why = "the crawl's time, not the article's"
    elif theirs.date() == ours.date():
        why = "the same day, another time"
    else:
        why = "another day"
    return Weighed(field, Verdict.DISAGREE, text, value, where, why + "; the text's is kept")


def weigh(
    evidence: MarkupEvidence,
    record: dict[str, Any],
    captured: datetime | None = None,
    decisions: Iterable[Decision] = (),
) -> list[Weighed]:
    """Every piece of the markup's evidence against the record's field; `decisions`: what
    `khobor.inputs.fill` took into the record (`taken`) or refused, and why."""
    found = _weighed(evidence, record, captured)
    decided = {(d.field, d.where): d for d in decisions}
    return [_decided(item, decided.get((item.field, item.where))) for item in found]


def _decided(item: Weighed, decision: Decision | None) -> Weighed:
    if decision is None:
        return item
    if decision.why is None:
        return replace(item, verdict=Verdict.TAKEN, why=FILLED)
    if item.verdict is Verdict.MARKUP_ONLY:
        return replace(item, why=f"{decision.why}; not taken")
    return item


# what `--explain` says of a field the markup filled
FILLED = "filled from markup: the text gives none, and every guard holds"


def _weighed(
    evidence: MarkupEvidence, record: dict[str, Any], captured: datetime | None
) -> list[Weighed]:
    headline = record.get("headline")
    found = [
        weigh_title("headline", headline, evidence.title, "title"),
        weigh_title("headline", headline, evidence.og_title, "og:title"),
        weigh_title("headline", headline, evidence.h1, "h1"),
    ]
    story = weigh_title("headline", headline, evidence.jsonld_headline, "jsonld.headline")
    found.append(story)
    other_story = story.verdict is Verdict.DISAGREE
    times = (
        ("published_at", evidence.jsonld_published, "jsonld.datePublished"),
        ("updated_at", evidence.jsonld_modified, "jsonld.dateModified"),
        ("published_at", evidence.article_published, "article:published_time"),
        ("updated_at", evidence.article_modified, "article:modified_time"),
    )
    for field, value, where in times:
        if other_story and where.startswith("jsonld") and value:
            why = "the JSON-LD names another story; not weighed"
            found.append(Weighed(field, Verdict.DISAGREE, record.get(field), value, where, why))
            continue
        found.append(weigh_time(field, record.get(field), value, where, captured))
    if evidence.jsonld_author:
        byline = record.get("byline")
        agree = byline is not None and (
            evidence.jsonld_author in byline or byline in evidence.jsonld_author
        )
        verdict = (
            Verdict.AGREE
            if agree
            else (Verdict.MARKUP_ONLY if byline is None else Verdict.DISAGREE)
        )
        found.append(Weighed("byline", verdict, byline, evidence.jsonld_author, "jsonld.author"))
    return [item for item in found if item.verdict is not Verdict.TEXT_ONLY]


def summary(weighed: list[Weighed]) -> dict[str, str]:
    """A field's overall word: taken when the markup filled it, else agree when every markup
    value agrees, else disagree when one does, else markup_only."""
    fields: dict[str, str] = {}
    for item in weighed:
        now = fields.get(item.field)
        if now == Verdict.TAKEN or item.verdict is Verdict.TAKEN:
            fields[item.field] = str(Verdict.TAKEN)
        elif now == Verdict.DISAGREE or item.verdict is Verdict.DISAGREE:
            fields[item.field] = str(Verdict.DISAGREE)
        elif now is None or item.verdict is Verdict.AGREE:
            fields[item.field] = str(item.verdict)
    return fields
