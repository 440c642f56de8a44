"""The page's structure: body, header block and tail decide every line without a cue.

1. The *article body* is the densest cluster of paragraph-like lines (long, sentence-ending),
   bridging short gaps (in-body subheads, ad markers, captions, a "read more" box) and stopped
   by hard boundaries (comment prompt, tags, section, source credit, sign-off, rank numbers,
   other list headers).
2. The *header block* above the body holds the headline (the best-scored candidate, see
   `khobor.annotate.headline`), a kicker, a standfirst, bylines, datelines and captions;
   share rows, follow prompts and buttons inside it do not end it. Above the headline an
   uncued bare weekday-and-date, or a date line with the article's own dateline below it, is
   the site header's clock (`page_date`).
3. After the body, lines that repeat the article are `duplicate` (a dateline found only in
   such a repeated block is still the article's), lines in a comment section are `comment`,
   title-like lines are `related`, short ones `related` inside a list and `chrome` elsewhere.

Every label comes with the rule that set it (`explain_page`), and the headline with the scores
of every candidate, so a wrong label can be traced without a debugger.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from khobor.annotate.config import DEFAULT_CONFIG, AnnotatorConfig
from khobor.annotate.evidence import Furniture, FurnitureLookup
from khobor.annotate.headline import (
    META_LABELS,
    TRANSPARENT_LABELS,
    Candidate,
    score_candidates,
)
from khobor.annotate.lines import (
    INLINE_LIST_HEADERS,
    STRONG_END_RE,
    TAG_HEADERS,
    LineInfo,
    bengali_share,
    has_dateline_cue,
    is_bare_dateline_cue,
    is_comment_control,
    is_comment_header,
    is_gallery_counter,
    is_header_clock,
    is_paragraph,
    is_photo_credit,
    is_relative_time,
    is_title_like,
    line_infos,
)
from khobor.annotate.names import NameShape, is_named_person, name_shape
from khobor.lexicons.places import PLACES
from khobor.text.dates import is_clock_time

# Labels after which an article body cannot go on.
BODY_STOPPERS = frozenset(
    {"comment_prompt", "tags", "section", "source_credit", "signoff", "rank", "dateline"}
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
    paragraphs_touch: bool = True  # two paragraphs stand next to each other (not a teaser list)


@dataclass(frozen=True, slots=True)
class Decision:
    """A line's label, the rule that set it, and the scores behind it where there are some."""

    label: str
    rule: str
    evidence: Mapping[str, float] | None = None


def _rule_of(info: LineInfo) -> str:
    if info.cue is None:
        return ""
    return info.cue if info.cue.startswith("corpus:") else f"cue:{info.cue}"


class _Page:
    """The labels being decided, with the rule behind each (for `explain_page`)."""

    __slots__ = ("evidence", "furniture", "infos", "labels", "rules")

    def __init__(self, infos: Sequence[LineInfo]) -> None:
        self.infos = infos
        self.labels = [info.label or "" for info in infos]
        self.rules = [_rule_of(info) for info in infos]
        self.evidence: dict[int, Mapping[str, float]] = {}
        self.furniture: dict[int, Furniture] = {}  # corpus evidence, by line

    def set(self, i: int, label: str, rule: str) -> None:
        self.labels[i] = label
        self.rules[i] = rule


def body_clusters(
    infos: Sequence[LineInfo], cfg: AnnotatorConfig = DEFAULT_CONFIG
) -> list[BodySpan]:
    """Runs of paragraph-like lines, short gaps bridged, hard boundaries respected."""
    clusters: list[BodySpan] = []
    i, n = 0, len(infos)
    while i < n:
        if infos[i].label is not None or not is_paragraph(infos[i], cfg):
            i += 1
            continue
        first = last = i
        mass = len(infos[i].text)
        gap = 0
        touch = False
        j = i + 1
        while j < n and gap <= cfg.max_body_gap_lines:
            info = infos[j]
            if info.label in BODY_STOPPERS or (
                info.label == "related_header" and info.key not in INLINE_LIST_HEADERS
            ):
                break  # only a "read more" box may sit inside a body; other lists end it
            if info.label is None and is_paragraph(info, cfg):
                touch = touch or last == j - 1
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
        clusters.append(BodySpan(first, last, mass, touch))
        i = last + 1
    return clusters


def find_body(infos: Sequence[LineInfo], cfg: AnnotatorConfig = DEFAULT_CONFIG) -> BodySpan | None:
    """The densest cluster of paragraph-like lines, joined with parts a box cut off.

    Ties go to the earliest cluster (the first copy of an article printed twice). A page that
    prints other whole stories below its article (each under its own byline or dateline)
    keeps the first one when it is not much shorter: the page's article comes first.
    """
    clusters = [c for c in body_clusters(infos, cfg) if not _is_teaser_list(infos, c, cfg)]
    if not clusters:
        return None
    best = max(range(len(clusters)), key=lambda k: (clusters[k].mass, -k))
    if _headed(infos, clusters[best], cfg):
        best = next(
            k
            for k in range(best + 1)
            if k == best
            or (
                clusters[k].mass >= cfg.min_first_story_share * clusters[best].mass
                and _headed(infos, clusters[k], cfg)
            )
        )
    return _join_across_boxes(infos, clusters, best, cfg)


def _headed(infos: Sequence[LineInfo], span: BodySpan, cfg: AnnotatorConfig) -> bool:
    """A byline or dateline stands just above the cluster: it is a story of its own."""
    lowest = max(0, span.first - cfg.max_story_head_lines)
    return any(infos[k].label in META_LABELS for k in range(lowest, span.first))


def _is_teaser_list(infos: Sequence[LineInfo], span: BodySpan, cfg: AnnotatorConfig) -> bool:
    """A section page's teasers: one-line summaries, each under another story's title.

    An article's paragraphs stand together; on a list page no two summaries touch, and a
    title (no sentence end) stands in each gap.
    """
    if span.paragraphs_touch:
        return False
    paragraphs = [
        k
        for k in range(span.first, span.last + 1)
        if infos[k].label is None and is_paragraph(infos[k], cfg)
    ]
    if len(paragraphs) < cfg.min_teasers or any(b - a == 1 for a, b in pairwise(paragraphs)):
        return False
    titled_gaps = sum(
        any(_is_story_title(infos[k], cfg) for k in range(a + 1, b))
        for a, b in pairwise(paragraphs)
    )
    return titled_gaps >= cfg.min_titled_gap_share * (len(paragraphs) - 1)


def _is_story_title(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    return (
        info.label is None
        and is_title_like(info, cfg)
        and info.words >= cfg.min_title_words + 1
        and not info.text.endswith(("?", "!", "।", ":", "ঃ"))
        and info.tokens is not None
        and len(set(info.tokens)) >= cfg.min_title_words + 1
        and not is_relative_time(info)
    )


# Lines that mark another article or the end of this one: a box holding one is not inside it.
_BOX_BREAKERS = frozenset(
    {"comment_prompt", "comment", "tags", "section", "source_credit", "signoff"} | META_LABELS
)


def _is_box(infos: Sequence[LineInfo], lo: int, hi: int, cfg: AnnotatorConfig) -> bool:
    """Lines (lo, hi) are a box inside an article: a list, a promo, a photo, a subhead."""
    inside = range(lo + 1, hi)
    return (
        len(inside) <= cfg.max_box_lines
        and all(infos[k].label not in _BOX_BREAKERS for k in inside)
        and all(infos[k].words <= cfg.max_title_words for k in inside)
    )


def _join_across_boxes(
    infos: Sequence[LineInfo], clusters: list[BodySpan], best: int, cfg: AnnotatorConfig
) -> BodySpan:
    """A most-read list, a promo or a photo box inside the article splits its paragraphs into
    clusters; the parts on either side belong to the body all the same.

    The part before a box joins only when the article's byline or dateline heads it (else it
    is another story's teaser); the part after joins when it is real text (two paragraphs or
    more, `min_continuation_chars`), not one summary of another story.
    """
    first, last = best, best
    while (
        first > 0
        and _is_box(infos, clusters[first - 1].last, clusters[first].first, cfg)
        and _has_byline_or_dateline_above(infos, clusters[first - 1].first, cfg)
    ):
        first -= 1
    while (
        last + 1 < len(clusters)
        and _is_box(infos, clusters[last].last, clusters[last + 1].first, cfg)
        and clusters[last + 1].mass >= cfg.min_continuation_chars
        and clusters[last + 1].last > clusters[last + 1].first
    ):
        last += 1
    mass = sum(c.mass for c in clusters[first : last + 1])
    return BodySpan(clusters[first].first, clusters[last].last, mass)


def _has_byline_or_dateline_above(
    infos: Sequence[LineInfo], first: int, cfg: AnnotatorConfig
) -> bool:
    lowest = max(0, first - cfg.max_header_block_lines)
    return any(infos[k].label in META_LABELS for k in range(lowest, first))


def _header_block_start(infos: Sequence[LineInfo], body: BodySpan, cfg: AnnotatorConfig) -> int:
    """First index of the header block: walk up from the body until a menu run or a list."""
    start = body.first
    short_run = 0
    lowest = max(0, body.first - cfg.max_header_block_lines)
    for i in range(body.first - 1, lowest - 1, -1):
        info = infos[i]
        if info.label in {"related_header", "rank", "comment_prompt"}:
            break
        if info.label in {"chrome", "promo"}:
            start = i
            continue  # share rows, follow prompts and buttons sit inside header blocks
        is_short = info.label is None and info.words <= cfg.max_short_words
        short_run = short_run + 1 if is_short else 0
        if short_run >= cfg.min_nav_run:
            start = i + cfg.min_nav_run
            break
        start = i
    return start


def _choose_headline(page: _Page, begin: int, end: int, cfg: AnnotatorConfig) -> int | None:
    """The headline among lines [begin, end) above the body: the best-scored candidate (its
    first printing, when the page prints it twice), else a twice-printed caption."""
    infos, labels = page.infos, page.labels
    candidates = score_candidates(infos, labels, begin, end, cfg, page.furniture)
    if candidates and candidates[0].score >= cfg.min_headline_score:
        headline = candidates[0].index
        page.evidence[headline] = _evidence_of(candidates)
        first = next(
            (
                i
                for i in range(begin, headline)
                if not labels[i] and infos[i].key == infos[headline].key
            ),
            None,
        )
        if first is not None:  # the title printed again lower, as a photo's text
            page.set(first, "headline", "headline:first_printing_of_best_score")
            page.evidence[first] = page.evidence.pop(headline)
            return first
        page.set(headline, "headline", "headline:best_score")
        return headline
    # No title but a twice-printed line: that pair was the headline and its copy.
    twins = [
        i
        for i in range(begin, end - 1)
        if labels[i] == labels[i + 1] == "caption" and infos[i].key == infos[i + 1].key
    ]
    if twins and is_title_like(infos[twins[0]], cfg) and not is_photo_credit(infos[twins[0]]):
        page.set(twins[0], "headline", "headline:caption_printed_twice")
        page.set(twins[0] + 1, "duplicate", "copy_of_headline")
        return twins[0]
    return None


def _nearest_title_above(page: _Page, header_start: int, cfg: AnnotatorConfig) -> int | None:
    """The title nearest above a header block found empty: a line of three words or more that
    is no person's name; failing that, one of two words among the short lines right above the
    block (a header of short lines: the site's name, a section, the title, the writer) that
    cannot be a name at all."""
    infos, labels = page.infos, page.labels

    def titled(i: int) -> bool:
        return not labels[i] and is_title_like(infos[i], cfg)

    above = range(header_start - 1, -1, -1)
    found = next(
        (
            i
            for i in above
            if titled(i) and infos[i].words >= 3 and not is_named_person(infos[i].text)
        ),
        None,
    )
    if found is not None:
        return found
    near = range(header_start - 1, max(-1, header_start - 1 - cfg.min_nav_run), -1)
    return next((i for i in near if titled(i) and name_shape(infos[i].text) is None), None)


def _credit_of_a_name(page: _Page, i: int) -> str | None:
    """A longer line that credits a person: the name, then the role after a stop or a comma
    ("<name>. <role>, <organisation>"), or an author box printing the name above again."""
    text = page.infos[i].text
    lead = _LEAD_PART_RE.split(text, maxsplit=1)[0]
    if lead != text and is_named_person(lead):
        return "header:name_then_role"
    above = page.infos[i - 1].text if i > 0 else ""
    if page.labels[i - 1] == "byline" and text.startswith(above + " "):
        return "header:author_box_repeating_the_name"
    return None


def _label_header_lines(
    page: _Page, begin: int, end: int, headline: int | None, cfg: AnnotatorConfig
) -> None:
    """Label the unlabelled lines [begin, end) of the header block around the headline."""
    infos, labels = page.infos, page.labels
    if headline is not None:
        _date_under_headline(page, headline, end)
    for i in range(begin, end):
        if labels[i] == "chrome" and page.rules[i] == "cue:is_footer" and headline is not None:
            # a footer word ("সম্পাদক") in a writer's credit under the headline
            rule = _credit_of_a_name(page, i) if i > headline else None
            if rule is not None:
                page.set(i, "byline", rule)
        if labels[i]:
            continue
        info = infos[i]
        if headline is not None and i == headline - 1 and _is_kicker(infos, i, headline, cfg):
            page.set(i, "subheadline", "header:kicker_above_headline")
        elif headline is not None and i > headline and _credit_follows(infos, i, end):
            page.set(i, "caption", "header:text_above_a_photo_credit")
        elif headline is not None and i > headline:
            rule = _byline_below_headline(page, i, headline, begin, end, cfg)
            if rule is not None:
                page.set(i, "byline", rule)
            elif info.words > cfg.max_short_words:
                page.set(i, "subheadline", "header:below_headline")
            else:
                page.set(i, "chrome", "header:short_line")
        elif info.words <= cfg.max_short_words:
            page.set(i, "chrome", "header:short_line_above_headline")
        else:
            page.set(i, "related", "header:title_above_headline")


_DIGIT_RE = re.compile(r"[0-9\u09e6-\u09ef]")  # a name or a place has none
_LEAD_PART_RE = re.compile(r"[.,|]\s")  # "<name>. <role>", "<name>, <role>"


def _byline_below_headline(
    page: _Page, i: int, headline: int, begin: int, end: int, cfg: AnnotatorConfig
) -> str | None:
    """The rule that makes line i under the headline a byline, if one does: a short line
    right above the dateline (a name, an agency) or next to a byline (the reporter's place, a
    second name), a name under a dateline, a line shaped as a person's name, or a name alone
    right under the headline. A topic word under the dateline is none of these."""
    info, labels = page.infos[i], page.labels
    if _DIGIT_RE.search(info.text):
        return None
    shape = name_shape(info.text)
    if shape is None and info.words > cfg.max_name_words:
        return _credit_of_a_name(page, i)
    above = labels[i - 1] if i - 1 >= begin else ""
    below = labels[i + 1] if i + 1 < end else ""
    if below == "dateline":
        return "header:short_line_above_dateline"
    if "byline" in (above, below) and (shape is not None or info.key in PLACES):
        return "header:short_line_beside_byline"
    if shape is None:
        return None
    if above == "dateline":
        return "header:name_under_dateline"
    if shape is not NameShape.PLAIN:
        return f"header:name_shape:{shape}"
    between = [k for k in range(headline + 1, i) if labels[k] not in TRANSPARENT_LABELS]
    return None if between else "header:name_under_headline"


def _credit_follows(infos: Sequence[LineInfo], i: int, end: int) -> bool:
    return i + 1 < end and is_photo_credit(infos[i + 1])


def _date_under_headline(page: _Page, headline: int, end: int) -> None:
    """A header-clock-like date between the headline and the body, with no other dateline
    there, is the article's own ("সোমবার, ২৪ নভেম্বর ২০২৫ | ৯ অগ্রহায়ণ ১৪৩২, সন্ধ্যা ৭:১০")."""
    labels = page.labels
    span = range(headline + 1, end)
    if any(labels[i] == "dateline" for i in span):
        return
    for i in span:
        if labels[i] == "page_date" and page.infos[i].dates:
            page.set(i, "dateline", "header:date_between_headline_and_body")
            return


def _is_kicker(infos: Sequence[LineInfo], i: int, headline: int, cfg: AnnotatorConfig) -> bool:
    """A short topic line right above a longer headline ("বায়ুদূষণ", "রাষ্ট্রপতির পদত্যাগ"),
    in Bengali ("ENGLISH VERSION" there is a button)."""
    return (
        infos[i].words <= cfg.max_kicker_words
        and infos[headline].words > infos[i].words
        and bengali_share(infos[i].text) >= cfg.min_title_bengali_share
    )


def _evidence_of(candidates: Sequence[Candidate]) -> dict[str, float]:
    """The winner's evidence, and the runner-up's score for comparison."""
    evidence = dict(candidates[0].evidence)
    evidence["score"] = round(candidates[0].score, 3)
    if len(candidates) > 1:
        evidence["runner_up_line_number"] = candidates[1].index + 1  # 1-based, as printed
        evidence["runner_up_score"] = round(candidates[1].score, 3)
    return evidence


def _caption_pairs(page: _Page, begin: int, end: int) -> None:
    """An image's alt text and caption often print twice in a row: both are captions."""
    infos, labels = page.infos, page.labels
    for i in range(begin, end - 1):
        free = labels[i] in {"", "caption"} and labels[i + 1] in {"", "caption"}
        if free and infos[i].key == infos[i + 1].key:
            for k in (i, i + 1):
                if labels[k] != "caption":
                    page.set(k, "caption", "header:printed_twice_in_a_row")


def annotate_lines(
    texts: Sequence[str],
    cfg: AnnotatorConfig = DEFAULT_CONFIG,
    furniture: FurnitureLookup | None = None,
) -> list[str]:
    """Label every line of a page (lines already stripped and non-blank)."""
    infos = line_infos(texts, cfg)
    return label_page(infos, cfg, furniture)


def label_page(
    infos: Sequence[LineInfo],
    cfg: AnnotatorConfig = DEFAULT_CONFIG,
    furniture: FurnitureLookup | None = None,
) -> list[str]:
    return _decide(infos, cfg, furniture).labels


def explain_page(
    infos: Sequence[LineInfo],
    cfg: AnnotatorConfig = DEFAULT_CONFIG,
    furniture: FurnitureLookup | None = None,
) -> list[Decision]:
    """Every line's label with the rule that set it and, for the headline, its scores."""
    page = _decide(infos, cfg, furniture)
    return [
        Decision(label, rule or "unlabelled", page.evidence.get(i))
        for i, (label, rule) in enumerate(zip(page.labels, page.rules, strict=True))
    ]


def _find_page_body(infos: Sequence[LineInfo], cfg: AnnotatorConfig) -> BodySpan | None:
    """The body; failing that, shorter paragraphs, if at least one ends like a sentence."""
    body = find_body(infos, cfg)
    if body is not None:
        return body
    relaxed = find_body(infos, replace(cfg, min_paragraph_words=cfg.min_short_paragraph_words))
    if relaxed is not None and any(
        infos[k].label is None and STRONG_END_RE.search(infos[k].text)
        for k in range(relaxed.first, relaxed.last + 1)
    ):
        return relaxed
    return None


def weighs_evidence(info: LineInfo, cfg: AnnotatorConfig = DEFAULT_CONFIG) -> bool:
    """Whether corpus evidence on this line can change the page's labels: a line without an
    intrinsic label (a dateline, byline … keeps what the line says of itself) that is
    sentence-like (the evidence makes it `chrome`) or may be a headline candidate (the
    evidence weighs against it). The evidence of no other line is looked up, so a page
    without such a line is labelled alike with and without a corpus."""
    if info.label is not None:
        return False
    if is_paragraph(info, cfg) or STRONG_END_RE.search(info.text):
        return True
    return info.words >= cfg.min_title_words and is_title_like(info, cfg)


def _with_corpus_evidence(
    infos: Sequence[LineInfo], furniture: FurnitureLookup, cfg: AnnotatorConfig
) -> tuple[list[LineInfo], dict[int, Furniture]]:
    """Sentence-like lines the site prints under many articles become furniture (`chrome`);
    shorter ones stay candidates, marked, so that the headline score can weigh them."""
    marked: dict[int, Furniture] = {}
    out = list(infos)
    for i, info in enumerate(infos):
        if not weighs_evidence(info, cfg):
            continue
        evidence = furniture(info.key)
        if evidence is None:
            continue
        marked[i] = evidence
        if is_paragraph(info, cfg) or STRONG_END_RE.search(info.text):
            out[i] = replace(info, label="chrome", cue=f"corpus: {evidence.explain()}")
    return out, marked


def _decide(
    infos: Sequence[LineInfo], cfg: AnnotatorConfig, furniture: FurnitureLookup | None = None
) -> _Page:
    marked: dict[int, Furniture] = {}
    if furniture is not None:
        infos, marked = _with_corpus_evidence(infos, furniture, cfg)
    page = _Page(infos)
    page.furniture = marked
    labels = page.labels
    _cues_above_values(page)
    body = _find_page_body(infos, cfg)
    if body is None:
        for i, info in enumerate(infos):
            if not labels[i]:
                short = info.words <= cfg.max_short_words
                page.set(i, "chrome" if short else "related", "no_body:by_length")
        return page

    # Header block, before the body.
    header_start = _header_block_start(infos, body, cfg)
    _caption_pairs(page, header_start, body.first)
    headline = _choose_headline(page, header_start, body.first, cfg)
    if headline is None:
        # Far above the body (a long gallery or ad block between, or a header of short lines
        # taken for a menu): the nearest title above; the lines below it are its header's.
        headline = _nearest_title_above(page, header_start, cfg)
        if headline is not None:
            page.set(headline, "headline", "headline:nearest_title_far_above")
            header_start = headline
    _label_header_lines(page, header_start, body.first, headline, cfg)
    for i in range(header_start):
        if not labels[i]:
            if infos[i].words <= cfg.max_short_words:
                page.set(i, "chrome", "above_header:short_line")
            elif bengali_share(infos[i].text) < cfg.min_title_bengali_share:
                page.set(i, "chrome", "above_header:not_bengali")  # a site name, a menu
            else:
                page.set(i, "related", "above_header:title_like_line")
        elif labels[i] == "dateline" and not has_dateline_cue(infos[i].text):
            # Far above the article: the site's clock, or the time of a sidebar item.
            if is_header_clock(infos[i]):
                page.set(i, "page_date", "above_header:uncued_date_is_site_clock")
            else:
                page.set(i, "related", "above_header:uncued_date_of_sidebar_item")

    _label_body(page, body, cfg)

    if headline is not None:
        _around_headline(page, headline, body)

    # A teaser copy of the article's own lines above it (summary, repeated lead) is a duplicate.
    article_keys = {infos[i].key for i in range(body.first, body.last + 1) if labels[i] == "body"}
    for i in range(header_start):
        if labels[i] in {"chrome", "related"} and infos[i].key in article_keys:
            page.set(i, "duplicate", "above_header:copy_of_body_line")

    _label_tail(page, body, cfg)
    return page


def _cues_above_values(page: _Page) -> None:
    """ "আপডেট" alone on its line, and the date on the next: the label and its value are one
    dateline printed on two lines."""
    infos, labels = page.infos, page.labels
    for i in range(len(infos) - 1):
        if (
            labels[i + 1] == "dateline"
            and labels[i] in {"", "chrome"}
            and is_bare_dateline_cue(infos[i])
            and not has_dateline_cue(infos[i + 1].text)
        ):
            page.set(i, "dateline", "dateline:cue_above_its_value")


def _label_body(page: _Page, body: BodySpan, cfg: AnnotatorConfig) -> None:
    """The body's paragraphs, and what a box inside it holds: a list's items are `related`,
    an entry's time stamp a `dateline`, a subhead or a box's label a `subheadline`."""
    infos, labels = page.infos, page.labels
    in_related_box = False
    for i in range(body.first, body.last + 1):
        info = infos[i]
        if labels[i] == "related_header":
            in_related_box = True
        elif labels[i] in {"promo", "caption", "chrome"}:
            in_related_box = False  # a promo or a photo closes a list box
        elif labels[i]:
            continue
        elif is_paragraph(info, cfg) or STRONG_END_RE.search(info.text):
            in_related_box = False
            page.set(i, "body", "body:paragraph")
        elif in_related_box:
            page.set(i, "related", "body:item_of_box_inside_body")
        elif is_clock_time(info.text):
            page.set(i, "dateline", "body:time_stamp_of_an_entry")
        else:
            page.set(i, "subheadline", "body:subhead_inside_body")


def _around_headline(page: _Page, headline: int, body: BodySpan) -> None:
    """Above the headline, an uncued date line is the site header's clock when it is a bare
    weekday-and-date, or when the article's own dateline follows below; the title printed again
    in the header is a copy, and a breadcrumb ending with it is chrome."""
    infos, labels = page.infos, page.labels
    n = len(infos)
    below = any(labels[i] == "dateline" for i in range(headline + 1, n))
    in_header_below = any(labels[i] == "dateline" for i in range(headline + 1, body.first))
    for i in range(headline):
        if labels[i] != "dateline":
            continue
        if not has_dateline_cue(infos[i].text) and (below or is_header_clock(infos[i])):
            page.set(i, "page_date", "header:uncued_date_above_headline")
        elif in_header_below:
            # the article's own dateline follows under the headline: this is the site's
            # "last updated" clock
            page.set(i, "page_date", "header:date_above_headline_with_own_below")
    _credits_above_headline(page, headline)
    title = infos[headline].key
    for i in range(body.first):
        if i == headline or labels[i] not in {"subheadline", "chrome", "related"}:
            continue
        if infos[i].key == title and i > headline:
            page.set(i, "duplicate", "header:title_printed_again")
        elif len(infos[i].key) > len(title) and infos[i].key.endswith(title):
            page.set(i, "chrome", "header:breadcrumb_ending_with_headline")
        elif infos[i].key.startswith(title + " - "):
            page.set(i, "chrome", "header:title_with_the_site_name")


def _credits_above_headline(page: _Page, headline: int) -> None:
    """Above the headline, a credit belongs to the article beside its dateline (a byline, then
    the date, then the title; or the byline, the title, then the date): a name there is the
    byline. A role-worded line with no date beside it is the site naming itself or a section's
    label ("<outlet> অনলাইন", "সম্পাদকীয়"): the kicker right above the title, chrome further
    up."""
    infos, labels = page.infos, page.labels
    dated_below = "dateline" in labels[headline + 1 : headline + 3]
    for i in range(headline):
        if labels[i] not in {"byline", "chrome"}:
            continue
        beside_date = (i > 0 and labels[i - 1] == "dateline") or labels[i + 1] == "dateline"
        around_title = i == headline - 1 and dated_below
        if labels[i] == "byline" and not (beside_date or around_title):
            if i == headline - 1:
                page.set(i, "subheadline", "header:credit_word_above_headline_is_a_kicker")
            else:
                page.set(i, "chrome", "above_header:credit_word_without_a_date")
        elif (
            labels[i] == "chrome"
            and page.rules[i].startswith(("above_header:short_line", "header:short_line"))
            and labels[i + 1] == "dateline"
            and name_shape(infos[i].text) is not None
        ):
            page.set(i, "byline", "header:name_above_dateline_above_headline")


def _label_tail(page: _Page, body: BodySpan, cfg: AnnotatorConfig) -> None:
    """After the body: copies of the article, comments, related lists and chrome."""
    infos, labels = page.infos, page.labels
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
        if in_tags and not labels[i] and info.words <= cfg.max_short_words:
            page.set(i, "tags", "tail:tag_after_tag_header")  # a tag may repeat a byline word
            continue
        if is_copy(i) and labels[i] not in {"rank", "related_header", "comment_prompt", "chrome"}:
            page.set(i, "duplicate", "tail:copy_of_article_line")
            continue
        if labels[i] in CLOSING_LABELS and not list_started:
            article_keys.add(info.key)  # the credit, sign-off … closing the article
            continue
        if info.key in TAG_HEADERS:
            page.set(i, "tags", "tail:tag_header")
            in_tags = True
            continue
        if in_tags and not labels[i] and info.words <= cfg.max_short_words:
            page.set(i, "tags", "tail:tag_after_tag_header")
            continue
        in_tags = False
        if in_comments and labels[i] != "comment_prompt" and is_comment_control(info, cfg):
            page.set(i, "comment", "tail:comment_section_control")
            continue
        if labels[i] in {"related_header", "rank"}:
            list_started, in_comments = True, False
        elif is_comment_header(info):
            list_started = in_comments = True
            if labels[i] in {"", "comment_prompt"}:
                page.set(i, "comment", "tail:comment_section_header")
                continue
        if labels[i] in {"dateline", "page_date"}:
            continue  # decided below, once copies are known
        if labels[i] in _OTHER_STORY_LABELS and info.prefix is None:
            labels[i] = ""  # a byline or caption out here belongs to another story's teaser
        if labels[i]:
            continue
        if in_comments:
            page.set(i, "comment", "tail:in_comment_section")
        elif i > 0 and is_gallery_counter(infos[i - 1], cfg):
            page.set(i, "caption", "tail:after_a_gallery_counter")
        elif info.words <= cfg.max_short_words:
            short_lines.append(i)
        else:
            page.set(i, "related", "tail:title_after_body")
            list_started = True

    # A short line among other headlines is one of them; among buttons and menus, chrome.
    for i in short_lines:
        neighbours = [k for k in (i - 1, i + 1, i - 2, i + 2) if 0 <= k < n and labels[k] != "rank"]
        in_list = labels[i - 1] == "related_header" or any(
            labels[k] == "related" and infos[k].words > cfg.max_short_words for k in neighbours[:2]
        )
        if in_list and infos[i].words > 1:
            page.set(i, "related", "tail:short_line_in_list")
        else:
            page.set(i, "chrome", "tail:short_line_among_furniture")

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
    # a desk byline ("অনলাইন ডেস্ক") printed again is another story's as often as a copy's
    bylines = {infos[k].key for k in range(body.first) if labels[k] == "byline"}
    for i in range(body.last + 1, n):
        if labels[i] not in {"dateline", "page_date"}:
            continue
        near_copy = any(
            labels[k] == "duplicate" and infos[k].key not in bylines
            for k in range(max(0, i - 2), min(n, i + 3))
        )
        if labels[i] == "dateline" and (i < first_list or near_copy):
            continue
        if labels[i] == "page_date" and i < first_list:
            continue
        page.set(i, "related", "tail:date_of_related_item")
    # The article's dateline printed after its first paragraphs: a name right above it is the
    # article's byline.
    for i in range(body.last + 2, n):
        name = i - 1
        if (
            labels[i] == "dateline"
            and labels[name] == "chrome"
            and page.rules[name] == "tail:short_line_among_furniture"
            and name_shape(infos[name].text) is not None
        ):
            page.set(name, "byline", "tail:name_above_the_article_dateline")
