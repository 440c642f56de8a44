"""Typed thresholds of the line annotator, gathered in one immutable config."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AnnotatorConfig:
    """Typed thresholds of the annotator. Counts are whitespace-separated words."""

    # A paragraph: at least this many words and a sentence end, or `long_paragraph_words`.
    min_paragraph_words: int = 8
    long_paragraph_words: int = 25
    # A long line without a sentence end is prose only with this share of function words.
    min_prose_function_share: float = 0.05
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
    # ... or, when a cue word and its colon follow them ("<outlet> <reporter> প্রকাশিত: <date>",
    # "Written By <name> | Updated By: <editor> | Last Updated: <date>"), this many, on a line of
    # at most `max_credited_date_words`.
    max_credited_date_residual_words: int = 8
    max_credited_date_words: int = 20
    # Non-paragraph lines bridged inside a body (subheads, ad markers, captions).
    max_body_gap_lines: int = 6
    # A box inside an article (a most-read list, a promo, a photo) is at most this long; the
    # paragraphs on both sides of it are the body.
    max_box_lines: int = 20
    # Paragraphs after such a box continue the body only with at least this much text.
    min_continuation_chars: int = 200
    # Another story printed below the article (under its own byline or dateline, at most
    # `max_story_head_lines` above it) wins only when the first is under this share of its text.
    min_first_story_share: float = 0.25
    max_story_head_lines: int = 6
    # A cluster of at least this many one-line summaries, each under a title, is a list page.
    min_teasers: int = 3
    # A listing (`khobor.annotate.listing`) shows at least this many cut teasers or units; a
    # teaser cut with an ellipsis has at least this many words; a video page's description is
    # at most this long.
    min_listing_units: int = 2
    min_teaser_words: int = 6
    max_video_description_words: int = 40
    min_titled_gap_share: float = 0.75
    # With no paragraph on the page, shorter sentence-ending lines may make a body.
    min_short_paragraph_words: int = 4
    # How far above the body the header block (headline, byline, dateline …) may reach.
    max_header_block_lines: int = 25
    # A run of this many short lines is a navigation menu.
    min_nav_run: int = 3
    # A line whose letters are at least this share menu words is a nav row, never a title.
    min_menu_coverage: float = 0.7

    # Headline evidence (`khobor.annotate.headline`): a candidate's score is the sum of these.
    best_title_words: tuple[int, int] = (3, 18)
    min_title_bengali_share: float = 0.5
    w_title_length: float = 1.0
    other_length_factor: float = 0.4  # share of `w_title_length` outside `best_title_words`
    # Place: by content lines between the candidate and the byline/dateline cluster (above it,
    # below it) or, on a page without one, the body: 0, 1, 2 … lines.
    w_above_meta: tuple[float, ...] = (3.0, 2.5, 1.0)
    w_below_meta: tuple[float, ...] = (2.5, 1.0)
    w_above_body: tuple[float, ...] = (2.5, 2.0, 1.0)
    # Below the cluster, with nothing but furniture between it and the body.
    w_next_to_body: float = 0.75
    w_not_bengali: float = 3.0
    w_sentence_end: float = 1.5
    w_menu_row: float = 3.0
    w_menu_run: float = 2.0
    w_printed_again: float = 1.5
    w_stacking: float = 0.7
    # A standfirst under a headline is longer than it, or a sentence of at least this many words.
    min_standfirst_words: int = 5
    w_credit_suffix: float = 1.0
    # A line this short under a longer title is a reporter's name, not the headline.
    max_name_words: int = 5
    w_name_under_title: float = 1.0
    # A line shaped as a person's name (a title before it, a family name after: `names`).
    w_name_shape: float = 2.5
    # Consecutive lines of one shape (bullet points, "<quote> : <speaker>") are a list of
    # highlights: never the headline.
    min_highlight_run: int = 2
    # Lines bridged between bylines and datelines of one cluster ("Location :", a button).
    max_meta_gap_lines: int = 2
    w_distance: float = 0.05  # per line beyond the third above the body
    # Times the share of the candidate's words the first paragraph uses too.
    w_lead_overlap: float = 1.0
    # A candidate the corpus shows under many articles of its site (`khobor.annotate.evidence`).
    w_corpus_furniture: float = 2.0
    # Below this score no candidate is a headline (the page's header is furniture only).
    min_headline_score: float = 1.5


DEFAULT_CONFIG = AnnotatorConfig()
