"""A page title's parts: a title carries a site suffix or a kicker behind a separator
("শিরোনাম | সাইট", "বিশেষ: …"); its parts are what the markup's titles are compared by."""

from __future__ import annotations

# what separates a title from the site's name or a kicker ("শিরোনাম | সাইট", "বিশেষ: …")
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " » ", ": ", " || ")


def spaced(text: str) -> str:
    """A text with its runs of white space as one space, stripped."""
    return " ".join(text.split())


def title_parts(title: str) -> list[str]:
    """A title and its parts around the separators a site suffix or a kicker uses.

    >>> title_parts("শিরোনাম | সাইট")
    ['শিরোনাম | সাইট', 'শিরোনাম', 'সাইট']
    """
    parts = [title]
    for separator in TITLE_SEPARATORS:
        if separator in title:
            parts += [part.strip() for part in title.split(separator) if part.strip()]
    return parts
