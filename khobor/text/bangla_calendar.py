"""Bangladesh's revised Bangla (Bengali) calendar ⇄ Gregorian calendar.

1 বৈশাখ is always 14 April; the Bangla year is the Gregorian year − 593 from 14 April on
(− 594 before it). Two revisions of the month lengths are in use on real pages:

* ``"2019"`` (official since 1426 BS): months 1–6 have 31 days, ফাল্গুন has 29 days (30 when
  the Gregorian year of its February is a leap year), the other months 30.
* ``"1987"``: months 1–5 have 31 days, the others 30, and ফাল্গুন 31 in leap years.

Page headers print either, so :func:`agrees` checks a header's Bangla date against its
Gregorian date under both revisions, with a tolerance.

>>> to_gregorian(BanglaDate(1432, 1, 26))
datetime.date(2025, 5, 9)
>>> from_gregorian(date(2026, 1, 2), revision="1987")
BanglaDate(year=1432, month=9, day=19)
"""

from __future__ import annotations

import unicodedata
from calendar import isleap
from dataclasses import dataclass
from datetime import date, timedelta

from khobor.lexicons import dates as _lexicon

__all__ = [
    "BANGLA_MONTHS",
    "REVISIONS",
    "BanglaDate",
    "agrees",
    "from_gregorian",
    "is_valid",
    "month_length",
    "to_gregorian",
]

BANGLA_MONTHS: tuple[str, ...] = tuple(
    unicodedata.normalize("NFC", name) for name in _lexicon.BANGLA_MONTHS
)
"""Bangla month names in NFC, index 0 = বৈশাখ (month 1)."""

REVISIONS: tuple[str, ...] = ("2019", "1987")

_FALGUN = 11
_NEW_YEAR_MONTH = 4  # 1 বৈশাখ = 14 April
_NEW_YEAR_DAY = 14
_YEAR_OFFSET = 593  # Bangla year = Gregorian year − 593 from 14 April on


@dataclass(frozen=True, slots=True)
class BanglaDate:
    """A date of the Bangla calendar: ``month`` 1 = বৈশাখ … 12 = চৈত্র."""

    year: int
    month: int
    day: int


def _check_revision(revision: str) -> None:
    if revision not in REVISIONS:
        raise ValueError(f"unknown Bangla calendar revision {revision!r}; use one of {REVISIONS}")


def _february_is_leap(bangla_year: int) -> bool:
    """Whether the February inside Bangla year ``bangla_year`` has 29 days."""
    return isleap(bangla_year + _YEAR_OFFSET + 1)


def month_length(year: int, month: int, revision: str = "2019") -> int:
    """Days in Bangla ``month`` of ``year`` under ``revision``.

    >>> [month_length(1430, m) for m in range(1, 13)]
    [31, 31, 31, 31, 31, 31, 30, 30, 30, 30, 30, 30]
    >>> month_length(1430, 11, revision="1987"), month_length(1429, 11, revision="1987")
    (31, 30)
    >>> month_length(1429, 11)
    29
    """
    _check_revision(revision)
    if not 1 <= month <= 12:
        raise ValueError(f"Bangla month must be 1–12, got {month}")
    leap = _february_is_leap(year)
    if revision == "2019":
        if month <= 6:
            return 31
        if month == _FALGUN:
            return 30 if leap else 29
        return 30
    if month <= 5:
        return 31
    if month == _FALGUN and leap:
        return 31
    return 30


def is_valid(bd: BanglaDate, revision: str = "2019") -> bool:
    """Whether ``bd`` names a real day under ``revision``.

    >>> is_valid(BanglaDate(1432, 6, 31)), is_valid(BanglaDate(1432, 6, 31), revision="1987")
    (True, False)
    >>> is_valid(BanglaDate(1432, 13, 1))
    False
    """
    _check_revision(revision)
    return 1 <= bd.month <= 12 and 1 <= bd.day <= month_length(bd.year, bd.month, revision)


def _new_year(bangla_year: int) -> date:
    return date(bangla_year + _YEAR_OFFSET, _NEW_YEAR_MONTH, _NEW_YEAR_DAY)


def to_gregorian(bd: BanglaDate, revision: str = "2019") -> date:
    """The Gregorian date of Bangla date ``bd``; ``ValueError`` if the day does not exist.

    >>> to_gregorian(BanglaDate(1432, 9, 19))
    datetime.date(2026, 1, 3)
    >>> to_gregorian(BanglaDate(1432, 9, 19), revision="1987")
    datetime.date(2026, 1, 2)
    >>> to_gregorian(BanglaDate(1430, 12, 30))
    datetime.date(2024, 4, 13)
    """
    if not is_valid(bd, revision):
        raise ValueError(f"{bd} does not exist in the {revision} revision of the Bangla calendar")
    days = sum(month_length(bd.year, m, revision) for m in range(1, bd.month)) + bd.day - 1
    return _new_year(bd.year) + timedelta(days=days)


def from_gregorian(d: date, revision: str = "2019") -> BanglaDate:
    """The Bangla date of Gregorian date ``d``.

    >>> from_gregorian(date(2025, 4, 14))
    BanglaDate(year=1432, month=1, day=1)
    >>> from_gregorian(date(2025, 4, 13))
    BanglaDate(year=1431, month=12, day=30)
    >>> from_gregorian(date(2024, 3, 14))
    BanglaDate(year=1430, month=11, day=30)
    """
    _check_revision(revision)
    year = d.year - _YEAR_OFFSET
    if (d.month, d.day) < (_NEW_YEAR_MONTH, _NEW_YEAR_DAY):
        year -= 1
    remaining = (d - _new_year(year)).days
    month = 1
    while remaining >= (length := month_length(year, month, revision)):
        remaining -= length
        month += 1
    return BanglaDate(year, month, remaining + 1)


def agrees(bangla: BanglaDate, gregorian: date, max_days: int = 1) -> bool:
    """Whether a page header's Bangla and Gregorian dates name (about) the same day.

    The Bangla date is read under both revisions; it agrees when either lands within
    ``max_days`` of ``gregorian``. An impossible Bangla date never agrees.

    >>> agrees(BanglaDate(1432, 9, 19), date(2026, 1, 2), max_days=0)  # seed 003, 1987 rule
    True
    >>> agrees(BanglaDate(1432, 1, 26), date(2025, 5, 9), max_days=0)  # seed 002
    True
    >>> agrees(BanglaDate(1432, 1, 26), date(2025, 5, 12))
    False
    """
    distances = [
        abs((to_gregorian(bangla, revision) - gregorian).days)
        for revision in REVISIONS
        if is_valid(bangla, revision)
    ]
    return bool(distances) and min(distances) <= max_days
