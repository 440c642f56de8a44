"""Who the article is credited to: the `byline` field, the name part of the line that says so.

Outlets print the credit in many forms: a line of its own ("নিজস্ব প্রতিবেদক, ঢাকা"), the name
with the outlet's domain after a bar ("<name> || <outlet>.com"), the name and the date on one
line ("<desk> | প্রকাশের সময় : <date>", "<name> প্রকাশিত: <date>"), or the credit opening the
first paragraph ("<district> প্রতিনিধি : <text>"), a row of credit, outlet and time between bars
("<desk> | <outlet> | <time>"). The field keeps the name part: what comes before the date or its
cue word, without the outlet's domain or name and the bare separators left over.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from khobor.annotate.lines import LineInfo
from khobor.annotate.names import name_shape
from khobor.annotate.outlets import names_an_outlet
from khobor.lexicons import furniture as lex
from khobor.lexicons.dates import PUBLISHED_CUES, UPDATED_CUES
from khobor.text.dates import DateMatch, find_dates

# Separators between a credit's parts: "||", "|", "॥", " / ".
_PARTS_RE = re.compile(r"\s*(?:\|+|॥|\s/\s)\s*")
# An outlet's domain as printed ("<name>.com", "<name>.কম", "<name>ডটকম").
_DOMAIN_RE = re.compile(r"^\S+(?:\.(?:com|net|org|in|tv|info|news|bd|co)|\.কম|ডটকম|ডট কম)$", re.I)
_CUE_RE = re.compile(
    "|".join(
        re.escape(cue) for cue in sorted({*PUBLISHED_CUES, *UPDATED_CUES}, key=len, reverse=True)
    ),
    re.IGNORECASE,
)
_LEFTOVER = " \t|,;:ঃ/-–—॥"
_BY_RE = re.compile(r"\s+by\b", re.IGNORECASE)
_EDITOR_PREFIXES = tuple(lex.EDITOR_PREFIXES)
_DIGIT_RE = re.compile(r"[0-9\u09e6-\u09ef]")  # no digit, no date: nothing to parse
_LETTER_RE = re.compile(r"[A-Za-z\u0985-\u09b9\u09dc-\u09df]")
# A credit that opens the first paragraph: up to this many words before ":" or "॥".
MAX_INLINE_CREDIT_WORDS = 5
_INLINE_CREDIT_RE = re.compile(r"^([^:ঃ॥।]{2,60}?)\s*(?:[:ঃ॥]|\s-\s)\s*\S")
_ROLE_WORDS = frozenset(lex.BYLINE_WORDS)


@functools.lru_cache(maxsize=1024)
def _cached_name_part(text: str) -> str | None:
    """`name_part` of a credit line without known dates: bylines repeat on an outlet's pages."""
    return name_part(text, find_dates(text) if _DIGIT_RE.search(text) else ())


def name_part(text: str, dates: Sequence[DateMatch] | None = None) -> str | None:
    """A credit line without its date, cue word, outlet domain and leftover separators
    (`dates`: what `find_dates(text)` gives, when the caller has it).

    >>> name_part("নাগরিক ডেস্ক | প্রকাশের সময় : ২৪ জুলাই, ২০২২, ১২:০৮ এএম")
    'নাগরিক ডেস্ক'
    >>> name_part("তানভীর আহমেদ || নাগরিকবিডি.কম"), name_part("ড. সাইফুল ইসলাম |")
    ('তানভীর আহমেদ', 'ড. সাইফুল ইসলাম')
    >>> name_part("ক্রীড়া ডেস্ক | আনন্দবাজার পত্রিকা | 07:15 PM IST Mar 02, 2024")
    'ক্রীড়া ডেস্ক'
    >>> name_part("জেলা প্রতিনিধি | বগুড়া")
    'জেলা প্রতিনিধি | বগুড়া'
    >>> name_part("প্রকাশিত: ১০:০৪ এএম, ১৩ ফেব্রুয়ারি ২০১৮") is None
    True
    """
    cut = len(text)
    if dates is None:
        dates = find_dates(text) if _DIGIT_RE.search(text) else ()
    if dates:
        cut = dates[0].start
    if not _LETTER_RE.search(text, 0, cut):
        return None  # the date opens the line: no credit before it
    cue = next((m for m in _CUE_RE.finditer(text, 0, cut) if not _is_credit_prefix(text, m)), None)
    if cue is not None:
        cut = cue.start()
    head = text[:cut]
    parts = _PARTS_RE.split(head)
    while parts and (
        not parts[-1].strip(_LEFTOVER)
        or _DOMAIN_RE.match(parts[-1].strip())
        or parts[-1].strip().casefold().startswith(_EDITOR_PREFIXES)
        or (len(parts) > 1 and names_an_outlet(parts[-1]))  # "<name> | <outlet's name>"
    ):
        parts.pop()
    if not parts:
        return None
    # keep the original text up to the end of the last part kept
    kept = head[: _end_of_parts(head, len(parts))].strip(_LEFTOVER)
    return kept or None


def _is_credit_prefix(text: str, cue: re.Match[str]) -> bool:
    """ "Published by:", "Posted by": a cue word that opens a credit, not a date."""
    return _BY_RE.match(text, cue.end()) is not None


def _end_of_parts(text: str, count: int) -> int:
    """The index in `text` where its first `count` separator-delimited parts end."""
    seps = list(_PARTS_RE.finditer(text))
    return seps[count - 1].start() if count - 1 < len(seps) else len(text)


def is_credit(text: str) -> bool:
    """Whether a name part names someone: a role word ("ডেস্ক", "প্রতিনিধি"), a person's name,
    or an outlet (an aggregator credits the story's source: "<outlet> প্রকাশিত: <date>")."""
    words = text.casefold().replace(",", " ").split()
    return (
        any(w in _ROLE_WORDS for w in words)
        or name_shape(text) is not None
        or names_an_outlet(text)
    )


def inline_credit(paragraph: str) -> str | None:
    """A credit that opens a paragraph ("<district> প্রতিনিধি : …", "<desk> ॥ …") with a role
    word in it; None for any other opening ("<place>, <date> : …", a quote)."""
    m = _INLINE_CREDIT_RE.match(paragraph)
    if m is None:
        return None
    credit = m.group(1).strip(_LEFTOVER)
    words = credit.replace(",", " ").split()
    if not words or len(words) > MAX_INLINE_CREDIT_WORDS:
        return None
    return credit if any(w.casefold() in _ROLE_WORDS for w in words) else None


def article_byline(
    infos: Sequence[LineInfo], labels: Sequence[str], body_first: int | None
) -> str | None:
    """The record's byline: the first byline line's name part; else the name part of the
    header's dateline when it opens with a credit ("<desk> | প্রকাশিত: …"); else a byline
    printed after the body; else the credit opening the first paragraph."""
    end = len(infos) if body_first is None else body_first
    for k in range(end):
        if labels[k] == "byline":
            return _cached_name_part(infos[k].text) or infos[k].text
    for k in range(end):
        if labels[k] == "dateline":
            credit = name_part(infos[k].text, infos[k].dates)
            if credit is not None and is_credit(credit):
                return credit
    for k in range(end, len(infos)):
        if labels[k] == "byline":
            return _cached_name_part(infos[k].text) or infos[k].text
    if body_first is not None and labels[body_first] == "body":
        return inline_credit(infos[body_first].text)
    return None
