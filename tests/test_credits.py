"""A byline's shape (a person's name, a credit and a date on one line) and the byline field."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khobor.annotate import article_byline, line_infos
from khobor.annotate.credits import inline_credit, is_credit, name_part
from khobor.annotate.names import NameShape, is_named_person, name_shape
from khobor.lexicons.names import FAMILY_NAMES, HONORIFICS


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("ড. রফিকুল ইসলাম", NameShape.HONORIFIC),
        ("অধ্যক্ষ মুজিবুর রহমান |", NameShape.HONORIFIC),
        ("সুচিত্রা বসু", NameShape.FAMILY_NAME),
        ("অনির্বাণ মুখোপাধ্যায়", NameShape.FAMILY_NAME),
        ("তপন দেব |", NameShape.TRAILING_BAR),
        ("নাসিমা জুঁই ও তপন রিমন", NameShape.PLAIN),
    ],
)
def test_names_by_their_shape(text, shape):
    assert name_shape(text) is shape


@pytest.mark.parametrize(
    "text",
    [
        "ঢাকায় বৃষ্টি হয়েছে",  # a case ending and a verb
        "দাম বাড়ছে চালের",
        "ড. ইউনূসের সফর",  # a title, then a genitive: something said of the person
        "শেখ হাসিনার পদত্যাগ দাবি",
        "প্রিন্ট ভার্সন",  # buttons
        "বন্যায় ১২ জনের মৃত্যু",  # digits
        "কে হচ্ছেন সভাপতি?",
        "করোনাভাইরাস",  # one word
    ],
)
def test_headline_words_are_not_a_person(text):
    assert not is_named_person(text)


@settings(max_examples=200, deadline=None)
@given(
    honorific=st.sampled_from(sorted(h for h in HONORIFICS if " " not in h)),
    given_name=st.sampled_from(["রফিকুল", "সুমাইয়া", "অরিন্দম", "তাহমিনা", "কামরুল"]),
    family=st.sampled_from(sorted(FAMILY_NAMES)),
)
def test_a_titled_name_is_a_person_and_a_verb_after_it_is_not(honorific, given_name, family):
    name = f"{honorific} {given_name} {family}"
    assert is_named_person(name)
    assert name_shape(f"{name} বলেছেন") is None


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("নাগরিক ডেস্ক | প্রকাশের সময় : ২৪ জুলাই, ২০২২, ১২:০৮ এএম", "নাগরিক ডেস্ক"),
        ("শফিকুল আলম | বুধবার , ১৪ সেপ্টেম্বর, ২০২২ at ১০:২৪ পূর্বাহ্ণ", "শফিকুল আলম"),
        ("তানভীর আহমেদ || নাগরিকবিডি.কম", "তানভীর আহমেদ"),
        ("রাশেদ করিম, উপসম্পাদক | নাগরিকনিউজ.কম", "রাশেদ করিম, উপসম্পাদক"),
        ("ড. সাইফুল ইসলাম |", "ড. সাইফুল ইসলাম"),
        ("বার্তা টোয়েন্টিফোর প্রকাশিত: ২৬ মার্চ ২০২০, ১৬:১২", "বার্তা টোয়েন্টিফোর"),
        (
            "Written by অনিন্দিতা ঘোষ | Last Updated: Mar 05, 2024, 23:40 IST",
            "Written by অনিন্দিতা ঘোষ",
        ),
        ("জেলা প্রতিনিধি | বগুড়া", "জেলা প্রতিনিধি | বগুড়া"),
        # English credit rows of Indian outlets: "<cue> by" opens a credit, an editor is not the
        # writer
        ("Published by: তিয়াশা সরকার Posted: 10:30 am Oct 24, 2025", "Published by: তিয়াশা সরকার"),
        (
            "Written By অয়ন দাস | Updated By: সুমন দে | Last Updated: Oct 24, 2025, 09:11 PM IST",
            "Written By অয়ন দাস",
        ),
        ("তিয়াশা সরকার | Edited By: অয়ন দাস | Updated on: Oct 24, 2025 | 9:11 PM", "তিয়াশা সরকার"),
        ("প্রকাশিত: ১০:০৪ এএম, ১৩ ফেব্রুয়ারি ২০১৮", None),
    ],
)
def test_name_part_of_a_credit(line, credit):
    assert name_part(line) == credit


@settings(max_examples=200, deadline=None)
@given(
    name=st.sampled_from(["তানভীর আহমেদ", "নাগরিক ডেস্ক", "জেলা প্রতিনিধি", "সুচিত্রা বসু"]),
    sep=st.sampled_from([" | ", " || ", " ॥ ", " "]),
    day=st.integers(1, 28),
    year=st.integers(2000, 2025),
    cue=st.sampled_from(["প্রকাশিত: ", "প্রকাশের সময় : ", "আপডেট: ", ""]),
)
def test_the_date_part_never_reaches_the_byline(name, sep, day, year, cue):
    line = f"{name}{sep}{cue}{day} মার্চ {year}, ১০:১৫"
    assert name_part(line) == name


def test_is_credit_needs_a_role_or_a_name():
    assert is_credit("নিজস্ব প্রতিবেদক") and is_credit("সুচিত্রা বসু")
    assert not is_credit("ঢাকা")


@pytest.mark.parametrize(
    ("paragraph", "credit"),
    [
        ("নিজস্ব প্রতিনিধি: এবছর বর্ষায় বৃষ্টি কম হয়েছে বলে জানিয়েছে আবহাওয়া দপ্তর।", "নিজস্ব প্রতিনিধি"),
        ("রাজশাহী প্রতিনিধি ॥ নগরীর সাহেববাজারে আগুনে পুড়ে গেছে দশটি দোকান।", "রাজশাহী প্রতিনিধি"),
        ("ঢাকা, ২০ নভেম্বর : রাজধানীতে আজ বৃষ্টি হয়েছে।", None),  # a place and a date
        ("তিনি বলেন: আমরা চেষ্টা করছি এবং পরিস্থিতি পর্যবেক্ষণ করা হচ্ছে।", None),
    ],
)
def test_credit_opening_a_paragraph(paragraph, credit):
    assert inline_credit(paragraph) == credit


def test_article_byline_prefers_the_credit_line_then_the_dateline_then_the_paragraph():
    lines = ["শিরোনাম এখানে লেখা আছে", "নাগরিক ডেস্ক | প্রকাশিত: ১২ মার্চ ২০২৪, ১০:১৫", "অনুচ্ছেদ"]
    infos = line_infos(lines)
    assert article_byline(infos, ["headline", "dateline", "body"], 2) == "নাগরিক ডেস্ক"
    assert article_byline(infos, ["headline", "byline", "body"], 2) == "নাগরিক ডেস্ক"
    plain = line_infos(["শিরোনাম এখানে লেখা আছে", "নিজস্ব প্রতিনিধি: আজ সকালে বৃষ্টি হয়েছে।"])
    assert article_byline(plain, ["headline", "body"], 1) == "নিজস্ব প্রতিনিধি"
    assert article_byline(plain, ["headline", "body"], None) is None


# --- "<credit> | <outlet> | <time>": a row of credit, outlet and timestamp without a cue ------


@pytest.mark.parametrize(
    ("row", "byline"),
    [
        ("Sports Desk | News18 Bangla | 07:15:30 PM IST Mar 02, 2024", "Sports Desk"),
        ("সুমন দাস | আনন্দবাজার পত্রিকা | ১৩ নভেম্বর ২০১৯, ১৪:৫০", "সুমন দাস"),
        ("নিজস্ব প্রতিবেদক | জেলা ডেস্ক | ০২ মার্চ ২০২৪, ১৯:১৫", "নিজস্ব প্রতিবেদক | জেলা ডেস্ক"),
    ],
)
def test_a_credit_row_ending_in_a_time_is_a_dateline_that_carries_the_byline(row, byline):
    title = "ফাইনালে ওঠার লড়াইয়ে আজ মুখোমুখি দুই প্রতিবেশী দল"
    body = "দুই দলই এবারের প্রতিযোগিতায় একটিও ম্যাচ হারেনি। আজকের ম্যাচে যে দল জিতবে, তারা ফাইনালে যাবে।"
    infos = line_infos([title, row, body])
    assert infos[1].label == "dateline"
    labels = ["headline", "dateline", "body"]
    assert article_byline(infos, labels, 2) == byline


@pytest.mark.parametrize(
    "row",
    [
        "রহিম | করিম | সেলিম | জামাল | 07:15 PM IST Mar 02, 2024",  # a list of names, not a row
        "ঢাকায় বৃষ্টি | আবহাওয়া অফিস বলছে আজও ঝড় হবে | 07:15 PM IST Mar 02, 2024",  # a sentence
        "07:15 PM IST Mar 02, 2024 | Sports Desk | News18 Bangla | ঢাকা অফিস",  # the time first
        "Sports Desk | News18 Bangla | Mar 02, 2024",  # a day without a time is no stamp
    ],
)
def test_rows_of_other_shapes_are_not_credit_rows(row):
    assert line_infos([row])[0].label != "dateline"


@given(st.lists(st.sampled_from(["ক্রীড়া", "ডেস্ক", "সুমন", "দাস", "খবর"]), min_size=1, max_size=6))
def test_a_credit_row_part_longer_than_a_short_line_is_never_a_dateline(words):
    row = f"{' '.join(words)} | News18 Bangla | 07:15 PM IST Mar 02, 2024"
    is_row = line_infos([row])[0].label == "dateline"
    assert is_row == (len(words) <= 3)
