"""Evidence from the corpus: a line printed under many articles of one site is furniture.

The annotator reads one page at a time; a build sees them all. A site's disclaimers, promos
and notices written as full sentences look like body text on a single page, but the same
line printed under many different articles of one site is the site's, not the article's
(`khobor.corpus.furniture` counts them). The caller binds a lookup to the page's site; the annotator
weighs it with the page's own evidence and never lets it alone remove a headline or dateline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Furniture:
    """How often a site prints a line: under `articles` of its `total` distinct articles."""

    site: str
    articles: int
    total: int

    def explain(self) -> str:
        return f"printed on {self.articles} of {self.total} articles of {self.site}"


# A line's key (as `LineInfo.key`) -> its furniture evidence on the page's site, or None.
FurnitureLookup = Callable[[str], Furniture | None]
