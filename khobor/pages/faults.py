"""Faults that one page can have and that the release's schema gate would refuse the whole
release for: such a page goes to the quarantine with its reason code instead, before the gates
(DESIGN: a fault one page can have is that page's quarantine). Dataset gates stay for faults of
the dataset.

The limits mirror `validation/gates.toml` (`schema.date_range`, `schema.bengali_script`); a
test keeps them equal. Dates are judged against today in Dhaka, as the gate does: a page
dated in the future is quarantined until its day comes (the only way the clock reaches a build).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from khobor.contracts.records import Article, Quarantined, Reason
from khobor.contracts.timezone import DHAKA
from khobor.lexicons.mojibake import MOJIBAKE_RE, REPLACEMENT_CHARACTER
from khobor.text.normalize import bengali_letter_share, normalize_text

# The schema gate's control characters (C0 but tab and LF, DEL, C1).
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def reference_day() -> dt.date:
    """Today in Dhaka: the day the schema gate judges dates against."""
    return dt.datetime.now(DHAKA).date()


@dataclass(frozen=True, slots=True)
class PageLimits:
    """The per-page bounds of the schema gate (gates.toml defaults)."""

    earliest: dt.date = dt.date(1990, 1, 1)
    latest: dt.date = dt.date.max
    min_headline_bengali: float = 0.5
    min_body_bengali: float = 0.6

    @classmethod
    def today(cls, max_days_ahead: int = 1) -> PageLimits:
        return cls(latest=reference_day() + dt.timedelta(days=max_days_ahead))


def _day(value: dt.datetime | dt.date | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.astimezone(DHAKA).date()
    return value


def _dates_in_range(article: Article, limits: PageLimits) -> str | None:
    for name in ("published_at", "updated_at", "date", "page_date"):
        day = _day(getattr(article, name))
        if day is not None and not limits.earliest <= day <= limits.latest:
            return f"{name} {day.isoformat()} outside {limits.earliest}…{limits.latest}"
    return None


def _timestamps_ordered(article: Article, limits: PageLimits) -> str | None:
    published, updated = article.published_at, article.updated_at
    if published is not None and updated is not None and updated < published:
        return f"updated_at {updated.isoformat()} before published_at {published.isoformat()}"
    return None


def _page_date_not_before(article: Article, limits: PageLimits) -> str | None:
    page, day = article.page_date, article.date
    if page is not None and day is not None and page < day:
        return f"page_date {page.isoformat()} before the article's date {day.isoformat()}"
    return None


def _bengali_floors(article: Article, limits: PageLimits) -> str | None:
    headline = bengali_letter_share(article.headline)
    body = article.bengali_ratio  # the body's share, as `assemble` measured it
    if headline < limits.min_headline_bengali or body < limits.min_body_bengali:
        return (
            f"Bengali letters: headline {headline:.0%} (min {limits.min_headline_bengali:.0%}), "
            f"body {body:.0%} (min {limits.min_body_bengali:.0%})"
        )
    return None


_PAGE_CHECKS: dict[Reason, Callable[[Article, PageLimits], str | None]] = {
    Reason.DATE_OUT_OF_RANGE: _dates_in_range,
    Reason.UPDATED_BEFORE_PUBLISHED: _timestamps_ordered,
    Reason.PAGE_DATE_BEFORE_DATE: _page_date_not_before,
    Reason.LOW_BENGALI_SHARE: _bengali_floors,
}


def page_fault(article: Article, limits: PageLimits) -> Quarantined | None:
    """The first per-page fault of a record, as its quarantine entry; None when it has none."""
    for reason, check in _PAGE_CHECKS.items():
        detail = check(article, limits)
        if detail is not None:
            return Quarantined(article.source, reason, detail, article.raw_sha256)
    return None


def name_problem(source: str) -> str | None:
    """Why a (UTF-8) source name would fail the schema gate's text hygiene, or None.

    >>> name_problem("ক.txt") is None
    True
    >>> name_problem("ক\u09c7\u09be.txt")  # decomposed: NFC has U+09CB
    'not in canonical form (NFC, no stray spaces or line breaks)'
    >>> name_problem("a\\rb.txt")
    'holds control characters'
    """
    if _CONTROL_RE.search(source):
        return "holds control characters"
    if normalize_text(source) != source:
        return "not in canonical form (NFC, no stray spaces or line breaks)"
    if REPLACEMENT_CHARACTER in source or MOJIBAKE_RE.search(source):
        return "holds U+FFFD or mojibake"
    return None
