"""One escaping helper per format, for every value written into Markdown (the dataset card,
`DATASHEET.md`, `report.md`) or HTML (`report.html`).

Markdown: `markdown(value)` is the value as literal text, `code(value)` as a code span, and
`code_block(text)` as a fenced block; what is Markdown already (a template's own markup, YAML
front matter) is marked `Md`, and `markdown` passes it through unchanged, as markupsafe does
with `Markup`. The card's Jinja2 environment applies `markdown` to every `{{ … }}`
(`finalize`), so a value cannot reach the card unescaped.

HTML: `html(value)` is `markupsafe.escape`, the escaping Jinja2's autoescape applies to every
`{{ … }}` of `report.html` (`html_environment`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Characters that can start Markdown markup inline: emphasis, code, links and images, raw
# HTML and autolinks, table cells, headings, strikethrough, entities; a backslash escapes
# each (CommonMark: any ASCII punctuation may be escaped).
_MARKUP = re.compile(r"([\\`*_\[\]<>|#!~&])")
_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


class Md(str):
    """Text that is Markdown already (written by khobor, not taken from data)."""

    __slots__ = ()


def _visible(text: str) -> str:
    """Control and format characters (a bidirectional override, a zero-width joiner) shown as
    `U+XXXX`: invisible, they could reorder or hide what a reader sees."""
    return "".join(
        f"U+{ord(ch):04X}" if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text
    )


def markdown(value: Any) -> str:
    r"""`value` as literal Markdown text on one line (`Md` passes unchanged).

    >>> markdown("x.<img src=x onerror=alert(1)>|[y](javascript:z)")
    'x.\\<img src=x onerror=alert(1)\\>\\|\\[y\\](javascript:z)'
    >>> markdown(Md("**all**")), markdown(12)
    ('**all**', '12')
    """
    if isinstance(value, Md):
        return str(value)
    return _MARKUP.sub(r"\\\1", _visible(_BREAKS.sub(" ", str(value))))


def code(value: Any) -> Md:
    r"""`value` as a Markdown code span: a fence longer than any run of backticks in it, `|`
    escaped (a table cell ends at an unescaped one, even inside a code span).

    >>> code("data/train-00000-of-00001.parquet")
    '`data/train-00000-of-00001.parquet`'
    >>> code("a`b|c")
    '``a`b\\|c``'
    """
    text = _visible(_BREAKS.sub(" ", str(value))).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Md(f"{fence}{pad}{text}{pad}{fence}")


def code_block(text: str, info: str = "") -> Md:
    """`text` in a fenced code block whose fence is longer than any run of backticks in it,
    so no line of it can close the block."""
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return Md(f"{fence}{info}\n{text}\n{fence}")


def table(header: list[Any], rows: list[list[Any]]) -> Md:
    """A Markdown table, every cell escaped (`markdown`), each line ending in a newline."""
    lines = [
        "| " + " | ".join(markdown(cell) for cell in header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(markdown(cell) for cell in row) + " |" for row in rows),
    ]
    return Md("".join(line + "\n" for line in lines))


def markdown_environment() -> Any:
    """The Jinja2 environment of khobor's Markdown templates: every `{{ … }}` goes through
    `markdown`."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("khobor.render", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown, not HTML: `finalize` escapes instead
        finalize=markdown,
    )


def html(value: Any) -> Any:
    """`value` escaped for HTML text and attribute values (markupsafe)."""
    from markupsafe import escape

    return escape(value)


def html_environment() -> Any:
    """The Jinja2 environment of khobor's HTML templates: autoescape, so every `{{ … }}` goes
    through `html`."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("khobor.render", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
    )
