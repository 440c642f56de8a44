"""One escaping helper per format, and the four documents that use them, rendered: a value from
data (an outlet name, a file name, a check's message) shows as the text it is, never as markup,
in the card, `DATASHEET.md`, `report.md` (Markdown, rendered by markdown-it-py as CommonMark
with tables) and `report.html` (parsed by the standard library's HTML parser)."""

from __future__ import annotations

import html as html_lib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from khobor.contracts.layout import Figures, ReleaseContext
from khobor.contracts.policy import Policy
from khobor.gates.core import CheckResult, Level, Validation
from khobor.gates.report import report_html, report_markdown
from khobor.release.datasheet import render_figures
from khobor.render.escape import code, code_block, markdown, table

HOSTILE = [
    "x.<img src=x onerror=alert(11)>.com",
    "[y](javascript:alert(2))",
    "a|b",
    "**bold** _it_ `code` ~~s~~",
    "<script>alert(3)</script>",
    "&lt;entity&gt;",
    "back\\slash\\",
    "rtl\u202eevil",
    "two\nlines",
]


def _render(markdown_text: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown_text)


class _Cells(HTMLParser):
    """Every table's cells, as text, and every tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _parsed(rendered_html: str) -> _Cells:
    parser = _Cells()
    parser.feed(rendered_html)
    return parser


def _no_markup(parsed: _Cells) -> None:
    """No tag but the table's own: the value's markup stayed text."""
    assert {tag for tag, _ in parsed.tags} <= {"table", "thead", "tbody", "tr", "th", "td"}


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_a_table_cell_shows_any_text_as_it_is(value: str) -> None:
    parsed = _parsed(_render(table(["name", "n"], [[value, 1]])))
    assert len(parsed.rows) == 2 and len(parsed.rows[1]) == 2, parsed.rows
    assert parsed.rows[1][0].strip() == _visible_expected(value)
    assert {tag for tag, _ in parsed.tags} <= {"table", "thead", "tbody", "tr", "th", "td"}


def _visible_expected(value: str) -> str:
    import unicodedata

    text = re.sub(r"[\r\n\u2028\u2029]+", " ", value)
    text = "".join(
        f"U+{ord(c):04X}" if unicodedata.category(c) in ("Cc", "Cf") else c for c in text
    )
    return text.strip()  # a cell's own padding (Unicode white space too) is not its text


@given(st.text(max_size=30))
def test_a_code_span_and_a_code_block_show_any_text_as_it_is(value: str) -> None:
    one_line = value.replace("\n", " ").replace("\r", " ")
    rendered = _render(f"x {code(one_line)} y")
    assert "<code>" in rendered or not one_line.strip()
    block = _render(code_block(value, "json"))
    assert block.startswith("<pre><code") and "<img" not in block.replace("&lt;img", "")


def test_markdown_escapes_each_hostile_value() -> None:
    for value in HOSTILE:
        parsed = _parsed(_render(f"| a |\n|---|\n| {markdown(value)} |\n"))
        assert parsed.rows[1] == [_visible_expected(value)], (value, parsed.rows)
        _no_markup(parsed)


def _context(outlets: dict[str, dict[str, int]]) -> ReleaseContext:
    figures = Figures(inputs=5, records=5, outlets=outlets)
    figures.splits = {"train": 3, "validation": 1, "test": 1}
    return ReleaseContext("1.1.0", Policy(), None, figures, [], {"count": 5})


def test_the_card_shows_hostile_outlet_names_as_text() -> None:
    from khobor.render.card import render_card

    outlets = {name: {"train": 1, "validation": 0, "test": 0} for name in HOSTILE}
    parsed = _parsed(_render(render_card(_context(outlets)).split("\n---\n", 1)[1]))
    outlet_rows = [row for row in parsed.rows if row and row[-1] == "1" and len(row) == 5]
    assert sorted(row[0] for row in outlet_rows) == sorted(_visible_expected(n) for n in HOSTILE)
    assert all(len(row) == 5 for row in outlet_rows)
    assert "img" not in {tag for tag, _ in parsed.tags}
    assert all("javascript:" not in str(a.get("href")) for _, a in parsed.tags)


def test_the_datasheet_shows_hostile_outlet_names_as_text(tmp_path: Path) -> None:
    figures = Figures(inputs=5, records=5)
    figures.outlets = {name: {"train": 1, "validation": 0, "test": 0} for name in HOSTILE}
    manifest = {"version": "1.1.0", "schema_version": "1.1", "figures": figures.to_json()}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    parsed = _parsed(_render(render_figures(tmp_path)))
    shown = [row[0] for row in parsed.rows if len(row) == 5][1:-1]  # the header, **all** aside
    assert sorted(shown) == sorted(_visible_expected(n) for n in HOSTILE)
    assert "img" not in {tag for tag, _ in parsed.tags}


def _validation() -> Validation:
    found = Validation(Path("releases/<img src=x>/1.1.0"), "1.1.0")
    found.results = [
        CheckResult(
            "dataset.manifest_checksums",
            Level.ERROR,
            False,
            "1 files disagree: <script>alert(1)</script>|[x](javascript:y)",
            failing_ids=list(HOSTILE),
        )
    ]
    return found


def test_report_md_shows_hostile_names_and_messages_as_text() -> None:
    rendered = _render(report_markdown(_validation()))
    parsed = _parsed(rendered)
    assert {"img", "script"}.isdisjoint(tag for tag, _ in parsed.tags)
    assert all("javascript:" not in str(a.get("href")) for _, a in parsed.tags)
    assert len(parsed.rows[1]) == 4  # the message's `|` did not add a cell
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_report_html_shows_hostile_names_and_messages_as_text() -> None:
    page = report_html(_validation())
    parsed = _parsed(page)
    assert "script" not in {tag for tag, _ in parsed.tags}
    assert "img" not in {tag for tag, _ in parsed.tags}
    assert html_lib.escape("<script>alert(1)</script>") in page
    assert html_lib.escape("x.<img src=x onerror=alert(11)>.com") in page
