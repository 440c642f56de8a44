"""One line on its own: its features and, when it says what it is, its intrinsic label.

Lexicon cues (`khobor.lexicons.furniture`) only count on short lines, so a paragraph that
mentions a phrase stays body; the page's structure (`khobor.annotate.page`) labels the rest.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

from khobor.annotate.config import DEFAULT_CONFIG, AnnotatorConfig
from khobor.lexicons import furniture as lex
from khobor.lexicons.dates import PUBLISHED_CUES, UPDATED_CUES
from khobor.lexicons.function_words import FUNCTION_WORDS
from khobor.lexicons.names import CLAUSE_ENDINGS
from khobor.lexicons.places import PLACES
from khobor.text.dates import DateMatch, find_dates
from khobor.text.keys import RANK_RE as _RANK_RE
from khobor.text.keys import key_of_words, line_key

_DIGIT_RE = re.compile(r"[0-9\u09e6-\u09ef]")
_NUMBER_RE = re.compile(r"[0-9\u09e6-\u09ef.]+")  # a stray clock or day number
# Sign-offs are slash-separated initials: "/এসপি/", "এমআর/সবা", "এইচএন/এএস/জিকেএস".
_SIGNOFF_RE = re.compile(
    r"/?[\u0980-\u09ffA-Za-z.\-]{1,6}(?:\s?/\s?[\u0980-\u09ffA-Za-z.\-]{1,6})+/?"
    r"|/[\u0980-\u09ffA-Za-z.\-]{1,8}/"
)
_CLOSERS = "\"'’”»)]"  # closing quotes and brackets, which may follow a sentence's end


class _LineEnd:
    """A pattern of a line's last characters: one of `ends`, then maybe closers (`_CLOSERS`).

    `search` finds what the regex's own search finds, looking only where such an end can
    start (just before the closers at the line's end) instead of at every character.
    """

    def __init__(self, ends: str) -> None:
        self.regex = re.compile(f"[{re.escape(ends)}][{re.escape(_CLOSERS)}]*$")

    def search(self, text: str) -> re.Match[str] | None:
        if text.endswith("\n"):  # "$" may match before a last line break: the plain search
            return self.regex.search(text)
        return self.regex.search(text, max(0, len(text.rstrip(_CLOSERS)) - 1))


# A sentence ends with a danda, full stop, ! or ?, then maybe closing quotes or brackets.
_SENTENCE_END_RE = _LineEnd("।.!?")
STRONG_END_RE = _LineEnd("।.")
_INNER_DANDA_RE = re.compile(r"।\s+\S")
_OPEN_END_RE = re.compile(r"[\u0981-\u09e3\u09f0\u09f1A-Za-z]$")  # a letter: no sign closes it
_DATED_TITLE_SEPARATORS = frozenset(":ঃ|–—")
_BAR_RE = re.compile(r"\s+\|+\s+")  # the bars between a credit row's parts
_MAX_CREDIT_ROW_PARTS = 4  # name, role or desk, outlet: then the time
_PUNCT_ONLY_RE = re.compile(r"^[\W_]+$")
# "বিভাগ : খেলা": a label of up to 24 characters, a separator, the value. The label cannot hold
# a separator, so only the first one can end it: its run is possessive, taking the spaces
# before the separator too (`_line_info` strips them). A lazy run found the same separator
# by trying every shorter label first, at four times the cost.
_LABEL_PREFIX_RE = re.compile(r"^([^:ঃ\-–—|]{1,24}+)\s*[:ঃ\-–—]\s*(.*)$")


_TOKEN_RE = re.compile(r"[\u0980-\u09ffA-Za-z]+")  # letter runs: what lexicon cues key on


class _Phrases:
    """Any of some phrases, as whole words, in a line's key.

    The regex alternation is slow on long lines, so a line is searched only when it has one
    of the phrases' first tokens: the phrase's boundaries are not letters, so a phrase found
    in the key always brings its first token as a whole token of the key.
    """

    def __init__(self, phrases: Sequence[str]) -> None:
        self.phrases = tuple(phrases)
        alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
        self.regex = re.compile(rf"(?<![\w\u0980-\u09ff])(?:{alternation})(?![\w\u0980-\u09ff])")
        firsts = [_TOKEN_RE.findall(phrase)[:1] for phrase in phrases]
        # a phrase without letters ("©") could match anywhere: no shortcut then
        self.first_tokens = frozenset(f[0] for f in firsts) if all(firsts) else None

    def search(self, info: LineInfo) -> bool:
        if (
            self.first_tokens is not None
            and info.tokens is not None
            and self.first_tokens.isdisjoint(info.tokens)
        ):
            return False
        return self.regex.search(info.key) is not None


_PROMO = _Phrases(lex.PROMO_PHRASES)
_CHROME_PHRASES = _Phrases(lex.CHROME_PHRASES)
# "©" is `_is_copyright`'s: without it every marker has a word, and the first-word shortcut works
_FOOTER = _Phrases([marker for marker in lex.FOOTER_MARKERS if marker != "©"])
_CAPTION_CREDIT_RE = re.compile(
    r"(?:^|[\s।|/,.(])(?:" + "|".join(re.escape(w) for w in lex.CAPTION_MARKERS) + r")"
    r"\s*(?:[:ঃ\-–—]|$)"
)
# "… ছবি: সংগৃহীত", or a credit in brackets at the end ("… (ছবি সৌজন্যে <source>)").
_CAPTION_END_RE = re.compile(r"(?:ছবি|সংগৃহীত|ফাইল ফটো|photo)\W*$|\((?:ছবি|photo)[^()]*\)\W*$")
_RELATED_HEADERS = frozenset(lex.RELATED_HEADERS)
_CAPTION_LEADS = tuple(lex.CAPTION_LEADS)
INLINE_LIST_HEADERS = frozenset(lex.RELATED_PREFIXES)
_RELATED_HEADER_ENDINGS = tuple(lex.RELATED_HEADER_ENDINGS)
TAG_HEADERS = frozenset(lex.TAG_PREFIXES)
_KICKERS = frozenset(lex.KICKER_PHRASES)
_NOTICE = _Phrases(lex.NOTICE_MARKERS)
_COMMENT_PROMPTS = frozenset(lex.COMMENT_PROMPTS)
_COMMENT_HEADERS = frozenset(lex.COMMENT_SECTION_HEADERS)
_CHROME_WORDS = frozenset(lex.CHROME_WORDS)
_BYLINE_WORDS = frozenset(lex.BYLINE_WORDS)
# Cue words that make a date line the article's own (the date parser's lexicon, NFC, folded).
_DATELINE_CUES = tuple(
    unicodedata.normalize("NFC", cue).casefold() for cue in (*PUBLISHED_CUES, *UPDATED_CUES)
)
_DATE_FILLER = lex.DATE_FILLER_WORDS | {w for cue in _DATELINE_CUES for w in cue.split()}
# "<credit> প্রকাশিত: <date>": a cue after some words, with its colon, before the date.
_CUE_AFTER_CREDIT_RE = re.compile(
    r"\S\s+(?:"
    + "|".join(re.escape(c) for c in sorted(_DATELINE_CUES, key=len, reverse=True))
    + r")\s*[:ঃ]",
    re.IGNORECASE,
)

_COMMENT_COUNT_RE = re.compile(
    r"^(?:[0-9\u09e6-\u09ef]+\s*(?:টি)?\s*(?:মন্তব্য|comments?)"
    r"|(?:মন্তব্য|comments?)\s*[:ঃ]?\s*[(\[]?\s*[0-9\u09e6-\u09ef]+\s*[)\]]?)$"
)


@dataclass(slots=True)
class LineInfo:
    text: str
    key: str
    words: int
    dates: list[DateMatch] = field(default_factory=list)
    label: str | None = None  # the intrinsic label, if the line says what it is
    prefix: tuple[str, str] | None = None  # ("বিভাগ", "খেলা") for "বিভাগ : খেলা"
    # the key's letter runs in order, repeats kept (None: not computed); a tuple, not a set:
    # readers test them against a lexicon's set, and a set built for every line costs more
    tokens: Collection[str] | None = None
    cue: str | None = None  # the rule that gave the intrinsic label (for --explain)
    # `is_paragraph`'s answer and the config it was for (a line's features are shared by every
    # page that prints it, and the page labeller asks the same line again)
    paragraph: tuple[AnnotatorConfig, bool] | None = field(default=None, repr=False, compare=False)


def _words(text: str) -> int:
    return len(text.split())


def function_word_share(text: str) -> float:
    """Share of words that are Bengali function words (prose ~0.2–0.4; menus, lists ~0).

    >>> function_word_share("তিনি বলেন, এ বিষয়ে তদন্ত করা হচ্ছে।") > 0.3
    True
    >>> function_word_share("জাতীয় রাজনীতি অর্থনীতি খেলা বিনোদন")
    0.0
    """
    words = [w.strip(_WORD_PUNCT) for w in text.split()]
    if not words:
        return 0.0
    return sum(1 for w in words if w in FUNCTION_WORDS) / len(words)


_WORD_PUNCT = ",;:।.!?\"'‘’“”()[]{}-–—|"


def is_paragraph(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    known = info.paragraph
    if known is not None and known[0] is cfg:
        return known[1]
    answer = _is_paragraph(info, cfg)
    info.paragraph = (cfg, answer)
    return answer


def _is_paragraph(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    if info.words >= cfg.long_paragraph_words:
        # long, but a run of names, tags or menu items has no function words: not prose
        return (
            bool(_SENTENCE_END_RE.search(info.text))
            or function_word_share(info.text) >= cfg.min_prose_function_share
        )
    if info.words >= cfg.min_paragraph_words and STRONG_END_RE.search(info.text):
        return True
    if info.words < 2 * cfg.min_paragraph_words:
        return False
    # a long line with a sentence inside it, cut off after it (an excerpt's last line)
    return bool(_SENTENCE_END_RE.search(info.text)) or _INNER_DANDA_RE.search(info.text) is not None


def is_title_like(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    return cfg.min_title_words <= info.words <= cfg.max_title_words and not is_paragraph(info, cfg)


# runs of letters, counted by their lengths: a string for each letter would cost more
_BENGALI_LETTERS_RE = re.compile(r"[\u0980-\u09e5\u09f0-\u09ff]+")
_LATIN_LETTERS_RE = re.compile(r"[A-Za-z]+")


@functools.lru_cache(maxsize=4096)
def bengali_share(text: str) -> float:
    """Bengali letters among Bengali and Latin ones: a cheap script test for short lines.

    >>> bengali_share("HOME NEWS"), bengali_share("ঢাকার খবর")
    (0.0, 1.0)
    """
    bengali = sum(map(len, _BENGALI_LETTERS_RE.findall(text)))
    total = bengali + sum(map(len, _LATIN_LETTERS_RE.findall(text)))
    return bengali / total if total else 0.0


def ends_sentence(text: str) -> bool:
    """A danda or full stop at the end: prose, seldom a title ("?" and "!" are titles' too).

    >>> ends_sentence("ঢাকায় বৃষ্টি হয়েছে।"), ends_sentence("কে হচ্ছেন সভাপতি?")
    (True, False)
    """
    return STRONG_END_RE.search(text) is not None


_SECTION_NAME_RE = re.compile(
    "|".join(re.escape(w) for w in sorted(lex.SECTION_NAMES + lex.CHROME_WORDS, key=len)[::-1])
)


def menu_word_coverage(info: LineInfo) -> float:
    """Share of the line's letters (spaces aside) that are section names or menu words.

    Nav rows printed as one line, with or without spaces, are nearly all menu words.

    >>> round(menu_word_coverage(line_info("হোম জাতীয় রাজনীতি খেলা বিনোদন")), 2)
    1.0
    >>> menu_word_coverage(line_info("রাজনীতিতে নতুন মেরুকরণ, বাড়ছে উত্তেজনা")) < 0.5
    True
    """
    compact = info.key.replace(" ", "")
    if not compact:
        return 0.0
    covered = sum(len(m.group()) for m in _SECTION_NAME_RE.finditer(compact))
    return covered / len(compact)


# ---------------------------------------------------------------------------------------------
# Intrinsic cues: each returns True when the line is of that kind on its own.


def _is_rank(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    return info.words == 1 and bool(_RANK_RE.fullmatch(info.text))


def _is_tab(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    return info.text[0] in lex.BULLETS and info.words <= cfg.max_short_words + 1


def _date_residual_words(info: LineInfo) -> int:
    rest = info.text
    for match in reversed(info.dates):
        rest = rest[: match.start] + " " + rest[match.end :]
    tokens = [t for t in re.split(r"[\s,|:ঃ/()\-–—]+", rest.casefold()) if t]
    return sum(
        1
        for t in tokens
        if t not in _DATE_FILLER and not _PUNCT_ONLY_RE.match(t) and not _NUMBER_RE.fullmatch(t)
    )


def _is_date_line(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """A date plus a few other words; a cued one ("প্রকাশিত: <date>") may carry a credit
    before its cue ("<source outlet> <reporter> প্রকাশিত: <date>")."""
    if not info.dates:
        return False
    residual = _date_residual_words(info)
    if residual <= cfg.max_date_residual_words:
        return residual < cfg.min_title_words or not _is_dated_title(info)
    if residual > cfg.max_credited_date_residual_words or info.words > cfg.max_credited_date_words:
        return False
    if has_dateline_cue(info.text):
        return _CUE_AFTER_CREDIT_RE.search(info.text) is not None
    return _is_credit_row_ending_in_a_time(info, cfg)


def _is_credit_row_ending_in_a_time(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """ "<name> | <outlet> | <time and date>": short parts between bars, the last of them a
    timestamp and nothing else (a credit row that prints no cue word)."""
    *credits, stamp = _BAR_RE.split(info.text)
    last = info.dates[-1]
    return (
        0 < len(credits) < _MAX_CREDIT_ROW_PARTS
        and last.has_time
        and len(info.dates) == 1
        and last.start >= len(info.text) - len(stamp)
        and all(0 < len(part.split()) <= cfg.max_short_words for part in credits)
    )


def _is_dated_title(info: LineInfo) -> bool:
    """ "<day> : <title>": a daily feature's title opens with its day, and the words after the
    separator are a title, not a dateline's place or weekday ("১৮ আগস্ট ২০১৫ : ছবিতে সারাদিন")."""
    (first, *others) = info.dates
    if others or first.start != 0 or first.has_time or has_dateline_cue(info.text):
        return False
    return info.text[first.end :].lstrip()[:1] in _DATED_TITLE_SEPARATORS


def stops_mid_sentence(text: str) -> bool:
    """A sentence, then words that stop with no end: text cut off at a length (a related box's
    teaser), where a title or a sentence would end with a sign.

    >>> stops_mid_sentence("নদীর পাড় ভেঙেছে। প্রশাসন বলছে, কাজ চল")
    True
    >>> stops_mid_sentence("নদীর পাড় ভেঙেছে। প্রশাসন কাজ করছে।")
    False
    """
    return _INNER_DANDA_RE.search(text) is not None and _OPEN_END_RE.search(text) is not None


def has_dateline_cue(text: str) -> bool:
    """True when the line names a publication or update time ("প্রকাশ", "আপডেট" …).

    >>> has_dateline_cue("আপডেট সময় : ০৮:০৫:১৫ অপরাহ্ন")
    True
    >>> has_dateline_cue("শুক্রবার, ০৯ মে ২০২৫")
    False
    """
    folded = text.casefold()
    return any(cue in folded for cue in _DATELINE_CUES)


_BARE_CUES = frozenset(" ".join(cue.split()) for cue in _DATELINE_CUES)


def is_bare_dateline_cue(info: LineInfo) -> bool:
    """The line is a dateline's cue word and nothing else ("আপডেট", "Published:"): its value
    is printed on the next line.

    >>> is_bare_dateline_cue(line_info("আপডেট")), is_bare_dateline_cue(line_info("প্রকাশ :"))
    (True, True)
    """
    return info.key.rstrip(" :ঃ") in _BARE_CUES


def _is_page_date(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """A header clock on its own: an uncued line carrying a Bangla-calendar date."""
    if has_dateline_cue(info.text):
        return False
    return any(m.calendar == "bangla" for m in info.dates)


def is_header_clock(info: LineInfo) -> bool:
    """Above the headline, an uncued weekday-and-date without a time is the site's clock."""
    return not has_dateline_cue(info.text) and all(
        m.has_weekday and not m.has_time for m in info.dates
    )


def _is_relative_dateline(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """ "আপডেট: ২ ঘণ্টা আগে" — a cued relative time: a dateline with no timestamp to read."""
    return (
        info.words <= cfg.max_cue_words
        and bool(_RELATIVE_TIME_RE.search(info.key))
        and (has_dateline_cue(info.text))
    )


def _is_comment_prompt(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    return info.key in _COMMENT_PROMPTS or bool(_COMMENT_COUNT_RE.match(info.key))


def _is_related_header(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """A list header, or a short line ending like one ("এই বিষয়ে আরও পড়ুন")."""
    return info.key in _RELATED_HEADERS or (
        info.words <= 5 and info.key.endswith(_RELATED_HEADER_ENDINGS)
    )


def _is_promo(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    if info.key in _CHROME_WORDS:
        return False  # a bare "ই-পেপার" is a menu item; "ই-পেপার <outlet>" a promo
    return info.words <= cfg.max_promo_words and not is_paragraph(info, cfg) and _PROMO.search(info)


def _is_copyright(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """A © line, even one that ends with a sentence."""
    return "©" in info.text and info.words <= cfg.max_caption_words


def _is_footer(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    return (
        info.words <= cfg.max_cue_words
        and _FOOTER.search(info)
        and not _SENTENCE_END_RE.search(info.text)
    )


_RELATIVE_TIME_RE = re.compile(
    r"[0-9\u09e6-\u09ef]+\s*(?:সেকেন্ড|মিনিট|ঘণ্টা|ঘন্টা|দিন|সপ্তাহ|মাস)\s*(?:আগে|পূর্বে)"
    r"|[0-9]+\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago"
)


def is_relative_time(info: LineInfo) -> bool:
    """ "৩৫ মিনিট আগে", "2 hours ago": a time relative to now, never an absolute date."""
    return _RELATIVE_TIME_RE.search(info.key) is not None


# A number glued to letters after it ("৬ষ্ঠ", "২৪তম", "10th"): an ordinal, never in a credit.
_ORDINAL_RE = re.compile(r"(?:^|\s)[0-9\u09e6-\u09ef]+[^\s0-9\u09e6-\u09ef,|;]")
_BYLINE_SEGMENTS_RE = re.compile(r"\s*[,|;॥]+\s*")
# An outlet's domain as a byline prints it: "<name>.com", "<name>.কম", "<name>ডটকম".
_DOMAIN_RE = re.compile(
    r"^\S+(?:\.(?:" + "|".join(lex.DOMAIN_SUFFIXES) + r")|ডটকম)$", re.IGNORECASE
)
_CRUMB_SEPARATORS_RE = re.compile(r"\s[/›»>|]\s")


def _is_breadcrumb(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """ "প্রচ্ছদ / বাংলাদেশ / রাজধানী": short segments joined by two or more separators; the
    last may be the (cut-off) headline when the trail starts at the home page."""
    text = info.text
    if not ("/" in text or "›" in text or "»" in text or ">" in text or "|" in text):
        return False  # plain substring tests: ~10× faster than the regex on a long line
    segments = _CRUMB_SEPARATORS_RE.split(info.text)
    if len(segments) < 3 or not all(
        0 < _words(seg) <= cfg.max_short_words for seg in segments[:-1]
    ):
        return False
    return _words(segments[-1]) <= cfg.max_short_words or line_key(segments[0]) in _CHROME_WORDS


def _is_notice(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """A cookie or consent notice: full sentences, but page chrome all the same."""
    return info.words <= cfg.max_caption_words and _NOTICE.search(info)


def _is_punctuation(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    return _PUNCT_ONLY_RE.match(info.text) is not None


def _is_chrome(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    if info.key in _CHROME_WORDS:
        return True
    if info.words <= 5 and _CHROME_PHRASES.search(info):
        return True
    # a menu row: chrome words between separators (stops at the first other word)
    return _CHROME_SEPARATOR_RE.search(info.key) is not None and all(
        token.group() in _CHROME_WORDS for token in _CHROME_TOKEN_RE.finditer(info.key)
    )


_SOCIAL_NAMES = frozenset(lex.SOCIAL_NAMES)


def _is_social_button(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """ "<outlet> হোয়াটসঅ্যাপ", "Facebook", "গুগল নিউজ": a follow or share button's label.

    >>> _is_social_button(line_info("দৈনিক সময় হোয়াটসঅ্যাপ"), DEFAULT_CONFIG)
    True
    >>> _is_social_button(line_info("ফেসবুকে গুজব ছড়ানোর অভিযোগে গ্রেপ্তার"), DEFAULT_CONFIG)
    False
    """
    if info.words > cfg.max_short_words:
        return False
    words = info.key.split()
    return (
        words[-1] in _SOCIAL_NAMES
        or " ".join(words[-2:]) in _SOCIAL_NAMES
        or (words[0] in _SOCIAL_NAMES and all(w in _SOCIAL_NAMES | _CHROME_WORDS for w in words))
    )


# every word of a section name or a button label ("কপি লিংক" gives "কপি" and "লিংক")
MENU_WORDS = frozenset(
    w for phrase in (*lex.SECTION_NAMES, *lex.CHROME_WORDS) for w in phrase.split()
)


def _is_menu_row(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """A nav row printed as one line ("হোম জাতীয় রাজনীতি খেলা বিনোদন", "HOME NEWS SPORTS")."""
    if not cfg.min_nav_run <= info.words <= cfg.max_cue_words:
        return False
    words = info.key.split()
    menu = sum(1 for w in words if w in MENU_WORDS)
    return menu >= cfg.min_menu_coverage * len(words)


_CHROME_SEPARATOR_RE = re.compile(r"[\s|/,]")
_CHROME_TOKEN_RE = re.compile(r"[^\s|/,]+")


def _prefix_before_colon(info: LineInfo) -> tuple[str, str] | None:
    return info.prefix


def _has_prefix(info: LineInfo, prefixes: Sequence[str], cfg: AnnotatorConfig) -> bool:
    parts = _prefix_before_colon(info)
    return (
        parts is not None
        and parts[0] in prefixes
        and bool(parts[1])
        and info.words <= cfg.max_cue_words
    )


def _is_tags(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    return _has_prefix(info, lex.TAG_PREFIXES, cfg) or (
        info.key.startswith("#") and info.words <= cfg.max_cue_words
    )


def _is_section(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    return _has_prefix(info, lex.SECTION_PREFIXES, cfg)


def _is_source_credit(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    return _has_prefix(info, lex.SOURCE_PREFIXES, cfg)


def _is_signoff(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    return info.words <= 2 and bool(_SIGNOFF_RE.fullmatch(info.text.replace(" ", "")))


_GALLERY_COUNTER_RE = re.compile(
    r"[0-9\u09e6-\u09ef]{1,3}\s*(?:/|of|এর মধ্যে)\s*[0-9\u09e6-\u09ef]{1,3}"
)


def is_gallery_counter(info: LineInfo, cfg: AnnotatorConfig = DEFAULT_CONFIG) -> bool:
    """ "১/৫", "3 of 12": a photo gallery's counter (a sign-off has letters).

    >>> is_gallery_counter(line_info("২/৫")), is_gallery_counter(line_info("এমআর/সবা"))
    (True, False)
    """
    return info.key[:1].isdigit() and bool(_GALLERY_COUNTER_RE.fullmatch(info.key))


def _is_edition(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    return info.words <= 4 and any(w in info.key for w in lex.EDITION_WORDS)


def _is_byline(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """ "নিজস্ব প্রতিবেদক, ঢাকা", "মো. করিম, স্টাফ রিপোর্টার": a segment ending in a role word.

    >>> _is_byline(line_info("জেলা প্রতিনিধি | বগুড়া"), DEFAULT_CONFIG)
    True
    >>> _is_byline(line_info("জাতিসংঘের প্রতিবেদন প্রকাশ, উদ্বেগ বাড়ছে"), DEFAULT_CONFIG)
    False
    >>> _is_byline(line_info("আব্দুল হালিম, লালমনিরহাট"), DEFAULT_CONFIG)
    True
    >>> _is_byline(line_info("বন্যায় ডুবল সিলেট"), DEFAULT_CONFIG)
    False
    >>> _is_byline(line_info("রাশেদ আলম, উপসম্পাদক | দৈনিকনাগরিক.কম"), DEFAULT_CONFIG)
    True
    >>> _is_byline(line_info("৬ষ্ঠ বর্ষে দৈনিক নাগরিক অনলাইন"), DEFAULT_CONFIG)
    False
    """
    if info.words > cfg.max_cue_words or info.key in _KICKERS:
        return False
    parts = _prefix_before_colon(info)
    if parts is not None and parts[0] in lex.BYLINE_PREFIXES and parts[1]:
        return True  # "লেখক: <name and title>", an author's line or short bio
    if _SENTENCE_END_RE.search(info.text):
        return False
    segments = [seg.split() for seg in _BYLINE_SEGMENTS_RE.split(info.key)]
    if len(segments) > 1 and any(len(seg) == 1 and _DOMAIN_RE.match(seg[0]) for seg in segments):
        return True  # "<name>, <role> | <outlet>.com": a credit signed with the site's domain
    if info.words > 6 or _ORDINAL_RE.search(info.key) or _says_something(info.key):
        return False  # "৬ষ্ঠ বর্ষে <outlet> অনলাইন": an anniversary's headline, not a desk
    ends = [seg[-1] for seg in (segments[0], segments[-1]) if seg]
    if any(word in _BYLINE_WORDS for word in ends):
        return True
    # "<name>, <place>": a short name, then a district or city alone after the comma
    return (
        len(segments) == 2
        and 0 < len(segments[0]) <= cfg.max_name_words - 1
        and len(segments[1]) == 1
        and segments[1][0] in PLACES
    )


def _says_something(key: str) -> bool:
    """A word with a verb form or a locative ending ("বর্ষে", "দিয়েছে"): a clause, not a credit
    (a desk's name may hold a genitive: "<outlet>-এর ডেস্ক")."""
    return any(word.endswith(CLAUSE_ENDINGS) for word in key.split())


def _is_caption(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    if info.words > cfg.max_caption_words:
        return False
    tail = info.key[-60:]
    return (
        info.key.startswith(_CAPTION_LEADS)
        or bool(_CAPTION_CREDIT_RE.search(tail))
        or bool(_CAPTION_END_RE.search(tail))
    )


_CREDIT_PREFIXES = frozenset(lex.CAPTION_MARKERS)


def is_photo_credit(info: LineInfo) -> bool:
    """A photo's credit on its own line ("ছবি: প্রথম আলো", "ফাইল ছবি", "Photo: AFP").

    >>> is_photo_credit(line_info("ছবি: প্রথম আলো")), is_photo_credit(line_info("ফাইল ছবি"))
    (True, True)
    """
    if info.label != "caption" or info.words > 5:
        return False
    return (info.prefix is not None and info.prefix[0] in _CREDIT_PREFIXES) or (
        info.key in _CREDIT_PREFIXES
    )


_BOX_END_WORDS = ("শেষ", "end")


def _is_box_end(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """ "সর্বাধিক পঠিত শেষ", "Most read end": the end marker of a list box."""
    head, _, last = info.key.rpartition(" ")
    return last in _BOX_END_WORDS and head in _RELATED_HEADERS


def _is_related_link(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """ "আরও পড়ুন: <headline>" — a link to another article inside or after the body."""
    parts = _prefix_before_colon(info)
    return parts is not None and parts[0] in lex.RELATED_PREFIXES and bool(parts[1])


Cue = Callable[[LineInfo, AnnotatorConfig], bool]

# Checked in order; the first cue that holds gives the line's intrinsic label.
INTRINSIC_CUES: tuple[tuple[str, Cue], ...] = (
    ("rank", _is_rank),
    ("chrome", _is_tab),
    ("dateline", _is_date_line),
    ("dateline", _is_relative_dateline),
    ("comment_prompt", _is_comment_prompt),
    ("related_header", _is_related_header),
    ("tags", _is_tags),
    ("section", _is_section),
    ("source_credit", _is_source_credit),
    ("chrome", is_gallery_counter),
    ("signoff", _is_signoff),
    ("related", _is_related_link),
    ("promo", _is_promo),
    ("chrome", _is_copyright),
    ("chrome", _is_footer),
    ("chrome", _is_notice),
    ("chrome", _is_punctuation),
    ("chrome", _is_chrome),
    ("chrome", _is_social_button),
    ("chrome", _is_menu_row),
    ("chrome", _is_box_end),
    ("chrome", _is_breadcrumb),
    ("edition", _is_edition),
    ("caption", _is_caption),
    ("byline", _is_byline),
)


def _tokens_of(*lists: Sequence[str]) -> frozenset[str]:
    return frozenset(t for words in lists for phrase in words for t in _TOKEN_RE.findall(phrase))


# A lexicon cue can only hold when the line has one of its words (letter runs): the chain skips
# a cue whose words the line lacks, a set lookup instead of its regexes. Cues left out here
# (digits, slashes, bullets, '#', '©', substrings) always run.
_CUE_TOKENS: dict[Cue, frozenset[str]] = {
    _is_comment_prompt: _tokens_of(lex.COMMENT_PROMPTS, ["মন্তব্য", "comment", "comments"]),
    _is_related_header: _tokens_of(lex.RELATED_HEADERS, lex.RELATED_HEADER_ENDINGS),
    _is_section: _tokens_of(lex.SECTION_PREFIXES),
    _is_source_credit: _tokens_of(lex.SOURCE_PREFIXES),
    _is_related_link: _tokens_of(lex.RELATED_PREFIXES),
    _is_promo: _tokens_of(lex.PROMO_PHRASES),
    _is_notice: _tokens_of(lex.NOTICE_MARKERS),
    _is_social_button: _tokens_of(lex.SOCIAL_NAMES),
    _is_relative_dateline: _tokens_of(_DATELINE_CUES),
    _is_box_end: _tokens_of(lex.RELATED_HEADERS),
    # symbols of chrome ("×", "✕") are punctuation-only lines, `_is_punctuation`'s
    _is_chrome: _tokens_of(lex.CHROME_WORDS, lex.CHROME_PHRASES),
    _is_footer: _tokens_of([marker for marker in lex.FOOTER_MARKERS if marker != "©"]),
    _is_menu_row: _tokens_of(list(MENU_WORDS)),
    _is_caption: _tokens_of(
        lex.CAPTION_LEADS, lex.CAPTION_MARKERS, ["ছবি", "সংগৃহীত", "ফাইল ফটো", "photo"]
    ),
    _is_byline: _tokens_of(lex.BYLINE_WORDS, lex.BYLINE_PREFIXES, sorted(PLACES)),
}

# The cues that need no lexicon word: digits, slashes, bullets, '#', '©', punctuation.
STRUCTURAL_CUES = tuple(
    (label, cue)
    for label, cue in INTRINSIC_CUES
    if cue
    in {
        _is_rank,
        _is_tab,
        _is_date_line,
        _is_relative_dateline,
        _is_tags,
        is_gallery_counter,
        _is_signoff,
        _is_breadcrumb,
        _is_copyright,
        _is_footer,
        _is_punctuation,
        _is_chrome,
    }
)


# Sets of cues as bit masks (bit n: the n-th of INTRINSIC_CUES): a line's chain is the cues of
# its kind that need no word or one of whose words the line has, found by a lookup per word.
_CUE_BIT = {cue: 1 << n for n, (_, cue) in enumerate(INTRINSIC_CUES)}
_EVERY_CUE = sum(_CUE_BIT.values())
_STRUCTURAL = sum(_CUE_BIT[cue] for _, cue in STRUCTURAL_CUES)
_UNGATED = sum(bit for cue, bit in _CUE_BIT.items() if cue not in _CUE_TOKENS)


def _cues_needing_words() -> dict[str, int]:
    """A word -> the cues that need it (or another of their words)."""
    needing: dict[str, int] = {}
    for cue, words in _CUE_TOKENS.items():
        for word in words:
            needing[word] = needing.get(word, 0) | _CUE_BIT[cue]
    return needing


_CUES_NEEDING = _cues_needing_words()


@functools.lru_cache(maxsize=1024)
def _chain(cues: int) -> tuple[tuple[str, Cue], ...]:
    """The (label, cue) pairs of a mask of cues, in chain order."""
    return tuple((label, cue) for label, cue in INTRINSIC_CUES if cues & _CUE_BIT[cue])


def is_comment_header(info: LineInfo) -> bool:
    """ "পাঠকের মন্তব্য (২)", "৩টি মন্তব্য": the start of readers' comments, with their count."""
    if "মন্তব্য" not in info.key and "comment" not in info.key:
        return False  # every header and count names comments: one substring test first
    if _COMMENT_COUNT_RE.match(info.key):
        return True
    return any(info.key.startswith(h) for h in _COMMENT_HEADERS) and info.words <= 4


_COMMENT_CONTROLS = frozenset(lex.COMMENT_CONTROLS)
_LIKE_COUNT_RE = re.compile(r"[0-9\u09e6-\u09ef]+\s*(?:লাইক|like|likes|টি উত্তর|replies|reply)?")


def is_comment_control(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """Inside a comment section: login prompts, sort buttons, page sizes, like counts.

    >>> is_comment_control(line_info("মন্তব্য করতে লগইন করুন"), DEFAULT_CONFIG)
    True
    >>> is_comment_control(line_info("১২"), DEFAULT_CONFIG)
    True
    """
    return (
        info.key in _COMMENT_CONTROLS
        or info.key in _COMMENT_PROMPTS
        or bool(_LIKE_COUNT_RE.fullmatch(info.key))
        or (info.words <= cfg.max_cue_words and any(c in info.key for c in _PHRASE_CONTROLS))
    )


_PHRASE_CONTROLS = tuple(c for c in lex.COMMENT_CONTROLS if " " in c)


def _lexicon_tokens() -> frozenset[str]:
    lists = (
        lex.RELATED_HEADERS,
        lex.RELATED_PREFIXES,
        lex.RELATED_HEADER_ENDINGS,
        lex.COMMENT_PROMPTS,
        lex.COMMENT_SECTION_HEADERS,
        lex.PROMO_PHRASES,
        lex.CHROME_WORDS,
        lex.CHROME_PHRASES,
        lex.FOOTER_MARKERS,
        lex.NOTICE_MARKERS,
        lex.TAG_PREFIXES,
        lex.SECTION_PREFIXES,
        lex.SOURCE_PREFIXES,
        lex.EDITION_WORDS,
        lex.BYLINE_WORDS,
        lex.BYLINE_PREFIXES,
        lex.CAPTION_LEADS,
        lex.CAPTION_MARKERS,
    )
    phrases = [phrase for words in lists for phrase in words] + list(_DATELINE_CUES)
    return frozenset(t for phrase in phrases for t in _TOKEN_RE.findall(phrase))


# Characters that structural cues look for: digits (ranks, dates), slashes (sign-offs,
# breadcrumbs), bullets (tabs), '#' (tags), '©' and one-character buttons.
_STRUCTURE_RE = re.compile(r"[0-9\u09e6-\u09ef/#|›»>©+" + re.escape(lex.BULLETS) + r"]")
_LEXICON_TOKENS = _lexicon_tokens()
# Section names, social networks and places are common words of prose too ("দেশ", "খেলা"): they send
# only short lines (menu rows, buttons) through the cue chain.
_SHORT_LINE_TOKENS = frozenset(
    t
    for phrase in (*lex.SECTION_NAMES, *lex.SOCIAL_NAMES, *PLACES)
    for t in _TOKEN_RE.findall(phrase)
)


def _cue_kinds(info: LineInfo, cfg: AnnotatorConfig) -> int:
    """The kinds of cue worth trying (sets `info.tokens`): none, the structural ones, or all
    (lexicon words present).

    Most body and related lines carry no lexicon word and no structural character, and skip
    the whole chain.
    """
    tokens = info.tokens = tuple(_TOKEN_RE.findall(info.key))
    if not _LEXICON_TOKENS.isdisjoint(tokens) or (
        info.words <= cfg.max_cue_words and not _SHORT_LINE_TOKENS.isdisjoint(tokens)
    ):
        return _EVERY_CUE
    if _STRUCTURE_RE.search(info.text) or _PUNCT_ONLY_RE.match(info.text):
        return _STRUCTURAL
    return 0


def _cues_for(info: LineInfo, cfg: AnnotatorConfig) -> tuple[tuple[str, Cue], ...]:
    """The (label, cue) pairs to try, in chain order: of the kinds `_cue_kinds` gives, those
    needing no word and those one of whose words the line has."""
    kinds = _cue_kinds(info, cfg)
    wanted = _UNGATED
    if _names_a_domain(info.text):  # "<name> || <outlet>.com": a credit with no role word
        kinds = _EVERY_CUE
        wanted |= _CUE_BIT[_is_byline]
    if not kinds:
        return ()
    for token in info.tokens or ():
        wanted |= _CUES_NEEDING.get(token, 0)
    return _chain(wanted & kinds)


_DOMAIN_IN_TEXT_RE = re.compile(
    r"\.(?:" + "|".join(lex.DOMAIN_SUFFIXES) + r")(?![\w\u0980-\u09ff])|ডটকম", re.IGNORECASE
)


def _names_a_domain(text: str) -> bool:
    """An outlet's domain is printed on the line (a substring test first: most lines have
    neither a dot nor "ডটকম")."""
    return ("." in text or "ডটকম" in text) and _DOMAIN_IN_TEXT_RE.search(text) is not None


# Outlets print the same menus, promos and footers on every page: a worker keeps the features
# of recent lines (the result is a pure function of text and config; never mutated after).
LINE_CACHE_SIZE = 16_384


def line_info(text: str, cfg: AnnotatorConfig = DEFAULT_CONFIG) -> LineInfo:
    """Features and intrinsic label of one stripped, non-blank line (cached; do not mutate).

    >>> line_info("মন্তব্য করুন").label
    'comment_prompt'
    >>> line_info("১৫").label
    'rank'
    >>> line_info("সূত্র: রয়টার্স").label
    'source_credit'
    """
    if cfg is DEFAULT_CONFIG:
        return _default_line_info(text)  # hashing a config for every line costs ~5 %
    return _configured_line_info(text, cfg)


def line_infos(texts: Iterable[str], cfg: AnnotatorConfig = DEFAULT_CONFIG) -> list[LineInfo]:
    """`line_info` of each of a page's lines (one call for the page: ~50 lines a page, most
    of them cached, where a call a line costs what the cache lookup does)."""
    if cfg is DEFAULT_CONFIG:
        return list(map(_default_line_info, texts))
    return [_configured_line_info(text, cfg) for text in texts]


def clear_line_cache() -> None:
    """Forget the cached line features (benchmarks time pages as if never seen before)."""
    _default_line_info.cache_clear()
    _configured_line_info.cache_clear()


@functools.lru_cache(maxsize=LINE_CACHE_SIZE)
def _default_line_info(text: str) -> LineInfo:
    return _line_info(text, DEFAULT_CONFIG)


@functools.lru_cache(maxsize=LINE_CACHE_SIZE)
def _configured_line_info(text: str, cfg: AnnotatorConfig) -> LineInfo:
    return _line_info(text, cfg)


def _line_info(text: str, cfg: AnnotatorConfig) -> LineInfo:
    parts = text.split()
    key = key_of_words(parts)
    info = LineInfo(text=text, key=key, words=len(parts))
    if info.words > cfg.max_caption_words:
        return info  # longer than any furniture: a paragraph, or a body candidate at least
    cues = _cues_for(info, cfg)
    if not cues:
        return info
    if _DIGIT_RE.search(text):
        info.dates = find_dates(text)
    prefix = _LABEL_PREFIX_RE.match(info.key)
    if prefix is not None:
        info.prefix = (prefix.group(1).strip(), prefix.group(2).strip())
    for label, cue in cues:
        if cue(info, cfg):
            info.label = label
            info.cue = cue.__name__.lstrip("_")
            if label == "dateline" and _is_page_date(info, cfg):
                info.label, info.cue = "page_date", "is_page_date"
            break
    return info
