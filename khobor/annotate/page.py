"""The page's structure: body, header block and tail decide every line without a cue.

1. The *article body* is the densest cluster of paragraph-like lines (long, sentence-ending),
   bridging short gaps (in-body subheads, ad markers, captions, a "read more" box) and stopped
   by hard boundaries (comment prompt, tags, section, source credit, sign-off, rank numbers,
   other list headers).
2. The *header block* above the body holds the headline (the first title-like line, after a
   short kicker if any), a standfirst, bylines, datelines and captions. Above the headline an
   uncued bare weekday-and-date, or a date line with the article's own dateline below it, is
   the site header's clock (`page_date`).
3. After the body, lines that repeat the article are `duplicate` (a dateline found only in
   such a repeated block is still the article's), lines in a comment section are `comment`,
   title-like lines are `related`, short ones `related` inside a list and `chrome` elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from khobor.annotate.config import DEFAULT_CONFIG, AnnotatorConfig
from khobor.annotate.lines import (
    INLINE_LIST_HEADERS,
    STRONG_END_RE,
    TAG_HEADERS,
    LineInfo,
    has_dateline_cue,
    is_comment_header,
    is_header_clock,
    is_paragraph,
    is_title_like,
    line_info,
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
        if infos[i].label is not None or not is_paragraph(infos[i], cfg):
            i += 1
            continue
        first = last = i
        mass = len(infos[i].text)
        gap = 0
        j = i + 1
        while j < n and gap <= cfg.max_body_gap_lines:
            info = infos[j]
            if info.label in BODY_STOPPERS or (
                info.label == "related_header" and info.key not in INLINE_LIST_HEADERS
            ):
                break  # only a "read more" box may sit inside a body; other lists end it
            if info.label is None and is_paragraph(info, cfg):
                last, gap = j, 0
                mass += len(info.text)
            else:
                gap += 1
            j += 1
        # Short closing sentences ("… দাবি জানিয়েছেন।") still belong to the body.
        while (
            last + 1 < n
            and infos[last + 1].label is None
            and STRONG_END_RE.search(infos[last + 1].text)
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
            and is_title_like(infos[following], cfg)
            and infos[following].words > info.words
        ):
            labels[i] = "subheadline"
            continue
        if is_title_like(info, cfg):
            headline = i
            break
    if headline is None:
        # No title but a twice-printed line: that pair was the headline and its copy.
        twins = [
            i
            for i in range(begin, end - 1)
            if labels[i] == labels[i + 1] == "caption" and infos[i].key == infos[i + 1].key
        ]
        if twins and is_title_like(infos[twins[0]], cfg):
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
    body = find_body(infos, cfg) or find_body(infos, replace(cfg, min_paragraph_words=4))
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
                if not labels[i] and is_title_like(infos[i], cfg) and infos[i].words >= 3
            ),
            None,
        )
        if headline is not None:
            labels[headline] = "headline"
    for i in range(header_start):
        if not labels[i]:
            labels[i] = "chrome" if infos[i].words <= cfg.max_short_words else "related"
        elif labels[i] == "dateline" and not has_dateline_cue(infos[i].text):
            # Far above the article: the site's clock, or the time of a sidebar item.
            labels[i] = "page_date" if is_header_clock(infos[i]) else "related"

    # The body and what is bridged inside it.
    in_related_box = False
    for i in range(body.first, body.last + 1):
        if labels[i] == "related_header":
            in_related_box = True
        elif not labels[i]:
            if is_paragraph(infos[i], cfg):
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
            if uncued and (below or is_header_clock(infos[i])):
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
        if info.key in TAG_HEADERS:
            labels[i], in_tags = "tags", True
            continue
        if in_tags and not labels[i] and info.words <= cfg.max_short_words:
            labels[i] = "tags"
            continue
        in_tags = False
        if labels[i] in {"related_header", "rank"}:
            list_started, in_comments = True, False
        elif is_comment_header(info):
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
