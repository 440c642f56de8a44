"""Bangla calendar ⇄ Gregorian: seed header pairs, month-length rules, round trips."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khobor.text.bangla_calendar import (
    BANGLA_MONTHS,
    REVISIONS,
    BanglaDate,
    agrees,
    from_gregorian,
    is_valid,
    month_length,
    to_gregorian,
)

DATES_1990_2040 = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))
REVISION = st.sampled_from(REVISIONS)


# --- seed page headers ---------------------------------------------------------------------


def test_seed_003_header_follows_the_1987_rule() -> None:
    # "০২ জানুয়ারী ২০২৬, ১৯ পৌষ ১৪৩২ বঙ্গাব্দ"
    header = BanglaDate(1432, 9, 19)
    assert to_gregorian(header, revision="1987") == date(2026, 1, 2)
    assert to_gregorian(header, revision="2019") == date(2026, 1, 3)
    assert from_gregorian(date(2026, 1, 2), revision="1987") == header
    assert from_gregorian(date(2026, 1, 2), revision="2019") == BanglaDate(1432, 9, 18)
    assert agrees(header, date(2026, 1, 2))
    assert agrees(header, date(2026, 1, 2), max_days=0)


def test_seed_002_header_agrees_under_both_rules() -> None:
    # "শুক্রবার, ০৯ মে ২০২৫" / "২৬ বৈশাখ ১৪৩২"
    header = BanglaDate(1432, 1, 26)
    for revision in REVISIONS:
        assert to_gregorian(header, revision) == date(2025, 5, 9)
        assert from_gregorian(date(2025, 5, 9), revision) == header
    assert agrees(header, date(2025, 5, 9), max_days=0)


@pytest.mark.parametrize(
    ("bangla", "gregorian", "max_days", "expected"),
    [
        (BanglaDate(1432, 9, 19), date(2026, 1, 4), 1, True),  # 2019 rule gives 3 January
        (BanglaDate(1432, 9, 19), date(2026, 1, 5), 1, False),
        (BanglaDate(1432, 9, 19), date(2025, 12, 31), 1, False),
        (BanglaDate(1432, 1, 26), date(2025, 5, 12), 2, False),
        (BanglaDate(1432, 1, 26), date(2025, 5, 11), 2, True),
        (BanglaDate(1432, 12, 31), date(2026, 4, 14), 5, False),  # চৈত্র never has 31 days
    ],
)
def test_agrees_tolerance(
    bangla: BanglaDate, gregorian: date, max_days: int, expected: bool
) -> None:
    assert agrees(bangla, gregorian, max_days=max_days) is expected


# --- fixed points of the revised calendar ---------------------------------------------------


@pytest.mark.parametrize(
    ("gregorian", "bangla"),
    [
        (date(2019, 2, 14), BanglaDate(1425, 11, 1)),  # পহেলা ফাল্গুন
        (date(2024, 2, 21), BanglaDate(1430, 11, 8)),  # ৮ ফাল্গুন, Language Martyrs' Day
        (date(2025, 12, 16), BanglaDate(1432, 9, 1)),  # Victory Day, ১ পৌষ
        (date(2024, 3, 14), BanglaDate(1430, 11, 30)),  # leap ফাল্গুন has 30 days
        (date(2025, 3, 14), BanglaDate(1431, 11, 29)),  # ordinary ফাল্গুন has 29
        (date(2025, 3, 15), BanglaDate(1431, 12, 1)),  # so চৈত্র starts on 15 March
        (date(2025, 4, 13), BanglaDate(1431, 12, 30)),  # চৈত্র সংক্রান্তি
        (date(2025, 4, 14), BanglaDate(1432, 1, 1)),  # পহেলা বৈশাখ
    ],
)
def test_revision_2019_fixed_points(gregorian: date, bangla: BanglaDate) -> None:
    assert from_gregorian(gregorian) == bangla
    assert to_gregorian(bangla) == gregorian


def test_month_lengths_2019() -> None:
    assert [month_length(1431, m) for m in range(1, 13)] == [31] * 6 + [30] * 4 + [29, 30]
    assert month_length(1430, 11) == 30  # February 2024 is a leap February


def test_month_lengths_1987() -> None:
    assert [month_length(1431, m, "1987") for m in range(1, 13)] == [31] * 5 + [30] * 7
    assert month_length(1430, 11, "1987") == 31


def test_impossible_dates_are_refused() -> None:
    assert not is_valid(BanglaDate(1431, 11, 30))
    assert is_valid(BanglaDate(1430, 11, 31), "1987")
    assert not is_valid(BanglaDate(1432, 0, 1))
    assert not is_valid(BanglaDate(1432, 1, 0))
    with pytest.raises(ValueError, match="does not exist"):
        to_gregorian(BanglaDate(1432, 12, 31))
    with pytest.raises(ValueError, match="unknown Bangla calendar revision"):
        from_gregorian(date(2025, 1, 1), revision="1966")


def test_month_names() -> None:
    assert len(BANGLA_MONTHS) == len(set(BANGLA_MONTHS)) == 12
    assert BANGLA_MONTHS[0] == "বৈশাখ" and BANGLA_MONTHS[8] == "পৌষ"
    assert all(unicodedata.is_normalized("NFC", name) for name in BANGLA_MONTHS)


# --- properties -----------------------------------------------------------------------------


@given(DATES_1990_2040, REVISION)
def test_round_trip_from_gregorian(d: date, revision: str) -> None:
    bd = from_gregorian(d, revision)
    assert is_valid(bd, revision)
    assert to_gregorian(bd, revision) == d
    assert agrees(bd, d, max_days=0)


@given(DATES_1990_2040, REVISION)
def test_consecutive_days_are_consecutive_bangla_days(d: date, revision: str) -> None:
    today, tomorrow = from_gregorian(d, revision), from_gregorian(d + timedelta(days=1), revision)
    if tomorrow.day != 1:
        assert (tomorrow.year, tomorrow.month, tomorrow.day) == (
            today.year,
            today.month,
            today.day + 1,
        )
    else:
        assert today.day == month_length(today.year, today.month, revision)
        expected = (today.year, today.month + 1) if today.month < 12 else (today.year + 1, 1)
        assert (tomorrow.year, tomorrow.month) == expected


@given(st.integers(min_value=1396, max_value=1447), REVISION)
def test_years_start_on_14_april_and_have_the_right_length(year: int, revision: str) -> None:
    new_year = to_gregorian(BanglaDate(year, 1, 1), revision)
    assert new_year == date(year + 593, 4, 14)
    length = sum(month_length(year, m, revision) for m in range(1, 13))
    assert length == (date(year + 594, 4, 14) - new_year).days


@given(
    st.integers(min_value=1396, max_value=1447),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=31),
)
def test_revisions_differ_by_at_most_one_day(year: int, month: int, day: int) -> None:
    bd = BanglaDate(year, month, day)
    if is_valid(bd, "2019") and is_valid(bd, "1987"):
        gap = (to_gregorian(bd, "2019") - to_gregorian(bd, "1987")).days
        assert gap == (1 if 7 <= month <= 11 else 0)  # আশ্বিন has 31 days only in 2019
        assert from_gregorian(to_gregorian(bd, "1987"), "1987") == bd
