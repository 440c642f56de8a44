"""Tests of khobor.text.normalize: examples, Hypothesis properties, and the NFC fast path's proof."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from khobor.text.normalize import (
    _OUTSIDE_FAST_NFC_RE,
    bengali_letter_share,
    is_nfc_fast,
    normalize_text,
)

ZWJ = "\N{ZERO WIDTH JOINER}"
ZWNJ = "\N{ZERO WIDTH NON-JOINER}"
NBSP = "\N{NO-BREAK SPACE}"

# Line boundaries as str.splitlines() sees them ("\r\n" is one).
LINE_BOUNDARY_RE = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
INVISIBLES = "\ufeff\u200b\u2060\u00ad\u200e\u200f"


def _is_bengali(char: str) -> bool:
    return "\u0980" <= char <= "\u09ff"


def _bengali_only(text: str) -> str:
    """Bengali-block characters of ``text``, in order, canonically decomposed."""
    return unicodedata.normalize("NFD", "".join(filter(_is_bengali, text)))


# Text built to hit the rules: Bengali letters and signs (incl. ড় and the composing vowel
# signs), joiners, every kind of space and line break, invisibles, controls, Latin and
# combining marks, plus arbitrary characters.
_INTERESTING = (
    [chr(c) for c in range(0x0980, 0x0A00)]
    + list(" \t\n\r\x0b\x0c\x85\u2028\u2029\x00\x01\x1b\x7f\x9f")
    + [ZWJ, ZWNJ, NBSP, "\u202f", "\u2007", "\u2000", "\u3000", *INVISIBLES]
    + list("aeZ\u0301\u0308\u00e9\u0964")
)
texts = st.text(alphabet=st.sampled_from(_INTERESTING) | st.characters(), max_size=80)


@given(texts)
@example("ক\u200d\u200b\u09cd\u09bc")
@example("a\u00ad\u0301 \u200d")
@example("\u09c7\u200b\u09be")
def test_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(texts)
def test_output_is_nfc(text: str) -> None:
    assert unicodedata.is_normalized("NFC", normalize_text(text))


@given(texts)
def test_no_cr_no_odd_spaces_no_invisibles(text: str) -> None:
    out = normalize_text(text)
    assert "\r" not in out
    assert NBSP not in out
    assert not any(unicodedata.category(c) == "Zs" and c != " " for c in out)
    assert not any(c in out for c in INVISIBLES)


@given(texts)
def test_line_count_preserved(text: str) -> None:
    out = normalize_text(text)
    assert out.count("\n") == len(LINE_BOUNDARY_RE.findall(text))
    assert len(out.splitlines()) <= len(text.splitlines())


@given(texts)
def test_bengali_kept_in_order(text: str) -> None:
    assert _bengali_only(normalize_text(text)) == _bengali_only(text)


@given(texts)
def test_joiners_only_between_bengali(text: str) -> None:
    out = normalize_text(text)
    for match in re.finditer(f"[{ZWJ}{ZWNJ}]", out):
        i = match.start()
        assert 0 < i < len(out) - 1
        assert _is_bengali(out[i - 1]) and _is_bengali(out[i + 1])


@given(texts)
def test_no_trailing_space(text: str) -> None:
    assert all(line == line.rstrip(" \t") for line in normalize_text(text).split("\n"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("খবর\r\nআজ\rকাল", "খবর\nআজ\nকাল"),  # CRLF and CR
        ("র\u200d\u09cdযাব", "র\u200d\u09cdযাব"),  # র‍্যাব: ZWJ after RA kept
        ("ক\u09cd\u200cষ", "ক\u09cd\u200cষ"),  # ZWNJ after hasanta kept (visible hasanta)
        ("খবর\u200d", "খবর"),  # ZWJ at line end dropped
        ("খবর\u200d\nআজ", "খবর\nআজ"),
        ("ক\u200d খ", "ক খ"),  # next to a space
        ("ক\u200dX", "কX"),  # next to Latin
        ("\u200cক", "ক"),  # at the start
        ("\ufeffখবর\u200b আজ\u2060\u00ad", "খবর আজ"),  # BOM, ZWSP, word joiner, soft hyphen
        ("ক\u00a0খ\u202fগ\u2007ঘ\u3000ঙ", "ক খ গ ঘ ঙ"),  # spaces
        ("  শিরোনাম  \t", "  শিরোনাম"),  # trailing stripped, leading kept
        ("\u09dc\u09dd\u09df", "\u09a1\u09bc\u09a2\u09bc\u09af\u09bc"),  # composition exclusions
        ("\u09c7\u09be", "\u09cb"),  # e-kar + aa-kar compose to o-kar
        ("এক\n\n\nদুই\n", "এক\n\n\nদুই\n"),  # blank lines and the final newline kept
        ("\u00a0\u00a0\u00a0\nক", "\nক"),  # a line of no-break spaces stays, empty
        ("ক\x01খ\x9fগ\tঘ", "কখগ\tঘ"),  # stray controls deleted, tab kept
        ("ক\u2028খ\x0cগ", "ক\nখ\nগ"),  # other line boundaries become "\n"
        ("I <3 খবর", "I <3 খবর"),  # plain text unchanged
    ],
)
def test_examples(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_every_unicode_space_becomes_a_space() -> None:
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Zs"]
    assert len(spaces) > 10
    for space in spaces:
        assert normalize_text(f"ক{space}খ") == "ক খ", f"U+{ord(space):04X}"


def test_nfc_fast_path_never_wrong() -> None:
    """Every character and pair of characters the fast path accepts is really NFC."""
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not _OUTSIDE_FAST_NFC_RE.search(chr(c))]
    assert "\u0995" in chars and "a" in chars
    is_nfc = unicodedata.is_normalized
    wrong = [
        f"U+{ord(a):04X} U+{ord(b):04X}"
        for a in chars
        for b in chars
        if is_nfc_fast(a + b) and not is_nfc("NFC", a + b)
    ]
    wrong += [f"U+{ord(a):04X}" for a in chars if is_nfc_fast(a) and not is_nfc("NFC", a)]
    assert wrong == []


def _share_by_definition(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(map(_is_bengali, letters)) / len(letters) if letters else 0.0


@given(texts | st.text(alphabet=st.sampled_from(_INTERESTING) | st.characters(), max_size=300))
@example("Ⅻ½ক")
@example("\u09f4\u09f5ক")
@example("ক" * 100 + "中文Ⅻ")
def test_bengali_letter_share_matches_definition(text: str) -> None:
    """Short texts are counted in Python, longer ones in numpy: both are the definition."""
    assert bengali_letter_share(text) == _share_by_definition(text)


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("", 0.0),
        ("   \n", 0.0),
        ("১২৩ ৪৫৬", 0.0),  # Bengali digits are not letters
        ("কিম জং উন", 1.0),
        ("Reuters রয়টার্স", 5 / 12),  # R-e-u-t-e-r-s vs র-য-ট-র-স (signs are no letters)
    ],
)
def test_bengali_letter_share_examples(text: str, share: float) -> None:
    assert bengali_letter_share(text) == pytest.approx(share)


@settings(max_examples=50)
@given(st.text(alphabet=st.sampled_from(_INTERESTING), max_size=200))
def test_bengali_only_text_is_all_bengali_or_no_letters(text: str) -> None:
    bengali = "".join(c for c in text if _is_bengali(c))
    assert bengali_letter_share(bengali) in (0.0, 1.0)


@given(texts)
@example("খবর আজ\n")  # nothing to replace: the one scan finds nothing
@example("খবর\u00a0আজ\u200b\x0c")
def test_the_one_scan_skips_only_texts_the_three_replacements_leave_alone(text: str) -> None:
    from khobor.text import normalize

    text = text.replace("\r\n", "\n")
    replaced = normalize._LINE_BREAK_RE.sub("\n", text)
    replaced = normalize._SPACE_RE.sub(" ", replaced)
    replaced = normalize._DELETE_RE.sub("", replaced)
    assert (normalize._REPLACED_RE.search(text) is None) == (replaced == text)


@given(texts)
@example("খবর আজ\n")  # nothing any rule acts on: one scan decides
@example("ডাক্তার ড\u09bc")
@example("ক\u09c7\u09be\r\n")
def test_the_scan_for_characters_a_rule_acts_on_changes_no_result(text: str) -> None:
    """`normalize_text`'s first scan skips the rules only where every rule leaves the text as
    it is: the result equals the rules applied one by one."""
    from khobor.text import normalize

    by_every_rule = normalize._TRAILING_SPACE_RE.sub("", normalize._replaced_and_composed(text))
    assert normalize_text(text) == by_every_rule
    if normalize._ACTED_ON_RE.search(text) is None:
        assert normalize._replaced_and_composed(text) == unicodedata.normalize("NFC", text)


@given(texts)
def test_a_body_joined_from_normalized_lines_is_nfc(text: str) -> None:
    """What lets the build sign a record's body without checking its form (`known_nfc`):
    lines of a normalized text, stripped and joined by blank lines, stay NFC."""
    from khobor.pages.assemble import join_body
    from khobor.pages.extract import split_lines

    body = join_body(split_lines(normalize_text(text)))
    assert unicodedata.is_normalized("NFC", body)
