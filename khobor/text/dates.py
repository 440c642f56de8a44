"""Bengali (and English) date and time parsing for news datelines and body text.

Everything here is a pure function over NFC text; regexes are compiled once at import.
Word lists live in :mod:`khobor.lexicons.dates`.

Zones: :func:`find_dates` reads a time printed without a zone as Dhaka wall-clock time (its
results do not depend on the outlet, so a line's can be cached); :func:`parse_dateline` and
:func:`parse_datetime` take the outlet's ``zone`` and read such a time there instead. A time
printed with a zone ("IST", "GMT+6", "+05:30") is that instant in every reading, and
:func:`named_zone` tells the country's zone a line points to, for an outlet of unknown zone.

>>> parse_datetime("প্রকাশ : ৩০ জুন ২০২৫, ১২:৩৯ পিএম")
datetime.datetime(2025, 6, 30, 12, 39, tzinfo=zoneinfo.ZoneInfo(key='Asia/Dhaka'))
>>> [(m.calendar, str(m.value)) for m in find_dates("শুক্রবার, ০৯ মে ২০২৫ ২৬ বৈশাখ ১৪৩২")]
[('gregorian', '2025-05-09'), ('bangla', '2025-05-09')]
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from calendar import isleap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from khobor.contracts.timezone import DHAKA
from khobor.lexicons import dates as lex
from khobor.text import bangla_calendar

__all__ = [
    "DateMatch",
    "Dateline",
    "find_dates",
    "in_zone",
    "named_zone",
    "parse_dateline",
    "parse_datetime",
    "to_ascii_digits",
    "to_bengali_digits",
]

MIN_YEAR = 1800
"""Earliest Gregorian year read as a date (older four-digit numbers are not news dates)."""
MAX_YEAR = 2199
MIN_BANGLA_YEAR = MIN_YEAR - 594
MAX_BANGLA_YEAR = MAX_YEAR - 593
MAX_TIME_GAP = 48
"""Most characters between a time and the date it attaches to."""
MAX_ZONE_OFFSET_MINUTES = 14 * 60


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date (with its attached time, if any) found in a text, and its span there.

    ``value`` is in Asia/Dhaka whatever the page's zone (so that a line's matches can be
    cached once for every outlet); :func:`parse_dateline` re-reads it in the page's zone.
    """

    start: int
    end: int
    value: datetime | date  # tz-aware in Asia/Dhaka when a time was attached, else a date
    calendar: str  # "gregorian" | "bangla" | "iso"
    has_time: bool
    has_weekday: bool
    # The zone the text named for the time ("IST", "GMT+6", "+05:30", "বাংলাদেশ সময়"): a
    # country's zone for a name that denotes one (IST → Asia/Kolkata), else the fixed offset.
    # None when the time was printed without one, or there is no time.
    zone: tzinfo | None = None

    @property
    def zone_named(self) -> bool:
        """The text said in which zone its time is (the value is then that instant)."""
        return self.zone is not None


@dataclass(frozen=True, slots=True)
class Dateline:
    """The publication and update timestamps read from one dateline."""

    published: datetime | date | None
    updated: datetime | date | None


# --- digits -------------------------------------------------------------------------------

_TO_ASCII = str.maketrans(lex.BENGALI_DIGITS, lex.ASCII_DIGITS)
_TO_BENGALI = str.maketrans(lex.ASCII_DIGITS, lex.BENGALI_DIGITS)


def to_ascii_digits(text: str) -> str:
    """Replace Bengali digits ০–৯ with ASCII 0–9; everything else is kept.

    >>> to_ascii_digits("১২:৩৯ পিএম, 2025")
    '12:39 পিএম, 2025'
    """
    return text.translate(_TO_ASCII)


def to_bengali_digits(text: str) -> str:
    """Replace ASCII digits 0–9 with Bengali ০–৯; everything else is kept.

    >>> to_bengali_digits("30 June 2025")
    '৩০ June ২০২৫'
    """
    return text.translate(_TO_BENGALI)


# --- lookup tables and regex building blocks -----------------------------------------------

# NFC decomposes these three letters; pages that skipped normalisation carry the composed form.
_NUKTA_LETTERS = {"\u09a1\u09bc": "\u09dc", "\u09a2\u09bc": "\u09dd", "\u09af\u09bc": "\u09df"}


_JOINERS = str.maketrans("", "", "\u200c\u200d")


@lru_cache(maxsize=4096)  # matched words are the lexicon's, in few spellings: a lookup, not work
def _key(word: str) -> str:
    """Lookup key of a lexicon entry or a matched word: NFC, lower case, single spaces, no
    joiners (some keyboards put a ZWNJ after a hasanta: "অপরাহ্\u200cণ").

    >>> _key("\u09af\u09bc") == _key("\u09df"), _key("Last  Updated"), _key("অপরাহ্\u200cণ")
    (True, 'last updated', 'অপরাহ্ণ')
    """
    return " ".join(unicodedata.normalize("NFC", word).translate(_JOINERS).lower().split())


def _table(*tables: dict[str, int] | dict[str, str]) -> dict[str, int | str]:
    return {_key(word): value for table in tables for word, value in table.items()}


def _alternation(words: Iterable[str], joiners: bool = True) -> str:
    """A regex group matching any of ``words`` (longest first), in NFC or composed nukta form,
    a joiner allowed after each hasanta (unless ``joiners`` is false).

    >>> bool(re.fullmatch(_alternation(["জুলায়"]), "জুলা\u09df"))
    True
    >>> bool(re.fullmatch(_alternation(["পূর্বাহ্ণ"]), "পূর্বাহ্\u200dণ"))
    True
    """
    patterns = []
    for word in sorted({_key(w) for w in words}, key=len, reverse=True):
        pattern = re.escape(word).replace(r"\ ", r"\s+")
        if joiners:
            pattern = pattern.replace("\u09cd", "\u09cd[\u200c\u200d]?")
        for decomposed, composed in _NUKTA_LETTERS.items():
            pattern = pattern.replace(decomposed, f"(?:{decomposed}|{composed})")
        patterns.append(pattern)
    return "(?:" + "|".join(patterns) + ")"


_BN_MONTHS = _table(lex.GREGORIAN_MONTHS_BN, lex.GREGORIAN_MONTHS_EN)
_BANGLA_MONTHS = _table(
    {name: number for number, name in enumerate(lex.BANGLA_MONTHS, start=1)},
    lex.BANGLA_MONTH_VARIANTS,
)
_WEEKDAYS = _table(lex.WEEKDAYS)
_DAY_PARTS = _table(lex.DAY_PARTS)
_AM_PM = _table(dict.fromkeys(lex.AM_WORDS, "am"), dict.fromkeys(lex.PM_WORDS, "pm"))
_ZONES = _table(lex.ZONE_OFFSETS)
_ZONE_REGIONS = {word: ZoneInfo(str(key)) for word, key in _table(lex.ZONE_REGIONS).items()}
_OFFSET_REGIONS = {timedelta(minutes=m): ZoneInfo(key) for m, key in lex.OFFSET_REGIONS.items()}
_CUES = _table(
    dict.fromkeys(lex.PUBLISHED_CUES, "published"), dict.fromkeys(lex.UPDATED_CUES, "updated")
)

_D = "[0-9০-৯]"
_SP = r"[ \t\u00a0\u2009\u202f]"  # spaces that do not end a line
_NOT_AFTER_DIGIT = "(?<![0-9০-৯])"
_NOT_BEFORE_DIGIT = "(?![0-9০-৯])"
# Bengali letters and signs except the digits and ঃ (visarga, written as a colon: "প্রকাশঃ").
_LETTER = "A-Za-z\u0980-\u0982\u0984-\u09e5\u09f0-\u09ff\u200c\u200d"
_NOT_AFTER_LETTER = f"(?<![{_LETTER}])"
_NOT_BEFORE_LETTER = f"(?![{_LETTER}])"
_SEP = f"{_SP}*+[,./-]?{_SP}*+"  # possessive: no backtracking through runs of spaces
_FLAGS = re.IGNORECASE


def _word(words: Iterable[str], name: str | None = None) -> str:
    """A whole word from ``words`` (an optional abbreviation dot included), optionally named."""
    group = f"(?P<{name}>{_alternation(words)})" if name else _alternation(words)
    return rf"{_NOT_AFTER_LETTER}{group}\.?{_NOT_BEFORE_LETTER}"


_DAY = rf"{_NOT_AFTER_DIGIT}(?P<{{p}}d>{_D}{{{{1,2}}}})(?:{_alternation(lex.DAY_SUFFIXES)})?"
_ERA = rf"(?:{_SP}*{_word((*lex.GREGORIAN_ERA_WORDS, *lex.BANGLA_ERA_WORDS))})?"

# Date families, each in its own named group of one regex (the group names the reader).
_FAMILIES = {
    # ১৪ সেপ্টেম্বর ২০২৩, 22nd Nov. 2025, ২৬ বৈশাখ ১৪৩২ বঙ্গাব্দ
    "dmy": rf"{_DAY.format(p='dmy_')}{_SEP}"
    rf"(?:{_word(_BN_MONTHS, 'dmy_m')}|{_word(_BANGLA_MONTHS, 'dmy_bm')})"
    rf"{_SEP}(?P<dmy_y>{_D}{{4}}){_NOT_BEFORE_DIGIT}{_ERA}",
    # ২০২৪ সালের ৫ আগস্ট
    "ydm": rf"{_NOT_AFTER_DIGIT}(?P<ydm_y>{_D}{{4}}){_SP}*(?:সালের|সালে|সাল){_SP}*"
    rf"{_DAY.format(p='ydm_')}{_SEP}{_word(_BN_MONTHS, 'ydm_m')}",
    # 2025-11-22, 2025-11-22T10:30:00+06:00
    "iso": rf"{_NOT_AFTER_DIGIT}(?P<iso_y>{_D}{{4}})(?P<iso_sep>[-/])(?P<iso_m>{_D}{{2}})"
    rf"(?P=iso_sep)(?P<iso_d>{_D}{{2}})"
    rf"(?:T(?P<iso_h>{_D}{{2}}):(?P<iso_mi>{_D}{{2}})"
    rf"(?::(?P<iso_s>{_D}{{2}})(?:[.,]{_D}+)?)?"
    rf"(?P<iso_z>Z|[+-]{_D}{{2}}(?::?{_D}{{2}})?)?)?{_NOT_BEFORE_DIGIT}",
    # ২২/১১/২০২৫, 22-11-2025, 22.11.2025 (day first, as in Bangladesh)
    "num": rf"(?<![0-9০-৯][./-]){_NOT_AFTER_DIGIT}(?P<num_d>{_D}{{1,2}})(?P<num_sep>[/.-])"
    rf"(?P<num_m>{_D}{{1,2}})(?P=num_sep)(?P<num_y>{_D}{{4}}){_NOT_BEFORE_DIGIT}"
    rf"(?![./-]{_D}){_ERA}",
    # নভেম্বর ২২, ২০২৫ and Nov 22, 2025
    "mdy": rf"{_word(_BN_MONTHS, 'mdy_m')}{_SP}*{_DAY.format(p='mdy_')}{_SP}*,?{_SP}*"
    rf"(?P<mdy_y>{_D}{{4}}){_NOT_BEFORE_DIGIT}{_ERA}",
}
_DATE_FIRST_CHARS = "0-9০-৯" + "".join(sorted({re.escape(month[0]) for month in _BN_MONTHS}))
_DATE = re.compile(
    f"(?=[{_DATE_FIRST_CHARS}])"  # a cheap first-character test before trying every family
    + "(?:"
    + "|".join(f"(?P<{family}>{pattern})" for family, pattern in _FAMILIES.items())
    + ")",
    _FLAGS,
)
_LEADING_WEEKDAY = re.compile(rf"{_word(_WEEKDAYS)}{_SP}*,?{_SP}*\Z", _FLAGS)
_TRAILING_WEEKDAY = re.compile(rf"{_SP}*[,(]?{_SP}*{_word(_WEEKDAYS)}\)?", _FLAGS)

_OFFSET = rf"(?P<sign>[+\-\u2212]){_SP}?(?P<oh>{_D}{{1,2}})(?::?(?P<om>{_D}{{2}}))?"
_TIME = re.compile(
    rf"(?={_D}){_NOT_AFTER_DIGIT}(?P<h>{_D}{{1,2}})"
    # "২০ : ৩০" and "০৯: ৪০": a space either side of the colon (never around a dot: decimals)
    rf"(?:(?P<sep>{_SP}?:|\.){_SP}?(?P<mi>{_D}{{2}})"
    rf"(?::{_SP}?(?P<s>{_D}{{2}})(?:\.{_D}+)?)?{_NOT_BEFORE_DIGIT}"
    rf"|{_SP}*(?P<hour_word>{_alternation(lex.HOUR_WORDS)}){_NOT_BEFORE_LETTER}"
    rf"(?:{_SP}*(?P<mi_word>{_D}{{1,2}}){_SP}*{_alternation(lex.MINUTE_WORDS)}"
    rf"{_NOT_BEFORE_LETTER})?)"
    # AM/PM, or a day part after the time ("০৬:৩৬ সকাল", "৮:১০ রাত")
    rf"(?:{_SP}*(?:(?P<ampm>{_alternation(_AM_PM)})(?![{_LETTER}])"
    rf"|(?P<part_after>{_alternation(_DAY_PARTS)}){_NOT_BEFORE_LETTER}))?"
    # a zone, also in brackets: "GMT+6", "IST", "(IST)", "[IST]", "+06:00"
    rf"(?:{_SP}*(?P<zone_open>[(\[])?{_SP}*"
    rf"(?:(?P<zone_prefix>{_alternation(lex.ZONE_OFFSET_PREFIXES)}){_SP}?{_OFFSET}"
    rf"|(?P<zone>{_alternation(_ZONES)}){_NOT_BEFORE_LETTER}"
    rf"|(?P<bare_offset>[+-]{_D}{{2}}:?{_D}{{2}}){_NOT_BEFORE_DIGIT})"
    rf"(?(zone_open){_SP}*[)\]]))?",
    _FLAGS,
)
# "১০৩০ ঘণ্টা": the 24-hour "hours" notation some wire-style datelines use (10:30).
_MILITARY_TIME = re.compile(
    rf"{_NOT_AFTER_DIGIT}(?P<h>{_D}{{2}})(?P<mi>{_D}{{2}}){_SP}*(?:ঘণ্টা|ঘন্টা|hrs|hours)"
    rf"(?![{_LETTER}])",
    _FLAGS,
)
# A day part is looked for just before a time's hour ("রাত ১০টা"), not scanned for; so is a
# zone phrase before that ("বাংলাদেশ সময়: ১৯৩১ ঘণ্টা"), only when the text before ends like one.
_DAY_PART_BEFORE = re.compile(rf"{_word(_DAY_PARTS, 'part')}{_SP}*\Z", _FLAGS)
_ZONE_BEFORE = re.compile(rf"{_word(lex.ZONES_BEFORE_TIME, 'zone')}{_SP}*[:ঃ]?{_SP}*\Z", _FLAGS)
_ZONE_BEFORE_LAST_CHARS = frozenset(
    c for w in lex.ZONES_BEFORE_TIME for c in (_key(w)[-1], unicodedata.normalize("NFC", w)[-1])
) | set(_NUKTA_LETTERS.values())
_ZONE_BEFORE_GLUE = " :ঃ\t\u00a0\u2009\u202f"
_CUE = re.compile(rf"{_NOT_AFTER_LETTER}(?P<cue>{_alternation(_CUES)}){_NOT_BEFORE_LETTER}", _FLAGS)
_CLAUSE_BREAK = re.compile(rf"[\n\r।|॥;!?•]|\.(?=\s)|{_CUE.pattern}", _FLAGS)
# "প্রকাশ: ২২ নভেম্বর ২০২৫ | ১০:৩০", "Jun 25, 2022 • 8:30 PM", "০৮:৩০ PM | ২৫ জুন ২০২২": a lone
# time beside a bar or a bullet still belongs to the date across it.
_CLAUSE_BREAK_BUT_BAR = re.compile(rf"[\n\r।॥;!?]|\.(?=\s)|{_CUE.pattern}", _FLAGS)
_YEAR_HINT = re.compile(f"{_D}{{4}}")
# Last characters of a weekday (or its abbreviation dot), to skip most weekday searches.
_WEEKDAY_LAST_CHARS = frozenset({_key(w)[-1] for w in _WEEKDAYS} | {"."})
_WEEKDAY_GLUE = frozenset(" ,\t\u00a0")
_GAP_GLUE = " ,\t\u00a0"
_DATE_WINDOW = 48
"""Dates are only looked for this many characters around a four-digit number (a year)."""
_TIME_WINDOW = MAX_TIME_GAP + 48
"""Times are only looked for this many characters around a date."""


def _stamp(p: str) -> str:
    """One "cue, time, weekday, date, time" stamp of the dateline fast path (group prefix p).

    Its words are matched without joiners (a fifth of its time): a line that has one takes
    the general path."""

    cues, weekdays, months, ampm = (
        _alternation(words, joiners=False) for words in (_CUES, _WEEKDAYS, _BN_MONTHS, _AM_PM)
    )

    def clock(q: str) -> str:
        return (
            rf"(?P<{q}h>{_D}{{1,2}}):{_SP}?(?P<{q}mi>{_D}{{2}})"
            rf"(?::{_SP}?(?P<{q}s>{_D}{{2}}))?{_NOT_BEFORE_DIGIT}"
            rf"(?:{_SP}*(?P<{q}ap>{ampm})(?![{_LETTER}]))?"
        )

    return (
        rf"(?:(?P<{p}cue>{cues}){_NOT_BEFORE_LETTER}{_SP}*[:ঃ]?{_SP}*)?"
        rf"(?:{clock(p + 'l')}{_SP}*,?{_SP}*)?"
        rf"(?:{weekdays}{_NOT_BEFORE_LETTER}{_SP}*,?{_SP}*)?"
        rf"(?P<{p}d>{_D}{{1,2}}){_SP}+(?P<{p}m>{months}){_SP}*,?{_SP}*"
        rf"(?P<{p}y>{_D}{{4}}){_NOT_BEFORE_DIGIT}"
        rf"(?:{_SP}*,?{_SP}*{clock(p + 't')})?"
    )


# The usual dateline in one piece: "প্রকাশ : ৩০ জুন ২০২৫, ১২:৩৯ পিএম | আপডেট: …".
_FAST_DATELINE = re.compile(
    rf"{_SP}*{_stamp('a_')}(?:{_SP}*(?P<bar>\|)?{_SP}*{_stamp('b_')})?{_SP}*", _FLAGS
)


# --- reading the pieces -------------------------------------------------------------------


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _gregorian(year: int, month: int, day: int) -> date | None:
    """The date, or ``None`` when it does not exist (31 ফেব্রুয়ারি) or the year is implausible.

    >>> _gregorian(2025, 2, 31) is None, _gregorian(2024, 2, 29)
    (True, datetime.date(2024, 2, 29))
    """
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    if not 1 <= day <= (29 if month == 2 and isleap(year) else _DAYS_IN_MONTH[month - 1]):
        return None
    return date(year, month, day)


def _bangla(year: int, month: int, day: int) -> date | None:
    """Gregorian date of a Bangla date: the 2019 revision, else the 1987 one (ফাল্গুন ৩১).

    >>> _bangla(1432, 9, 19), _bangla(1430, 11, 31), _bangla(1432, 12, 31)
    (datetime.date(2026, 1, 3), datetime.date(2024, 3, 14), None)
    """
    if not MIN_BANGLA_YEAR <= year <= MAX_BANGLA_YEAR:
        return None
    bd = bangla_calendar.BanglaDate(year, month, day)
    for revision in bangla_calendar.REVISIONS:
        if bangla_calendar.is_valid(bd, revision):
            return bangla_calendar.to_gregorian(bd, revision)
    return None


@dataclass(frozen=True, slots=True)
class _Found:
    """A date before times are attached."""

    start: int
    end: int
    day: date
    calendar: str
    has_weekday: bool = False
    moment: datetime | None = None  # an ISO date's own "T…" time, already in Dhaka
    zone: tzinfo | None = None  # the offset printed with that time, if any


def _read_dmy(m: re.Match[str]) -> tuple[date | None, str]:
    day, year = int(m["dmy_d"]), int(m["dmy_y"])
    if m["dmy_bm"] is not None:
        return _bangla(year, int(_BANGLA_MONTHS[_key(m["dmy_bm"])]), day), "bangla"
    return _gregorian(year, int(_BN_MONTHS[_key(m["dmy_m"])]), day), "gregorian"


def _read_ydm(m: re.Match[str]) -> tuple[date | None, str]:
    month = int(_BN_MONTHS[_key(m["ydm_m"])])
    return _gregorian(int(m["ydm_y"]), month, int(m["ydm_d"])), "gregorian"


def _read_mdy(m: re.Match[str]) -> tuple[date | None, str]:
    month = int(_BN_MONTHS[_key(m["mdy_m"])])
    return _gregorian(int(m["mdy_y"]), month, int(m["mdy_d"])), "gregorian"


def _read_num(m: re.Match[str]) -> tuple[date | None, str]:
    return _gregorian(int(m["num_y"]), int(m["num_m"]), int(m["num_d"])), "gregorian"


def _read_iso(m: re.Match[str]) -> tuple[date | None, str]:
    return _gregorian(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"])), "iso"


_DATE_READERS: dict[str, Callable[[re.Match[str]], tuple[date | None, str]]] = {
    "dmy": _read_dmy,
    "ydm": _read_ydm,
    "mdy": _read_mdy,
    "num": _read_num,
    "iso": _read_iso,
}


def _zone(offset_minutes: int | None) -> timezone | ZoneInfo | None:
    if offset_minutes is None:
        return DHAKA
    if abs(offset_minutes) > MAX_ZONE_OFFSET_MINUTES:
        return None
    return timezone(timedelta(minutes=offset_minutes))


def _offset_minutes(sign: str, hours: str, minutes: str | None) -> int:
    value = int(hours) * 60 + (int(minutes) if minutes else 0)
    return value if sign == "+" else -value


def _iso_moment(m: re.Match[str], day: date) -> tuple[datetime | None, tzinfo | None]:
    """An ISO date's own time (in Dhaka) and the offset printed with it, if any."""
    if m["iso_h"] is None:
        return None, None
    hour, minute = int(m["iso_h"]), int(m["iso_mi"])
    second = int(m["iso_s"]) if m["iso_s"] else 0
    offset = None
    if z := m["iso_z"]:
        offset = 0 if z in "Zz" else _offset_minutes(z[0], z[1:3], z[-2:] if len(z) > 3 else None)
    moment = _moment(day, (hour, minute, second, offset))
    return moment, (None if offset is None or moment is None else _fixed_zone(offset))


def _moment(
    day: date, clock: tuple[int, int, int, int | None], region: tzinfo | None = None
) -> datetime | None:
    """``day`` at ``clock`` (hour, minute, second, minutes east of UTC or None = Dhaka), or
    on the clock of ``region`` when the text named a country's ("BST" in Dhaka's summer time
    of 2009 is UTC+7, as the outlets' clocks were)."""
    hour, minute, second, offset = clock
    tz = region if isinstance(region, ZoneInfo) else _zone(offset)
    if tz is None or not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59):
        return None
    local = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)
    return local.astimezone(DHAKA)


def _windows(text: str, spans: Iterable[tuple[int, int]], margin: int) -> list[tuple[int, int]]:
    """``spans`` (in order) widened by ``margin`` on both sides and merged where they meet."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        low, high = max(0, start - margin), min(len(text), end + margin)
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], high)
        else:
            merged.append((low, high))
    return merged


def _weekday_before(text: str, start: int, floor: int) -> int | None:
    """Start of a weekday written just before ``start`` ("শুক্রবার, "), not before ``floor``."""
    i = start
    while i > floor and text[i - 1] in _WEEKDAY_GLUE:
        i -= 1
    if i <= floor or text[i - 1].lower() not in _WEEKDAY_LAST_CHARS:
        return None
    lead = _LEADING_WEEKDAY.search(text, max(floor, start - 32), start)
    return None if lead is None else lead.start()


def _scan_dates(text: str) -> list[_Found]:
    if len(text) <= 4 * _DATE_WINDOW:
        windows = [(0, len(text))]  # a dateline: one window, no bookkeeping
    else:
        windows = _windows(text, (m.span() for m in _YEAR_HINT.finditer(text)), _DATE_WINDOW)
    matches = [m for low, high in windows for m in _DATE.finditer(text, low, high)]
    found: list[_Found] = []
    last_end = 0
    for m in matches:
        if m.start() < last_end:
            continue
        family = str(m.lastgroup)  # the family's group closes last
        day, calendar = _DATE_READERS[family](m)
        if day is None:
            continue
        start, end = m.start(), m.end()
        moment, zone = _iso_moment(m, day) if family == "iso" else (None, None)
        if family == "iso" and m["iso_h"] is not None and moment is None:
            continue  # "2025-11-22T25:00": an impossible timestamp is no date either
        has_weekday = False
        if (lead := _weekday_before(text, start, last_end)) is not None:
            has_weekday, start = True, lead
        if not has_weekday and (trail := _TRAILING_WEEKDAY.match(text, end)) is not None:
            has_weekday, end = True, trail.end()
        found.append(_Found(start, end, day, calendar, has_weekday, moment, zone))
        last_end = end
    return found


# Day-part rules: 12-hour reading → 24-hour hour; hours above 12 are already 24-hour.
_DAY_PART_RULES: dict[str, Callable[[int], int]] = {
    "morning": lambda h: h,
    "midday": lambda h: h + 12 if 1 <= h <= 6 else h,
    "afternoon": lambda h: h + 12 if 1 <= h <= 11 else h,
    "night": lambda h: h + 12 if 6 <= h <= 11 else (0 if h == 12 else h),
    "am": lambda h: 0 if h == 12 else (h if h <= 12 else -1),
    "pm": lambda h: h + 12 if 1 <= h <= 11 else (h if h >= 12 else -1),
}


def _to_24h(hour: int, rule: str | None) -> int | None:
    """The 24-hour hour of ``hour`` read under an AM/PM or day-part ``rule``, if it exists.

    >>> _to_24h(12, "am"), _to_24h(10, "night"), _to_24h(13, "pm"), _to_24h(13, "am")
    (0, 22, 13, None)
    """
    if rule is not None and hour <= 12:
        hour = _DAY_PART_RULES[rule](hour)
    elif rule == "am":
        return None
    return hour if 0 <= hour <= 23 else None


@dataclass(frozen=True, slots=True)
class _Clock:
    start: int
    end: int
    hour: int
    minute: int
    second: int
    offset: int | None  # minutes east of UTC; None = Asia/Dhaka
    zone: tzinfo | None = None  # the zone the text named (see DateMatch.zone)


@cache
def _fixed_zone(offset: int) -> timezone:
    return timezone(timedelta(minutes=offset))


def _zone_named(name: str) -> tuple[int, tzinfo]:
    """(minutes east of UTC, zone) of a zone name: a country's zone where the name is one's."""
    key = _key(name)
    offset = int(_ZONES[key])
    return offset, _ZONE_REGIONS.get(key) or _fixed_zone(offset)


def _zone_before(text: str, start: int) -> tuple[int, tuple[int, tzinfo]] | None:
    """A zone phrase written just before ``start``: (its start, its offset and zone)."""
    i = start
    while i > 0 and text[i - 1] in _ZONE_BEFORE_GLUE:
        i -= 1
    if i == 0 or text[i - 1] not in _ZONE_BEFORE_LAST_CHARS:
        return None
    m = _ZONE_BEFORE.search(text, max(0, start - 32), start)
    return None if m is None else (m.start(), _zone_named(m["zone"]))


def _read_clock(m: re.Match[str], text: str) -> _Clock | None:
    """A time from a :data:`_TIME` match, or ``None`` when it is not a believable time."""
    start = m.start()
    before = _DAY_PART_BEFORE.search(text, max(0, start - 16), start)
    if before is not None:
        part: str | None = str(_DAY_PARTS[_key(before["part"])])
    elif m["part_after"] is not None:
        part = str(_DAY_PARTS[_key(m["part_after"])])
    else:
        part = None
    ampm = str(_AM_PM[_key(m["ampm"])]) if m["ampm"] else None
    if m["hour_word"] is not None:
        # "১০টা" alone may count things ("৩টা বই"): need a day part, "টায়"/"টার" or minutes.
        if part is None and ampm is None and m["mi_word"] is None and _key(m["hour_word"]) == "টা":
            return None
        minute, second = (int(m["mi_word"]) if m["mi_word"] else 0), 0
    else:
        if m["sep"] == "." and part is None and ampm is None:
            return None  # "১০.৩০" is more often a decimal than a time
        minute, second = int(m["mi"]), (int(m["s"]) if m["s"] else 0)
    hour = _to_24h(int(m["h"]), ampm or part)
    if hour is None:
        return None
    offset: int | None = None
    zone: tzinfo | None = None
    if m["zone_prefix"]:
        offset = _offset_minutes(m["sign"].replace("\u2212", "-"), m["oh"], m["om"])
    elif m["zone"]:
        offset, zone = _zone_named(m["zone"])
    elif m["bare_offset"]:
        bare = to_ascii_digits(m["bare_offset"]).replace(":", "")
        offset = _offset_minutes(bare[0], bare[1:3], bare[3:5])
    if not (0 <= hour <= 23 and minute <= 59 and second <= 59):
        return None
    if offset is not None and abs(offset) > MAX_ZONE_OFFSET_MINUTES:
        return None
    if before is not None:
        start = before.start()
    if (named_before := _zone_before(text, start)) is not None:
        start = named_before[0]
        if offset is None:  # a zone written after the time is nearer to it and wins
            offset, zone = named_before[1]
    if offset is not None and zone is None:
        zone = _fixed_zone(offset)
    return _Clock(start, m.end(), hour, minute, second, offset, zone)


def _scan_clocks(text: str, dates: list[_Found]) -> list[_Clock]:
    """Times near the dates that can take one, leaving out digits inside a date's span."""
    clocks = []
    starts, ends = [d.start for d in dates], [d.end for d in dates]
    hosts = ((d.start, d.end) for d in dates if d.calendar != "bangla" and d.moment is None)
    for low, high in _windows(text, hosts, _TIME_WINDOW):
        for m in _TIME.finditer(text, low, high):
            first_after = bisect_right(ends, m.start())  # first date ending after the match
            if first_after < len(dates) and starts[first_after] < m.end():
                continue
            if (clock := _read_clock(m, text)) is not None:
                clocks.append(clock)
        for m in _MILITARY_TIME.finditer(text, low, high):
            hour, minute = int(m["h"]), int(m["mi"])
            if hour <= 23 and minute <= 59:
                start, offset, zone = m.start(), None, None
                if (named_before := _zone_before(text, start)) is not None:
                    start, (offset, zone) = named_before
                clocks.append(_Clock(start, m.end(), hour, minute, 0, offset, zone))
    clocks.sort(key=lambda clock: clock.start)
    return clocks


def _gap(text: str, start: int, end: int, breaks: re.Pattern[str] = _CLAUSE_BREAK) -> int | None:
    """How far apart ``start`` and ``end`` are for a time and a date, or ``None`` when the
    time may not attach across ``text[start:end]`` (too long, or a clause break in it).

    Spaces and commas at the ends do not count, so in "১২ মে ২০২৫, ১০:৩০ ১৩ মে ২০২৫" the
    time is as near to both dates and goes to the earlier one ("date, time" is the usual order).

    >>> _gap("২০২৫, ১০:৩০", 4, 6), _gap("২০২৫ তারিখে ১০:৩০", 4, 12), _gap("২০২৫। ১০:৩০", 4, 6)
    (0, 6, None)
    """
    if end - start > MAX_TIME_GAP or breaks.search(text, start, end):
        return None
    return len(text[start:end].strip(_GAP_GLUE + "|"))


def _attach(text: str, dates: list[_Found], clocks: list[_Clock]) -> dict[int, _Clock]:
    """Pair clocks with dates: each clock to the nearest date in its clause, before or after.

    Bangla-calendar dates take no time and do not stand between a time and its date; a date
    with its own time (ISO "T…") takes no other but does. Returns date index → clock; pairs
    are made nearest first.
    """
    hosts = [i for i, d in enumerate(dates) if d.calendar != "bangla" and d.moment is None]
    host_starts, host_ends = [dates[i].start for i in hosts], [dates[i].end for i in hosts]
    barrier_starts = [d.start for d in dates if d.calendar != "bangla"]
    pairs: list[tuple[int, int, int]] = []  # (gap, clock index, date index)
    for c_index, clock in enumerate(clocks):
        candidates = []
        if (before := bisect_right(host_ends, clock.start) - 1) >= 0:
            candidates.append((hosts[before], host_ends[before], clock.start))
        if (after := bisect_left(host_starts, clock.end)) < len(hosts):
            candidates.append((hosts[after], clock.end, host_starts[after]))
        for d_index, gap_start, gap_end in candidates:
            barrier = bisect_left(barrier_starts, gap_start)
            if barrier < len(barrier_starts) and barrier_starts[barrier] < gap_end:
                continue  # never across another date
            if (gap := _gap(text, gap_start, gap_end)) is not None:
                pairs.append((gap, c_index, d_index))
    attached: dict[int, _Clock] = {}
    used: set[int] = set()
    for _, c_index, d_index in sorted(pairs):
        if c_index not in used and d_index not in attached:
            attached[d_index] = clocks[c_index]
            used.add(c_index)
    if len(used) == len(clocks):
        return attached  # the usual dateline: every time has its date
    # Second chance for a lone time after a bar: "DATE | TIME" → the date before it.
    for c_index, clock in enumerate(clocks):
        if c_index in used or (before := bisect_right(host_ends, clock.start) - 1) < 0:
            continue
        d_index = hosts[before]
        if d_index in attached:
            continue
        barrier = bisect_left(barrier_starts, host_ends[before])
        if barrier < len(barrier_starts) and barrier_starts[barrier] < clock.start:
            continue
        if _gap(text, host_ends[before], clock.start, _CLAUSE_BREAK_BUT_BAR) is not None:
            attached[d_index] = clock
            used.add(c_index)
    # Then for one before a bar: "TIME | DATE" → the date after it.
    for c_index, clock in enumerate(clocks):
        if c_index in used or (after := bisect_left(host_starts, clock.end)) >= len(hosts):
            continue
        d_index = hosts[after]
        if d_index in attached:
            continue
        barrier = bisect_left(barrier_starts, clock.end)
        if barrier < len(barrier_starts) and barrier_starts[barrier] < host_starts[after]:
            continue
        if _gap(text, clock.end, host_starts[after], _CLAUSE_BREAK_BUT_BAR) is not None:
            attached[d_index] = clock
            used.add(c_index)
    return attached


# --- public API ---------------------------------------------------------------------------


def is_clock_time(text: str) -> bool:
    """The whole text is one clock time: a live blog's entry stamp, a video's length.

    >>> is_clock_time("১২:৫০ পিএম"), is_clock_time("08:00 AM"), is_clock_time("১২ জন আহত")
    (True, True, False)
    """
    text = text.strip()
    m = _TIME.fullmatch(text)
    return m is not None and _read_clock(m, text) is not None


def find_dates(text: str) -> list[DateMatch]:
    """Every date in ``text`` (with its attached time, if any), in order of appearance.

    Dates need a year; "শনিবার (২৮ জুন)" is not returned. Bangla-calendar dates come back
    with ``calendar="bangla"`` and their Gregorian date as ``value``.

    >>> [str(m.value) for m in find_dates("১৭ আগস্ট ২০২৪, ১১:৪৬ এএম | আপডেট: ১৭ আগস্ট ২০২৪")]
    ['2024-08-17 11:46:00+06:00', '2024-08-17']
    >>> m = find_dates("০৫:৪১ অপরাহ্ন, শুক্রবার, ০২ জানুয়ারী ২০২৬, ১৯ পৌষ ১৪৩২ বঙ্গাব্দ")[0]
    >>> m.start, m.end, str(m.value), m.has_weekday
    (0, 42, '2026-01-02 17:41:00+06:00', True)
    >>> find_dates("ফোন: ০১৭১২-৩৪৫৬৭৮, ১০ জন আহত, ৩১ ফেব্রুয়ারি ২০২৫")
    []
    """
    if _YEAR_HINT.search(text) is None:
        return []
    dates = _scan_dates(text)
    if not dates:
        return []
    attached = _attach(text, dates, _scan_clocks(text, dates))
    result = []
    for index, found in enumerate(dates):
        value: datetime | date = found.moment or found.day
        zone = found.zone
        start, end = found.start, found.end
        if (clock := attached.get(index)) is not None:
            clock_fields = (clock.hour, clock.minute, clock.second, clock.offset)
            moment = _moment(found.day, clock_fields, clock.zone)
            if moment is not None:
                value, zone = moment, clock.zone
                start, end = min(start, clock.start), max(end, clock.end)
        has_time = isinstance(value, datetime)
        result.append(
            DateMatch(start, end, value, found.calendar, has_time, found.has_weekday, zone)
        )
    return result


_STAMP_GROUPS = {
    p: tuple(p + name for name in ("cue", "d", "m", "y", "lh", "th")) for p in ("a_", "b_")
}
_CLOCK_GROUPS = {
    (p, side): tuple(f"{p}{side}{name}" for name in ("h", "mi", "s", "ap"))
    for p in ("a_", "b_")
    for side in "lt"
}


def _fast_dateline(text: str, zone: tzinfo = DHAKA) -> Dateline | None:
    """:func:`parse_dateline` for the common shapes, from one regex match; ``None`` when the
    dateline has any other shape (the general path then reads it, with the same result).
    Its shapes name no zone, so every time is wall-clock time in ``zone``."""
    m = _FAST_DATELINE.fullmatch(text)
    if m is None:
        return None
    g = m.groupdict()
    if g["b_d"] is not None and g["bar"] is None and g["b_cue"] is None:
        return None
    roles: dict[str, datetime | date] = {}
    role = "published"
    for p in ("a_", "b_") if g["b_d"] is not None else ("a_",):
        cue, d, month, y, lh, th = (g[name] for name in _STAMP_GROUPS[p])
        if cue is not None:
            role = str(_CUES[_key(cue)])
        day = _gregorian(int(y), int(_BN_MONTHS[_key(month)]), int(d))
        if day is None or (lh is not None and th is not None):
            return None
        value: datetime | date = day
        if lh is not None or th is not None:
            h, mi, sec, ap = (g[name] for name in _CLOCK_GROUPS[p, "l" if lh else "t"])
            hour = _to_24h(int(h), str(_AM_PM[_key(ap)]) if ap else None)
            minute, second = int(mi), int(sec) if sec else 0
            if hour is None or minute > 59 or second > 59:
                return None
            value = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone)
        roles.setdefault(role, value)
    return Dateline(roles.get("published"), roles.get("updated"))


def in_zone(match: DateMatch, zone: tzinfo) -> datetime | date:
    """``match``'s value read in ``zone``: a time printed without a zone is wall-clock time
    there; a time whose zone the text named keeps its instant, shown in ``zone``.

    >>> from khobor.contracts.timezone import KOLKATA
    >>> m1, m2 = find_dates("১২ মে ২০২৫, ১০:০০ | ১২ মে ২০২৫, ১০:০০ GMT")
    >>> in_zone(m1, KOLKATA).isoformat(), in_zone(m2, KOLKATA).isoformat()
    ('2025-05-12T10:00:00+05:30', '2025-05-12T15:30:00+05:30')
    """
    value = match.value
    if zone is DHAKA or not isinstance(value, datetime):
        return value  # find_dates' values are Dhaka's already
    if match.zone is not None:
        return value.astimezone(zone)
    return value.replace(tzinfo=zone)


def named_zone(matches: Iterable[DateMatch]) -> ZoneInfo | None:
    """The country's zone a line's dates name, if any: for a page of an unknown outlet, whose
    other times are then read there. The first zone name that denotes a country's clock
    ("IST" → Asia/Kolkata, "BST" → Asia/Dhaka) or printed offset that is one's ("+05:30",
    "GMT+6"); ``None`` when the line names none, or only GMT, UTC or another offset (they say
    when a time is, not where the outlet is: the time itself is still read as that instant).

    >>> named_zone(find_dates("Last Updated: Jan 05, 2024, 18:20 IST"))
    zoneinfo.ZoneInfo(key='Asia/Kolkata')
    >>> named_zone(find_dates("2024-01-05T18:20:00+06:00"))
    zoneinfo.ZoneInfo(key='Asia/Dhaka')
    >>> [named_zone(find_dates(t)) for t in ("৫ জানুয়ারি ২০২৪, ১৮:২০", "5 Jan 2024, 18:20 GMT")]
    [None, None]
    """
    for match in matches:
        if isinstance(match.zone, ZoneInfo):
            return match.zone
        if match.zone is not None and isinstance(match.value, datetime):
            offset = match.zone.utcoffset(match.value)
            if offset is not None and (country := _OFFSET_REGIONS.get(offset)) is not None:
                return country
    return None


def parse_dateline(
    text: str, dates: Sequence[DateMatch] | None = None, zone: tzinfo = DHAKA
) -> Dateline:
    """Published and updated timestamps of one dateline, split by cue words (`dates`: what
    `find_dates(text)` gives, when the caller has it already: the cue words are all that is
    left to read).

    A Gregorian date with no cue before it counts as published; Bangla-calendar dates
    count as neither. Times are returned in ``zone`` (the outlet's): one printed without a
    zone is wall-clock time there, one whose zone is printed ("21:53 IST", "GMT+6") is that
    instant (see :func:`in_zone`).

    >>> d = parse_dateline("১৪ সেপ্টেম্বর ২০২৩, ১৩:৪৫আপডেট : ১৪ সেপ্টেম্বর ২০২৩, ১৩:৫২")
    >>> d.published.isoformat(), d.updated.isoformat()
    ('2023-09-14T13:45:00+06:00', '2023-09-14T13:52:00+06:00')
    >>> parse_dateline("আপডেট সময় : ০৮:০৫:১৫ অপরাহ্ন, শনিবার, ১২ জুলাই ২০২৫").published is None
    True
    >>> from khobor.contracts.timezone import KOLKATA
    >>> parse_dateline("শেষ আপডেট: ১৬ এপ্রিল ২০২৩ ০৫:১৫", zone=KOLKATA).updated.isoformat()
    '2023-04-16T05:15:00+05:30'
    """
    if dates is not None:
        return _dateline_of(text, dates, zone)
    if (fast := _fast_dateline(text, zone)) is not None:
        return fast
    return _parse_dateline(text, zone)


def _parse_dateline(text: str, zone: tzinfo = DHAKA) -> Dateline:
    """The general path of :func:`parse_dateline`: every date, roles by the last cue before."""
    return _dateline_of(text, find_dates(text), zone)


def _dateline_of(text: str, dates: Sequence[DateMatch], zone: tzinfo = DHAKA) -> Dateline:
    cues = [(m.start(), str(_CUES[_key(m["cue"])])) for m in _CUE.finditer(text)]
    roles: dict[str, DateMatch] = {}
    for match in dates:
        if match.calendar == "bangla":
            continue
        role = "published"
        for position, cue_role in cues:
            if position < match.start:
                role = cue_role
        roles.setdefault(role, match)
    published, updated = roles.get("published"), roles.get("updated")
    if zone is DHAKA:  # find_dates' values are Dhaka's already
        return Dateline(
            None if published is None else published.value,
            None if updated is None else updated.value,
        )
    return Dateline(
        None if published is None else in_zone(published, zone),
        None if updated is None else in_zone(updated, zone),
    )


def parse_datetime(text: str, zone: tzinfo = DHAKA) -> datetime | date | None:
    """The single date (with time, when one is attached) of ``text``, else ``None``; a time
    is returned in ``zone`` (read as :func:`parse_dateline` reads it).

    ``None`` also when the text holds several different dates or times. A Bangla-calendar
    date only counts when no Gregorian date is present (it is a header's second date).

    >>> parse_datetime("Saturday, Nov 22, 2025 10:30 PM GMT")
    datetime.datetime(2025, 11, 23, 4, 30, tzinfo=zoneinfo.ZoneInfo(key='Asia/Dhaka'))
    >>> parse_datetime("রাত ১০টা, ২২/১১/২০২৫").hour
    22
    >>> parse_datetime("১০"), parse_datetime("১ জুন ২০২৫ ও ২ জুন ২০২৫")
    (None, None)
    """
    matches = find_dates(text)
    gregorian = [in_zone(m, zone) for m in matches if m.calendar != "bangla"]
    values = gregorian or [in_zone(m, zone) for m in matches]
    days = {v.date() if isinstance(v, datetime) else v for v in values}
    if len(days) != 1:
        return None
    moments = {v for v in values if isinstance(v, datetime)}
    if len(moments) > 1:
        return None
    return moments.pop() if moments else days.pop()
