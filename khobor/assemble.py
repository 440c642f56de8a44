"""Article assembly: labelled lines → one schema-v1 record (or the reason it cannot be one)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from khobor.annotate import (
    DEFAULT_CONFIG,
    AnnotatorConfig,
    FurnitureLookup,
    LineInfo,
    article_byline,
    label_page,
    line_infos,
)
from khobor.dates import parse_dateline
from khobor.normalize import bengali_letter_share
from khobor.outlets import resolve_outlet
from khobor.records import Article, Line, Quarantined, Reason
from khobor.taxonomy import BOILERPLATE_FLAGS, BOILERPLATE_LABELS
from khobor.timezone import DHAKA

ID_HEX_CHARS = 16


def page_id(raw_sha256: str) -> str:
    """Stable record id: the first 16 hex digits of the raw bytes' SHA-256."""
    return raw_sha256[:ID_HEX_CHARS]


def _after_prefix(text: str) -> str:
    """ "বিভাগ : আন্তর্জাতিক" → "আন্তর্জাতিক"."""
    for sep in (":", "ঃ"):
        if sep in text:
            return text.split(sep, 1)[1].strip()
    return text.strip()


def _as_dhaka(value: datetime | date | None) -> tuple[datetime | None, date | None]:
    """(timestamp, its Dhaka date); a date without a time gives no timestamp."""
    if value is None:
        return None, None
    if isinstance(value, datetime):
        local = value.astimezone(DHAKA)
        return local, local.date()
    return None, value


def _article_dates(
    infos: Sequence[LineInfo], labels: Sequence[str]
) -> tuple[datetime | None, datetime | None, date | None]:
    published: datetime | date | None = None
    updated: datetime | date | None = None
    for info, label in zip(infos, labels, strict=True):
        if label != "dateline":
            continue
        # the dates the annotator read on the line, when it read some (a line it labelled by
        # them); else read here
        parsed = parse_dateline(info.text, info.dates or None)
        published = published or parsed.published
        updated = updated or parsed.updated
    published_at, published_day = _as_dhaka(published)
    updated_at, updated_day = _as_dhaka(updated)
    return published_at, updated_at, published_day or updated_day


def _page_date(infos: Sequence[LineInfo], labels: Sequence[str]) -> date | None:
    """The site header's date: a Gregorian date if printed, else the Bangla one converted."""
    matches = [
        m for info, lbl in zip(infos, labels, strict=True) if lbl == "page_date" for m in info.dates
    ]
    matches.sort(key=lambda m: m.calendar == "bangla")
    for match in matches:
        value = match.value
        return value.astimezone(DHAKA).date() if isinstance(value, datetime) else value
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
) -> Article | Quarantined:
    """Annotate a page's non-blank lines and assemble its record (`furniture`: the corpus's
    evidence for the page's site, see `khobor.annotate.corpus`)."""
    infos = line_infos(texts, cfg)
    labels = label_page(infos, cfg, furniture)
    headline = _first(infos, labels, "headline")
    body_lines = [i.text for i, lbl in zip(infos, labels, strict=True) if lbl == "body"]
    body_first = labels.index("body") if body_lines else None
    if not body_lines:
        return Quarantined(source, Reason.NO_BODY, "no paragraph-like lines", raw_sha256)
    if headline is None:
        return Quarantined(source, Reason.NO_HEADLINE, "no title line above the body", raw_sha256)

    published_at, updated_at, day = _article_dates(infos, labels)
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
        outlet=resolve_outlet(source, zip(texts, labels, strict=True), sources or {}),
        headline=headline,
        published_at=published_at,
        updated_at=updated_at,
        date=day,
        page_date=_page_date(infos, labels),
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
