"""Bengali date and time parsing: seed datelines, format families, negatives, properties."""

from __future__ import annotations

import itertools
import unicodedata
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khobor.contracts.timezone import DHAKA
from khobor.lexicons import dates as lex
from khobor.text.bangla_calendar import (
    BANGLA_MONTHS,
    REVISIONS,
    BanglaDate,
    from_gregorian,
    is_valid,
    to_gregorian,
)
from khobor.text.dates import (
    _FAST_DATELINE,
    Dateline,
    find_dates,
    parse_dateline,
    parse_datetime,
    to_ascii_digits,
    to_bengali_digits,
)
from khobor.text.dates import _parse_dateline as general_parse_dateline

RAW = Path(__file__).resolve().parents[1] / "dataset" / "raw"


def dhaka(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=DHAKA)


# --- seed datelines (the brief's examples) -------------------------------------------------

SEED_DATELINES = [
    (
        "প্রকাশ : ৩০ জুন ২০২৫, ১২:৩৯ পিএম",
        Dateline(dhaka(2025, 6, 30, 12, 39), None),
    ),
    (
        "প্রকাশ : ১৩ জুলাই ২০২৫, ১০:৪২ এএম",
        Dateline(dhaka(2025, 7, 13, 10, 42), None),
    ),
    (
        "১৪ সেপ্টেম্বর ২০২৩, ১৩:৪৫আপডেট : ১৪ সেপ্টেম্বর ২০২৩, ১৩:৫২",
        Dateline(dhaka(2023, 9, 14, 13, 45), dhaka(2023, 9, 14, 13, 52)),
    ),
    (
        "আপডেট সময় : ০৮:০৫:১৫ অপরাহ্ন, শনিবার, ১২ জুলাই ২০২৫",
        Dateline(None, dhaka(2025, 7, 12, 20, 5, 15)),
    ),
    (
        "১৭ আগস্ট ২০২৪, ১১:৪৬ এএম | আপডেট: ১৭ আগস্ট ২০২৪, ১১:৪৬ এএম",
        Dateline(dhaka(2024, 8, 17, 11, 46), dhaka(2024, 8, 17, 11, 46)),
    ),
    (
        "০৫:৪১ অপরাহ্ন, শুক্রবার, ০২ জানুয়ারী ২০২৬, ১৯ পৌষ ১৪৩২ বঙ্গাব্দ",
        Dateline(dhaka(2026, 1, 2, 17, 41), None),
    ),
    ("শুক্রবার, ০৯ মে ২০২৫", Dateline(date(2025, 5, 9), None)),
    # cue words
    ("প্রকাশিত: ১২ জুলাই ২০২৫, ০৯:০০", Dateline(dhaka(2025, 7, 12, 9), None)),
    # A lone time after a bar belongs to the date before it (Samakal-style "DATE | TIME").
    ("প্রকাশের সময় : ১২ জুলাই ২০২৫ | ০৯:০০", Dateline(dhaka(2025, 7, 12, 9), None)),
    (
        "প্রকাশ: ২২ নভেম্বর ২০২৫ | ১০:৩০ | আপডেট: ২২ নভেম্বর ২০২৫ | ১১:০০",
        Dateline(dhaka(2025, 11, 22, 10, 30), dhaka(2025, 11, 22, 11)),
    ),
    ("প্রকাশঃ ১২/০৭/২০২৫ সর্বশেষ আপডেটঃ ১৩/০৭/২০২৫", Dateline(date(2025, 7, 12), date(2025, 7, 13))),
    ("হালনাগাদ: ১২ জুলাই ২০২৫, রাত ১০টা", Dateline(None, dhaka(2025, 7, 12, 22))),
    (
        "Published: 22 Nov 2025, 10:30 AM Last updated: 22 Nov 2025, 11:00 AM",
        Dateline(dhaka(2025, 11, 22, 10, 30), dhaka(2025, 11, 22, 11)),
    ),
    ("Updated: Nov 22, 2025 4:05 pm", Dateline(None, dhaka(2025, 11, 22, 16, 5))),
    # a Bangla-calendar date is never published/updated
    ("২৬ বৈশাখ ১৪৩২", Dateline(None, None)),
    ("আপডেট: ২৬ বৈশাখ ১৪৩২", Dateline(None, None)),
    ("অনলাইন সংস্করণ", Dateline(None, None)),
    ("", Dateline(None, None)),
]


@pytest.mark.parametrize(("text", "expected"), SEED_DATELINES)
def test_parse_dateline(text: str, expected: Dateline) -> None:
    assert parse_dateline(text) == expected
    for value in (parse_dateline(text).published, parse_dateline(text).updated):
        if isinstance(value, datetime):
            assert value.tzinfo is DHAKA


def test_seed_003_span_covers_time_weekday_and_date() -> None:
    text = "০৫:৪১ অপরাহ্ন, শুক্রবার, ০২ জানুয়ারী ২০২৬, ১৯ পৌষ ১৪৩২ বঙ্গাব্দ"
    gregorian, bangla = find_dates(text)
    assert text[gregorian.start : gregorian.end] == "০৫:৪১ অপরাহ্ন, শুক্রবার, ০২ জানুয়ারী ২০২৬"
    assert (gregorian.calendar, gregorian.has_time, gregorian.has_weekday) == (
        "gregorian",
        True,
        True,
    )
    assert text[bangla.start : bangla.end] == "১৯ পৌষ ১৪৩২ বঙ্গাব্দ"
    assert (bangla.calendar, bangla.value, bangla.has_time) == ("bangla", date(2026, 1, 3), False)


# Every date the five seed pages hold (dates without a year, "শনিবার (২৮ জুন)", are not dates).
SEED_PAGES = {
    "000": [("gregorian", dhaka(2025, 6, 30, 12, 39))],
    "001": [("gregorian", dhaka(2025, 7, 13, 10, 42))],
    "002": [
        ("gregorian", date(2025, 5, 9)),
        ("bangla", date(2025, 5, 9)),
        ("gregorian", dhaka(2023, 9, 14, 13, 45)),
        ("gregorian", dhaka(2023, 9, 14, 13, 52)),
    ],
    "003": [
        ("gregorian", dhaka(2026, 1, 2, 17, 41)),
        ("bangla", date(2026, 1, 3)),
        ("gregorian", dhaka(2025, 7, 12, 20, 5, 15)),
    ],
    "004": [
        ("gregorian", dhaka(2024, 8, 17, 11, 46)),
        ("gregorian", dhaka(2024, 8, 17, 11, 46)),
    ],
}


@pytest.mark.parametrize("seed", sorted(SEED_PAGES))
def test_seed_pages(seed: str) -> None:
    (path,) = RAW.glob(f"{seed}_*.txt")
    text = path.read_text(encoding="utf-8")
    assert [(m.calendar, m.value) for m in find_dates(text)] == SEED_PAGES[seed]


# --- format families ------------------------------------------------------------------------

FORMATS = [
    # label, input, expected value
    ("dmy bn", "২২ নভেম্বর ২০২৫", date(2025, 11, 22)),
    ("dmy ascii digits", "22 নভেম্বর 2025", date(2025, 11, 22)),
    ("dmy comma", "২২ নভেম্বর, ২০২৫", date(2025, 11, 22)),
    ("dmy variant ঈ", "০২ জানুয়ারী ২০২৬", date(2026, 1, 2)),
    ("dmy variant ই", "০২ জানুয়ারি ২০২৬", date(2026, 1, 2)),
    ("dmy variant ফেব্রুয়ারী", "২৯ ফেব্রুয়ারী ২০২৪", date(2024, 2, 29)),
    ("dmy variant জুলায়", "২০ জুলায় ২০২৫", date(2025, 7, 20)),
    ("dmy variant আগষ্ট", "১৫ আগষ্ট ২০২৫", date(2025, 8, 15)),
    ("dmy ordinal লা", "১লা জানুয়ারি ২০২৫", date(2025, 1, 1)),
    ("dmy ordinal ঠা", "৪ঠা জুলাই ২০২৫", date(2025, 7, 4)),
    ("dmy ordinal শে", "২১শে ফেব্রুয়ারি ২০২৪", date(2024, 2, 21)),
    ("dmy era word", "১৬ ডিসেম্বর ১৯৭১ খ্রিস্টাব্দ", date(1971, 12, 16)),
    ("dmy english", "22 November 2025", date(2025, 11, 22)),
    ("dmy english abbr dot", "22 Nov. 2025", date(2025, 11, 22)),
    ("dmy english dashes", "22-Nov-2025", date(2025, 11, 22)),
    ("dmy english ordinal", "22nd November, 2025", date(2025, 11, 22)),
    ("mdy bn", "নভেম্বর ২২, ২০২৫", date(2025, 11, 22)),
    ("mdy english", "Nov 22, 2025", date(2025, 11, 22)),
    ("mdy english full", "September 3rd, 2024", date(2024, 9, 3)),
    ("ydm", "২০২৪ সালের ৫ আগস্ট", date(2024, 8, 5)),
    ("numeric slash bn", "২২/১১/২০২৫", date(2025, 11, 22)),
    ("numeric dash", "22-11-2025", date(2025, 11, 22)),
    ("numeric dot", "22.11.2025", date(2025, 11, 22)),
    ("numeric day first", "05/11/2025", date(2025, 11, 5)),
    ("iso date", "2025-11-22", date(2025, 11, 22)),
    ("iso bn digits", "২০২৫-১১-২২", date(2025, 11, 22)),
    ("iso datetime offset", "2025-11-22T10:30:00+06:00", dhaka(2025, 11, 22, 10, 30)),
    ("iso datetime Z", "2025-11-22T04:30:00Z", dhaka(2025, 11, 22, 10, 30)),
    ("iso datetime utc to next day", "2025-11-22T23:30:00+00:00", dhaka(2025, 11, 23, 5, 30)),
    ("iso datetime fraction", "2025-11-22T10:30:00.123+0600", dhaka(2025, 11, 22, 10, 30)),
    ("iso datetime naive", "2025-11-22T10:30", dhaka(2025, 11, 22, 10, 30)),
    ("iso date space time", "2025-11-22 10:30", dhaka(2025, 11, 22, 10, 30)),
    ("weekday bn", "শনিবার, ১২ জুলাই ২০২৫", date(2025, 7, 12)),
    ("weekday রোববার", "রোববার ১৩ জুলাই ২০২৫", date(2025, 7, 13)),
    ("weekday after", "১২ জুলাই ২০২৫ (শনিবার)", date(2025, 7, 12)),
    ("weekday english", "Saturday, 22 November 2025", date(2025, 11, 22)),
    ("composed য় (not NFC)", "১০ জানু\u09dfারি ২০২৫", date(2025, 1, 10)),
    # times
    ("12h পিএম", "৩০ জুন ২০২৫, ১২:৩৯ পিএম", dhaka(2025, 6, 30, 12, 39)),
    ("12h এএম", "১৭ আগস্ট ২০২৪, ১১:৪৬ এএম", dhaka(2024, 8, 17, 11, 46)),
    ("12 AM is midnight", "22 Nov 2025, 12:15 AM", dhaka(2025, 11, 22, 0, 15)),
    ("12 PM is noon", "22 Nov 2025, 12:15 PM", dhaka(2025, 11, 22, 12, 15)),
    ("a.m.", "22 Nov 2025, 9:05 a.m.", dhaka(2025, 11, 22, 9, 5)),
    ("P.M.", "22 Nov 2025, 9:05 P.M.", dhaka(2025, 11, 22, 21, 5)),
    ("pm no space", "22 Nov 2025, 9:05pm", dhaka(2025, 11, 22, 21, 5)),
    ("পূর্বাহ্ণ", "২২ নভেম্বর ২০২৫, ০৯:০৫ পূর্বাহ্ণ", dhaka(2025, 11, 22, 9, 5)),
    ("পূর্বাহ্ন", "২২ নভেম্বর ২০২৫, ০৯:০৫ পূর্বাহ্ন", dhaka(2025, 11, 22, 9, 5)),
    ("অপরাহ্ণ", "২২ নভেম্বর ২০২৫, ০৯:০৫ অপরাহ্ণ", dhaka(2025, 11, 22, 21, 5)),
    ("24h", "১৪ সেপ্টেম্বর ২০২৩, ১৩:৪৫", dhaka(2023, 9, 14, 13, 45)),
    ("seconds", "১৪ সেপ্টেম্বর ২০২৩, ১৩:৪৫:০৭", dhaka(2023, 9, 14, 13, 45, 7)),
    ("space after colon", "১৪ সেপ্টেম্বর ২০২৩, ১০: ৩০", dhaka(2023, 9, 14, 10, 30)),
    ("time before date", "১০:৩০ এএম, ১৪ সেপ্টেম্বর ২০২৩", dhaka(2023, 9, 14, 10, 30)),
    ("রাত টা", "রাত ১০টা, ২২ নভেম্বর ২০২৫", dhaka(2025, 11, 22, 22)),
    ("সকাল মিনিট", "২২ নভেম্বর ২০২৫ সকাল ৯টা ১৫ মিনিটে", dhaka(2025, 11, 22, 9, 15)),
    ("দুপুর ১২টা", "২২ নভেম্বর ২০২৫ দুপুর ১২টা", dhaka(2025, 11, 22, 12)),
    ("দুপুর ২টা", "২২ নভেম্বর ২০২৫ দুপুর ২টা", dhaka(2025, 11, 22, 14)),
    ("বিকেল clock", "২২ নভেম্বর ২০২৫ বিকেল ৪:৩০", dhaka(2025, 11, 22, 16, 30)),
    ("বিকাল টায়", "২২ নভেম্বর ২০২৫ বিকাল ৪টায়", dhaka(2025, 11, 22, 16)),
    ("সন্ধ্যা", "২২ নভেম্বর ২০২৫ সন্ধ্যা ৭টায়", dhaka(2025, 11, 22, 19)),
    ("ভোর", "২২ নভেম্বর ২০২৫ ভোর ৫টা", dhaka(2025, 11, 22, 5)),
    ("রাত ১২টা is midnight", "২২ নভেম্বর ২০২৫ রাত ১২টা", dhaka(2025, 11, 22, 0)),
    ("রাত ২টা is small hours", "২২ নভেম্বর ২০২৫ রাত ২টা", dhaka(2025, 11, 22, 2)),
    ("টায় without day part", "২২ নভেম্বর ২০২৫, ১১টায়", dhaka(2025, 11, 22, 11)),
    ("dotted time with day part", "২২ নভেম্বর ২০২৫ সকাল ১০.৩০", dhaka(2025, 11, 22, 10, 30)),
    # zones
    ("GMT+6", "২২ নভেম্বর ২০২৫, ১০:৩০ GMT+6", dhaka(2025, 11, 22, 10, 30)),
    ("GMT+06:00", "22 Nov 2025 10:30 GMT+06:00", dhaka(2025, 11, 22, 10, 30)),
    ("BST is Bangladesh time", "22 Nov 2025 10:30 BST", dhaka(2025, 11, 22, 10, 30)),
    ("GMT alone is UTC", "22 Nov 2025 10:30 GMT", dhaka(2025, 11, 22, 16, 30)),
    ("UTC", "22 Nov 2025 10:30 PM UTC", dhaka(2025, 11, 23, 4, 30)),
    ("জিএমটি", "২২ নভেম্বর ২০২৫, ১০:৩০ জিএমটি", dhaka(2025, 11, 22, 16, 30)),
    ("bare offset", "22 Nov 2025 10:30 +05:30", dhaka(2025, 11, 22, 11)),
    ("negative offset", "22 Nov 2025 10:30 GMT-5", dhaka(2025, 11, 22, 21, 30)),
    # rejected times leave the date alone
    ("13 AM is no time", "22 Nov 2025, 13:45 AM", date(2025, 11, 22)),
    ("minute 61 is no time", "২২ নভেম্বর ২০২৫, ১০:৬১", date(2025, 11, 22)),
    ("decimal is no time", "২২ নভেম্বর ২০২৫, ১০.৩০ শতাংশ", date(2025, 11, 22)),
    ("টা counts things", "২২ নভেম্বর ২০২৫, ৩টা বই", date(2025, 11, 22)),
    ("টাকা is money", "২২ নভেম্বর ২০২৫, ৫০ টাকা", date(2025, 11, 22)),
    # Bangla calendar
    ("bangla", "২৬ বৈশাখ ১৪৩২", date(2025, 5, 9)),
    ("bangla era word", "১৯ পৌষ ১৪৩২ বঙ্গাব্দ", date(2026, 1, 3)),
    ("bangla ordinal", "১লা বৈশাখ ১৪৩২", date(2025, 4, 14)),
    ("bangla variant জৈষ্ঠ্য", "১ জৈষ্ঠ্য ১৪৩২", date(2025, 5, 15)),
    ("bangla composed ঢ়", "১ আষা\u09dd ১৪৩২", date(2025, 6, 15)),
    ("bangla ফাল্গুন ৩১ only in 1987", "৩১ ফাল্গুন ১৪৩০", date(2024, 3, 14)),
]


@pytest.mark.parametrize(("label", "text", "expected"), FORMATS, ids=[f[0] for f in FORMATS])
def test_format_families(label: str, text: str, expected: datetime | date) -> None:
    value = parse_datetime(text)
    assert value == expected
    assert type(value) is type(expected)
    if isinstance(value, datetime):
        assert value.tzinfo is DHAKA


CALENDARS = [
    ("২২ নভেম্বর ২০২৫", "gregorian"),
    ("২২/১১/২০২৫", "gregorian"),
    ("Nov 22, 2025", "gregorian"),
    ("2025-11-22", "iso"),
    ("2025-11-22T10:30:00+06:00", "iso"),
    ("২৬ বৈশাখ ১৪৩২", "bangla"),
]


@pytest.mark.parametrize(("text", "calendar"), CALENDARS)
def test_calendar_and_whole_span(text: str, calendar: str) -> None:
    (match,) = find_dates(text)
    assert (match.start, match.end, match.calendar) == (0, len(text), calendar)


def test_weekday_flag() -> None:
    assert find_dates("শনিবার, ১২ জুলাই ২০২৫")[0].has_weekday
    assert find_dates("১২ জুলাই ২০২৫ (শনিবার)")[0].has_weekday
    assert not find_dates("১২ জুলাই ২০২৫")[0].has_weekday


# --- negatives: no date, never a crash ------------------------------------------------------

NO_DATES = [
    ("body sentence", "রাশিয়ার সঙ্গে উত্তর কোরিয়ার সম্পর্ক আরও গভীর হচ্ছে।"),
    ("number alone", "১০"),
    ("count", "১০ বাংলাদেশি ক্রিকেটার"),
    ("day and month without year", "শনিবার (২৮ জুন) উত্তর কোরিয়ার কিম জং উন"),
    ("month with suffix", "৩০ জুলাইয়ের মধ্যে যৌক্তিক জায়গায় পৌঁছাতে হবে"),
    ("mobile number", "যোগাযোগ: ০১৭১২-৩৪৫৬৭৮"),
    ("mobile number ascii", "Call +880 1712-345678 or 01711223344"),
    ("landline", "ফোন: ০২-৯৫৫৬৬৭৭, ৮৮-০২-৯৫৫৬৬৭৭"),
    ("time alone", "১৩:৪৫"),
    ("clock words alone", "রাত ১০টা থেকে সকাল ৬টা"),
    ("year alone", "২০২৫ সালে ১২ হাজার কোটি টাকা"),
    ("month and year only", "নভেম্বর ২০২৫"),
    ("31 February", "৩১ ফেব্রুয়ারি ২০২৫"),
    ("29 February, common year", "২৯ ফেব্রুয়ারি ২০২৩"),
    ("day 32", "৩২ জানুয়ারি ২০২৫"),
    ("day 0", "০ জানুয়ারি ২০২৫"),
    ("month 13", "22/13/2025"),
    ("iso month 13", "2025-13-01"),
    ("iso hour 25", "2025-11-22T25:00"),
    ("implausible year", "১২ জুলাই ৯৯৯৯"),
    ("bangla day 32", "৩২ বৈশাখ ১৪৩২"),
    ("bangla 31 চৈত্র", "৩১ চৈত্র ১৪৩২"),
    ("version number", "version 1.22.11.2025.4"),
    ("price", "দাম ২,৫০০.২৫ টাকা"),
    ("empty", ""),
    ("whitespace", " \n\t "),
    ("word মে inside another", "জমে ১০ ২০২৫"),
]


@pytest.mark.parametrize(("label", "text"), NO_DATES, ids=[n[0] for n in NO_DATES])
def test_no_dates(label: str, text: str) -> None:
    assert find_dates(text) == []
    assert parse_datetime(text) is None


# --- attachment of times to dates -----------------------------------------------------------


def test_time_attaches_to_the_nearest_date_not_across_another() -> None:
    first, second = find_dates("১০:৩০, ১ জুন ২০২৫, ২ জুন ২০২৫")
    assert first.value == dhaka(2025, 6, 1, 10, 30)
    assert second.value == date(2025, 6, 2)
    first, second = find_dates("১ জুন ২০২৫, ২ জুন ২০২৫ ১০:৩০")
    assert first.value == date(2025, 6, 1)
    assert second.value == dhaka(2025, 6, 2, 10, 30)


def test_time_between_two_dates_goes_to_the_earlier() -> None:
    first, second = find_dates("১২ মে ২০২৫, ১০:৩০ ১৩ মে ২০২৫")
    assert (first.value, second.value) == (dhaka(2025, 5, 12, 10, 30), date(2025, 5, 13))
    first, second = find_dates("১২ মে ২০২৫, সভা শেষে, ১০:৩০, ১৩ মে ২০২৫")
    assert (first.value, second.value) == (date(2025, 5, 12), dhaka(2025, 5, 13, 10, 30))


def test_many_dates_stay_fast() -> None:
    text = "১২ মে ২০২৫, ১০:৩০ | " * 5000
    matches = find_dates(text)
    assert len(matches) == 5000 and all(m.has_time for m in matches)


def test_time_does_not_attach_across_a_timestamped_date() -> None:
    first, iso = find_dates("১ জুন ২০২৫, 2025-06-02T09:00, ১০:৩০")
    assert first.value == date(2025, 6, 1)
    assert iso.value == dhaka(2025, 6, 2, 9)


def test_time_does_not_attach_across_a_clause() -> None:
    (match,) = find_dates("১ জুন ২০২৫ তারিখে সভা হয়। ১০:৩০ মিনিটে শেষ হয়")
    assert match.value == date(2025, 6, 1)
    (match,) = find_dates("১ জুন ২০২৫ | আপডেট ১০:৩০")
    assert match.value == date(2025, 6, 1)


def test_a_lone_time_after_a_bar_attaches_to_the_date_before_it() -> None:
    (match,) = find_dates("১ জুন ২০২৫ | ১০:৩০")
    assert match.value == dhaka(2025, 6, 1, 10, 30)
    first, second = find_dates("১ জুন ২০২৫, ০৯:০০ | ১০:৩০ ২ জুন ২০২৫")
    assert first.value == dhaka(2025, 6, 1, 9) and second.value == dhaka(2025, 6, 2, 10, 30)


def test_time_does_not_attach_from_far_away() -> None:
    text = "১ জুন ২০২৫ " + "ক" * 60 + " ১০:৩০"
    assert find_dates(text)[0].value == date(2025, 6, 1)


def test_one_time_per_date_nearest_wins() -> None:
    (match,) = find_dates("০৯:০০, ১ জুন ২০২৫, ১০:৩০")
    assert match.value == dhaka(2025, 6, 1, 9)  # equally near: the earlier one
    (match,) = find_dates("০৯:০০ এএম আজ ও কাল, ১ জুন ২০২৫, ১০:৩০")
    assert match.value == dhaka(2025, 6, 1, 10, 30)


def test_bangla_date_neither_takes_nor_blocks_a_time() -> None:
    (gregorian, bangla) = find_dates("০২ জানুয়ারী ২০২৬, ১৯ পৌষ ১৪৩২, ০৫:৪১ অপরাহ্ন")
    assert gregorian.value == dhaka(2026, 1, 2, 17, 41)
    assert bangla.value == date(2026, 1, 3) and not bangla.has_time


def test_spans_are_in_order_and_do_not_overlap() -> None:
    text = (RAW / "002_50d47d6696b358b2.txt").read_text(encoding="utf-8")
    matches = find_dates(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(matches))
    assert [text[m.start : m.end] for m in matches][2:] == [
        "১৪ সেপ্টেম্বর ২০২৩, ১৩:৪৫",
        "১৪ সেপ্টেম্বর ২০২৩, ১৩:৫২",
    ]


# --- parse_datetime -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("শুক্রবার, ০৯ মে ২০২৫\n২৬ বৈশাখ ১৪৩২", date(2025, 5, 9)),  # Bangla is the second date
        ("০২ জানুয়ারী ২০২৬, ১৯ পৌষ ১৪৩২", date(2026, 1, 2)),  # even when a day apart
        ("১৭ আগস্ট ২০২৪, ১১:৪৬ এএম | ১৭ আগস্ট ২০২৪, ১১:৪৬ এএম", dhaka(2024, 8, 17, 11, 46)),
        ("১৭ আগস্ট ২০২৪ | ১৭ আগস্ট ২০২৪, ১১:৪৬ এএম", dhaka(2024, 8, 17, 11, 46)),
        ("১৪ সেপ্টেম্বর ২০২৩, ১৩:৪৫ | ১৪ সেপ্টেম্বর ২০২৩, ১৩:৫২", None),  # two times
        ("১ জুন ২০২৫ ও ২ জুন ২০২৫", None),  # two dates
        ("২৬ বৈশাখ ১৪৩২ ও ২৭ বৈশাখ ১৪৩২", None),
        ("কোনো তারিখ নেই", None),
    ],
)
def test_parse_datetime_single_or_none(text: str, expected: datetime | date | None) -> None:
    assert parse_datetime(text) == expected


# --- digits -------------------------------------------------------------------------------


def test_digit_maps() -> None:
    assert to_ascii_digits("০১২৩৪৫৬৭৮৯") == "0123456789"
    assert to_bengali_digits("0123456789") == "০১২৩৪৫৬৭৮৯"
    assert to_ascii_digits("১২:৩৯ পিএম") == "12:39 পিএম"


@given(st.text())
def test_digit_round_trips(text: str) -> None:
    ascii_text, bengali_text = to_ascii_digits(text), to_bengali_digits(text)
    assert to_bengali_digits(ascii_text) == bengali_text
    assert to_ascii_digits(bengali_text) == ascii_text
    assert to_ascii_digits(ascii_text) == ascii_text
    assert len(ascii_text) == len(bengali_text) == len(text)
    assert not any(c in lex.BENGALI_DIGITS for c in ascii_text)
    assert not any(c in lex.ASCII_DIGITS for c in bengali_text)


@given(st.text(alphabet=st.characters(exclude_characters=lex.ASCII_DIGITS)))
def test_bengali_digit_text_survives_a_round_trip(text: str) -> None:
    assert to_bengali_digits(to_ascii_digits(text)) == text


@given(st.text())
def test_find_dates_never_crashes(text: str) -> None:
    for match in find_dates(text):
        assert 0 <= match.start < match.end <= len(text)


# --- lexicon hygiene ------------------------------------------------------------------------


def test_lexicon_covers_every_month_and_weekday() -> None:
    assert set(lex.GREGORIAN_MONTHS_BN.values()) == set(range(1, 13))
    assert set(lex.GREGORIAN_MONTHS_EN.values()) == set(range(1, 13))
    assert set(lex.BANGLA_MONTH_VARIANTS.values()) <= set(range(1, 13))
    assert set(lex.WEEKDAYS.values()) == set(range(7))
    assert not set(lex.PUBLISHED_CUES) & set(lex.UPDATED_CUES)


@pytest.mark.parametrize("word", [*lex.GREGORIAN_MONTHS_BN, *lex.GREGORIAN_MONTHS_EN])
def test_every_month_spelling_parses(word: str) -> None:
    number = {**lex.GREGORIAN_MONTHS_BN, **lex.GREGORIAN_MONTHS_EN}[word]
    assert parse_datetime(f"১২ {word} ২০২৫") == date(2025, number, 12)
    assert parse_datetime(f"১২ {unicodedata.normalize('NFC', word)} ২০২৫") == date(2025, number, 12)


@pytest.mark.parametrize(
    "word", [*lex.BANGLA_MONTHS, *lex.BANGLA_MONTH_VARIANTS], ids=lambda w: w.encode().hex()[:12]
)
def test_every_bangla_month_spelling_parses(word: str) -> None:
    number = lex.BANGLA_MONTH_VARIANTS.get(word) or lex.BANGLA_MONTHS.index(word) + 1
    (match,) = find_dates(unicodedata.normalize("NFC", f"১২ {word} ১৪৩২"))
    assert match.calendar == "bangla"
    assert match.value == to_gregorian(BanglaDate(1432, number, 12))


@pytest.mark.parametrize("cue", [*lex.PUBLISHED_CUES, *lex.UPDATED_CUES])
def test_every_cue_word_works(cue: str) -> None:
    line = unicodedata.normalize("NFC", f"{cue}: ১২ জুলাই ২০২৫")
    dateline = parse_dateline(line)
    expected_role = "published" if cue in lex.PUBLISHED_CUES else "updated"
    assert getattr(dateline, expected_role) == date(2025, 7, 12)
    other = "updated" if expected_role == "published" else "published"
    assert getattr(dateline, other) is None


# --- property: render random datetimes into every supported format, parse them back --------

NAIVE = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2035, 12, 31, 23, 59, 59))
WEEKDAYS_BN = {
    n: [w for w, d in lex.WEEKDAYS.items() if d == n and w.isascii() is False] for n in range(7)
}
WEEKDAYS_EN = {n: [w for w, d in lex.WEEKDAYS.items() if d == n and w.isascii()] for n in range(7)}
MONTHS_BN = {n: [w for w, m in lex.GREGORIAN_MONTHS_BN.items() if m == n] for n in range(1, 13)}
MONTHS_EN = {n: [w for w, m in lex.GREGORIAN_MONTHS_EN.items() if m == n] for n in range(1, 13)}


def _day_part(hour: int) -> tuple[list[str], int]:
    """Day-part words a Bengali writer would put before ``hour``, and the 12-hour reading."""
    if hour == 0:
        return ["রাত"], 12
    if hour <= 3:
        return ["রাত", "রাতে"], hour
    if hour <= 5:
        return ["ভোর", "ভোরে"], hour
    if hour <= 11:
        return ["সকাল", "সকালে"], hour
    if hour <= 14:
        return ["দুপুর", "দুপুরে", "বেলা"], hour - 12 or 12
    if hour <= 17:
        return ["বিকাল", "বিকেল", "বিকেলে"], hour - 12
    if hour <= 19:
        return ["সন্ধ্যা", "সন্ধ্যায়"], hour - 12
    return ["রাত", "রাতে"], hour - 12


@st.composite
def clock_texts(draw: st.DrawFn, moment: datetime) -> tuple[str, datetime]:
    """A clock reading of ``moment`` in one supported style, and the moment it names."""
    style = draw(st.sampled_from(["24h", "ampm", "day part clock", "day part টা"]))
    seconds = draw(st.booleans()) and style != "day part টা"
    moment = moment.replace(second=moment.second if seconds else 0)
    hour12 = moment.hour % 12 or 12
    tail = f":{moment.second:02d}" if seconds else ""
    if style == "24h":
        return f"{moment.hour:02d}:{moment.minute:02d}{tail}", moment
    if style == "ampm":
        markers = lex.AM_WORDS if moment.hour < 12 else lex.PM_WORDS
        marker = draw(st.sampled_from(markers))
        marker = marker.upper() if draw(st.booleans()) else marker
        space = draw(st.sampled_from(["", " "]))
        hour = draw(st.sampled_from([f"{hour12:02d}", str(hour12)]))
        return f"{hour}:{moment.minute:02d}{tail}{space}{marker}", moment
    parts, reading = _day_part(moment.hour)
    part = draw(st.sampled_from(parts))
    if style == "day part clock":
        return f"{part} {reading}:{moment.minute:02d}{tail}", moment
    minutes = f" {moment.minute} মিনিট" if moment.minute else ""
    return f"{part} {reading}টা{minutes}", moment


@st.composite
def date_texts(draw: st.DrawFn, day: date) -> str:
    """``day`` written in one of the supported date formats."""
    style = draw(st.sampled_from(["dmy bn", "dmy en", "mdy bn", "mdy en", "ydm", "num", "iso"]))
    month_bn = draw(st.sampled_from(MONTHS_BN[day.month]))
    month_en = draw(st.sampled_from(MONTHS_EN[day.month]))
    month_en = draw(st.sampled_from([month_en, month_en.title(), month_en.upper()]))
    dd = draw(st.sampled_from([str(day.day), f"{day.day:02d}"]))
    match style:
        case "dmy bn":
            return f"{dd} {month_bn} {day.year}"
        case "dmy en":
            return f"{dd} {month_en}{draw(st.sampled_from(['', ',']))} {day.year}"
        case "mdy bn":
            return f"{month_bn} {dd}, {day.year}"
        case "mdy en":
            return f"{month_en} {dd}, {day.year}"
        case "ydm":
            return f"{day.year} সালের {dd} {month_bn}"
        case "num":
            sep = draw(st.sampled_from("/-."))
            return f"{dd}{sep}{day.month:02d}{sep}{day.year}"
        case _:
            return day.isoformat()


@st.composite
def rendered_datetimes(draw: st.DrawFn) -> tuple[str, datetime | date]:
    naive = draw(NAIVE).replace(microsecond=0)
    text = draw(date_texts(naive.date()))
    bengali_weekday = draw(st.booleans())
    names = (WEEKDAYS_BN if bengali_weekday else WEEKDAYS_EN)[naive.weekday()]
    if draw(st.booleans()):
        text = f"{draw(st.sampled_from(names))}, {text}"
    expected: datetime | date = naive.date()
    if draw(st.booleans()):
        clock, moment = draw(clock_texts(naive))
        text = f"{text}, {clock}" if draw(st.booleans()) else f"{clock}, {text}"
        expected = moment.replace(tzinfo=DHAKA)
    if draw(st.booleans()):
        text = to_bengali_digits(text)
    return text, expected


@given(rendered_datetimes())
def test_rendered_datetimes_parse_back(case: tuple[str, datetime | date]) -> None:
    text, expected = case
    value = parse_datetime(text)
    assert value == expected, text
    assert type(value) is type(expected)
    (match,) = find_dates(text)
    assert (match.start, match.end) == (0, len(text)), text
    assert match.has_time is isinstance(expected, datetime)


ZONES = [
    ("GMT", 0),
    ("UTC", 0),
    ("জিএমটি", 0),
    ("BST", None),  # Bangladesh's clock: UTC+6, +7 in its summer time of 2009
    ("GMT+6", 360),
    ("GMT+06:00", 360),
    ("UTC+5:30", 330),
    ("GMT-4", -240),
    ("+06:00", 360),
    ("-0300", -180),
]


@given(NAIVE, st.sampled_from(ZONES), st.booleans())
def test_explicit_zones_convert_to_dhaka(
    naive: datetime, zone: tuple[str, int | None], bengali: bool
) -> None:
    name, offset = zone
    tz = DHAKA if offset is None else timezone(timedelta(minutes=offset))
    moment = naive.replace(microsecond=0, tzinfo=tz)
    text = f"{moment:%d %B %Y, %H:%M:%S} {name}"
    text = to_bengali_digits(text) if bengali else text
    value = parse_datetime(text)
    assert isinstance(value, datetime) and value.tzinfo is DHAKA
    assert value == moment  # the same instant


@given(NAIVE, st.sampled_from(["Z", "+06:00", "+0000", "-05:30"]))
def test_iso_timestamps(naive: datetime, zone: str) -> None:
    offset = (
        0 if zone == "Z" else (1 if zone[0] == "+" else -1) * (int(zone[1:3]) * 60 + int(zone[-2:]))
    )
    moment = naive.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=offset)))
    text = f"{moment:%Y-%m-%dT%H:%M:%S}{zone}"
    value = parse_datetime(text)
    assert isinstance(value, datetime) and value.tzinfo is DHAKA
    assert value == moment


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
    st.sampled_from(REVISIONS),
    st.booleans(),
)
def test_rendered_bangla_dates_parse_back(day: date, revision: str, era: bool) -> None:
    bd = from_gregorian(day, revision)
    text = to_bengali_digits(f"{bd.day} {BANGLA_MONTHS[bd.month - 1]} {bd.year}")
    text += " বঙ্গাব্দ" if era else ""
    (match,) = find_dates(text)
    assert match.calendar == "bangla" and (match.start, match.end) == (0, len(text))
    # the 2019 reading when the day exists there, else the 1987 one
    read_as = "2019" if is_valid(bd, "2019") else "1987"
    assert match.value == to_gregorian(bd, read_as)
    assert abs((match.value - day).days) <= 1


# --- the dateline fast path gives what the general path gives -------------------------------


@st.composite
def stamps(draw: st.DrawFn) -> str:
    cue = draw(st.sampled_from(["", *lex.PUBLISHED_CUES, *lex.UPDATED_CUES]))
    cue = f"{cue}{draw(st.sampled_from(['', ' ', ' : ', ': ', 'ঃ ']))}" if cue else ""
    naive = draw(NAIVE)
    day = f"{draw(st.integers(1, 32))} {draw(st.sampled_from(MONTHS_BN[naive.month]))} "
    day += str(draw(st.integers(1790, 2210)))
    hour, minute = draw(st.integers(0, 24)), draw(st.integers(0, 61))
    clock = f"{hour:02d}:{minute:02d}" + draw(st.sampled_from(["", ":07", ":75"]))
    clock += draw(st.sampled_from(["", " এএম", " পিএম", " অপরাহ্ন", "am", " PM", " UTC"]))
    weekday = draw(st.sampled_from(["", "শনিবার, ", "Friday "]))
    where = draw(st.sampled_from(["none", "before", "after", "both"]))
    before = f"{clock}, " if where in ("before", "both") else ""
    after = f", {clock}" if where in ("after", "both") else ""
    return f"{cue}{before}{weekday}{day}{after}"


@given(stamps(), st.sampled_from(["", " | ", "|", " ", ""]), st.none() | stamps(), st.booleans())
def test_dateline_fast_path_agrees_with_general_path(
    first: str, glue: str, second: str | None, bengali: bool
) -> None:
    """The fast path reads what the general path reads, and so does a dateline read from the
    dates found on it (what `assemble` hands over)."""
    text = first if second is None else f"{first}{glue}{second}"
    text = unicodedata.normalize("NFC", to_bengali_digits(text) if bengali else text)
    assert parse_dateline(text) == general_parse_dateline(text), text
    assert parse_dateline(text, find_dates(text)) == parse_dateline(text), text


def test_seed_datelines_take_the_fast_path() -> None:
    for text, _ in SEED_DATELINES[:5]:
        assert _FAST_DATELINE.fullmatch(text), text


def test_hours_notation_gives_the_time_and_a_two_digit_count_does_not():
    line = parse_dateline("আপডেট: ১০৩০ ঘণ্টা, নভেম্বর ২২, ২০২৫")
    assert line.updated is not None and line.updated.isoformat() == "2025-11-22T10:30:00+06:00"
    assert parse_dateline("৪৮ ঘণ্টা পর ২২ নভেম্বর ২০২৫").published == date(2025, 11, 22)
    assert parse_dateline("২৫৯০ ঘণ্টা, নভেম্বর ২২, ২০২৫").published == date(2025, 11, 22)
