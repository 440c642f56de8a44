"""Article assembly: labelled lines → one schema-v1 record (or the reason it cannot be one)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, tzinfo

from khobor.annotate import (
    DEFAULT_CONFIG,
    AnnotatorConfig,
    FurnitureLookup,
    LineInfo,
    article_byline,
    label_page,
    line_infos,
)
from khobor.annotate.lines import has_dateline_cue, is_bare_dateline_cue
from khobor.annotate.listing import listing_evidence
from khobor.annotate.outlets import resolve_outlet, zone_of_outlet
from khobor.contracts.records import Article, Line, Quarantined, Reason
from khobor.contracts.taxonomy import BOILERPLATE_FLAGS, BOILERPLATE_LABELS
from khobor.contracts.timezone import DHAKA
from khobor.text.dates import find_dates, in_zone, named_zone, parse_dateline
from khobor.text.normalize import bengali_letter_share

ID_HEX_CHARS = 16
_GLUED_STAMP_CHARS = 40  # "১২ জানুয়ারি, ২০১৯ ০০:০০" and a little more


def page_id(raw_sha256: str) -> str:
    """Stable record id: the first 16 hex digits of the raw bytes' SHA-256."""
    return raw_sha256[:ID_HEX_CHARS]


def _after_prefix(text: str) -> str:
    """ "বিভাগ : আন্তর্জাতিক" → "আন্তর্জাতিক"."""
    for sep in (":", "ঃ"):
        if sep in text:
            return text.split(sep, 1)[1].strip()
    return text.strip()


def stored_times(
    value: datetime | date | None, zone: tzinfo
) -> tuple[datetime | None, date | None]:
    """(timestamp as stored, in Dhaka; the day in the article's own zone); a date without a
    time gives no timestamp."""
    if value is None:
        return None, None
    if isinstance(value, datetime):
        return value.astimezone(DHAKA), value.astimezone(zone).date()
    return None, value


def page_zone(outlet: str | None, datelines: Sequence[LineInfo]) -> tzinfo:
    """The zone a page's times are read in: its outlet's (khobor's table of outlets), else the
    country's zone its datelines name ("IST"), else Asia/Dhaka."""
    zone = zone_of_outlet(outlet)
    if zone is not None:
        return zone
    return next((z for info in datelines if (z := named_zone(info.dates)) is not None), DHAKA)


def _article_dates(
    infos: Sequence[LineInfo], labels: Sequence[str], datelines: Sequence[int], zone: tzinfo
) -> tuple[datetime | None, datetime | None, date | None]:
    """Published and updated times of the article's datelines, read in `zone`: of each, the
    first with a time on a line that names its role ("প্রকাশ", "আপডেট", on the line or alone
    on the line above); failing that, the first with a time; failing that, the first date. A
    page with no dateline may print its date glued to the start of the first paragraph (a print
    edition's stamp)."""
    found: dict[str, list[tuple[bool, bool, int, datetime | date]]] = {}
    for k in datelines:
        info = infos[k]
        text, dates, cued = info.text, info.dates or None, has_dateline_cue(info.text)
        if not cued and k > 0 and _cue_above(infos, labels, k):
            # "আপডেট" alone, then the value: read them as one line
            text, dates, cued = f"{infos[k - 1].text} {info.text}", None, True
        # the dates the annotator read on the line, when it read some (a line it labelled by
        # them); else read here
        parsed = parse_dateline(text, dates, zone)
        for role, value in (("published", parsed.published), ("updated", parsed.updated)):
            if value is not None:
                timed = isinstance(value, datetime)
                found.setdefault(role, []).append((not timed, not cued, k, value))
    published = min(found["published"])[3] if "published" in found else None
    updated = min(found["updated"])[3] if "updated" in found else None
    if published is None and updated is None:
        published = _stamp_opening_body(infos, labels, zone)
    published_at, published_day = stored_times(published, zone)
    updated_at, updated_day = stored_times(updated, zone)
    return published_at, updated_at, published_day or updated_day


def _cue_above(infos: Sequence[LineInfo], labels: Sequence[str], k: int) -> bool:
    return labels[k - 1] == "dateline" and is_bare_dateline_cue(infos[k - 1])


def _stamp_opening_body(
    infos: Sequence[LineInfo], labels: Sequence[str], zone: tzinfo
) -> datetime | None:
    """A date and time glued to the start of the first paragraph ("<date> ০০:০০<text>")."""
    first = next((i for i, label in enumerate(labels) if label == "body"), None)
    if first is None:
        return None
    stamps = find_dates(infos[first].text[:_GLUED_STAMP_CHARS])
    if stamps and stamps[0].start == 0 and stamps[0].has_time:
        value = in_zone(stamps[0], zone)
        return value if isinstance(value, datetime) else None
    return None


def _page_date(infos: Sequence[LineInfo], labels: Sequence[str], zone: tzinfo) -> date | None:
    """The site header's date: a Gregorian date if printed, else the Bangla one converted."""
    matches = [
        m for info, lbl in zip(infos, labels, strict=True) if lbl == "page_date" for m in info.dates
    ]
    matches.sort(key=lambda m: m.calendar == "bangla")
    for match in matches:
        value = in_zone(match, zone)
        return value.astimezone(zone).date() if isinstance(value, datetime) else value
    return None


def _first(infos: Sequence[LineInfo], labels: Sequence[str], wanted: str) -> str | None:
    return next((i.text for i, lbl in zip(infos, labels, strict=True) if lbl == wanted), None)


def join_body(body_lines: Iterable[str]) -> str:
    """The body field: the body lines, paragraphs separated by a blank line."""
    return "\n\n".join(body_lines)


def assemble(
    source: str,
    raw_sha256: str,
    texts: Sequence[str],
    *,
    sources: Mapping[str, str] | None = None,
    cfg: AnnotatorConfig = DEFAULT_CONFIG,
    furniture: FurnitureLookup | None = None,
    title_line: Callable[[Sequence[str]], int | None] | None = None,
) -> tuple[Article | Quarantined, int | None]:
    """Annotate a page's non-blank lines and assemble its record (`furniture`: the corpus's
    evidence for the page's site, see `khobor.annotate.evidence`). `title_line` (an HTML
    page's: `khobor.pages.markup_fill`) names the line its markup holds to be the title, asked
    only when the text labels no headline: that line is then the headline (unless it was the
    page's only body line). Also gives the index of the line the markup made the headline
    (None when it made none)."""
    infos = line_infos(texts, cfg)
    listing = listing_evidence(infos, cfg)
    if listing is not None:
        return Quarantined(
            source, Reason.NOT_ARTICLE, listing.explain(), raw_sha256, listing.counts()
        ), None
    labels = label_page(infos, cfg, furniture)
    headline = _first(infos, labels, "headline")
    titled = None
    if headline is None and title_line is not None:
        titled = _markup_headline(labels, title_line(texts))
        headline = None if titled is None else infos[titled].text
    return _assembled(source, raw_sha256, texts, infos, labels, headline, sources), titled


def _markup_headline(labels: list[str], line: int | None) -> int | None:
    """Label `line` (the markup's title) the headline, unless it is the only body line."""
    if line is None or (labels[line] == "body" and labels.count("body") == 1):
        return None
    labels[line] = "headline"
    return line


def _assembled(
    source: str,
    raw_sha256: str,
    texts: Sequence[str],
    infos: Sequence[LineInfo],
    labels: list[str],
    headline: str | None,
    sources: Mapping[str, str] | None,
) -> Article | Quarantined:
    body_lines = [i.text for i, lbl in zip(infos, labels, strict=True) if lbl == "body"]
    body_first = labels.index("body") if body_lines else None
    if not body_lines:
        return Quarantined(source, Reason.NO_BODY, "no paragraph-like lines", raw_sha256)
    if headline is None:
        return Quarantined(source, Reason.NO_HEADLINE, "no title line above the body", raw_sha256)

    outlet = resolve_outlet(source, zip(texts, labels, strict=True), sources or {})
    datelines = [k for k, label in enumerate(labels) if label == "dateline"]
    zone = page_zone(outlet, [infos[k] for k in datelines])
    published_at, updated_at, day = _article_dates(infos, labels, datelines, zone)
    section = _first(infos, labels, "section")
    credit = _first(infos, labels, "source_credit")
    captions = list(
        dict.fromkeys(i.text for i, lbl in zip(infos, labels, strict=True) if lbl == "caption")
    )
    present = set(labels)
    body = join_body(body_lines)
    n_boiler = sum(1 for lbl in labels if lbl in BOILERPLATE_LABELS)
    return Article(
        id=page_id(raw_sha256),
        source=source,
        raw_sha256=raw_sha256,
        outlet=outlet,
        headline=headline,
        published_at=published_at,
        updated_at=updated_at,
        date=day,
        page_date=_page_date(infos, labels, zone),
        byline=article_byline(infos, labels, body_first),
        section=_after_prefix(section) if section else None,
        source_credit=_after_prefix(credit) if credit else None,
        body=body,
        captions=captions,
        lines=[Line(i.text, lbl) for i, lbl in zip(infos, labels, strict=True)],
        boilerplate={flag: bool(present & kinds) for flag, kinds in BOILERPLATE_FLAGS.items()},
        boilerplate_ratio=n_boiler / len(labels) if labels else 0.0,
        bengali_ratio=bengali_letter_share(body),
        url=(sources or {}).get(source),
    )


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
