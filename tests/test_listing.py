"""Listing pages (tag, category, author pages, digests, video pages) are refused `not_article`;
an article never is."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khobor.annotate import DEFAULT_CONFIG, line_infos
from khobor.annotate.listing import ListingSign, listing_evidence
from khobor.gates.evaluate import is_refusal, load_case, load_gold
from khobor.pages.extract import ExtractContext, InputFile, extract_file, split_lines

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = ROOT / "tests" / "layouts"
RAW = ROOT / "dataset" / "raw"

PARAGRAPH = (
    "নদীর পানি বিপৎসীমার ওপর দিয়ে বইছে এবং নিচু এলাকার মানুষ আশ্রয়কেন্দ্রে যাচ্ছেন বলে জানিয়েছেন কর্মকর্তারা।"
)
PARAGRAPH_2 = "স্থানীয় প্রশাসন জানিয়েছে, শুকনা খাবার ও বিশুদ্ধ পানি বিতরণ শুরু হয়েছে এবং আরও নৌকা পাঠানো হচ্ছে।"
TEASER = "জেলা শহরের প্রধান সড়কে পানি ওঠায় যান চলাচল বন্ধ রয়েছে। ব্যবসায়ীরা বলছেন..."
TITLE = "উজানের ঢলে প্লাবিত নিম্নাঞ্চল, দুর্ভোগে মানুষ"
STAMP = "১০:১৫ এএম, ১২ সেপ্টেম্বর ২০২৪, বৃহস্পতিবার"
DATELINE = "প্রকাশ: ১২ সেপ্টেম্বর ২০২৪, ১০:১৫ এএম"
BYLINE = "নিজস্ব প্রতিবেদক"


def evidence(lines: list[str]):
    return listing_evidence(line_infos(lines), DEFAULT_CONFIG)


def test_title_stamp_teaser_units_are_a_listing():
    found = evidence([TITLE, STAMP, TEASER] * 3)
    assert found is not None
    assert found.sign is ListingSign.CUT_TEASERS
    assert found.cut_teasers == 3


def test_units_with_one_cut_teaser_and_a_stamp_each_are_a_listing():
    uncut = "জেলা শহরের প্রধান সড়কে পানি ওঠায় যান চলাচল বন্ধ রয়েছে বলে জানা গেছে।"
    found = evidence([TITLE, STAMP, TEASER, "অন্য খবরের শিরোনাম এখানে লেখা", STAMP, uncut])
    assert found is not None and found.sign is ListingSign.REPEATED_UNITS
    assert found.units == 2 and found.dated_units == 2


def test_one_teaser_with_its_date_after_and_no_credit_is_a_listing():
    found = evidence([TITLE, PARAGRAPH, TEASER, "১৪ জুলাই ২০২৫"])
    assert found is not None and found.sign is ListingSign.LONE_DATED_TEASER


def test_a_teaser_under_its_own_byline_and_dateline_is_an_article():
    # an aggregator's page of one story: its title, its source and date, its teaser
    assert evidence([TITLE, BYLINE, DATELINE, TEASER, "বিস্তারিত পড়ুন"]) is None


def test_video_page_with_a_player_notice_is_a_listing():
    found = evidence(
        [
            TITLE,
            "তিস্তার জল বাড়ছে, নদীর পাড়ের বাসিন্দাদের সরে যেতে বলা হয়েছে।",
            "০২:৩৫",
            "৫ হাজার বার দেখা হয়েছে",
        ]
    )
    assert found is not None and found.sign is ListingSign.VIDEO_PLAYER


def test_an_article_body_with_a_cut_quote_is_not_a_listing():
    trailing = "তিনি বলেন, আমরা চেষ্টা করছি, কিন্তু পানি এত দ্রুত বাড়ছে যে..."
    assert evidence([TITLE, BYLINE, DATELINE, PARAGRAPH, trailing, PARAGRAPH_2, PARAGRAPH]) is None


# Any page with two uncut paragraphs side by side holds running text: never a listing, whatever
# else it prints (teasers, stamps, titles, more links) around them.
LINE_KINDS = st.sampled_from(
    [TITLE, STAMP, TEASER, "বিস্তারিত", "View More " + TITLE, "-", BYLINE, DATELINE, PARAGRAPH]
)


@settings(max_examples=300, deadline=None)
@given(before=st.lists(LINE_KINDS, max_size=12), after=st.lists(LINE_KINDS, max_size=12))
def test_running_text_is_never_a_listing(before, after):
    assert evidence([*before, PARAGRAPH, PARAGRAPH_2, *after]) is None


def _article_pages() -> list[Path]:
    pages = [LAYOUTS / load_case(p).input for p in LAYOUTS.glob("*.json") if not is_refusal(p)]
    pages += [RAW / case.input for case in load_gold(ROOT / "validation" / "gold")]
    return sorted(pages)


@pytest.mark.parametrize("page", _article_pages(), ids=lambda p: p.stem)
def test_no_article_page_of_the_zoo_or_the_seeds_is_a_listing(page):
    lines = split_lines(page.read_text(encoding="utf-8"))
    assert evidence(lines) is None


def test_the_refusal_says_why():
    page = LAYOUTS / "z30_tag_listing_time_units.txt"
    result = extract_file(InputFile(page, page.name, LAYOUTS), ExtractContext())
    assert result.reason == "not_article"
    assert "cut_teasers" in result.detail and "4 of 4 paragraphs cut" in result.detail
    assert dict(result.evidence)["units"] == 4
