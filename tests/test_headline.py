"""The headline from evidence (`khobor.annotate.headline`) and `khobor extract --explain`."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from khobor.annotate import DEFAULT_CONFIG, Furniture, annotate_lines, explain_page, line_info
from khobor.annotate.headline import score_candidates
from khobor.cli.commands import app
from khobor.contracts.taxonomy import LABELS

TITLE = "নদীভাঙনে ঘরহারা শতাধিক পরিবার, খোলা আকাশের নিচে দিন কাটছে"
BODY = [
    "প্রথম অনুচ্ছেদে ঘটনার মূল তথ্য তুলে ধরা হয়েছে এবং কারা জড়িত তা বলা হয়েছে।",
    "দ্বিতীয় অনুচ্ছেদে প্রত্যক্ষদর্শীদের বক্তব্য এবং পুলিশের প্রতিক্রিয়া জানানো হয়েছে।",
    "তৃতীয় অনুচ্ছেদে স্থানীয় প্রশাসনের পদক্ষেপ ও ক্ষতিগ্রস্তদের দাবি তুলে ধরা হয়েছে।",
]
BYLINE = "নিজস্ব প্রতিবেদক, সিরাজগঞ্জ"
DATELINE = "প্রকাশ: ২২ নভেম্বর ২০২৫, ১০:৩০"


def _headline(lines: list[str]) -> str | None:
    labels = annotate_lines(lines)
    assert labels.count("headline") <= 1
    return next((t for t, lbl in zip(lines, labels, strict=True) if lbl == "headline"), None)


def test_title_above_byline_beats_an_earlier_title_like_line():
    ticker = "বাজারে চালের দাম আবারও বাড়ল কেজিতে দুই টাকা"
    assert _headline([ticker, "জাতীয়", TITLE, BYLINE, DATELINE, *BODY]) == TITLE


def test_nav_row_printed_as_one_line_is_never_the_headline():
    nav = "হোম জাতীয় রাজনীতি অর্থনীতি আন্তর্জাতিক খেলা বিনোদন মতামত"
    labels = annotate_lines([nav, TITLE, BYLINE, DATELINE, *BODY])
    assert labels[:2] == ["chrome", "headline"]


def test_english_menu_and_e_paper_promo_are_not_headlines():
    lines = ["HOME NEWS SPORTS OPINION", "ই-পেপার দৈনিক সময়ের খবর", TITLE, DATELINE, *BODY]
    assert _headline(lines) == TITLE


def test_messenger_button_between_dateline_and_body_is_chrome():
    lines = [TITLE, BYLINE, DATELINE, "দৈনিক সময় হোয়াটসঅ্যাপ", "গুগল নিউজে ফলো করুন", *BODY]
    labels = annotate_lines(lines)
    assert labels[0] == "headline"
    assert labels[3] == "chrome" and labels[4] == "promo"


def test_breadcrumb_ending_with_the_headline_is_chrome_and_counts_as_evidence():
    crumb = f"হোম বাংলাদেশ {TITLE}"
    lines = [crumb, "বাজারে চালের দাম আবারও বাড়ল", TITLE, DATELINE, *BODY]
    infos = [line_info(t) for t in lines]
    labels = [i.label or "" for i in infos]
    best = score_candidates(infos, labels, 0, 4, DEFAULT_CONFIG)[0]
    assert best.index == 2 and "printed_again" in best.evidence
    assert annotate_lines(lines)[:3] == ["chrome", "related", "headline"]


def test_bare_date_under_the_byline_is_the_dateline_even_after_a_follow_prompt():
    lines = [TITLE, BYLINE, "২২ নভেম্বর ২০২৫, ১০:৩০", "আমাদের ফেসবুক পেজ ফলো করুন", *BODY]
    assert annotate_lines(lines)[:4] == ["headline", "byline", "dateline", "promo"]


def test_reporters_name_under_the_title_is_not_the_headline():
    assert _headline([TITLE, "আব্দুল হালিম, লালমনিরহাট", "১৭ নভেম্বর ২০২৫, ১৪:২৫", *BODY]) == TITLE


def test_body_parts_on_both_sides_of_a_most_read_box_are_body():
    box = ["সর্বাধিক পঠিত", "১", "সোনার দাম ভরিতে কমল আড়াই হাজার টাকা", "২", "শীতে বাড়ছে গ্যাস সংকট"]
    lines = [TITLE, BYLINE, DATELINE, BODY[0], BODY[1], *box, BODY[2], BODY[0] + " আরও কথা।"]
    labels = annotate_lines(lines)
    assert [labels[i] for i in (3, 4, 10, 11)] == ["body"] * 4
    assert labels[5] == "related_header" and labels[7] == "related"


def test_comment_section_with_count_login_sort_and_likes_is_comment():
    tail = ["মন্তব্য ( 2 )", "মন্তব্য করতে লগইন করুন", "সর্বশেষ", "রফিকুল ইসলাম", "খুব ভালো প্রতিবেদন", "১২"]
    labels = annotate_lines([TITLE, DATELINE, *BODY, *tail])
    assert labels[-6:] == ["comment", "comment_prompt", "comment", "comment", "comment", "comment"]


def test_section_list_page_of_teasers_has_no_body():
    teasers = []
    for n in range(4):
        teasers += [f"খবরের শিরোনাম নম্বর {n} এখানে আছে", f"{n + 1} ঘণ্টা আগে", BODY[n % 3]]
    labels = annotate_lines(["হোম", *teasers])
    assert "body" not in labels and "headline" not in labels


def test_explain_gives_a_rule_for_every_line_and_the_headline_its_scores():
    lines = ["জাতীয়", TITLE, BYLINE, DATELINE, *BODY]
    decisions = explain_page([line_info(t) for t in lines])
    assert all(d.rule and d.rule != "unlabelled" for d in decisions)
    head = decisions[1]
    assert head.label == "headline" and head.evidence is not None
    assert head.evidence["score"] > 0 and "above_byline_dateline" in head.evidence
    assert decisions[2].rule == "cue:is_byline"


def test_extract_explain_adds_rule_and_evidence_keys(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("\n".join(["জাতীয়", TITLE, BYLINE, DATELINE, *BODY]), encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "--explain", str(page)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert all("rule" in line for line in record["lines"])
    head = next(line for line in record["lines"] if line["label"] == "headline")
    assert head["text"] == TITLE and head["evidence"]["score"] > 0
    plain = json.loads(CliRunner().invoke(app, ["extract", str(page)]).stdout)
    assert all(set(line) == {"text", "label"} for line in plain["lines"])


_LINE = st.one_of(
    st.sampled_from(
        [
            TITLE,
            BYLINE,
            DATELINE,
            *BODY,
            "হোম",
            "১২",
            "সর্বাধিক পঠিত",
            "মন্তব্য করুন",
            "X",
            "ই-পেপার",
            "ফেসবুক",
            "২২ নভেম্বর ২০২৫",
            "শীর্ষে ফিরুন",
            "আরও পড়ুন: নতুন বাজেট",
        ]
    ),
    st.text(alphabet="কখগঘচছজঝটঠডঢণতথদধনপফবভমযরলশসহ ািীুূেৈোৌ্।,?০১২৩", min_size=1, max_size=80),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=30))
def test_explain_agrees_with_labels_and_at_most_one_headline(lines):
    lines = [t.strip() for t in lines if t.strip()]
    labels = annotate_lines(lines)
    decisions = explain_page([line_info(t) for t in lines])
    assert [d.label for d in decisions] == labels
    assert all(label in LABELS for label in labels)
    assert labels.count("headline") <= 1


# --- corpus evidence (khobor.annotate.evidence) --------------------------------------------------

DISCLAIMER = "এই প্রতিবেদনের সব তথ্য প্রকাশের সময় পর্যন্ত হালনাগাদ করা হয়েছে এবং পরে বদলাতে পারে।"


def _lookup(*texts: str):
    keys = {line_info(t).key for t in texts}
    return lambda key: Furniture("site-a", 40, 50) if key in keys else None


def test_a_sentence_the_site_prints_under_many_articles_is_not_body():
    lines = [TITLE, BYLINE, DATELINE, *BODY, DISCLAIMER]
    assert annotate_lines(lines)[-1] == "body"  # the page alone cannot tell
    decisions = explain_page([line_info(t) for t in lines], furniture=_lookup(DISCLAIMER))
    assert decisions[-1].label == "chrome"
    assert decisions[-1].rule == "corpus: printed on 40 of 50 articles of site-a"
    assert [d.label for d in decisions[3:6]] == ["body"] * 3


def test_corpus_evidence_never_alone_removes_the_headline_or_the_dateline():
    lines = [TITLE, BYLINE, DATELINE, *BODY]
    labels = annotate_lines(lines, furniture=_lookup(TITLE, DATELINE))
    assert labels[:3] == ["headline", "byline", "dateline"]


def test_corpus_evidence_weighs_against_a_recurring_title_line():
    promo_title = "প্রতিদিনের গুরুত্বপূর্ণ সব খবর এক নজরে দেখুন"
    lines = [promo_title, TITLE, BYLINE, DATELINE, *BODY]
    assert annotate_lines(lines, furniture=_lookup(promo_title))[:2] == ["related", "headline"]


def test_a_breadcrumb_without_separators_ending_in_the_title_is_not_the_headline():
    crumb = f"হোম বাংলাদেশ {TITLE}"
    labels = annotate_lines(["খেলা", crumb, "বিনোদন", TITLE, BYLINE, DATELINE, *BODY])
    assert labels[3] == "headline" and labels[1] == "chrome"


def test_a_longer_story_printed_below_the_article_does_not_take_its_body():
    other = [p + " পরের খবরের আরও বিস্তারিত বিবরণ এখানে যোগ করা হয়েছে।" for p in BODY * 2]
    lines = [TITLE, BYLINE, DATELINE, *BODY, "অন্য একটি খবরের শিরোনাম এখানে", BYLINE, DATELINE, *other]
    labels = annotate_lines(lines)
    assert labels[3:6] == ["body"] * 3 and "body" not in labels[6:]


def test_under_the_dateline_next_to_the_body_beats_a_title_above_the_byline():
    teaser = "বাজারে চালের দাম আবারও বাড়ল কেজিতে দুই টাকা"
    lines = [teaser, BYLINE, DATELINE, "অনলাইন সংস্করণ", TITLE, "ফাইল ছবি", *BODY]
    decisions = explain_page([line_info(t) for t in lines])
    assert decisions[4].label == "headline", [d.label for d in decisions]
    assert decisions[4].evidence is not None and "next_to_body" in decisions[4].evidence


def test_another_storys_dateline_under_the_same_desk_byline_is_not_the_articles():
    desk = "অনলাইন ডেস্ক"
    other = "প্রকাশ: ২২ নভেম্বর ২০২৫, ১৩:৪৭ | আপডেট: ২২ নভেম্বর ২০২৫, ১৪:১০"
    lines = [
        TITLE,
        desk,
        DATELINE,
        *BODY,
        "গুগল নিউজে ফলো করুন",
        "অন্য খবরের শিরোনাম এখানে আছে",
        desk,
        other,
    ]
    labels = annotate_lines(lines)
    assert labels[2] == "dateline" and labels[-1] == "related"


# --- another story's unit at an excerpt's top; a title that opens with its day (issue 20) ----

_CUT_TEASER = "উজানের ঢলে নদীর পাড় ভেঙে দুই শ পরিবার ঘর হারিয়েছে। প্রশাসন বলছে, তালিকার কাজ চল"


def test_a_title_over_a_teaser_cut_mid_sentence_is_another_storys_not_the_headline():
    other_title = "নদীভাঙনে ঘর হারাল তিন গ্রামের মানুষ"
    assert _headline([other_title, _CUT_TEASER, *BODY]) is None


def test_a_title_over_a_whole_standfirst_stays_the_headline():
    standfirst = "উজানের ঢলে নদীর পাড় ভেঙে দুই শ পরিবার ঘর হারিয়েছে। প্রশাসন তালিকা করছে।"
    assert _headline([TITLE, standfirst, *BODY]) == TITLE


def test_a_title_over_a_caption_that_stops_without_an_end_stays_the_headline():
    caption = "ত্রাণ নিতে আসা মানুষ। ছবি: সংগৃহীত"
    assert _headline([TITLE, caption, *BODY]) == TITLE


def test_a_cut_lead_that_ends_the_excerpt_leaves_its_title_the_headline():
    assert _headline([TITLE, BODY[0], _CUT_TEASER]) == TITLE


@given(
    st.text(alphabet="অআকখগঘচছজটডতদনপবমরলসহ ািীুেো", min_size=3, max_size=40),
    st.sampled_from(["।", "?", "!", "…", ".", "”", "’"]),
)
def test_text_that_ends_with_a_sign_never_stops_mid_sentence(words, sign):
    from khobor.annotate.lines import stops_mid_sentence

    assert not stops_mid_sentence(f"প্রথম বাক্য শেষ। {words}{sign}")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("০৩ মার্চ ২০১৯ : ক্যামেরায় মাঠের দিন", None),  # a dated title
        ("০৩ মার্চ ২০১৯ | সপ্তাহের সেরা মুহূর্ত", None),
        ("০৩ মার্চ ২০১৯ : রোববার", "dateline"),  # a weekday is no title
        ("০৩ মার্চ ২০১৯, ১০:৩০ : ক্যামেরায় মাঠের দিন", "dateline"),  # a time: a stamp
        ("প্রকাশ : ০৩ মার্চ ২০১৯ : সকাল বেলা", "dateline"),  # cued
    ],
)
def test_a_date_then_a_title_after_a_colon_is_a_title_not_a_dateline(text, label):
    assert line_info(text).label == label
