"""Text normalization for decoded pages, and the Bengali-letter share used by the filters.

The canonical form of khobor text is exactly Unicode NFC, plus a few whitespace and
invisible-character rules (see :func:`normalize_text`).

Note on NFC and Bengali: ড় U+09DC, ঢ় U+09DD and য় U+09DF are *composition exclusions*, so NFC
does not keep them: it writes them as base letter + nukta (ড U+09A1 + ় U+09BC, ঢ U+09A2 +
U+09BC, য U+09AF + U+09BC). That decomposed spelling is our canonical form, on purpose:
being exactly NFC means any other NFC-normalizing tool agrees with us byte for byte. Code
that searches normalized text must therefore normalize its own patterns with NFC too.

Everything here is written for speed (it runs on every page): one ``str.translate`` pass, a
few regular expressions, and fast paths that skip a step when its trigger character is absent.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

__all__ = ["bengali_letter_share", "normalize_text"]

_ZWNJ = "\N{ZERO WIDTH NON-JOINER}"
_ZWJ = "\N{ZERO WIDTH JOINER}"

# Every line boundary that str.splitlines() knows, except "\n" itself and "\r\n" (handled
# first). Mapping them all to "\n" keeps the line count and makes split("\n") and
# splitlines() agree downstream.
_LINE_BREAKS = (
    "\r",  # old Mac line end
    "\x0b",  # vertical tab
    "\x0c",  # form feed (page break in copied text)
    "\x1c",  # file separator
    "\x1d",  # group separator
    "\x1e",  # record separator
    "\x85",  # NEXT LINE (NEL), the C1 line end
    "\N{LINE SEPARATOR}",
    "\N{PARAGRAPH SEPARATOR}",
)

# Every Unicode space separator (category Zs) other than U+0020 becomes a plain space. Browsers'
# "copy" keeps U+00A0 from &nbsp;, and typesetting spaces (U+2007, U+202F...) carry nothing a
# text model needs. tests/test_normalize.py checks this list against unicodedata.
_SPACES = (
    "\N{NO-BREAK SPACE}",
    "\N{OGHAM SPACE MARK}",
    "\N{EN QUAD}",
    "\N{EM QUAD}",
    "\N{EN SPACE}",
    "\N{EM SPACE}",
    "\N{THREE-PER-EM SPACE}",
    "\N{FOUR-PER-EM SPACE}",
    "\N{SIX-PER-EM SPACE}",
    "\N{FIGURE SPACE}",
    "\N{PUNCTUATION SPACE}",
    "\N{THIN SPACE}",
    "\N{HAIR SPACE}",
    "\N{NARROW NO-BREAK SPACE}",
    "\N{MEDIUM MATHEMATICAL SPACE}",
    "\N{IDEOGRAPHIC SPACE}",
)

# Invisible characters that are deleted everywhere: they carry no meaning in Bengali text and
# only make equal strings compare unequal.
_INVISIBLES = (
    "\N{ZERO WIDTH NO-BREAK SPACE}",  # U+FEFF: a BOM, at the start or glued in by concatenation
    "\N{ZERO WIDTH SPACE}",  # U+200B: line-break hint from CMS editors
    "\N{WORD JOINER}",  # U+2060: the same, "do not break here"
    "\N{SOFT HYPHEN}",  # U+00AD: hyphenation hint, invisible unless a line breaks there
    "\N{LEFT-TO-RIGHT MARK}",  # U+200E/U+200F and the embeddings below: bidi controls; Bengali
    "\N{RIGHT-TO-LEFT MARK}",  # is left-to-right and the pages carry no right-to-left script
    "\N{LEFT-TO-RIGHT EMBEDDING}",
    "\N{RIGHT-TO-LEFT EMBEDDING}",
    "\N{POP DIRECTIONAL FORMATTING}",
    "\N{LEFT-TO-RIGHT OVERRIDE}",
    "\N{RIGHT-TO-LEFT OVERRIDE}",
    "\N{LEFT-TO-RIGHT ISOLATE}",
    "\N{RIGHT-TO-LEFT ISOLATE}",
    "\N{FIRST STRONG ISOLATE}",
    "\N{POP DIRECTIONAL ISOLATE}",
)

# C0 and C1 control characters other than tab and the line breaks above are deleted too. A
# page with many of them never gets here (khobor.text.decode quarantines it as binary_content, and
# a NUL as nul_bytes, before normalizing); the few that pass are noise from copy and paste.
_CONTROLS = tuple(
    chr(code)
    for code in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))
    if chr(code) not in ("\t", "\n", *_LINE_BREAKS)
)


def _char_class(chars: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("[" + "".join(f"\\u{ord(char):04x}" for char in chars) + "]+")


# One regular expression per kind: a C-level scan that finds nothing on a clean page is far
# cheaper than str.translate with a dict, which looks up every character.
_LINE_BREAK_RE = re.compile("[" + "".join(f"\\u{ord(char):04x}" for char in _LINE_BREAKS) + "]")
_SPACE_RE = _char_class(_SPACES)
_DELETE_RE = _char_class((*_INVISIBLES, *_CONTROLS))
# Any character one of the three above replaces: most pages have none, and one scan that finds
# nothing is a third of the three.
_REPLACED_RE = _char_class((*_LINE_BREAKS, *_SPACES, *_INVISIBLES, *_CONTROLS))

# NFC fast path. A text made only of ASCII, Latin-1/Latin Extended, the dandas, the Bengali
# block, General Punctuation (minus U+2000/U+2001, which NFC maps to U+2002/U+2003) and currency
# signs is NFC unless it holds one of the Bengali sequences below. tests/test_normalize.py
# checks every pair of such characters; pairs suffice because the only non-starters in the set
# are U+09BC, U+09CD, U+09FE and the only composing second characters (U+09BE, U+09D7) must
# directly follow their starter.
# unicodedata.is_normalized cannot tell this quickly: vowel signs like U+09BE may compose, so
# it falls back to a full normalization of every Bengali page.
_FAST_NFC_RANGES = (
    (0x00, 0x2FF),
    (0x964, 0x965),
    (0x980, 0x9FF),
    (0x2002, 0x206F),
    (0x20A0, 0x20C0),
)


def _negated_class(ranges: tuple[tuple[int, int], ...], but: frozenset[str]) -> re.Pattern[str]:
    """A pattern matching any character outside `ranges` or in `but`."""
    chars = [chr(c) for low, high in ranges for c in range(low, high + 1) if chr(c) not in but]
    runs: list[list[int]] = []
    for char in chars:
        if runs and runs[-1][1] == ord(char) - 1:
            runs[-1][1] = ord(char)
        else:
            runs.append([ord(char), ord(char)])
    return re.compile("[^" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in runs) + "]")


_OUTSIDE_FAST_NFC_RE = _negated_class(_FAST_NFC_RANGES, frozenset())
# Any character a rule of `normalize_text` acts on: one replaced, a joiner, or one outside the
# NFC fast path's set. A page holds none of them as a rule: one scan finding nothing skips the
# three replacement scans, the joiner test and the fast path's own scan (~55 → ~25 µs a page).
_ACTED_ON_RE = _negated_class(
    _FAST_NFC_RANGES,
    frozenset((*_LINE_BREAKS, *_SPACES, *_INVISIBLES, *_CONTROLS, _ZWJ, _ZWNJ)),
)
_BENGALI_NOT_NFC = (
    "\u09dc",  # ড় RRA, a composition exclusion: NFC writes ড + nukta
    "\u09dd",  # ঢ় RHA, likewise
    "\u09df",  # য় YYA, likewise
    "\u09c7\u09be",  # e-kar + aa-kar: NFC composes them into o-kar U+09CB
    "\u09c7\u09d7",  # e-kar + au length mark: NFC composes them into au-kar U+09CC
    "\u09cd\u09bc",  # hasanta (ccc 9) before nukta (ccc 7): NFC reorders them
    "\u09fe\u09bc",  # sandhi mark (ccc 230) before nukta: reordered
    "\u09fe\u09cd",  # sandhi mark before hasanta: reordered
)


def is_nfc_fast(text: str) -> bool:
    """True when ``text`` is certainly NFC (False means: let unicodedata decide)."""
    return _OUTSIDE_FAST_NFC_RE.search(text) is None and not _has_bengali_not_nfc(text)


def _has_bengali_not_nfc(text: str) -> bool:
    # eight substring scans: three times faster than one regex alternation of them
    return any(sequence in text for sequence in _BENGALI_NOT_NFC)


# ZWJ / ZWNJ matter only between two Bengali characters, where they choose a conjunct form:
# "র\N{ZERO WIDTH JOINER}\N{BENGALI SIGN VIRAMA}য" is the ya-phala spelling of র‍্যাব (RAB), and
# ZWNJ after a hasanta (U+09CD) asks for a visible hasanta instead of a conjunct. Next to a
# space, a line end, Latin, or another joiner they do nothing and are dropped.
_STRAY_JOINER_RE = re.compile(
    f"(?<![\u0980-\u09ff])[{_ZWNJ}{_ZWJ}]|[{_ZWNJ}{_ZWJ}](?![\u0980-\u09ff])"
)

_TRAILING_SPACE_RE = re.compile(r"[ \t]+$", re.MULTILINE)

# Letters for bengali_letter_share: \w is str.isalnum() plus "_"; removing \W, \d and "_"
# leaves the letters plus the rare numerics that are not decimal digits (checked after).


def normalize_text(text: str) -> str:
    r"""Return ``text`` in khobor's canonical form.

    - "\r\n", "\r" and every other line boundary of ``str.splitlines`` become "\n";
      lines are never joined or dropped, so the line count is kept;
    - every Unicode space separator (U+00A0, U+202F, U+2007, ...) becomes U+0020;
    - BOM U+FEFF, ZWSP U+200B, word joiner U+2060, soft hyphen U+00AD, bidi controls and
      C0/C1 controls (other than tab and line breaks) are deleted;
    - ZWJ / ZWNJ are kept only between two Bengali characters;
    - Unicode NFC (ড় U+09DC becomes ড + nukta U+09BC: a composition exclusion);
    - spaces and tabs at the end of each line are removed.

    Idempotent: ``normalize_text(normalize_text(x)) == normalize_text(x)``.

    >>> normalize_text("খবর\u00a0আজ  \r\nদুই\rতিন")
    'খবর আজ\nদুই\nতিন'
    >>> normalize_text("\ufeffর\u200d\u09cdযাব \u200dX\u200c")
    'র\u200d্যাব X'
    >>> normalize_text("\u09dc") == "\u09a1\u09bc"
    True
    >>> normalize_text("সফট\u00adহাইফেন\u200b")
    'সফটহাইফেন'
    """
    if _ACTED_ON_RE.search(text) is None:
        if _has_bengali_not_nfc(text):
            text = unicodedata.normalize("NFC", text)
    else:
        text = _replaced_and_composed(text)
    if " \n" in text or "\t\n" in text or text.endswith((" ", "\t")):
        text = _TRAILING_SPACE_RE.sub("", text)
    return text


def _replaced_and_composed(text: str) -> str:
    """Line breaks, spaces, invisibles and stray joiners replaced, then NFC."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if _REPLACED_RE.search(text) is not None:
        text = _LINE_BREAK_RE.sub("\n", text)
        text = _SPACE_RE.sub(" ", text)
        text = _DELETE_RE.sub("", text)
    # Joiners are judged after every deletion above, so a deletion cannot later make a joiner
    # stray (or meaningful) and a second pass finds nothing to do.
    if _ZWJ in text or _ZWNJ in text:
        text = _STRAY_JOINER_RE.sub("", text)
    if not is_nfc_fast(text):
        text = unicodedata.normalize("NFC", text)
    return text


def bengali_letter_share(text: str) -> float:
    """Share of the letters (``str.isalpha``) of ``text`` that are Bengali script (U+0980–U+09FF).

    Vowel signs, the hasanta and digits are not letters, so they count on neither side.
    Returns 0.0 when there are no letters at all.

    >>> bengali_letter_share("কিম জং উন")
    1.0
    >>> bengali_letter_share("Kim কিম")  # K, i, m, ক, ম: the vowel sign ি is no letter
    0.4
    >>> bengali_letter_share("১২৩ 123 …")
    0.0
    >>> bengali_letter_share("中文 ক Ⅻ")
    0.3333333333333333
    """
    if len(text) < SHORT_TEXT:  # a headline: numpy's fixed cost is more than the loop's
        bengali = letters = 0
        for char in text:
            if char.isalpha():
                letters += 1
                bengali += "\u0980" <= char <= "\u09ff"
        return bengali / letters if letters else 0.0
    # A table lookup over the code points in numpy: fifteen times faster than a regex pass,
    # and this runs twice a page (the whole text when decoding, the body when assembling).
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    # "clip": every code point from _LETTER_TABLE_SIZE up reads the table's last entry
    counts = np.bincount(_letter_table().take(codes, mode="clip"), minlength=4)
    rare = 0
    if counts[_BEYOND_TABLE]:  # CJK and beyond: few on these pages, asked of Python one by one
        beyond = codes[codes >= _LETTER_TABLE_SIZE].tolist()
        rare = sum(1 for code in beyond if chr(code).isalpha())
    bengali = int(counts[_BENGALI_LETTER])
    letters = bengali + int(counts[_OTHER_LETTER]) + rare
    return bengali / letters if letters else 0.0


SHORT_TEXT = 64  # characters: below, the letters are counted in Python (numpy costs more)
_LETTER_TABLE_SIZE = 0x3000  # code points below CJK: every script these pages mix in
_OTHER_LETTER, _BENGALI_LETTER, _BEYOND_TABLE = 1, 2, 3


@functools.cache
def _letter_table() -> Any:
    import numpy as np

    return np.array(
        [
            (_BENGALI_LETTER if 0x0980 <= code <= 0x09FF else _OTHER_LETTER)
            if chr(code).isalpha()
            else 0
            for code in range(_LETTER_TABLE_SIZE)
        ]
        + [_BEYOND_TABLE],  # every code point from _LETTER_TABLE_SIZE up looks here
        dtype=np.uint8,
    )
