"""One key folding and one rank pattern: the annotator's and the boilerplate gate's."""

from __future__ import annotations

import sys

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khobor.annotate.lines import line_info
from khobor.gates.dataset_gates import furniture_lines
from khobor.text.keys import KEY_TRIM, RANK_RE, line_key, line_keys

# Characters where the two forms could part: every whitespace `str.split` knows, the trimmed
# marks, letters whose case fold is not their lower case (ß, µ, final sigma, ligatures),
# Bengali, ASCII and a few other scripts.
_TRICKY = (
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2007\u200a\u2028\u2029\u202f\u205f"
    "\u3000\u200b\u200c\u200d"
    + KEY_TRIM
    + "।ßẞµςΣİıǅǰﬁﬀΐ\u0345ÀÉØĲ"
    + "কখগঘ০১২৯ািু্"
    + "AbZz09.)(-_'\""
    + "ДжЖᏸᏰꭰ"
)
lines_text = st.text(alphabet=st.sampled_from(_TRICKY), max_size=12) | st.text(max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.none() | lines_text, max_size=20))
def test_arrow_keys_are_the_python_keys(texts: list[str | None]) -> None:
    keys = line_keys(pa.array(texts, pa.string())).to_pylist()
    assert keys == [None if text is None else line_key(text) for text in texts]


def test_arrow_keys_split_on_every_whitespace_python_splits_on() -> None:
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if len(f"a{chr(c)}b".split()) == 2]
    assert line_keys(pa.array([f"a{space}b" for space in spaces])).to_pylist() == (
        ["a b"] * len(spaces)
    )


def test_annotator_key_is_the_shared_key() -> None:
    for text in ("  বিভাগ :  আন্তর্জাতিক ", "» SPORTS", "মন্তব্য করুন", "Straße •"):
        assert line_info(text).key == line_key(text)


@pytest.mark.parametrize(
    ("text", "rank"),
    [("১০", True), ("20", True), ("১৫.", True), ("৭)", True), ("১০০", True), ("২০২৫", False),
     ("১।", False), ("১০ মিনিট", False), ("", False), ("a1", False)],
)  # fmt: skip
def test_gate_and_annotator_tell_rank_lines_alike(text: str, rank: bool) -> None:
    assert bool(RANK_RE.fullmatch(text)) is rank
    annotator_says = line_info(text).label == "rank" if text else False
    assert annotator_says is rank
    *_, kinds = furniture_lines(
        pa.array([f"প্রথম অনুচ্ছেদ।\n{text}"]),
        pa.array(["শিরোনাম"]),
        (frozenset(), ("মন্তব্য করুন",), ("অনুসরণ করুন",)),
        15,
    )
    assert kinds["rank_number"] == int(rank)


def test_gate_finds_furniture_by_the_annotators_key() -> None:
    body = "অনুচ্ছেদ।\n  মন্তব্য   করুন : \n» সর্বশেষ খবর।\nশিরোনাম  এখানে"
    *_, hit, kinds = furniture_lines(
        pa.array([body]),
        pa.array(["শিরোনাম এখানে "]),
        (frozenset({"মন্তব্য করুন", "সর্বশেষ খবর"}), ("মন্তব্য করুন",), ("অনুসরণ করুন",)),
        15,
    )
    assert hit.tolist() == [False, True, True, True]
    assert kinds["lexicon_line"] == 2 and kinds["repeated_headline"] == 1


def test_every_character_arrow_folds_is_folded_as_python_folds_it() -> None:
    """The characters whose keys Arrow computes (`_ARROW_FOLDS_LIKE_PYTHON`: ASCII, Latin-1
    punctuation, the dandas, Bengali, General Punctuation) lower-case as they case-fold."""
    import re

    from khobor.gates._arrow import pc
    from khobor.text.keys import _ARROW_FOLDS_LIKE_PYTHON

    ranges = re.findall(r"\\x\{([0-9a-f]+)\}-\\x\{([0-9a-f]+)\}", _ARROW_FOLDS_LIKE_PYTHON)
    chars = [chr(c) for low, high in ranges for c in range(int(low, 16), int(high, 16) + 1)]
    assert "।" in chars and "ক" in chars and "A" in chars
    lowered = pc.utf8_lower(pa.array(chars, pa.string())).to_pylist()
    assert [c for c, low in zip(chars, lowered, strict=True) if low != c.casefold()] == []
