"""Whether a short line is a person's name: the shape of a byline that carries no role word.

Opinion writers and reporters are often credited by their name alone under the headline
("<given name> <family name>", "ড. <name>", "<name> |"). Such a line has no word that says
what it is, so it is told by its shape: a title or honorific before it, a family name ending
it, a bare separator after it, and none of the function words, digits, sentence ends and word
endings (case endings, verb forms) that a headline's words carry. The words are
`khobor.lexicons.names`.
"""

from __future__ import annotations

import functools
import re
from enum import StrEnum

from khobor.lexicons import furniture as furniture_lex
from khobor.lexicons.function_words import FUNCTION_WORDS
from khobor.lexicons.names import (
    COMMON_WORD_NAMES,
    FAMILY_NAMES,
    GENITIVE_ENDING,
    HONORIFICS,
    PROSE_ENDINGS,
)

MIN_NAME_WORDS = 2
MAX_NAME_WORDS = 6  # "প্রকৌশলী ড. মো. <given> <family>"
MAX_PLAIN_WORDS = 4
MAX_INITIAL_CHARS = 2  # "এ", "এম", "কে": initials ("ড. এম এ <name>"), whatever else they mean

_NOT_A_NAME_RE = re.compile(r"[0-9\u09e6-\u09ef:ঃ।?!\"“”‘’'()\[\]]")
_TRAILING_BARS = " |,;/-–—"
# "<name> ও <name>": two writers credited together.
_JOINED = " ও "
# Words of menus and buttons ("প্রিন্ট ভার্সন"): a line of them is furniture, not a name.
_MENU_WORDS = frozenset(
    word
    for phrase in (*furniture_lex.SECTION_NAMES, *furniture_lex.CHROME_WORDS)
    for word in phrase.split()
)


class NameShape(StrEnum):
    """Why a line reads as a name (for `--explain`)."""

    HONORIFIC = "honorific"  # "ড. …", "অধ্যাপক …"
    FAMILY_NAME = "family_name"  # "… বসু", "… চৌধুরী"
    TRAILING_BAR = "trailing_bar"  # "<name> |": the credit of a byline-and-date row
    PLAIN = "plain"  # a few words with nothing of a sentence: a name only by its place


def _is_initial_or_name(word: str) -> bool:
    return len(word) <= MAX_INITIAL_CHARS or word in FAMILY_NAMES or word in COMMON_WORD_NAMES


def _words_of(text: str) -> tuple[list[str], bool]:
    stripped = text.rstrip(_TRAILING_BARS)
    return stripped.split(), stripped != text.rstrip()


def _part_shape(words: list[str], bar: bool) -> NameShape | None:
    if not MIN_NAME_WORDS <= len(words) <= MAX_NAME_WORDS:
        return None
    honorific = words[0] in HONORIFICS or " ".join(words[:2]) in HONORIFICS
    last = words[-1]
    # A given name may end like a plural ("সুচিত্রা"): with a title or a family name to go by,
    # the first word is not read for endings.
    read = words[1:] if honorific or last in FAMILY_NAMES else words
    if any(w in FUNCTION_WORDS and not _is_initial_or_name(w) for w in words) or any(
        w.endswith(PROSE_ENDINGS) and not _is_initial_or_name(w) for w in read
    ):
        return None
    if any(w.casefold() in _MENU_WORDS and not _is_initial_or_name(w) for w in words):
        return None
    if honorific:
        return NameShape.HONORIFIC
    if len(words) > MAX_PLAIN_WORDS or (
        last.endswith(GENITIVE_ENDING) and last not in FAMILY_NAMES | COMMON_WORD_NAMES
    ):
        return None
    if words[-1] in FAMILY_NAMES:
        return NameShape.FAMILY_NAME
    return NameShape.TRAILING_BAR if bar else NameShape.PLAIN


@functools.lru_cache(maxsize=4096)
def name_shape(text: str) -> NameShape | None:
    """How a line reads as one name or two joined by "ও"; None when it cannot be a name.

    >>> name_shape("ড. রফিকুল ইসলাম"), name_shape("সুচিত্রা বসু"), name_shape("মিঠুন দেব |")
    (<NameShape.HONORIFIC: 'honorific'>, <NameShape.FAMILY_NAME: 'family_name'>, \
<NameShape.TRAILING_BAR: 'trailing_bar'>)
    >>> name_shape("নাসিমা জুঁই ও তপন রিমন")
    <NameShape.PLAIN: 'plain'>
    >>> name_shape("ঢাকায় বৃষ্টি হয়েছে") is None, name_shape("দাম বাড়ছে চালের") is None
    (True, True)
    """
    untitled = " ".join(w for w in text.split() if w not in HONORIFICS)  # "ডাঃ", "মোঃ"
    if _NOT_A_NAME_RE.search(untitled):
        return None
    parts = text.split(_JOINED)
    if len(parts) > 2:
        return None
    shapes = []
    for part in parts:
        words, bar = _words_of(part)
        shape = _part_shape(words, bar)
        if shape is None:
            return None
        shapes.append(shape)
    return min(shapes, key=list(NameShape).index)  # the strongest evidence of the parts


def is_named_person(text: str) -> bool:
    """A name told by its own words (a title, a family name or a bare bar after it), not only
    by the place it stands in."""
    shape = name_shape(text)
    return shape is not None and shape is not NameShape.PLAIN
