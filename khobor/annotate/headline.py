"""Which line above the body is the article's headline: every candidate scored on evidence.

The first title-like line of a header block is often not the headline on real pages: a nav row,
an e-paper promo, a ticker item or a breadcrumb comes first. The evidence here holds on any news
site, whatever its wording:

- **place**: the headline sits right next to the byline/dateline cluster nearest the body
  (directly above it, or directly below it when the dateline comes first), or right above the
  body when a page prints no byline or dateline;
- **repetition**: the page prints it again (a breadcrumb's last item, the title printed twice,
  a "most read" list, a later copy of the article);
- **shape**: a title's length, no sentence end, Bengali script, not a menu row or a run of menu
  items, not a breadcrumb starting at the home page;
- **stacking**: of two titles stacked, the upper is the headline and the lower its standfirst;
  a short line under a title is a reporter's name;
- **lists**: a bullet point, or one of a run of pull quotes ("<quote> : <speaker>"), is a
  highlight, never the title; a line shaped as a person's name (`khobor.annotate.names`) is a
  byline;
- **units**: a title over a teaser cut off mid-sentence, with the page's own text after it, is
  another story's (a related box where an excerpt begins): neither line is the headline.

Weights and thresholds are `AnnotatorConfig`'s `w_*` fields.

`score_candidates` returns every candidate with its evidence, so `khobor extract --explain` can
say why a line won.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from khobor.annotate.config import AnnotatorConfig
from khobor.annotate.evidence import Furniture
from khobor.annotate.lines import (
    MENU_WORDS,
    LineInfo,
    bengali_share,
    ends_sentence,
    is_header_clock,
    is_paragraph,
    is_relative_time,
    is_title_like,
    menu_word_coverage,
    stops_mid_sentence,
)
from khobor.annotate.names import is_named_person, name_shape
from khobor.lexicons import furniture as lex
from khobor.text.dates import is_clock_time
from khobor.text.keys import line_key

# Labels of the byline/dateline cluster a headline sits beside.
META_LABELS = frozenset({"byline", "dateline", "edition"})
# Lines that may stand between a headline and its cluster or body without breaking adjacency
# (`HIGHLIGHT` marks bullet points and pull quotes while candidates are scored).
HIGHLIGHT = "highlight"
TRANSPARENT_LABELS = frozenset({"chrome", "promo", "caption", "page_date", HIGHLIGHT})
# A truncated copy ("হোম » বিভাগ » <start of the headline>…") ends with one of these.
_ELLIPSIS_RE = re.compile(r"(?:…|\.{3})\s*$")
_MIN_TRUNCATED_CHARS = 12
_HOME_WORDS = frozenset(lex.HOME_WORDS)
_MENU_WORDS = frozenset(
    w for phrase in (*lex.SECTION_NAMES, *lex.CHROME_WORDS) for w in phrase.split()
)
_RUN_TOGETHER_CHARS = 12  # a token longer than this may be menu items printed without spaces
_DIGIT_RE = re.compile(r"[0-9\u09e6-\u09ef]")
_LETTER_RE = re.compile(r"[A-Za-z\u0985-\u09b9\u09dc-\u09df]")  # a letter, not a digit or sign
# "<text> | <outlet>": an image's alt text or a credit, seldom the title as printed on the page.
_CREDIT_SUFFIX_RE = re.compile(r"\s?\|\s?\S+(?:\s\S+){0,2}$")
# Glyphs that open a bullet point ("• <highlight>"); dashes are not among them (a title may
# open with a quoted dash).
HIGHLIGHT_BULLETS = "•·▪►▸‣◦○●■□✓✔"
# "<quote> : <speaker>": a pull quote's attribution, a name after the last colon.
_ATTRIBUTION_RE = re.compile(r"\s[:ঃ]\s*([^:ঃ]+)$")
_MAX_SITE_WORDS = 3  # "<title> - <site name>"
_WORD_RE = re.compile(r"[\u0980-\u09e3\u09f0-\u09ffA-Za-z]+")
_STEM_CHARS = 4
_LEAD_CHARS = 250  # the lead's first sentence names what it is about
# A line that ends with a bare separator ("<name> |") is half of a byline row.
_TRAILING_SEPARATOR_RE = re.compile(r"\s[|।/]+\s*$|\|\s*$")


@dataclass(slots=True)
class Candidate:
    index: int
    score: float = 0.0
    evidence: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, weight: float) -> None:
        if weight:
            self.evidence[name] = round(weight, 3)
            self.score += weight


def meta_cluster(
    infos: Sequence[LineInfo], labels: Sequence[str], begin: int, end: int, cfg: AnnotatorConfig
) -> tuple[int, int] | None:
    """(first, last) of the byline/dateline lines nearest above `end`; furniture and very short
    lines between them ("Location :", a share button) are bridged. A bare weekday-and-date
    without a time is the site's clock, not part of the cluster."""

    def is_meta(i: int) -> bool:
        return labels[i] in META_LABELS and not (
            labels[i] == "dateline" and is_header_clock(infos[i])
        )

    last = next((i for i in range(end - 1, begin - 1, -1) if is_meta(i)), None)
    if last is None:
        return None
    first, gap = last, 0
    for i in range(last - 1, begin - 1, -1):
        if is_meta(i):
            first, gap = i, 0
        elif gap < cfg.max_meta_gap_lines and (
            labels[i] in TRANSPARENT_LABELS
            or (not labels[i] and infos[i].words <= cfg.max_kicker_words)
        ):
            gap += 1
        else:
            break
    return first, last


def _content_between(labels: Sequence[str], lo: int, hi: int) -> list[int]:
    """Indices in (lo, hi) that are not transparent furniture."""
    return [k for k in range(lo + 1, hi) if labels[k] not in TRANSPARENT_LABELS]


def _truncated_stems(infos: Sequence[LineInfo]) -> list[list[str]]:
    """Words of every line cut off with an ellipsis, its cut-off last word dropped."""
    stems = []
    for info in infos:
        if info.key.endswith(("…", "...")):
            cut = _ELLIPSIS_RE.search(info.key)
            if cut is not None:
                stems.append(info.key[: cut.start()].split()[:-1])
    return stems


def _is_repeated(
    i: int,
    infos: Sequence[LineInfo],
    keys_elsewhere: Counter[str],
    truncated: list[list[str]],
    cfg: AnnotatorConfig,
) -> bool:
    """The page prints this title again: whole, as a breadcrumb's last item, or truncated.

    A line of a word or two printed twice is a menu item in two menus, not a title.
    """
    key = infos[i].key
    if keys_elsewhere.get(key, 0) > 1 and infos[i].words > cfg.max_kicker_words:
        return True
    longer = len(key)
    if any(len(o.key) > longer and o.key.endswith(key) for o in infos):
        return True  # "হোম বাংলাদেশ <headline>", "<section> › <headline>"
    for stem in truncated:  # "হোম » বিভাগ » <start of the headline>…"
        for n in range(len(stem), 1, -1):
            piece = " ".join(stem[-n:])
            if len(piece) >= _MIN_TRUNCATED_CHARS and key.startswith(piece):
                return True
    return False


def score_candidates(
    infos: Sequence[LineInfo],
    labels: Sequence[str],
    begin: int,
    body_first: int,
    cfg: AnnotatorConfig,
    furniture: Mapping[int, Furniture] | None = None,
) -> list[Candidate]:
    """Every headline candidate in [begin, body_first), scored; best first.

    `furniture`: lines the corpus shows the site prints under many articles (a weight against
    them, never alone a veto: a recurring column's title is still its headline).
    """
    highlights = highlight_lines(infos, labels, begin, body_first, cfg)
    candidates = [
        i
        for i in range(begin, body_first)
        if not labels[i]
        and i not in highlights
        and is_title_like(infos[i], cfg)
        and infos[i].words >= cfg.min_title_words
        and _has_words(infos[i], cfg)
        and not _TRAILING_SEPARATOR_RE.search(infos[i].text)
        and not _is_kicker_above_title(infos, labels, i, body_first, cfg)
        and not _titles_a_cut_teaser(infos, labels, i, cfg)
        and not _titles_a_cut_teaser(infos, labels, i - 1, cfg)
        and not _is_author_box(infos, i)
        and not _is_titled_with_site(infos, i)
    ]
    if not candidates:
        return []
    cluster = meta_cluster(infos, labels, begin, body_first, cfg)
    placed = [HIGHLIGHT if k in highlights else label for k, label in enumerate(labels)]
    scored = []
    for i in candidates:
        cand = Candidate(i)
        info = infos[i]
        words = info.words
        if cfg.best_title_words[0] <= words <= cfg.best_title_words[1]:
            cand.add("title_length", cfg.w_title_length)
        else:
            cand.add("title_length", cfg.w_title_length * cfg.other_length_factor)
        if bengali_share(info.text) < cfg.min_title_bengali_share:
            cand.add("not_bengali", -cfg.w_not_bengali)
        if ends_sentence(info.text):
            cand.add("sentence_end", -cfg.w_sentence_end)
        if _CREDIT_SUFFIX_RE.search(info.text):
            cand.add("credit_suffix", -cfg.w_credit_suffix)
        if is_named_person(info.text):
            cand.add("name_shape", -cfg.w_name_shape)  # "ড. <name>", "<name> <family name>"
        if _is_menu_like(info, cfg):
            cand.add("menu_row", -cfg.w_menu_row)
        elif info.key.split(maxsplit=1)[0] in _HOME_WORDS:
            cand.add("starts_at_home_page", -cfg.w_menu_row)  # "হোম বাংলাদেশ <headline>"
        cand.add("menu_run", -cfg.w_menu_run if _in_menu_run(infos, labels, i, cfg) else 0.0)
        _add_place(cand, placed, cluster, body_first, cfg)
        _add_stacking(cand, infos, labels, i, body_first, cfg)
        cand.add("distance", -cfg.w_distance * max(0, body_first - i - 3))
        if furniture and i in furniture:
            cand.add("printed_on_many_articles", -cfg.w_corpus_furniture)
        scored.append(cand)
    # Repetition and the lead's words cost a pass over the page or the lead: only for candidates
    # they could lift to the top (or a lone one over the minimum).
    leader = max(c.score for c in scored)
    reach = cfg.w_printed_again + cfg.w_lead_overlap
    contenders = [c for c in scored if c.score + reach >= leader]
    if len(contenders) > 1 or leader < cfg.min_headline_score:
        key_counts = Counter(info.key for info in infos)
        truncated = _truncated_stems(infos)
        lead = _stems(infos[body_first].text[:_LEAD_CHARS]) if body_first < len(infos) else None
        for cand in contenders:
            if _is_repeated(cand.index, infos, key_counts, truncated, cfg):
                cand.add("printed_again", cfg.w_printed_again)
            text = infos[cand.index].text
            if lead and name_shape(text) is None:  # a writer's name may open the lead
                cand.add("words_in_the_lead", cfg.w_lead_overlap * _lead_overlap(text, lead))
    scored.sort(key=lambda c: (-c.score, c.index))
    return scored


def _has_words(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """Words, not a time stamp ("০১:২৫ পিএম", "২০ মিনিট আগে") or a row of numbers."""
    letter_words = sum(1 for word in info.text.split() if _LETTER_RE.search(word))
    if letter_words < cfg.min_title_words:
        return False
    if not _DIGIT_RE.search(info.text):
        return True  # a clock or a relative time has digits
    return not is_clock_time(info.text) and not is_relative_time(info)


def _is_menu_like(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """Mostly menu words, spaced or run together ("ফিচারলাইফস্টাইলবিনোদন…"): the coverage
    regex runs only on lines that hold a menu word or a long run-together token."""
    tokens = info.tokens or frozenset()
    if MENU_WORDS.isdisjoint(tokens) and all(len(t) <= _RUN_TOGETHER_CHARS for t in tokens):
        return False
    return menu_word_coverage(info) >= cfg.min_menu_coverage


def _is_kicker_above_title(
    infos: Sequence[LineInfo], labels: Sequence[str], i: int, end: int, cfg: AnnotatorConfig
) -> bool:
    """A topic line of a word or two right above a longer title ("বায়ুদূষণ", "শেষের পাতা")."""
    below = i + 1
    return (
        infos[i].words <= cfg.max_kicker_words
        and below < end
        and not labels[below]
        and infos[below].words > infos[i].words
        and is_title_like(infos[below], cfg)
    )


def _titles_a_cut_teaser(
    infos: Sequence[LineInfo], labels: Sequence[str], i: int, cfg: AnnotatorConfig
) -> bool:
    """Another story's unit at the top of an excerpt (a related box): the line under this title
    is its teaser, cut off mid-sentence, and a paragraph of the page's own text follows it.
    Neither line of the unit is the page's headline."""
    teaser, after = i + 1, i + 2
    return (
        i >= 0
        and after < len(infos)
        and infos[i].words > cfg.max_kicker_words
        and is_title_like(infos[i], cfg)
        and not labels[teaser]
        and stops_mid_sentence(infos[teaser].text)
        and is_paragraph(infos[after], cfg)
    )


@functools.lru_cache(maxsize=4096)
def _stems(text: str) -> frozenset[str]:
    """The words of a text cut to their first letters: Bengali inflects at the end, so a
    headline's "বন্যায়" and a lead's "বন্যার" meet here."""
    return frozenset(w[:_STEM_CHARS] for w in _WORD_RE.findall(text.casefold()) if len(w) > 1)


def _lead_overlap(text: str, lead: frozenset[str]) -> float:
    """Share of a candidate's words that the first paragraph uses too: a headline names what
    the lead is about; a site's slogan, a menu or another story's title does not."""
    stems = _stems(text)
    return len(stems & lead) / len(stems) if stems else 0.0


def _is_titled_with_site(infos: Sequence[LineInfo], i: int) -> bool:
    """The document's title: the headline printed elsewhere on the page, then " - <site>"."""
    head, sep, site = infos[i].text.rpartition(" - ")
    if not sep or not head or len(site.split()) > _MAX_SITE_WORDS:
        return False
    key = line_key(head)
    return any(k != i and info.key == key for k, info in enumerate(infos))


def _is_author_box(infos: Sequence[LineInfo], i: int) -> bool:
    """A writer's box: the name printed on the line above, then again with a role."""
    above = infos[i - 1].text if i > 0 else ""
    return infos[i].text.startswith(above + " ") and name_shape(above) is not None


def highlight_lines(
    infos: Sequence[LineInfo],
    labels: Sequence[str],
    begin: int,
    end: int,
    cfg: AnnotatorConfig,
) -> frozenset[int]:
    """Lines in [begin, end) that are highlights: bullet points, and runs of pull quotes
    ("<quote> : <speaker>", at least `min_highlight_run` in a row) under a title (a headline
    may have the same shape: the first of such lines on a page is no highlight)."""
    found = {i for i in range(begin, end) if infos[i].text[:1] in HIGHLIGHT_BULLETS}
    run: list[int] = []
    for i in [*range(begin, end), end]:
        if i < end and not labels[i] and _is_attributed_quote(infos[i].text):
            run.append(i)
            continue
        titled = run and any(
            not labels[k] and is_title_like(infos[k], cfg) for k in range(begin, run[0])
        )
        if len(run) >= cfg.min_highlight_run and titled:
            found.update(run)
        run = []
    return frozenset(found)


def _is_attributed_quote(text: str) -> bool:
    """ "<quote> : <speaker>": a statement, then a colon and a person's name."""
    if ":" not in text and "ঃ" not in text:
        return False
    m = _ATTRIBUTION_RE.search(text)
    return m is not None and m.start() > 0 and name_shape(m.group(1).strip()) is not None


def _add_place(
    cand: Candidate,
    labels: Sequence[str],
    cluster: tuple[int, int] | None,
    body_first: int,
    cfg: AnnotatorConfig,
) -> None:
    """Weights by how many content lines stand between the candidate and its anchor."""
    i = cand.index

    def weight(weights: tuple[float, ...], between: int) -> float:
        return weights[between] if between < len(weights) else 0.0

    if (
        cluster is not None
        and i > cluster[1]
        and "dateline" not in labels[cluster[0] : cluster[1] + 1]
    ):
        cluster = None  # a credit alone above a title is as often the site naming itself
    if cluster is not None:
        first, last = cluster
        if i < first:
            between = len(_content_between(labels, i, first))
            cand.add("above_byline_dateline", weight(cfg.w_above_meta, between))
        elif i > last and "dateline" in labels[first : last + 1]:
            between = len(_content_between(labels, last, i))
            cand.add("below_byline_dateline", weight(cfg.w_below_meta, between))
            if not _content_between(labels, i, body_first):
                cand.add("next_to_body", cfg.w_next_to_body)  # dateline, headline, body
        return
    between = len(_content_between(labels, i, body_first))
    cand.add("above_body", weight(cfg.w_above_body, between))


def _add_stacking(
    cand: Candidate,
    infos: Sequence[LineInfo],
    labels: Sequence[str],
    i: int,
    body_first: int,
    cfg: AnnotatorConfig,
) -> None:
    """Two titles stacked: the upper one is the headline and the lower its standfirst (a
    kicker of a word or two is not a candidate at all); a short line under a title is a
    reporter's name."""
    below, above = i + 1, i - 1
    if (
        below < body_first
        and not labels[below]
        and infos[i].words > cfg.max_kicker_words
        and infos[below].words >= min(infos[i].words + 1, cfg.min_standfirst_words)
        and (is_title_like(infos[below], cfg) or is_paragraph(infos[below], cfg))
    ):
        cand.add("standfirst_below", cfg.w_stacking)
    if above >= 0 and not labels[above] and is_title_like(infos[above], cfg):
        if infos[i].words <= min(cfg.max_name_words, infos[above].words - 1):
            cand.add("name_under_title", -cfg.w_name_under_title)  # "<reporter>, <place>"
        elif infos[above].words > cfg.max_kicker_words:
            cand.add("under_a_title", -cfg.w_stacking)


def _in_menu_run(
    infos: Sequence[LineInfo], labels: Sequence[str], i: int, cfg: AnnotatorConfig
) -> bool:
    """Short, between short menu-like lines, and not right above the byline/dateline: an item
    of a menu, not a title."""
    if infos[i].words > cfg.max_short_words:
        return False

    def menu_like(k: int) -> bool:
        return (
            0 <= k < len(infos)
            and labels[k] in {"", "chrome"}
            and infos[k].words <= cfg.max_short_words
        )

    near_meta = any(labels[k] in META_LABELS for k in range(i + 1, min(len(labels), i + 3)))
    return menu_like(i - 1) and menu_like(i + 1) and not near_meta
