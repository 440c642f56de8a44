"""HTML → the page's lines, block structure kept: resiliparse's `extract_plain_text` over the
whole page (not its main-content guess: khobor's annotator labels the menus, datelines and
related links itself, and the issue's measurement found the whole page rendered best).

Chosen over trafilatura/inscriptis/html2text (bench/html_renderers.py on the zoo): it keeps
every block on a line of its own like a browser's copy, drops script/style, is ~10-50x faster
than the Python renderers, and is made for web archives (lenient parser, lexbor)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from khobor.inputs.charset import Charset, decode_html, sniff

if TYPE_CHECKING:
    from resiliparse.parse.html import HTMLTree


class Rendered(NamedTuple):
    text: str  # the page as text, one block a line
    charset: Charset
    tree: HTMLTree  # the parsed page, for the markup's evidence (`khobor.inputs.markup`)


def parse_html(data: bytes, header_charset: str | None = None) -> tuple[HTMLTree, Charset]:
    from resiliparse.parse.html import HTMLTree

    charset = sniff(data, header_charset)
    return HTMLTree.parse(decode_html(data, charset)), charset


# Elements whose alternative text a copied page does not hold.
ALT_ELEMENTS = "img, area, input[type=image]"


def render_tree(tree: HTMLTree) -> str:
    """The page as a browser's select-all-copy gives it: visible text, a block a line; no
    alt texts, link targets, form fields or bullets (none of them is in a copied page).
    Images are removed and alt texts then asked for: resiliparse's `alt_texts=False` drops
    a whole `<figure>`, its `<figcaption>` (a caption line) with it. The tree is changed."""
    from resiliparse.extract.html2text import extract_plain_text

    from khobor.inputs.markup import select_all

    for node in select_all(tree, ALT_ELEMENTS):
        node.decompose()
    return str(
        extract_plain_text(
            tree,
            preserve_formatting=True,
            main_content=False,
            list_bullets=False,
            alt_texts=True,
            links=False,
            form_fields=False,
            noscript=False,
        )
    )


def render_html(data: bytes, header_charset: str | None = None) -> Rendered:
    """`data` (an HTML page's bytes) as text.

    >>> render_html(b"<title>t</title><h1>A</h1><p>b <b>c</b></p><script>x()</script>").text
    'A\\n\\nb c'
    """
    tree, charset = parse_html(data, header_charset)
    return Rendered(render_tree(tree), charset, tree)
