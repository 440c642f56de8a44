"""Whether a page is an article at all: tag, topic, category and author pages, daily digests and
video pages print other stories' units (a title, a teaser, a time) instead of one story.

The evidence is the page's structure, not its words: teasers cut with an ellipsis or followed
by a "more" link; title-and-teaser units repeated; a time stamp in each unit; no two paragraphs
of running text side by side; a video player's notices around a description. An article has
running text: a page with two uncut paragraphs side by side is never a listing, and a single
title with its own byline or dateline under it is one story even when its text is a teaser.
`listing_evidence` returns the evidence (for the quarantine's detail and `--explain`) or None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from khobor.annotate.config import AnnotatorConfig
from khobor.annotate.lines import (
    LineInfo,
    has_dateline_cue,
    is_paragraph,
    is_relative_time,
    is_title_like,
)
from khobor.lexicons import furniture as lex
from khobor.text.dates import is_clock_time

# A teaser's cut: an ellipsis (three dots, the character, in brackets) at the line's end.
_CUT_RE = re.compile(r"(?:…|\.{3,}|\[\s*(?:…|\.{3})\s*\])[\s\"'’”»)]*$")
_CUT_TAIL_CHARS = 12  # the cut and what may close it: only a line's tail is searched


def _is_cut(text: str) -> bool:
    return _CUT_RE.search(text[-_CUT_TAIL_CHARS:]) is not None


_MORE_LINKS = tuple(lex.MORE_LINKS)
_PLAYER_NOTICES = tuple(lex.PLAYER_NOTICES)
_META = frozenset({"byline", "dateline"})


class ListingSign(StrEnum):
    """One kind of evidence that a page lists other stories."""

    CUT_TEASERS = "cut_teasers"  # most of its paragraphs end with "…" or a "more" link
    REPEATED_UNITS = "repeated_units"  # title + teaser units, cut or dated, one after another
    TITLED_TEASERS = "titled_teasers"  # three or more units of a title over one teaser
    LONE_DATED_TEASER = "lone_dated_teaser"  # one title, a cut teaser, its date after it
    VIDEO_PLAYER = "video_player"  # a player's notices around a description


@dataclass(frozen=True, slots=True)
class ListingEvidence:
    """Why a page is a listing: the sign that decided and the counts behind it."""

    sign: ListingSign
    paragraphs: int  # paragraph-like lines (teasers included)
    cut_teasers: int
    units: int  # a title followed by one teaser (a time stamp may stand between)
    dated_units: int

    def counts(self) -> tuple[tuple[str, str | int], ...]:
        return (
            ("sign", str(self.sign)),
            ("paragraphs", self.paragraphs),
            ("cut_teasers", self.cut_teasers),
            ("units", self.units),
            ("dated_units", self.dated_units),
        )

    def explain(self) -> str:
        return (
            f"{self.sign}: {self.units} title-and-teaser units ({self.dated_units} dated), "
            f"{self.cut_teasers} of {self.paragraphs} paragraphs cut as teasers, "
            "no two paragraphs of running text side by side"
        )


def _is_more_link(info: LineInfo) -> bool:
    return info.key.startswith(_MORE_LINKS) or info.key.endswith(_MORE_LINKS)


def _is_teaser_text(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    """Paragraph-like, or cut short like a teaser (an ellipsis after a few words)."""
    if info.label is not None:
        return False
    if is_paragraph(info, cfg):
        return True
    return info.words >= cfg.min_teaser_words and _is_cut(info.text)


def _is_stamp(info: LineInfo) -> bool:
    """A unit's time stamp: a date line without a cue word, a relative time, a clock time."""
    if info.label == "dateline":
        return not has_dateline_cue(info.text)
    return is_relative_time(info) or is_clock_time(info.text)


def _is_unit_title(info: LineInfo, cfg: AnnotatorConfig) -> bool:
    return (
        info.label is None
        and is_title_like(info, cfg)
        and info.words >= cfg.min_title_words + 1
        and not is_relative_time(info)
    )


def listing_evidence(infos: Sequence[LineInfo], cfg: AnnotatorConfig) -> ListingEvidence | None:
    """The evidence that the page lists other stories, or None when it may be an article."""
    teasers = _teasers_unless_running_text(infos, cfg)
    if teasers is None or (not teasers and not _has_player(infos)):
        return None
    last = len(infos) - 1
    cut = {
        k for k in teasers if _is_cut(infos[k].text) or (k < last and _is_more_link(infos[k + 1]))
    }
    units, dated = _units(infos, set(teasers), cfg)

    def found(sign: ListingSign) -> ListingEvidence:
        return ListingEvidence(sign, len(teasers), len(cut), units, dated)

    if len(cut) >= cfg.min_listing_units and 2 * len(cut) >= len(teasers):
        return found(ListingSign.CUT_TEASERS)
    if units >= cfg.min_listing_units and (cut or dated >= cfg.min_listing_units):
        return found(ListingSign.REPEATED_UNITS)
    if units >= cfg.min_teasers:
        return found(ListingSign.TITLED_TEASERS)
    if _lone_dated_teaser(infos, teasers, cut):
        return found(ListingSign.LONE_DATED_TEASER)
    short = all(infos[k].words <= cfg.max_video_description_words for k in teasers)
    if short and _has_player(infos):
        return found(ListingSign.VIDEO_PLAYER)
    return None


def _teasers_unless_running_text(
    infos: Sequence[LineInfo], cfg: AnnotatorConfig
) -> list[int] | None:
    """The paragraph-like lines (teasers among them), or None as soon as two of them stand side
    by side and neither is cut with an ellipsis: running text, an article's. A page cut short
    (an excerpt) may end inside a paragraph: its last line counts as text. A "more" link after
    two such paragraphs does not make them teasers."""
    last = len(infos) - 1
    teasers: list[int] = []
    uncut_before = False
    for k, info in enumerate(infos):
        if not (
            _is_teaser_text(info, cfg)
            or (k == last and info.label is None and info.words >= cfg.min_teaser_words)
        ):
            uncut_before = False
            continue
        uncut = not _is_cut(info.text)
        if uncut and uncut_before:
            return None
        teasers.append(k)
        uncut_before = uncut
    return teasers


def _units(infos: Sequence[LineInfo], teasers: set[int], cfg: AnnotatorConfig) -> tuple[int, int]:
    """Title-and-teaser units: a title, maybe a time stamp or a dash line, then one teaser that
    is not followed by another (a unit holds one). Returns (units, units with a time stamp)."""
    units = dated = 0
    n = len(infos)
    for k, info in enumerate(infos):
        if not _is_unit_title(info, cfg):
            continue
        j = k + 1
        stamped = False
        while j < n and j - k <= 2 and j not in teasers:
            if _is_stamp(infos[j]):
                stamped = True
            elif infos[j].label not in {"chrome", "promo", "caption"}:
                break
            j += 1
        if j >= n or j not in teasers or j + 1 in teasers:
            continue
        units += 1
        after = j + 1
        dated += stamped or (after < n and _is_stamp(infos[after]))
    return units, dated


def _lone_dated_teaser(infos: Sequence[LineInfo], teasers: list[int], cut: set[int]) -> bool:
    """One story's teaser with nothing of an article around it: the last paragraph cut, an
    uncued date right after it, and no byline or cued dateline anywhere on the page."""
    last = teasers[-1]
    return (
        last in cut
        and last + 1 < len(infos)
        and _is_stamp(infos[last + 1])
        and infos[last + 1].label == "dateline"
        and not any(info.label in _META and has_dateline_cue(info.text) for info in infos)
        and not any(info.label == "byline" for info in infos)
    )


def _has_player(infos: Sequence[LineInfo]) -> bool:
    return any(info.words <= 12 and any(p in info.key for p in _PLAYER_NOTICES) for info in infos)
