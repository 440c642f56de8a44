"""How a line is compared: its key and the rank-number pattern, one definition each.

The annotator (`khobor.annotate.lines`) labels a raw line by its key and tells rank numbers
by `RANK_RE`; the `boilerplate_in_body` gate (`khobor.gates.dataset_gates`) looks for the same
furniture in released bodies with the same two definitions, over Arrow arrays
(`line_keys`, `RANK_LINE` as an RE2 pattern), so the gate judges a line as the annotator does.

>>> line_key("  মন্তব্য   করুন : ")
'মন্তব্য করুন'
>>> bool(RANK_RE.fullmatch("১৫.")), bool(RANK_RE.fullmatch("২০২৫"))
(True, False)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

# Outer punctuation a key drops: label separators ("বিভাগ :"), bullets and arrows of chrome.
KEY_TRIM = " \t:ঃ-–—|•·»›"

# A "most read" rank: one to three digits, Bengali or ASCII, maybe closed by "." or ")".
# A plain (not raw) string: Python turns the escapes into the digits themselves, so the same
# pattern reads the same in Python's `re` and in RE2 (Arrow's regex functions).
RANK_LINE = "[0-9\u09e6-\u09ef]{1,3}[.)]?"
RANK_RE = re.compile(RANK_LINE)


def key_of_words(words: Sequence[str]) -> str:
    """The key of a line already split on whitespace (`str.split()`): `line_key` without
    splitting twice."""
    return " ".join(words).strip(KEY_TRIM).casefold()


def line_key(text: str) -> str:
    """Comparison key: whitespace collapsed, outer punctuation (`KEY_TRIM`) trimmed,
    case-folded.

    >>> line_key("» Sports News")
    'sports news'
    """
    return key_of_words(text.split())


# Characters whose Arrow lower case is their case fold: ASCII, the Bengali block and its
# dandas (U+0964/U+0965: nearly every Bengali sentence ends with one), General Punctuation
# (quotes, dashes, ZWNJ/ZWJ) and Latin-1 punctuation except the micro sign, which folds to a
# Greek mu. Keys of lines with any other character are computed by `line_key`.
_ARROW_FOLDS_LIKE_PYTHON = (
    "^[\\x{0}-\\x{7f}\\x{a0}-\\x{b4}\\x{b6}-\\x{bf}\\x{964}-\\x{965}\\x{980}-\\x{9ff}"
    "\\x{2000}-\\x{206f}]*$"
)


@functools.cache
def _whitespace_runs() -> str:
    """RE2 pattern of a run of what `str.split()` splits on (RE2's `\\s` is ASCII only). Every
    such character is in the Basic Multilingual Plane (the tests check all code points)."""
    return "[" + "".join(f"\\x{{{ord(char):x}}}" for char in _spaces()) + "]+"


@functools.cache
def _uneven_whitespace() -> str:
    """RE2 pattern of what makes a line's whitespace other than single spaces: two spaces, or
    any other character `str.split()` splits on. Lines without it keep their text."""
    others = "".join(f"\\x{{{ord(char):x}}}" for char in _spaces() if char != " ")
    return f"  |[{others}]"


@functools.cache
def _spaces() -> tuple[str, ...]:
    return tuple(chr(code) for code in range(0x10000) if chr(code).isspace())


def line_keys(lines: pa.Array) -> pa.Array:
    """`line_key` of every string of an Arrow array (nulls stay null), computed by Arrow for
    the lines `_ARROW_FOLDS_LIKE_PYTHON` covers and by `line_key` for the few others."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute

    pc: Any = pyarrow.compute  # kernels generated at import: no type stubs
    lines = lines.cast(pa.string())
    # a scan finds the few lines to collapse (the others hold single spaces only): a fifth of
    # what rewriting every line costs
    uneven = pc.match_substring_regex(lines, _uneven_whitespace()).fill_null(False)
    collapsed = lines
    if pc.any(uneven).as_py():
        runs = pc.replace_substring_regex(lines.filter(uneven), _whitespace_runs(), " ")
        collapsed = pc.replace_with_mask(lines, uneven, runs)
    keys = pc.utf8_lower(pc.utf8_trim(collapsed, characters=KEY_TRIM))
    covered = pc.match_substring_regex(lines, _ARROW_FOLDS_LIKE_PYTHON).fill_null(True)
    others = np.flatnonzero(~np.asarray(covered, dtype=np.bool_))
    if not len(others):
        return keys
    mask = pa.array(~np.asarray(covered, dtype=np.bool_))
    exact = [line_key(text) for text in lines.take(pa.array(others)).to_pylist()]
    return pc.replace_with_mask(keys, mask, pa.array(exact, pa.string()))
