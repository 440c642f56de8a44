"""Line taxonomy v1 (docs/contracts.md): every non-blank line of a raw page gets exactly one label.

Coarse classes follow the L3S-GN1 news-page scheme (Kohlschütter et al., 2010).
"""

from __future__ import annotations

from types import MappingProxyType

# label -> coarse class; the order is the ClassLabel order of schema v1 and must never change.
LABEL_COARSE = MappingProxyType(
    {
        "headline": "content",
        "subheadline": "content",
        "body": "content",
        "caption": "supplemental",
        "dateline": "metadata",
        "byline": "metadata",
        "section": "metadata",
        "edition": "metadata",
        "source_credit": "metadata",
        "signoff": "metadata",
        "page_date": "metadata",
        "tags": "metadata",
        "related": "related_content",
        "related_header": "boilerplate",
        "rank": "boilerplate",
        "comment_prompt": "comments",
        "comment": "comments",
        "promo": "boilerplate",
        "chrome": "not_content",
        "duplicate": "boilerplate",
    }
)
LABELS: tuple[str, ...] = tuple(LABEL_COARSE)

# Labels that count as boilerplate for `boilerplate_ratio`.
BOILERPLATE_LABELS = frozenset(
    {
        "related",
        "related_header",
        "rank",
        "comment_prompt",
        "comment",
        "promo",
        "chrome",
        "duplicate",
    }
)

# Fields of the per-page `boilerplate` struct, and which labels set each one.
BOILERPLATE_FLAGS = MappingProxyType(
    {
        "related": frozenset({"related", "related_header"}),
        "rank": frozenset({"rank"}),
        "comment_prompt": frozenset({"comment_prompt", "comment"}),
        "promo": frozenset({"promo"}),
        "chrome": frozenset({"chrome"}),
        "duplicate": frozenset({"duplicate"}),
    }
)
