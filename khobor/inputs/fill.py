"""Which of the markup's values may fill a record field the text left empty (issue 25).

The markup is evidence, never trusted blindly: a value fills a field only when the text gives
none and the value passes every guard below; each refusal says why (`Refusal`). Pure: the
page's lines, its zone, capture time and the record's text values come in, decisions go out
(`khobor.pages.markup_fill` applies them; `khobor.inputs.weigh` shows them).

- headline: a title the markup states at least twice (`MIN_TITLE_SOURCES` of `<title>`,
  `og:title`, `<h1>`, JSON-LD `headline`, each cut at a site suffix or kicker), not the site's
  name, and printed as a line of the page (`markup_titles`; the page's line is relabelled);
- times (`published_at`, `updated_at`, so `date`), only on a page that prints no dateline:
  JSON-LD `datePublished`/`dateModified` when the JSON-LD's headline is the page's, else
  `article:published_time`/`modified_time`; an ISO time with a clock, taken as the instant it
  states (a `Z` time is UTC; a time without an offset is the outlet's local clock), not the
  crawl's (within `CRAWL_TIME_SLACK` of the capture), not after the capture or the page's own
  date, within the days a record may have (`PageClock.days`), and not where two markup values
  disagree;
- byline: the JSON-LD `author` of the page's story, when every name is printed on a line of
  the page that is not body text, and is not the site's name."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum

from khobor.inputs.markup import MarkupEvidence
from khobor.inputs.titles import spaced, title_parts

# the markup sources a headline needs behind it: one alone may be a template's or a site's
MIN_TITLE_SOURCES = 2
# a markup time this close to the capture is the crawl's, not the publication's
CRAWL_TIME_SLACK = timedelta(minutes=5)
# the years a markup time may have: the first and last would leave Python's range when moved
# to another zone (the dates guard refuses all but recent ones later)
YEARS = (2, 9998)
# an ISO 8601 time with a clock: a day alone says nothing of the hour or zone and is not taken
TIMED = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")

TITLE_FIELDS = ("title", "og:title", "h1", "jsonld.headline")
TIME_FIELDS = {
    "published_at": ("jsonld.datePublished", "article:published_time"),
    "updated_at": ("jsonld.dateModified", "article:modified_time"),
}


class Refusal(StrEnum):
    """Why a markup value did not fill the field the text left empty."""

    ONE_SOURCE = "one markup value alone names this title"
    SITE_NAME = "the site's name, not a headline"
    NOT_ON_PAGE = "not printed as a line of the page"
    ONLY_BODY = "printed as the page's only body line: the page would have no body"
    OTHER_STORY = "the JSON-LD's headline is not this page's (another story's, or none)"
    NOT_A_TIME = "not an ISO 8601 time with a clock"
    CRAWL_TIME = "the crawl's time, not the article's"
    AFTER_CAPTURE = "after the page was captured"
    AFTER_PAGE_DATE = "after the page's own date"
    OUT_OF_RANGE = "outside the days a record may have (the page limits' range)"
    SOURCES_DISAGREE = "the markup's values for it disagree"
    BEFORE_PUBLISHED = "updated before it was published"
    TEXT_HAS_DATE = "the text prints a date: its record is kept"
    NOT_PRINTED = "the name is not printed on the page outside the body"


@dataclass(frozen=True, slots=True)
class Decision:
    """One markup value for one field: taken (`why` None) or refused and why."""

    field: str
    where: str  # which markup said it ("jsonld.datePublished", "title" …)
    value: str
    why: Refusal | None = None

    @property
    def taken(self) -> bool:
        return self.why is None


def title_cores(value: str, is_site_name: Callable[[str], bool]) -> set[str]:
    """A title and its parts around a site suffix or kicker separator, the site's name
    left out.

    >>> sorted(title_cores("শিরোনাম | সাইট", lambda t: t == "সাইট"))
    ['শিরোনাম', 'শিরোনাম | সাইট']
    """
    cores = {spaced(part) for part in title_parts(value)}
    return {core for core in cores if core and not is_site_name(core)}


def title_sources(evidence: MarkupEvidence) -> list[tuple[str, str]]:
    """(where, value) of each title-like markup value the page has."""
    values = (evidence.title, evidence.og_title, evidence.h1, evidence.jsonld_headline)
    return [(where, value) for where, value in zip(TITLE_FIELDS, values, strict=True) if value]


def markup_titles(
    evidence: MarkupEvidence, is_site_name: Callable[[str], bool]
) -> list[tuple[str, tuple[str, ...]]]:
    """The titles the markup states at least `MIN_TITLE_SOURCES` times once cut, not the
    site's name, each with the sources that state it; the best supported first, then the
    longest (a kicker cut from a title leaves the title, the longer part)."""
    support: dict[str, list[str]] = {}
    for where, value in title_sources(evidence):
        for core in title_cores(value, is_site_name):
            support.setdefault(core, []).append(where)
    found = [(core, tuple(dict.fromkeys(wheres))) for core, wheres in support.items()]
    found = [(core, wheres) for core, wheres in found if len(wheres) >= MIN_TITLE_SOURCES]
    return sorted(found, key=lambda item: (-len(item[1]), -len(item[0]), item[0]))


def headline_line(
    titles: Sequence[tuple[str, tuple[str, ...]]], lines: Sequence[str]
) -> tuple[int, tuple[str, ...]] | None:
    """The page's line that prints the best markup title (its index and the sources), or
    None when no title is printed as a line."""
    where = {spaced(line): k for k, line in reversed(list(enumerate(lines)))}
    for core, sources in titles:
        if core in where:
            return where[core], sources
    return None


def title_refusals(
    evidence: MarkupEvidence, is_site_name: Callable[[str], bool], lines: Collection[str]
) -> list[Decision]:
    """Why no markup title filled the headline of a page whose text gives none (each title
    source, its first reason)."""
    printed = {spaced(line) for line in lines}
    supported = {core for core, _ in markup_titles(evidence, is_site_name)}
    found = []
    for where, value in title_sources(evidence):
        cores = title_cores(value, is_site_name)
        if not cores:
            why = Refusal.SITE_NAME
        elif not cores & supported:
            why = Refusal.ONE_SOURCE
        else:
            why = Refusal.NOT_ON_PAGE if not cores & supported & printed else Refusal.ONLY_BODY
        found.append(Decision("headline", where, value, why))
    return found


def is_this_story(
    evidence: MarkupEvidence, headline: str, is_site_name: Callable[[str], bool]
) -> bool:
    """Whether the JSON-LD describes the page's story: its headline, once cut, is the
    record's headline (a template's JSON-LD of another story, or one without a headline,
    gives nothing)."""
    if not evidence.jsonld_headline:
        return False
    mine = spaced(headline)  # the site-name check last: a page's one `fold`
    parts = {spaced(part) for part in title_parts(evidence.jsonld_headline)}
    return mine in parts and not is_site_name(mine)


def markup_time(value: str, zone: tzinfo) -> datetime | None:
    """A markup time as an instant: an ISO 8601 time with a clock, its stated offset kept
    (`Z` is UTC: a local clock wrongly marked UTC cannot be told apart without the text's
    time); a time without an offset is read on the outlet's clock (`zone`). None for
    anything else (a day alone, a word).

    >>> from datetime import UTC
    >>> markup_time("2025-11-22T03:15:00Z", UTC).isoformat()
    '2025-11-22T03:15:00+00:00'
    >>> markup_time("2025-11-22", UTC) is None
    True
    """
    text = value.strip()
    if not TIMED.match(text):
        return None
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        return None
    if not YEARS[0] <= found.year <= YEARS[1]:
        return None
    return found.replace(tzinfo=zone) if found.tzinfo is None else found


@dataclass(frozen=True, slots=True)
class PageClock:
    """What a markup time is checked against: the page's zone, its capture time (a WARC
    record's) and its own date (the site header's, or the capture day)."""

    zone: tzinfo
    captured: datetime | None = None
    page_date: date | None = None
    # the days a record's dates may have (`khobor.pages.faults.PageLimits`): a markup time
    # outside them is refused, so that it cannot cost the page its record
    days: tuple[date, date] = (date.min, date.max)


def _time_refusal(found: datetime, clock: PageClock) -> Refusal | None:
    earliest, latest = clock.days
    if not earliest <= found.astimezone(clock.zone).date() <= latest:
        return Refusal.OUT_OF_RANGE
    if clock.captured is not None:
        if abs(found - clock.captured) <= CRAWL_TIME_SLACK:
            return Refusal.CRAWL_TIME
        if found > clock.captured:
            return Refusal.AFTER_CAPTURE
    if clock.page_date is not None and found.astimezone(clock.zone).date() > clock.page_date:
        return Refusal.AFTER_PAGE_DATE
    return None


def _time_values(evidence: MarkupEvidence) -> dict[str, str | None]:
    return {
        "jsonld.datePublished": evidence.jsonld_published,
        "jsonld.dateModified": evidence.jsonld_modified,
        "article:published_time": evidence.article_published,
        "article:modified_time": evidence.article_modified,
    }


def time_decisions(
    evidence: MarkupEvidence, this_story: bool, clock: PageClock, text_dated: bool
) -> tuple[list[Decision], dict[str, datetime]]:
    """Each markup time's decision, and the instants taken by field (`published_at`,
    `updated_at`). `text_dated`: the text printed a date or time (then nothing is taken)."""
    values = _time_values(evidence)
    decisions: list[Decision] = []
    taken: dict[str, datetime] = {}
    for field, wheres in TIME_FIELDS.items():
        good: list[tuple[str, str, datetime]] = []
        for where in wheres:
            value = values[where]
            if not value:
                continue
            found = markup_time(value, clock.zone)
            why = _refusal(where, found, this_story, clock, text_dated)
            if why is not None or found is None:
                decisions.append(Decision(field, where, value, why or Refusal.NOT_A_TIME))
            else:
                good.append((where, value, found))
        if len({found for _, _, found in good}) > 1:
            decisions += [Decision(field, w, v, Refusal.SOURCES_DISAGREE) for w, v, _ in good]
            continue
        if good:
            taken[field] = good[0][2]
            decisions += [Decision(field, where, value) for where, value, _ in good]
    published, updated = taken.get("published_at"), taken.get("updated_at")
    if published is not None and updated is not None and updated < published:
        del taken["updated_at"]
        decisions = [
            Decision(d.field, d.where, d.value, Refusal.BEFORE_PUBLISHED)
            if d.field == "updated_at" and d.taken
            else d
            for d in decisions
        ]
    return decisions, taken


def _refusal(
    where: str, found: datetime | None, this_story: bool, clock: PageClock, text_dated: bool
) -> Refusal | None:
    if where.startswith("jsonld") and not this_story:
        return Refusal.OTHER_STORY
    if text_dated:
        return Refusal.TEXT_HAS_DATE
    if found is None:
        return Refusal.NOT_A_TIME
    return _time_refusal(found, clock)


def author_decision(
    evidence: MarkupEvidence,
    this_story: bool,
    printed: Collection[str],
    is_site_name: Callable[[str], bool],
) -> Decision | None:
    """The JSON-LD author's decision for a record the text gave no byline (`printed`: the
    page's lines that are not body text), or None when the JSON-LD names no author."""
    author = evidence.jsonld_author
    if not author:
        return None
    names = [spaced(name) for name in author.split(",") if name.strip()]
    why: Refusal | None = None
    if not this_story:
        why = Refusal.OTHER_STORY
    elif not names or any(is_site_name(name) for name in names):
        why = Refusal.SITE_NAME
    elif not all(any(name in spaced(line) for line in printed) for name in names):
        why = Refusal.NOT_PRINTED
    return Decision("byline", "jsonld.author", author, why)
