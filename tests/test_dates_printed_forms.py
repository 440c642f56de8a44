"""Dates in the forms outlets print, and times read in the outlet's zone (issue 20).

Every string here is invented (dates, names, wording): none is taken from a real page.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from khobor.contracts.timezone import DHAKA, KOLKATA
from khobor.lexicons import dates as lex
from khobor.text.dates import (
    Dateline,
    find_dates,
    in_zone,
    is_clock_time,
    named_zone,
    parse_dateline,
    parse_datetime,
    to_bengali_digits,
)
from khobor.text.dates import _parse_dateline as general_parse_dateline

PLUS_0530 = timezone(timedelta(hours=5, minutes=30))


def at(zone: tzinfo, *fields: int) -> datetime:
    year, month, day, *clock = fields
    return datetime(year, month, day, *clock, tzinfo=zone)


def dhaka(*fields: int) -> datetime:
    return at(DHAKA, *fields)


def both_digit_sets(text: str) -> list[str]:
    return [text, to_bengali_digits(text)]


# --- forms: one dateline each, read in Dhaka ------------------------------------------------

FORMS: list[tuple[str, str, Dateline]] = [
    # the time before the date
    ("time first পূর্বাহ্ণ", "০৭:৪২ পূর্বাহ্ণ, ০৩ মার্চ ২০২১", Dateline(dhaka(2021, 3, 3, 7, 42), None)),
    ("time first পিএম", "০৩:১৮ পিএম, ১১ জানুয়ারি ২০১৯", Dateline(dhaka(2019, 1, 11, 15, 18), None)),
    (
        "cued time first",
        "প্রকাশিত: ১২:০৫ পিএম, ০৮ জুন ২০১৬",
        Dateline(dhaka(2016, 6, 8, 12, 5), None),
    ),
    (
        "desk, bar, cued time first",
        "বিশেষ প্রতিনিধি | প্রকাশিত: ০৯:৫০ এএম, ৩০ মে ২০২৪",
        Dateline(dhaka(2024, 5, 30, 9, 50), None),
    ),
    ("24h time first", "প্রকাশ: ০০:০০, রবিবার, ১৭ মে, ২০২০", Dateline(dhaka(2020, 5, 17), None)),
    # weekday , date, at, time
    (
        "weekday comma date at time",
        "শনিবার , ৩ এপ্রিল, ২০২১ at ৯:০৭ অপরাহ্ণ",
        Dateline(dhaka(2021, 4, 3, 21, 7), None),
    ),
    (
        "byline bar weekday date at time",
        "নিজস্ব প্রতিবেদক | মঙ্গলবার , ২ মার্চ, ২০২১ at ৬:৫০ পূর্বাহ্ণ",
        Dateline(dhaka(2021, 3, 2, 6, 50), None),
    ),
    # year first, with seconds
    ("ymd seconds bn", "২০২১-০৩-০৯ ১৮:০৫:৪৪", Dateline(dhaka(2021, 3, 9, 18, 5, 44), None)),
    ("ymd slashes seconds", "2018/11/30 23:59:01", Dateline(dhaka(2018, 11, 30, 23, 59, 1), None)),
    (
        "ymd pair with 12h seconds",
        "প্রকাশ: ২০১৮-১১-৩০ ৭:০৫:০৯ পিএম     ||     আপডেট: ২০১৮-১২-০১ ৮:০০:০০ এএম",
        Dateline(dhaka(2018, 11, 30, 19, 5, 9), dhaka(2018, 12, 1, 8)),
    ),
    # day-month-year with dashes and a time
    ("dmy dashes comma", "০৯-১১-২০১৮, ১৯:০৩", Dateline(dhaka(2018, 11, 9, 19, 3), None)),
    ("dmy dashes ascii", "09-11-2018 19:03", Dateline(dhaka(2018, 11, 9, 19, 3), None)),
    ("dmy slashes 12h", "০৯/১১/২০১৮ ০৭:০৩ পিএম", Dateline(dhaka(2018, 11, 9, 19, 3), None)),
    # part-of-day words after the time (before it: tests/test_dates.py)
    ("সকাল after", "৩ মার্চ ২০২১, ০৭:১০ সকাল", Dateline(dhaka(2021, 3, 3, 7, 10), None)),
    ("রাত after", "৩ মার্চ ২০২১, ০৮:২০ রাত", Dateline(dhaka(2021, 3, 3, 20, 20), None)),
    ("রাত after small hours", "৩ মার্চ ২০২১, ০২:৩০ রাত", Dateline(dhaka(2021, 3, 3, 2, 30), None)),
    ("রাত after midnight", "৩ মার্চ ২০২১, ১২:১০ রাত", Dateline(dhaka(2021, 3, 3, 0, 10), None)),
    ("বিকেল after", "৩ মার্চ ২০২১, ০৪:০৫ বিকেল", Dateline(dhaka(2021, 3, 3, 16, 5), None)),
    ("বিকাল after", "৩ মার্চ ২০২১, ৫:০৫ বিকাল", Dateline(dhaka(2021, 3, 3, 17, 5), None)),
    ("সন্ধ্যা after", "৩ মার্চ ২০২১, ০৬:৪০ সন্ধ্যা", Dateline(dhaka(2021, 3, 3, 18, 40), None)),
    ("দুপুর after noon", "৩ মার্চ ২০২১, ১২:১৫ দুপুর", Dateline(dhaka(2021, 3, 3, 12, 15), None)),
    ("দুপুর after one", "৩ মার্চ ২০২১, ০১:১৫ দুপুর", Dateline(dhaka(2021, 3, 3, 13, 15), None)),
    ("ভোর after", "৩ মার্চ ২০২১, ০৪:৫৫ ভোর", Dateline(dhaka(2021, 3, 3, 4, 55), None)),
    ("24h with রাত stays", "৩ মার্চ ২০২১, ২১:৪০ রাত", Dateline(dhaka(2021, 3, 3, 21, 40), None)),
    (
        "cued, comma before year, সকাল after",
        "প্রকাশিত : ০৮ মে, ২০১৯, ০৫:১২ সকাল",
        Dateline(dhaka(2019, 5, 8, 5, 12), None),
    ),
    (
        "time before day-part-after date",
        "০৮:২০ রাত, ৩ মার্চ ২০২১",
        Dateline(dhaka(2021, 3, 3, 20, 20), None),
    ),
    # পূর্বাহ্ণ/পূর্বাহ্ন/অপরাহ্ণ/অপরাহ্ন, with a joiner after the hasanta too
    ("পূর্বাহ্ন", "৩ মার্চ ২০২১, ১১:০২ পূর্বাহ্ন", Dateline(dhaka(2021, 3, 3, 11, 2), None)),
    ("অপরাহ্ন", "৩ মার্চ ২০২১, ১১:০২ অপরাহ্ন", Dateline(dhaka(2021, 3, 3, 23, 2), None)),
    ("অপরাহ্ণ", "৩ মার্চ ২০২১, ১১:০২ অপরাহ্ণ", Dateline(dhaka(2021, 3, 3, 23, 2), None)),
    ("ZWNJ অপরাহ্‌ণ", "৩ মার্চ ২০২১, ১১:০২ অপরাহ\u09cd\u200cণ", Dateline(dhaka(2021, 3, 3, 23, 2), None)),
    ("ZWJ পূর্বাহ্‍ন", "৩ মার্চ ২০২১, ১১:০২ পূর্বাহ\u09cd\u200dন", Dateline(dhaka(2021, 3, 3, 11, 2), None)),
    ("ZWNJ in the month", "৩ সেপ\u09cd\u200cটেম্বর ২০২১", Dateline(date(2021, 9, 3), None)),
    # এএম/পিএম and am/pm/a.m./p.m. in their spellings
    ("এ এম spaced", "৩ মার্চ ২০২১, ১০:৪৪ এ এম", Dateline(dhaka(2021, 3, 3, 10, 44), None)),
    ("পি.এম", "৩ মার্চ ২০২১, ১০:৪৪ পি.এম", Dateline(dhaka(2021, 3, 3, 22, 44), None)),
    ("পি.এম.", "৩ মার্চ ২০২১, ১০:৪৪ পি.এম.", Dateline(dhaka(2021, 3, 3, 22, 44), None)),
    ("a.m.", "3 March 2021, 10:44 a.m.", Dateline(dhaka(2021, 3, 3, 10, 44), None)),
    ("PM glued", "3 March 2021, 10:44PM", Dateline(dhaka(2021, 3, 3, 22, 44), None)),
    # English forms
    (
        "english last updated IST",
        "Last Updated: Mar 07, 2021, 22:41 IST",
        Dateline(None, at(PLUS_0530, 2021, 3, 7, 22, 41)),
    ),
    ("english dmy 12h", "15 Aug 2023 11:02 PM", Dateline(dhaka(2023, 8, 15, 23, 2), None)),
    (
        "english weekday mdy dash time",
        "Tuesday, March 2, 2021 - 18:27",
        Dateline(dhaka(2021, 3, 2, 18, 27), None),
    ),
    ("dotted date", "07.03.2021", Dateline(date(2021, 3, 7), None)),
    ("posted 12h", "Posted: 5 May 2020, 6:45 pm", Dateline(dhaka(2020, 5, 5, 18, 45), None)),
    (
        "updated 12h IST",
        "Updated: 2 Feb 2022 04:40 AM IST",
        Dateline(None, at(PLUS_0530, 2022, 2, 2, 4, 40)),
    ),
    (
        "desk bar outlet bar time zone date",
        "Web Desk | Some Outlet | 08:14:09 PM IST Oct 02, 2020",
        Dateline(at(PLUS_0530, 2020, 10, 2, 20, 14, 9), None),
    ),
    (
        "english at with weekday, no comma before year",
        "Published At : Monday May 4 2026, 18:02",
        Dateline(dhaka(2026, 5, 4, 18, 2), None),
    ),
    ("rfc 2822", "Sat, 06 Jun 2020 09:15:00 +0600", Dateline(dhaka(2020, 6, 6, 9, 15), None)),
    # published and updated on one line
    (
        "glued update",
        "০৩ মার্চ ২০২১, ১৯:০৩আপডেট : ০৪ মার্চ ২০২১, ০৮:১৫",
        Dateline(dhaka(2021, 3, 3, 19, 3), dhaka(2021, 3, 4, 8, 15)),
    ),
    (
        "barred pair",
        "প্রকাশ: ০৩ মার্চ ২০২১, ১৯:০৩ | আপডেট: ০৪ মার্চ ২০২১, ০৮:১৫",
        Dateline(dhaka(2021, 3, 3, 19, 3), dhaka(2021, 3, 4, 8, 15)),
    ),
    (
        "time-date pairs in spaces",
        "প্রকাশিত: ০৪:৪৭, ৬ মে ২০১৮   আপডেট: ০৫:২২, ৩ জুন ২০২০",
        Dateline(dhaka(2018, 5, 6, 4, 47), dhaka(2020, 6, 3, 5, 22)),
    ),
    (
        "english pair without colons",
        "Published 3 March 2021, 7:03 PM Updated 4 March 2021, 8:15 AM",
        Dateline(dhaka(2021, 3, 3, 19, 3), dhaka(2021, 3, 4, 8, 15)),
    ),
    (
        "weekday between date and time",
        "৩ মার্চ ২০২১, বুধবার, ১০:৩০ পূর্বাহ্ন",
        Dateline(dhaka(2021, 3, 3, 10, 30), None),
    ),
    # more clocks
    (
        "space both sides of the colon",
        "৩ মার্চ ২০২১ ২০ : ৩০",
        Dateline(dhaka(2021, 3, 3, 20, 30), None),
    ),
    ("month abbreviation", "১২ সেপ্টে. ২০২১, ১০:১০", Dateline(dhaka(2021, 9, 12, 10, 10), None)),
    ("month abbreviation নভে", "১২ নভে ২০২১", Dateline(date(2021, 11, 12), None)),
    # a zone named before the time
    (
        "বাংলাদেশ সময় before an hours stamp",
        "বাংলাদেশ সময়: ১১৪৫ ঘণ্টা, মার্চ ০৭, ২০২১",
        Dateline(dhaka(2021, 3, 7, 11, 45), None),
    ),
    (
        "ভারতীয় সময় before a day part",
        "৭ মার্চ ২০২১, ভারতীয় সময় রাত ৮টা",
        Dateline(at(PLUS_0530, 2021, 3, 7, 20), None),
    ),
    (
        "zone in brackets",
        "শেষ আপডেট: ৭ মার্চ ২০২১ ১৪:১০ (IST)",
        Dateline(None, at(PLUS_0530, 2021, 3, 7, 14, 10)),
    ),
    (
        "আইএসটি",
        "প্রকাশিত: ৭ মার্চ ২০২১, ১৪:১০ আইএসটি",
        Dateline(at(PLUS_0530, 2021, 3, 7, 14, 10), None),
    ),
    (
        "zone in square brackets",
        "Last Updated: Sunday, March 7, 2021, 14:10 [IST]",
        Dateline(None, at(PLUS_0530, 2021, 3, 7, 14, 10)),
    ),
    (
        "offset in brackets",
        "৭ মার্চ ২০২১, ০২:১০ PM (GMT+6)",
        Dateline(dhaka(2021, 3, 7, 14, 10), None),
    ),
    (
        "BdST after fractional seconds",
        "Published: 2021-03-07 14:10:33.0 BdST Updated: 2021-03-08 09:00:00.0 BdST",
        Dateline(dhaka(2021, 3, 7, 14, 10, 33), dhaka(2021, 3, 8, 9)),
    ),
    (
        "english zone phrase",
        "৭ মার্চ ২০২১, ০২:১০ PM India time",
        Dateline(at(PLUS_0530, 2021, 3, 7, 14, 10), None),
    ),
    ("rfc 2822 GMT", "Sun, 07 Mar 2021 08:10:00 GMT", Dateline(dhaka(2021, 3, 7, 14, 10), None)),
    (
        "a time word between date and time",
        "প্রকাশ: ০৭/০৩/২০২১, সময়: রাত ১০.৩০",
        Dateline(dhaka(2021, 3, 7, 22, 30), None),
    ),
    ("time, bar, date", "০৮:১০ PM | ০৭ মার্চ ২০২১", Dateline(dhaka(2021, 3, 7, 20, 10), None)),
    ("date, bullet, time", "Mar 07, 2021 • 8:10 PM", Dateline(dhaka(2021, 3, 7, 20, 10), None)),
    ("time, bullet, date", "৮:১০ পিএম • ৭ মার্চ ২০২১", Dateline(dhaka(2021, 3, 7, 20, 10), None)),
    (
        "a time before a bar does not cross a cue",
        "০৮:১০ | আপডেট: ০৭ মার্চ ২০২১",
        Dateline(None, date(2021, 3, 7)),
    ),
    (
        "english bar time after a cued date",
        "Updated on: Mar 07, 2021 | 8:10 PM",
        Dateline(None, dhaka(2021, 3, 7, 20, 10)),
    ),
]


@pytest.mark.parametrize(("label", "text", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_printed_forms(label: str, text: str, expected: Dateline) -> None:
    for variant in both_digit_sets(unicodedata.normalize("NFC", text)):
        line = parse_dateline(variant)
        assert line == expected, variant  # the same instants
        for value in (line.published, line.updated):
            if isinstance(value, datetime):
                assert value.tzinfo is DHAKA  # whatever zone the text named
        assert parse_dateline(variant, find_dates(variant)) == line


NOT_TIMES = [
    # a day part after a number that is no clock does not make one
    ("decimal then রাত", "৩ মার্চ ২০২১, ১০.৩০ শতাংশ রাতে", date(2021, 3, 3)),
    ("count then সকাল", "৩ মার্চ ২০২১, ৩টা বই সকালে", date(2021, 3, 3)),
    ("13 after রাত is still 13", "৩ মার্চ ২০২১, ১৩:০০ রাত", dhaka(2021, 3, 3, 13)),
    ("hour 13 with পূর্বাহ্ণ is none", "৩ মার্চ ২০২১, ১৩:০০ পূর্বাহ্ণ", date(2021, 3, 3)),
    ("a bracket that names no zone", "৩ মার্চ ২০২১, ১০:০০ (বুধবার)", dhaka(2021, 3, 3, 10)),
]


@pytest.mark.parametrize(("label", "text", "expected"), NOT_TIMES, ids=[n[0] for n in NOT_TIMES])
def test_what_is_not_a_time_or_zone(label: str, text: str, expected: datetime | date) -> None:
    value = parse_datetime(text)
    assert value == expected and type(value) is type(expected)
    if isinstance(value, datetime):
        assert not find_dates(text)[0].zone_named


def test_a_day_part_after_the_time_belongs_to_the_span() -> None:
    text = "৩ মার্চ ২০২১, ০৮:২০ রাত (IST)"
    (match,) = find_dates(text)
    assert (match.start, match.end) == (0, len(text))
    assert is_clock_time("০৮:২০ রাত") and is_clock_time("১০:১৫ এ এম")


def test_a_zone_phrase_before_the_time_belongs_to_the_span() -> None:
    text = "বাংলাদেশ সময়: ১১৪৫ ঘণ্টা, মার্চ ০৭, ২০২১"
    (match,) = find_dates(text)
    assert (match.start, match.end) == (0, len(text))


# --- zones ----------------------------------------------------------------------------------

ZONE_WORDS = [
    # text after a time, the zone it names, its offset in minutes, the country's zone it points to
    ("IST", KOLKATA, 330, KOLKATA),
    ("ist", KOLKATA, 330, KOLKATA),
    ("(IST)", KOLKATA, 330, KOLKATA),
    ("[IST]", KOLKATA, 330, KOLKATA),
    ("আইএসটি", KOLKATA, 330, KOLKATA),
    ("(ভারতীয় সময়)", KOLKATA, 330, KOLKATA),
    ("Indian time", KOLKATA, 330, KOLKATA),
    ("BST", DHAKA, 360, DHAKA),
    ("BdST", DHAKA, 360, DHAKA),
    ("বিএসটি", DHAKA, 360, DHAKA),
    ("(বাংলাদেশ সময়)", DHAKA, 360, DHAKA),
    ("GMT", UTC, 0, None),
    ("UTC", UTC, 0, None),
    ("জিএমটি", UTC, 0, None),
    ("GMT+6", timezone(timedelta(hours=6)), 360, DHAKA),
    ("(GMT+06:00)", timezone(timedelta(hours=6)), 360, DHAKA),
    ("UTC+05:30", PLUS_0530, 330, KOLKATA),
    ("+05:30", PLUS_0530, 330, KOLKATA),
    ("-0400", timezone(timedelta(hours=-4)), -240, None),
]


@pytest.mark.parametrize(
    ("word", "zone", "offset", "country"), ZONE_WORDS, ids=[z[0] for z in ZONE_WORDS]
)
def test_zone_words_are_named(word: str, zone: tzinfo, offset: int, country: tzinfo | None) -> None:
    text = unicodedata.normalize("NFC", f"১৪ জুলাই ২০২২, ১০:১৫ {word}")
    (match,) = find_dates(text)
    assert match.zone_named and match.zone == zone
    assert named_zone([match]) is country
    assert (match.start, match.end) == (0, len(text))
    instant = datetime(2022, 7, 14, 10, 15, tzinfo=timezone(timedelta(minutes=offset)))
    assert match.value == instant and match.value.tzinfo is DHAKA  # find_dates: in Dhaka


def test_iso_offsets_are_named_and_naive_iso_is_not() -> None:
    assert find_dates("2022-07-14T10:15:00Z")[0].zone == UTC
    assert find_dates("2022-07-14T10:15:00+05:30")[0].zone == PLUS_0530
    assert named_zone(find_dates("2022-07-14T10:15:00+05:30")) is KOLKATA
    assert named_zone(find_dates("2022-07-14T10:15:00Z")) is None
    assert not find_dates("2022-07-14T10:15:00")[0].zone_named
    assert not find_dates("2022-07-14 10:15:00")[0].zone_named


def test_no_zone_named() -> None:
    for text in ("১৪ জুলাই ২০২২, ১০:১৫", "১৪ জুলাই ২০২২", "আজ বৃহস্পতিবার", "১৪ জুলাই ২০২২ (IST)"):
        assert named_zone(find_dates(text)) is None, text
        assert not any(m.zone_named for m in find_dates(text))


def test_named_zone_is_the_first_country_named() -> None:
    text = "Published: 14 Jul 2022, 10:15 | Updated: 14 Jul 2022, 11:40 IST (06:10 GMT)"
    assert named_zone(find_dates(text)) is KOLKATA
    text = "Published: 14 Jul 2022, 04:45 GMT | Updated: 14 Jul 2022, 11:40 BST"
    assert named_zone(find_dates(text)) is DHAKA  # GMT says when, not where


def test_times_are_read_in_the_outlets_zone() -> None:
    line = "প্রকাশ: ১৪ জুলাই ২০২২, ২৩:৪৫ | আপডেট: ১৫ জুলাই ২০২২, ০০:১০"
    india = parse_dateline(line, zone=KOLKATA)
    assert india == Dateline(at(KOLKATA, 2022, 7, 14, 23, 45), at(KOLKATA, 2022, 7, 15, 0, 10))
    assert india.published.tzinfo is KOLKATA and india.updated.tzinfo is KOLKATA
    # half an hour later than the same wall clock in Dhaka
    dhaka_line = parse_dateline(line)
    assert india.published - dhaka_line.published == timedelta(minutes=30)


def test_a_named_zone_wins_over_the_outlets() -> None:
    line = "Updated: 14 Jul 2022, 10:15 PM GMT"
    instant = datetime(2022, 7, 14, 22, 15, tzinfo=UTC)
    for zone in (DHAKA, KOLKATA, UTC):
        value = parse_dateline(line, zone=zone).updated
        assert value == instant and value.tzinfo is zone
    # and an Indian stamp on a Bangladeshi outlet's page is still India's time
    value = parse_dateline("১৪ জুলাই ২০২২, ১০:১৫ আইএসটি").published
    assert value == at(KOLKATA, 2022, 7, 14, 10, 15) and value.tzinfo is DHAKA


def test_dates_without_a_time_are_not_rezoned() -> None:
    assert parse_dateline("আপডেট: ১৪ জুলাই ২০২২", zone=KOLKATA) == Dateline(None, date(2022, 7, 14))
    assert parse_datetime("১৪/০৭/২০২২", zone=KOLKATA) == date(2022, 7, 14)


def test_parse_datetime_reads_in_a_zone() -> None:
    assert parse_datetime("১৪ জুলাই ২০২২, রাত ১০টা", zone=KOLKATA) == at(KOLKATA, 2022, 7, 14, 22)


def test_kolkata_zone() -> None:
    assert KOLKATA.key == "Asia/Kolkata"
    assert datetime(2024, 1, 1, tzinfo=KOLKATA).utcoffset() == timedelta(hours=5, minutes=30)


def test_in_zone_is_what_parse_dateline_does() -> None:
    (match,) = find_dates("১৪ জুলাই ২০২২, ১০:১৫")
    assert in_zone(match, DHAKA) is match.value
    assert in_zone(match, KOLKATA) == at(KOLKATA, 2022, 7, 14, 10, 15)


# --- properties -----------------------------------------------------------------------------

NAIVE = st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2035, 12, 31, 23, 59, 59))
MONTHS_BN = {n: [w for w, m in lex.GREGORIAN_MONTHS_BN.items() if m == n] for n in range(1, 13)}
EN_MONTHS_FULL = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
WEEKDAYS_BN = {
    n: [w for w, d in lex.WEEKDAYS.items() if d == n and not w.isascii()] for n in range(7)
}
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# zone text, the zone it names (None: no zone printed)
ZONES_AFTER: list[tuple[str, tzinfo | None]] = [
    ("", None),
    (" IST", KOLKATA),
    (" (IST)", KOLKATA),
    (" আইএসটি", KOLKATA),
    (" GMT", UTC),
    (" UTC", UTC),
    (" BST", DHAKA),  # Bangladesh's clock, also in its summer time of 2009 (UTC+7)
    (" BdST", DHAKA),
    (" GMT+6", timezone(timedelta(hours=6))),
    (" +05:30", PLUS_0530),
    (" [IST]", KOLKATA),
    (" (GMT+6)", timezone(timedelta(hours=6))),
    (" (ভারতীয় সময়)", KOLKATA),
]
READ_IN = st.sampled_from([DHAKA, KOLKATA])


def _day_part_after(hour: int) -> tuple[list[str], int]:
    """Day-part words written after a 12-hour reading of ``hour``, and that reading."""
    if hour == 0:
        return ["রাত"], 12
    if hour <= 3:
        return ["রাত", "রাতে"], hour
    if hour <= 5:
        return ["ভোর", "ভোররাতে"], hour
    if hour <= 11:
        return ["সকাল", "সকালে"], hour
    if hour <= 14:
        return ["দুপুর", "দুপুরে"], hour - 12 or 12
    if hour <= 17:
        return ["বিকেল", "বিকাল", "বিকেলে"], hour - 12
    if hour <= 19:
        return ["সন্ধ্যা", "সন্ধ্যায়", "সন্ধ্যে"], hour - 12
    return ["রাত", "রাতে", "রাত্রে"], hour - 12


@st.composite
def printed_stamps(draw: st.DrawFn) -> tuple[str, datetime | date, tzinfo | None, bool]:
    """A stamp in one of the forms outlets print: (text, its wall-clock value, the zone it
    names or None, whether the whole text is the date's span)."""
    naive = draw(NAIVE).replace(microsecond=0)
    d, mo, y = naive.day, naive.month, naive.year
    hour12 = naive.hour % 12 or 12
    am = naive.hour < 12
    style = draw(
        st.sampled_from(
            [
                "time first",
                "weekday at",
                "ymd seconds",
                "dmy dashes",
                "part after",
                "english last updated",
                "english dmy ampm",
                "english weekday dash",
                "dotted date",
                "english label",
            ]
        )
    )
    zone_text, named = draw(st.sampled_from(ZONES_AFTER))
    month_bn = draw(st.sampled_from(MONTHS_BN[mo]))
    month_en = EN_MONTHS_FULL[mo - 1]
    whole = True
    value: datetime | date = naive.replace(second=0)
    if style == "time first":
        marker = draw(st.sampled_from(lex.AM_WORDS if am else lex.PM_WORDS))
        text = f"{hour12:02d}:{naive.minute:02d} {marker}, {d:02d} {month_bn} {y}"
        zone_text, named = "", None  # a zone goes after the time: "… PM IST 13 Nov 2019"
    elif style == "weekday at":
        weekday = draw(st.sampled_from(WEEKDAYS_BN[naive.weekday()]))
        marker = draw(st.sampled_from(["পূর্বাহ্ণ", "পূর্বাহ্ন"] if am else ["অপরাহ্ণ", "অপরাহ্ন"]))
        text = f"{weekday} , {d} {month_bn}, {y} at {hour12}:{naive.minute:02d} {marker}"
    elif style == "ymd seconds":
        sep = draw(st.sampled_from("-/"))
        text = f"{y}{sep}{mo:02d}{sep}{d:02d} {naive:%H:%M:%S}"
        value = naive
    elif style == "dmy dashes":
        text = f"{d:02d}-{mo:02d}-{y}{draw(st.sampled_from([', ', ' ']))}{naive:%H:%M}"
    elif style == "part after":
        parts, reading = _day_part_after(naive.hour)
        part = draw(st.sampled_from(parts))
        text = f"{d} {month_bn} {y}, {reading:02d}:{naive.minute:02d} {part}"
    elif style == "english last updated":
        text = f"Last Updated: {month_en[:3]} {d:02d}, {y}, {naive:%H:%M}"
        whole = False
    elif style == "english dmy ampm":
        marker = draw(st.sampled_from(["AM", "am", "a.m."] if am else ["PM", "pm", "p.m."]))
        text = f"{d} {month_en[:3]} {y} {hour12:02d}:{naive.minute:02d} {marker}"
    elif style == "english weekday dash":
        text = f"{WEEKDAYS_EN[naive.weekday()]}, {month_en} {d}, {y} - {naive:%H:%M}"
    elif style == "dotted date":
        text, value, zone_text, named = f"{d:02d}.{mo:02d}.{y}", naive.date(), "", None
    else:
        marker = draw(st.sampled_from(["am", "a.m."] if am else ["pm", "p.m."]))
        text = f"Published: {d} {month_en} {y}, {hour12}:{naive.minute:02d} {marker}"
        whole = False
    text = unicodedata.normalize("NFC", text + zone_text)
    if draw(st.booleans()):
        text = to_bengali_digits(text)
    return text, value, named, whole


@given(printed_stamps(), READ_IN)
def test_printed_stamps_parse_back_in_both_digit_sets(
    case: tuple[str, datetime | date, tzinfo | None, bool], zone: tzinfo
) -> None:
    text, wall, named, whole = case
    (match,) = find_dates(text)
    if whole:
        assert (match.start, match.end) == (0, len(text)), text
    line = parse_dateline(text, zone=zone)
    value = line.updated if text.startswith("Last") else line.published
    assert parse_dateline(text, find_dates(text), zone=zone) == line
    if not isinstance(wall, datetime):
        assert value == wall and not match.has_time
        return
    assert isinstance(value, datetime) and value.tzinfo is zone, text
    if named is None:
        assert value == wall.replace(tzinfo=zone) and not match.zone_named, text
    else:
        assert value == wall.replace(tzinfo=named), text
        assert match.zone == named


# Pieces of datelines, every number shorter than a year: no text made of them is a date.
PIECES = st.sampled_from(
    [
        *lex.GREGORIAN_MONTHS_BN,
        *lex.GREGORIAN_MONTHS_EN,
        *lex.BANGLA_MONTHS,
        *lex.WEEKDAYS,
        *lex.AM_WORDS,
        *lex.PM_WORDS,
        *lex.DAY_PARTS,
        *lex.ZONE_OFFSETS,
        *lex.PUBLISHED_CUES,
        *lex.UPDATED_CUES,
        "at", "সালের", "T", "Z", "ঘণ্টা", "টা", "মিনিট",
        ",", ":", "/", "-", ".", "|", " ", "+", "(", ")",
    ]
)  # fmt: skip
NUMBERS = st.integers(0, 999).map(str) | st.integers(0, 99).map(lambda n: f"{n:02d}")
FOUR_DIGITS = re.compile("[0-9০-৯]{4}")


@given(st.lists(PIECES | NUMBERS, max_size=24), st.lists(st.sampled_from(["", " ", ", "])))
def test_no_four_digit_year_no_date(pieces: list[str], glue: list[str]) -> None:
    text = "".join(p + (glue[i] if i < len(glue) else " ") for i, p in enumerate(pieces))
    for variant in both_digit_sets(text):
        assume(not FOUR_DIGITS.search(variant))
        assert find_dates(variant) == [], variant
        assert parse_dateline(variant) == Dateline(None, None)


@st.composite
def unzoned_datelines(draw: st.DrawFn) -> str:
    text, _, named, _ = draw(printed_stamps())
    assume(named is None)
    return text


@given(unzoned_datelines())
def test_rezoning_is_a_wall_clock_reinterpretation(text: str) -> None:
    in_dhaka = parse_dateline(text)
    in_india = parse_dateline(text, zone=KOLKATA)
    for a, b in ((in_dhaka.published, in_india.published), (in_dhaka.updated, in_india.updated)):
        if not isinstance(a, datetime):
            assert a == b
            continue
        assert isinstance(b, datetime)
        # the same wall clock, in the other zone
        assert b.replace(tzinfo=None) == a.replace(tzinfo=None) and b.tzinfo is KOLKATA
        # so the instant moves by the difference of the two zones' offsets there
        assert b - a == a.utcoffset() - b.utcoffset()


def test_dhaka_ten_is_kolkata_ten_thirty_in_dhaka() -> None:
    line = "প্রকাশ: ১০ জানুয়ারি ২০২৪, ১০:০০"
    in_india = parse_dateline(line, zone=KOLKATA).published
    assert in_india == dhaka(2024, 1, 10, 10, 30)
    assert in_india.isoformat() == "2024-01-10T10:00:00+05:30"


@given(printed_stamps(), READ_IN)
def test_a_named_zone_gives_the_same_instant_in_every_reading(
    case: tuple[str, datetime | date, tzinfo | None, bool], zone: tzinfo
) -> None:
    text, _, named, _ = case
    assume(named is not None)
    assert parse_dateline(text, zone=zone) == parse_dateline(text)  # instants compare equal


@st.composite
def fast_path_stamps(draw: st.DrawFn) -> str:
    cue = draw(st.sampled_from(["", "প্রকাশ: ", "আপডেট : ", "Updated: "]))
    naive = draw(NAIVE)
    day = f"{naive.day} {draw(st.sampled_from(MONTHS_BN[naive.month]))} {naive.year}"
    clock = f"{naive:%H:%M}" + draw(
        st.sampled_from(["", " এএম", " পিএম", " রাত", " সকাল", " IST", " (IST)", " আইএসটি"])
    )
    where = draw(st.sampled_from(["none", "before", "after"]))
    return {
        "none": f"{cue}{day}",
        "before": f"{cue}{clock}, {day}",
        "after": f"{cue}{day}, {clock}",
    }[where]


@given(fast_path_stamps(), st.sampled_from(["", " | ", "|", "   "]), fast_path_stamps(), READ_IN)
def test_fast_path_agrees_with_general_path_in_every_zone(
    first: str, glue: str, second: str, zone: tzinfo
) -> None:
    text = unicodedata.normalize("NFC", f"{first}{glue}{second}")
    fast = parse_dateline(text, zone=zone)
    assert fast == general_parse_dateline(text, zone), text
    assert parse_dateline(text, find_dates(text), zone=zone) == fast, text
    for value in (fast.published, fast.updated):
        if isinstance(value, datetime):
            assert value.tzinfo is zone


def test_bst_is_the_dhaka_clock_also_in_its_2009_summer_time() -> None:
    # Bangladesh kept UTC+7 from 19 June to 31 December 2009; its outlets' "BST" was that clock
    for text in ("১ জুলাই ২০০৯, ১০:০০ BST", "১ জুলাই ২০১০, ১০:০০ BST"):
        assert parse_datetime(text) == parse_datetime(text.removesuffix(" BST")), text
    assert parse_datetime("১ জুলাই ২০০৯, ১০:০০ BST") == datetime(2009, 7, 1, 3, tzinfo=UTC)
