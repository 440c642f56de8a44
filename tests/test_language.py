"""Bengali, not Assamese (`khobor.text.language`, decode's `other_language`): the hand-written
gold pages, evidence a reader can check, Bengali pages that quote Assamese, and lines in
other languages left as they are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khobor.contracts.records import Article, Quarantined, RawPage, Reason
from khobor.pages.extract import ExtractContext, explain_json, extract_page, to_json
from khobor.text.decode import DecodeFailure, decode_page
from khobor.text.language import (
    LanguageLimits,
    Verdict,
    identify_language,
    language_failure,
    page_language,
)
from khobor.text.normalize import bengali_letter_share, normalize_text

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "validation" / "language"
TRUTH = json.loads((GOLD / "truth.json").read_text(encoding="utf-8"))


def page_text(name: str) -> str:
    return normalize_text((GOLD / "pages" / name).read_text(encoding="utf-8"))


def test_gold_truth_lists_every_page_once() -> None:
    names = [row["page"] for row in TRUTH]
    assert sorted(names) == sorted(p.name for p in (GOLD / "pages").glob("*.txt"))
    assert len(set(names)) == len(names)
    assert {row["language"] for row in TRUTH} == {"as", "bn"}
    assert sum(row["held_out"] for row in TRUTH) >= 6
    assert sum(row["quarantine"] for row in TRUTH) >= 12


@pytest.mark.parametrize("row", TRUTH, ids=[row["page"] for row in TRUTH])
def test_gold_page(row: dict[str, object]) -> None:
    """Each page is quarantined as another language exactly when the truth says so."""
    data = (GOLD / "pages" / str(row["page"])).read_bytes()
    decoded = decode_page(data)
    if row["quarantine"]:
        assert isinstance(decoded, DecodeFailure)
        assert decoded.reason is Reason.OTHER_LANGUAGE
        assert decoded.detail.startswith("Assamese in Bengali script, not Bengali")
    else:
        assert not isinstance(decoded, DecodeFailure), decoded


def test_gold_precision_and_recall() -> None:
    """Quarantine as another language, scored over all gold pages: every Assamese page found,
    no Bengali page refused."""
    said = {row["page"]: language_failure(page_text(row["page"])) is not None for row in TRUTH}
    truth = {row["page"]: bool(row["quarantine"]) for row in TRUTH}
    true_positive = sum(said[p] and truth[p] for p in truth)
    assert true_positive == sum(truth.values())  # recall 1.0
    assert true_positive == sum(said.values())  # precision 1.0


def test_the_detail_gives_evidence_a_reader_can_check() -> None:
    text = page_text("as_01.txt")
    evidence = page_language(text)
    assert evidence is not None and evidence.verdict is Verdict.OTHER_LANGUAGE
    assert evidence.assamese_ra == text.count("ৰ") and evidence.bengali_ra == text.count("র")
    assert evidence.identifier is not None and evidence.identifier[0] == "as"
    detail = evidence.detail()
    assert f"{text.count('ৰ')} of {text.count('ৰ') + text.count('র')} r-letters" in detail
    assert "identifier: as" in detail and "decided by letters and words" in detail
    lines = text.split("\n")
    assert all("ৰ" in lines[n - 1] or "ৱ" in lines[n - 1] for n in evidence.lines[:3])


def test_assamese_typed_with_bengali_ra_is_told_by_its_words() -> None:
    evidence = page_language(page_text("as_08.txt"))
    assert evidence is not None and evidence.assamese_ra == 0
    assert evidence.decided_by == ("words",) and evidence.verdict is Verdict.OTHER_LANGUAGE
    # the identifier reads such a page as Bengali: it is reported, not believed
    assert evidence.identifier is not None and evidence.identifier[0] == "bn"


def test_the_identifier_tells_the_two_apart_on_real_script() -> None:
    assamese = page_text("as_04.txt").replace("\n", " ")
    bengali = page_text("bn_07.txt").replace("\n", " ")
    assert identify_language(assamese)[0] == "as"  # type: ignore[index]
    assert identify_language(bengali)[0] == "bn"  # type: ignore[index]
    assert identify_language("  ") is None


def test_a_page_between_the_thresholds_is_decided_by_the_identifier() -> None:
    text = page_text("as_03.txt")
    strict = LanguageLimits(min_r_share=1.01)  # letters alone no longer decide
    evidence = page_language(text, strict)
    assert evidence is not None and evidence.decided_by == ("identifier",)
    assert evidence.verdict is Verdict.OTHER_LANGUAGE
    none = LanguageLimits(min_r_share=1.01, min_identifier_score=1.01)
    assert page_language(text, none).verdict is Verdict.BENGALI  # type: ignore[union-attr]


ASSAMESE_NAMES = ["ৰাজীৱ বৰুৱা", "অসমীয়া প্ৰতিদিন", "শংকৰদেৱ", "ৰঙালী বিহু", "মৰিগাঁও", "ৰিহা"]
BENGALI_PAGE = (
    "রাজধানীতে আজ নতুন মেট্রোরেল লাইনের উদ্বোধন করা হয়েছে। এ সময় মন্ত্রী বলেন, যানজট কমাতে "
    "সরকার আরও তিনটি লাইন নির্মাণের পরিকল্পনা করেছে।\n"
    "তিনি জানান, প্রকল্পের কাজ আগামী বছর থেকে শুরু হবে এবং তিন বছরের মধ্যে শেষ হবে।\n"
    "যাত্রীরা বলছেন, নতুন লাইন চালু হওয়ায় তাঁদের যাতায়াতের সময় অনেক কমে গেছে।\n"
    "অনুষ্ঠানে উপস্থিত ছিলেন সংসদ সদস্য, সিটি করপোরেশনের মেয়র ও স্থানীয় নেতারা।"
)


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(st.sampled_from(ASSAMESE_NAMES), min_size=1, max_size=3),
    line=st.integers(0, 3),
)
def test_a_bengali_page_quoting_assamese_names_keeps_its_record(
    names: list[str], line: int
) -> None:
    lines = BENGALI_PAGE.split("\n")
    lines[line] += " অনুষ্ঠানে " + " ও ".join(f"‘{name}’" for name in names) + "-এর কথা বলা হয়।"
    text = normalize_text("\n".join(lines))
    evidence = page_language(text)
    assert evidence is not None and evidence.verdict is Verdict.BENGALI, evidence
    assert not isinstance(decode_page(text.encode()), DecodeFailure)


def test_a_page_without_any_sign_costs_no_evidence() -> None:
    assert page_language(BENGALI_PAGE) is None


def extracted(name: str) -> Article | Quarantined:
    return extract_page(RawPage(name, (GOLD / "pages" / name).read_bytes()), ExtractContext())


@pytest.mark.parametrize("name", ["bn_04.txt", "bn_05.txt"])
def test_lines_in_other_languages_keep_their_labels_and_the_bengali_ratio(name: str) -> None:
    """English menus and a Hindi quote inside a Bengali page: the record is kept and is the
    annotator's, line by line; `bengali_ratio` is the body's share, not changed."""
    article = extracted(name)
    assert isinstance(article, Article)
    texts = [line.text for line in article.lines]
    assert texts == [line.strip() for line in page_text(name).split("\n") if line.strip()]
    assert article.bengali_ratio == bengali_letter_share(article.body)
    labels = {line.text: line.label for line in article.lines}
    if name == "bn_04.txt":
        assert labels["Home"] == labels["Login"] == "chrome"
        assert any(
            "We played as a team" in line.text for line in article.lines if line.label == "body"
        )
    else:
        assert any("\u0939\u092e" in line.text for line in article.lines if line.label == "body")


def test_explain_shows_the_language_evidence_of_a_kept_page() -> None:
    article = extracted("bn_03.txt")
    assert isinstance(article, Article)
    explained = explain_json(to_json(article))
    assert explained["language"]["verdict"] == "bengali"
    assert explained["language"]["assamese_ra"] == 2
    assert "lines" in explained["language"]["detail"]
