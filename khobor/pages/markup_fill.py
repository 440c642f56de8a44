"""An HTML page's markup filling the record fields its text left empty (issue 25), in the
normal extract path (both engines' `extract_page`): the headline from a title the markup
states twice and the page prints as a line, the times of a page that prints no dateline, the
byline from the JSON-LD's author. The guards are `khobor.inputs.fill`'s; this module gives
them the page (its lines, zone, capture, the site names) and writes what was taken into the
record. A text page never comes here."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from khobor.annotate.outlets import OUTLETS, fold
from khobor.inputs.fill import (
    Decision,
    PageClock,
    author_decision,
    headline_line,
    is_this_story,
    markup_titles,
    time_decisions,
    title_sources,
)
from khobor.pages.assemble import stored_times

if TYPE_CHECKING:
    from khobor.contracts.records import Article
    from khobor.inputs.charset import Charset
    from khobor.inputs.markup import MarkupEvidence


@dataclass(frozen=True, slots=True)
class MarkupReport:
    """What an HTML page's markup said, and what of it the record took (`--explain`)."""

    charset: Charset
    evidence: MarkupEvidence
    decisions: tuple[Decision, ...] = ()
    captured: datetime | None = None

    def to_json(self, record: dict[str, Any]) -> dict[str, Any]:
        from khobor.inputs.weigh import summary, weigh

        weighed = weigh(self.evidence, record, self.captured, self.decisions)
        taken: dict[str, list[str]] = {}
        for decision in self.decisions:
            if decision.taken:
                taken.setdefault(decision.field, []).append(decision.where)
        return {
            "charset": {"codec": self.charset.codec, "from": str(self.charset.source)},
            "evidence": self.evidence.to_json(),
            "weighed": [item.to_json() for item in weighed],
            "fields": summary(weighed),
        } | ({"filled_from_markup": taken} if taken else {})


@functools.lru_cache(maxsize=1)
def _outlet_names() -> frozenset[str]:
    return frozenset(fold(name.text) for outlet in OUTLETS for name in outlet.names)


def site_namer(evidence: MarkupEvidence) -> Callable[[str], bool]:
    """Whether a text is only a site's name: the page's `og:site_name`, its JSON-LD
    publisher, or a name of an outlet of khobor's table."""
    own = {fold(n) for n in (evidence.og_site_name, evidence.jsonld_publisher) if n}
    return lambda text: (folded := fold(text)) in own or folded in _outlet_names()


def title_finder(evidence: MarkupEvidence) -> Callable[[Sequence[str]], int | None]:
    """The function `assemble` asks for the line the markup names the title (None
    when the markup states no title twice, or the page prints none); the titles are only
    worked out when asked, for a page whose text gives no headline."""

    def line(lines: Sequence[str]) -> int | None:
        titles = markup_titles(evidence, site_namer(evidence))
        found = headline_line(titles, lines) if titles else None
        return None if found is None else found[0]

    return line


def headline_decisions(evidence: MarkupEvidence, headline: str) -> list[Decision]:
    """The title sources that stated the headline the markup gave (each is taken)."""
    found = [(core, wheres) for core, wheres in markup_titles(evidence, site_namer(evidence))]
    wheres = next((w for core, w in found if core == " ".join(headline.split())), ())
    values = dict(title_sources(evidence))
    return [Decision("headline", where, values[where]) for where in wheres]


def fill_record(
    article: Article, evidence: MarkupEvidence, clock: PageClock, titled: bool
) -> list[Decision]:
    """Fill `article`'s empty fields from the markup where every guard holds (`titled`: its
    headline is the markup's title); what was decided, taken or refused."""
    is_site_name = site_namer(evidence)
    decisions = headline_decisions(evidence, article.headline) if titled else []
    this_story = is_this_story(evidence, article.headline, is_site_name)
    dated = any(v is not None for v in (article.published_at, article.updated_at, article.date))
    times, taken = time_decisions(evidence, this_story, clock, dated)
    decisions += times
    if taken:
        article.published_at, published_day = stored_times(taken.get("published_at"), clock.zone)
        article.updated_at, updated_day = stored_times(taken.get("updated_at"), clock.zone)
        article.date = published_day or updated_day  # as the text's dates give it
    if article.byline is None:
        printed = [line.text for line in article.lines if line.label != "body"]
        author = author_decision(evidence, this_story, printed, is_site_name)
        if author is not None:
            decisions.append(author)
            if author.taken:
                article.byline = author.value
    return decisions
