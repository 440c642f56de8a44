"""Input kinds: what a page was read from, decided by the raw file's name."""

from __future__ import annotations

from enum import StrEnum


class InputKind(StrEnum):
    """What a record was read from (the release's `input_kind`, schema v1.2)."""

    TEXT = "text"  # a browser's select-all-copy dump (`*.txt`)
    HTML = "html"  # a saved HTML file (`*.html`, `*.htm`)
    WARC = "warc"  # a `response` record of a WARC archive (`*.warc`, `*.warc.gz`)


# Suffixes matched without regard to case (`X.HTML` saved on Windows is a page too).
SUFFIXES: tuple[tuple[str, InputKind], ...] = (
    (".txt", InputKind.TEXT),
    (".html", InputKind.HTML),
    (".htm", InputKind.HTML),
    (".warc", InputKind.WARC),
    (".warc.gz", InputKind.WARC),
)


def kind_of_name(name: str) -> InputKind | None:
    """The input kind a file name says, None for a file that is not an input.

    >>> kind_of_name("a/b.HTM"), kind_of_name("x.warc.gz"), kind_of_name("notes.md")
    (<InputKind.HTML: 'html'>, <InputKind.WARC: 'warc'>, None)
    """
    lowered = name.lower()
    return next((kind for suffix, kind in SUFFIXES if lowered.endswith(suffix)), None)
