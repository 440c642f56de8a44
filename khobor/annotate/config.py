"""Typed thresholds of the line annotator, gathered in one immutable config."""

from __future__ import annotations

from dataclasses import dataclass


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
