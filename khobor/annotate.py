"""The line annotator: every non-blank line of a page gets exactly one v1 label.

It reads the page's structure, not the wording of any one site:

1. *Intrinsic* cues label lines that say what they are on their own: rank numbers, datelines,
   bylines, comment prompts, related-list headers, promos, share rows and footers (lexicons in
   `khobor.lexicons.furniture`, all matched on short lines only so a paragraph that mentions a
   phrase stays body).
2. The *article body* is the densest cluster of paragraph-like lines (long, sentence-ending),
   bridging short gaps (in-body subheads, ad markers, captions) and stopped by hard boundaries
   (comment prompt, tags, section, source credit, sign-off, rank numbers).
3. The *header block* above the body holds the headline (the first title-like line, after a short
   kicker if any), a standfirst, bylines, datelines and captions; a date line above the headline
   with another date line below it is the site header's clock (`page_date`).
4. After the body, lines that repeat the article are `duplicate` (a datelines found only in such a
   repeated block is still read), lines in a comment section are `comment`, title-like lines are
   `related`, short ones `chrome`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from khobor.dates import DateMatch, find_dates
from khobor.lexicons import furniture as lex
from khobor.lexicons.dates import PUBLISHED_CUES, UPDATED_CUES

# ---------------------------------------------------------------------------------------------
# Configuration


@dataclass(frozen=True, slots=True)
class AnnotatorConfig:
    """Typed thresholds of the annotator. Counts are whitespace-separated words."""

    # A paragraph: at least this many words and a sentence end, or `long_paragraph_words`.
    min_paragraph_words: int = 8
    long_paragraph_words: int = 25
    # Headline length bounds: a one-word line is a menu item, a 30-word line is a paragraph.
    min_title_words: int = 2
    max_title_words: int = 30
    # A kicker above the headline ("বায়ুদূষণ", "বিশেষ প্রতিবেদন") is this short.
    max_kicker_words: int = 2
    # Menu items, tabs and buttons are this short.
    max_short_words: int = 3
    # Lexicon cues (byline, promo, caption …) only count on lines at most this long.
    max_cue_words: int = 12
    max_caption_words: int = 45
    max_promo_words: int = 25
    # A date line is a date plus at most this many other words ("ঢাকা", a byline word …).
    max_date_residual_words: int = 3
    # Non-paragraph lines bridged inside a body (subheads, ad markers, captions).
    max_body_gap_lines: int = 6
    # How far above the body the header block (headline, byline, dateline …) may reach.
    max_header_block_lines: int = 25
    # A run of this many short lines is a navigation menu.
    min_nav_run: int = 3


DEFAULT_CONFIG = AnnotatorConfig()

# ---------------------------------------------------------------------------------------------
# Line features

_DIGIT_RE = re.compile(r"[0-9\u09e6-\u09ef]")
_NUMBER_RE = re.compile(r"[0-9\u09e6-\u09ef.]+")  # a stray clock or day number
_RANK_RE = re.compile(r"[0-9\u09e6-\u09ef]{1,3}[.)]?")
# Sign-offs are slash-separated initials: "/এসপি/", "এমআর/সবা", "এইচএন/এএস/জিকেএস".
_SIGNOFF_RE = re.compile(
    r"/?[\u0980-\u09ffA-Za-z.\-]{1,6}(?:\s?/\s?[\u0980-\u09ffA-Za-z.\-]{1,6})+/?"
    r"|/[\u0980-\u09ffA-Za-z.\-]{1,8}/"
)
# A sentence ends with a danda, full stop, ! or ?, then maybe closing quotes or brackets.
_SENTENCE_END_RE = re.compile(r"[।.!?][\"'’”»)\]]*$")
_STRONG_END_RE = re.compile(r"[।.][\"'’”»)\]]*$")
_PUNCT_ONLY_RE = re.compile(r"^[\W_]+$")
_LABEL_PREFIX_RE = re.compile(r"^([^:ঃ\-–—|]{1,24}?)\s*[:ঃ\-–—]\s*(.*)$")


def _key(text: str) -> str:
    """Comparison key: case-folded, whitespace collapsed, outer punctuation trimmed."""
    return " ".join(text.split()).strip(" \t:ঃ-–—|•·»›").casefold()


def _phrase_re(phrases: Sequence[str]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w\u0980-\u09ff])(?:{alternation})(?![\w\u0980-\u09ff])")


_PROMO_RE = _phrase_re(lex.PROMO_PHRASES)
_CHROME_PHRASE_RE = _phrase_re(lex.CHROME_PHRASES)
_FOOTER_RE = _phrase_re(lex.FOOTER_MARKERS)
_CAPTION_CREDIT_RE = re.compile(
    r"(?:^|[\s।|/,.(])(?:" + "|".join(re.escape(w) for w in lex.CAPTION_MARKERS) + r")"
    r"\s*(?:[:ঃ\-–—]|$)"
)
_CAPTION_END_RE = re.compile(r"(?:ছবি|সংগৃহীত|ফাইল ফটো|photo)\W*$")
_RELATED_HEADERS = frozenset(lex.RELATED_HEADERS)
_CAPTION_LEADS = tuple(lex.CAPTION_LEADS)
_INLINE_LIST_HEADERS = frozenset(lex.RELATED_PREFIXES)
_RELATED_HEADER_ENDINGS = tuple(lex.RELATED_HEADER_ENDINGS)
_TAG_HEADERS = frozenset(lex.TAG_PREFIXES)
_KICKERS = frozenset(lex.KICKER_PHRASES)
_NOTICE_RE = _phrase_re(lex.NOTICE_MARKERS)
_COMMENT_PROMPTS = frozenset(lex.COMMENT_PROMPTS)
_COMMENT_HEADERS = frozenset(lex.COMMENT_SECTION_HEADERS)
_CHROME_WORDS = frozenset(lex.CHROME_WORDS)
_BYLINE_WORDS = frozenset(lex.BYLINE_WORDS)
# Cue words that make a date line the article's own (the date parser's lexicon, NFC, folded).
_DATELINE_CUES = tuple(
    unicodedata.normalize("NFC", cue).casefold() for cue in (*PUBLISHED_CUES, *UPDATED_CUES)
)
_DATE_FILLER = lex.DATE_FILLER_WORDS | {w for cue in _DATELINE_CUES for w in cue.split()}

_COMMENT_COUNT_RE = re.compile(
    r"^(?:[0-9\u09e6-\u09ef]+\s*(?:টি)?\s*মন্তব্য|মন্তব্য\s*\(?[0-9\u09e6-\u09ef]+\)?)$"
)


@dataclass(slots=True)
class LineInfo:
    text: str
    key: str
    words: int
    dates: list[DateMatch] = field(default_factory=list)
    label: str | None = None  # the intrinsic label, if the line says what it is
    prefix: tuple[str, str] | None = None  # ("বিভাগ", "খেলা") for "বিভাগ : খেলা"


def _words(text: str) -> int:
    return len(text.split())


def _is_paragraph(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    if info.words >= cfg.long_paragraph_words:
        return True
    if info.words >= cfg.min_paragraph_words and _STRONG_END_RE.search(info.text):
        return True
    return info.words >= 2 * cfg.min_paragraph_words and bool(_SENTENCE_END_RE.search(info.text))


def _is_title_like(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    return cfg.min_title_words <= info.words <= cfg.max_title_words and not _is_paragraph(info, cfg)


# ---------------------------------------------------------------------------------------------
# Intrinsic cues: each returns True when the line is of that kind on its own.


def _is_rank(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    return bool(_RANK_RE.fullmatch(info.text))


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
    return bool(info.dates) and _date_residual_words(info) <= cfg.max_date_residual_words


def has_dateline_cue(text: str) -> bool:
    """True when the line names a publication or update time ("প্রকাশ", "আপডেট" …).

    >>> has_dateline_cue("আপডেট সময় : ০৮:০৫:১৫ অপরাহ্ন")
    True
    >>> has_dateline_cue("শুক্রবার, ০৯ মে ২০২৫")
    False
    """
    folded = text.casefold()
    return any(cue in folded for cue in _DATELINE_CUES)


def _is_page_date(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """A header clock on its own: an uncued line carrying a Bangla-calendar date."""
    if has_dateline_cue(info.text):
        return False
    return any(m.calendar == "bangla" for m in info.dates)


def _is_header_clock(info: LineInfo) -> bool:
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
    return (
        info.words <= cfg.max_promo_words
        and not _is_paragraph(info, cfg)
        and bool(_PROMO_RE.search(info.key))
    )


def _is_footer(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    return (
        info.words <= cfg.max_cue_words
        and not _SENTENCE_END_RE.search(info.text)
        and bool(_FOOTER_RE.search(info.key))
    )


_RELATIVE_TIME_RE = re.compile(
    r"[0-9\u09e6-\u09ef]+\s*(?:সেকেন্ড|মিনিট|ঘণ্টা|ঘন্টা|দিন|সপ্তাহ|মাস)\s*(?:আগে|পূর্বে)"
    r"|[0-9]+\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago"
)
_BYLINE_SEGMENTS_RE = re.compile(r"\s*[,|;]\s*")
_CRUMB_SEPARATORS_RE = re.compile(r"\s[/›»>|]\s")


def _is_breadcrumb(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """ "প্রচ্ছদ / বাংলাদেশ / রাজধানী": short segments joined by two or more separators."""
    segments = _CRUMB_SEPARATORS_RE.split(info.text)
    return len(segments) >= 3 and all(0 < _words(seg) <= cfg.max_short_words for seg in segments)


def _is_notice(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """A cookie or consent notice: full sentences, but page chrome all the same."""
    return info.words <= cfg.max_caption_words and bool(_NOTICE_RE.search(info.key))


def _is_chrome(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    if info.key in _CHROME_WORDS or _PUNCT_ONLY_RE.match(info.text):
        return True
    if info.words <= 5 and _CHROME_PHRASE_RE.search(info.key):
        return True
    tokens = re.split(r"[\s|/,]+", info.key)
    return len(tokens) >= 2 and all(t in _CHROME_WORDS for t in tokens if t)


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


def _is_edition(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    return info.words <= 4 and any(w in info.key for w in lex.EDITION_WORDS)


def _is_byline(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """ "নিজস্ব প্রতিবেদক, ঢাকা", "মো. করিম, স্টাফ রিপোর্টার": a segment ending in a role word.

    >>> _is_byline(line_info("জেলা প্রতিনিধি | বগুড়া"), DEFAULT_CONFIG)
    True
    >>> _is_byline(line_info("জাতিসংঘের প্রতিবেদন প্রকাশ, উদ্বেগ বাড়ছে"), DEFAULT_CONFIG)
    False
    """
    if info.words > 6 or _SENTENCE_END_RE.search(info.text) or info.key in _KICKERS:
        return False
    parts = _prefix_before_colon(info)
    if parts is not None and parts[0] in lex.BYLINE_PREFIXES and parts[1]:
        return True
    segments = [seg.split() for seg in _BYLINE_SEGMENTS_RE.split(info.key)]
    ends = [seg[-1] for seg in (segments[0], segments[-1]) if seg]
    return any(word in _BYLINE_WORDS for word in ends)


def _is_caption(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    if info.words > cfg.max_caption_words:
        return False
    tail = info.key[-60:]
    return (
        info.key.startswith(_CAPTION_LEADS)
        or bool(_CAPTION_CREDIT_RE.search(tail))
        or bool(_CAPTION_END_RE.search(tail))
    )


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
    ("signoff", _is_signoff),
    ("related", _is_related_link),
    ("promo", _is_promo),
    ("chrome", _is_footer),
    ("chrome", _is_notice),
    ("chrome", _is_chrome),
    ("chrome", _is_breadcrumb),
    ("edition", _is_edition),
    ("caption", _is_caption),
    ("byline", _is_byline),
)

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
        _is_signoff,
        _is_breadcrumb,
        _is_footer,
        _is_chrome,
    }
)

# Labels after which an article body cannot go on.
BODY_STOPPERS = frozenset(
    {"comment_prompt", "tags", "section", "source_credit", "signoff", "rank", "dateline"}
)
METADATA_LABELS = frozenset(
    {"dateline", "page_date", "byline", "edition", "section", "source_credit", "tags", "signoff"}
)
# Metadata that closes an article; a second copy of it after the body is a duplicate.
CLOSING_LABELS = frozenset({"signoff", "source_credit", "section", "tags", "byline"})
# Intrinsic labels that, after the article has ended, describe other stories' teasers.
_OTHER_STORY_LABELS = frozenset({"byline", "caption", "edition"})
# Lines in the article that a second copy would repeat.
ARTICLE_LABELS = frozenset(
    {"headline", "subheadline", "body", "caption", "byline", "signoff", "source_credit"}
)


def _is_comment_header(info: LineInfo) -> bool:
    """ "পাঠকের মন্তব্য (২)", "৩টি মন্তব্য": the start of readers' comments, with their count."""
    if _COMMENT_COUNT_RE.match(info.key):
        return True
    return any(info.key.startswith(h) for h in _COMMENT_HEADERS) and info.words <= 4


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


_TOKEN_RE = re.compile(r"[\u0980-\u09ffA-Za-z]+")
# Characters that structural cues look for: digits (ranks, dates), slashes (sign-offs,
# breadcrumbs), bullets (tabs), '#' (tags), '©' and one-character buttons.
_STRUCTURE_RE = re.compile(r"[0-9\u09e6-\u09ef/#|›»>©+" + re.escape(lex.BULLETS) + r"]")
_LEXICON_TOKENS = _lexicon_tokens()


def _cues_for(info: LineInfo) -> tuple[tuple[str, Cue], ...]:
    """The cues worth trying: none, the structural ones, or all (lexicon words present).

    Most body and related lines carry no lexicon word and no structural character, and skip
    the whole chain.
    """
    if not _LEXICON_TOKENS.isdisjoint(_TOKEN_RE.findall(info.key)):
        return INTRINSIC_CUES
    if _STRUCTURE_RE.search(info.text) or _PUNCT_ONLY_RE.match(info.text):
        return STRUCTURAL_CUES
    return ()


def line_info(text: str, cfg: AnnotatorConfig = DEFAULT_CONFIG) -> LineInfo:
    """Features and intrinsic label of one stripped, non-blank line.

    >>> line_info("মন্তব্য করুন").label
    'comment_prompt'
    >>> line_info("১৫").label
    'rank'
    >>> line_info("সূত্র: রয়টার্স").label
    'source_credit'
    """
    info = LineInfo(text=text, key=_key(text), words=_words(text))
    if info.words > cfg.max_caption_words:
        return info  # longer than any furniture: a paragraph, or a body candidate at least
    cues = _cues_for(info)
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
            if label == "dateline" and _is_page_date(info, cfg):
                info.label = "page_date"
            break
    return info


# ---------------------------------------------------------------------------------------------
# Structure


@dataclass(frozen=True, slots=True)
class BodySpan:
    first: int  # index of the first paragraph
    last: int  # index of the last paragraph (inclusive)
    mass: int  # characters of paragraph text


def find_body(infos: Sequence[LineInfo], cfg: AnnotatorConfig = DEFAULT_CONFIG) -> BodySpan | None:
    """The densest cluster of paragraph-like lines; ties go to the earliest (the first copy)."""
    best: BodySpan | None = None
    i, n = 0, len(infos)
    while i < n:
        if infos[i].label is not None or not _is_paragraph(infos[i], cfg):
            i += 1
            continue
        first = last = i
        mass = len(infos[i].text)
        gap = 0
        j = i + 1
        while j < n and gap <= cfg.max_body_gap_lines:
            info = infos[j]
            if info.label in BODY_STOPPERS or (
                info.label == "related_header" and info.key not in _INLINE_LIST_HEADERS
            ):
                break  # only a "read more" box may sit inside a body; other lists end it
            if info.label is None and _is_paragraph(info, cfg):
                last, gap = j, 0
                mass += len(info.text)
            else:
                gap += 1
            j += 1
        # Short closing sentences ("… দাবি জানিয়েছেন।") still belong to the body.
        while (
            last + 1 < n
            and infos[last + 1].label is None
            and _STRONG_END_RE.search(infos[last + 1].text)
        ):
            last += 1
            mass += len(infos[last].text)
        if best is None or mass > best.mass:
            best = BodySpan(first, last, mass)
        i = last + 1
    return best


def _header_block_start(infos: Sequence[LineInfo], body: BodySpan, cfg: AnnotatorConfig) -> int:
    """First index of the header block: walk up from the body until a menu run or a list."""
    start = body.first
    short_run = 0
    lowest = max(0, body.first - cfg.max_header_block_lines)
    for i in range(body.first - 1, lowest - 1, -1):
        info = infos[i]
        if info.label in {"related_header", "rank", "comment_prompt", "promo"}:
            break
        if info.label == "chrome":
            start = i
            continue  # share rows and buttons sit inside header blocks; only menus end them
        is_short = info.label is None and info.words <= cfg.max_short_words
        short_run = short_run + 1 if is_short else 0
        if short_run >= cfg.min_nav_run:
            start = i + cfg.min_nav_run
            break
        start = i
    return start


def _label_header(
    infos: Sequence[LineInfo], labels: list[str], begin: int, end: int, cfg: AnnotatorConfig
) -> int | None:
    """Label lines [begin, end) above the body; return the headline's index."""
    texts = [i for i in range(begin, end) if not labels[i]]
    headline: int | None = None
    for pos, i in enumerate(texts):
        info = infos[i]
        following = texts[pos + 1] if pos + 1 < len(texts) else None
        # A short kicker right above a longer title: the title is the headline.
        if (
            following == i + 1
            and info.words <= cfg.max_kicker_words
            and _is_title_like(infos[following], cfg)
            and infos[following].words > info.words
        ):
            labels[i] = "subheadline"
            continue
        if _is_title_like(info, cfg):
            headline = i
            break
    if headline is None:
        # No title but a twice-printed line: that pair was the headline and its copy.
        twins = [
            i
            for i in range(begin, end - 1)
            if labels[i] == labels[i + 1] == "caption" and infos[i].key == infos[i + 1].key
        ]
        if twins and _is_title_like(infos[twins[0]], cfg):
            headline = twins[0]
            labels[headline], labels[headline + 1] = "", "duplicate"
            texts = sorted({*texts, headline})
    for i in texts:
        if labels[i]:
            continue
        if headline is not None and i == headline:
            labels[i] = "headline"
        elif headline is not None and i > headline:
            near_date = any(
                infos[k].label in {"dateline", "byline"} for k in (i - 1, i + 1) if begin <= k < end
            )
            if near_date and infos[i].words <= 5:
                labels[i] = "byline"
            elif infos[i].words > cfg.max_short_words:
                labels[i] = "subheadline"
            else:
                labels[i] = "chrome"
        else:
            labels[i] = "chrome" if infos[i].words <= cfg.max_short_words else "related"
    return headline


def _caption_pairs(infos: Sequence[LineInfo], labels: list[str], begin: int, end: int) -> None:
    """An image's alt text and caption often print twice in a row: both are captions."""
    for i in range(begin, end - 1):
        free = labels[i] in {"", "caption"} and labels[i + 1] in {"", "caption"}
        if free and infos[i].key == infos[i + 1].key:
            labels[i] = labels[i + 1] = "caption"


def annotate_lines(texts: Sequence[str], cfg: AnnotatorConfig = DEFAULT_CONFIG) -> list[str]:
    """Label every line of a page (lines already stripped and non-blank)."""
    infos = [line_info(t, cfg) for t in texts]
    return label_page(infos, cfg)


def label_page(infos: Sequence[LineInfo], cfg: AnnotatorConfig = DEFAULT_CONFIG) -> list[str]:
    n = len(infos)
    labels = [info.label or "" for info in infos]
    body = find_body(infos, cfg)
    if body is None:
        return [
            lbl or ("chrome" if info.words <= cfg.max_short_words else "related")
            for lbl, info in zip(labels, infos, strict=True)
        ]

    # Header block, before the body.
    header_start = _header_block_start(infos, body, cfg)
    _caption_pairs(infos, labels, header_start, body.first)
    headline = _label_header(infos, labels, header_start, body.first, cfg)
    if headline is None:
        # Far above the body (a long gallery or ad block between): the nearest title above.
        headline = next(
            (
                i
                for i in range(header_start - 1, -1, -1)
                if not labels[i] and _is_title_like(infos[i], cfg) and infos[i].words >= 3
            ),
            None,
        )
        if headline is not None:
            labels[headline] = "headline"
    for i in range(header_start):
        if not labels[i]:
            labels[i] = "chrome" if infos[i].words <= cfg.max_short_words else "related"

    # The body and what is bridged inside it.
    in_related_box = False
    for i in range(body.first, body.last + 1):
        if labels[i] == "related_header":
            in_related_box = True
        elif not labels[i]:
            if _is_paragraph(infos[i], cfg):
                in_related_box = False
                labels[i] = "body"
            else:
                labels[i] = "related" if in_related_box else "body"

    # Above the headline, an uncued date line is the site header's clock when it is a bare
    # weekday-and-date, or when the article's own dateline follows below.
    if headline is not None:
        below = any(labels[i] == "dateline" for i in range(headline + 1, n))
        for i in range(headline):
            uncued = labels[i] == "dateline" and not has_dateline_cue(infos[i].text)
            if uncued and (below or _is_header_clock(infos[i])):
                labels[i] = "page_date"
        # The title printed twice (page title and article title): the second is a copy.
        for i in range(headline + 1, body.first):
            if (
                labels[i] in {"subheadline", "chrome", "related"}
                and infos[i].key == infos[headline].key
            ):
                labels[i] = "duplicate"

    # A teaser copy of the article's own lines above it (summary, repeated lead) is a duplicate.
    article_keys = {infos[i].key for i in range(body.first, body.last + 1) if labels[i] == "body"}
    for i in range(header_start):
        if labels[i] in {"chrome", "related"} and infos[i].key in article_keys:
            labels[i] = "duplicate"

    _label_tail(infos, labels, body, cfg)
    return labels


def _label_tail(
    infos: Sequence[LineInfo], labels: list[str], body: BodySpan, cfg: AnnotatorConfig
) -> None:
    """After the body: copies of the article, comments, related lists and chrome."""
    n = len(infos)
    article_keys = {infos[i].key for i in range(body.last + 1) if labels[i] in ARTICLE_LABELS}
    body_text = " ".join(infos[i].key for i in range(body.first, body.last + 1))
    in_comments = in_tags = list_started = False
    short_lines: list[int] = []  # decided at the end, from their neighbours

    def is_copy(i: int) -> bool:
        key = infos[i].key
        return key in article_keys or (
            infos[i].words >= cfg.min_paragraph_words and key in body_text
        )

    for i in range(body.last + 1, n):
        info = infos[i]
        if is_copy(i) and labels[i] not in {"rank", "related_header", "comment_prompt", "chrome"}:
            labels[i] = "duplicate"
            continue
        if labels[i] in CLOSING_LABELS and not list_started:
            article_keys.add(info.key)  # the credit, sign-off … closing the article
            continue
        if info.key in _TAG_HEADERS:
            labels[i], in_tags = "tags", True
            continue
        if in_tags and not labels[i] and info.words <= cfg.max_short_words:
            labels[i] = "tags"
            continue
        in_tags = False
        if labels[i] in {"related_header", "rank"}:
            list_started, in_comments = True, False
        elif _is_comment_header(info):
            list_started = in_comments = True
            if labels[i] in {"", "comment_prompt"}:
                labels[i] = "comment"
                continue
        if labels[i] in {"dateline", "page_date"}:
            continue  # decided below, once copies are known
        if labels[i] in _OTHER_STORY_LABELS and info.prefix is None:
            labels[i] = ""  # a byline or caption out here belongs to another story's teaser
        if labels[i]:
            continue
        if in_comments:
            labels[i] = "comment"
        elif info.words <= cfg.max_short_words:
            short_lines.append(i)
        else:
            labels[i], list_started = "related", True

    # A short line among other headlines is one of them; among buttons and menus, chrome.
    for i in short_lines:
        neighbours = [k for k in (i - 1, i + 1, i - 2, i + 2) if 0 <= k < n and labels[k] != "rank"]
        in_list = labels[i - 1] == "related_header" or any(
            labels[k] == "related" and infos[k].words > cfg.max_short_words for k in neighbours[:2]
        )
        labels[i] = "related" if in_list and infos[i].words > 1 else "chrome"

    # A date after the body is the article's only inside a repeated copy of it, or before any
    # list of other articles; otherwise it belongs to a related item.
    first_list = next(
        (
            i
            for i in range(body.last + 1, n)
            if labels[i] in {"related_header", "related", "comment"}
        ),
        n,
    )
    for i in range(body.last + 1, n):
        if labels[i] not in {"dateline", "page_date"}:
            continue
        near_copy = any(labels[k] == "duplicate" for k in range(max(0, i - 2), min(n, i + 3)))
        if labels[i] == "dateline" and (i < first_list or near_copy):
            continue
        if labels[i] == "page_date" and i < first_list:
            continue
        labels[i] = "related"
