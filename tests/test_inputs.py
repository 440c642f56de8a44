"""Issue 25: HTML files and WARC archives as raw inputs (`khobor.inputs`)."""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khobor.contracts.input_kinds import InputKind, kind_of_name
from khobor.inputs.charset import CharsetSource, sniff
from khobor.inputs.render import render_html
from khobor.inputs.warc import WarcFault, list_members, parse_headers, read_member
from khobor.pages.extract import ExtractContext, extract_file, iter_inputs, to_json
from tests.inputs.zoo import KINDS, LAYOUTS, gz_member, layout_html, warc_record

NAMES = sorted(p.stem for p in LAYOUTS.glob("*.json"))
# the fields a page's HTML and its copied text must agree on (not the id, source, kind)
SAME = ("headline", "published_at", "updated_at", "date", "page_date", "byline", "section")
SAME += ("source_credit", "body", "captions", "lines", "outlet")
MAX = 10 << 20


def spaced(value: object) -> object:
    """`value` with runs of spaces in its strings made one space."""
    if isinstance(value, str):
        return re.sub(" {2,}", " ", value)
    if isinstance(value, list):
        return [spaced(item) for item in value]
    if isinstance(value, dict):
        return {key: spaced(item) for key, item in value.items()}
    return value


def test_input_kinds_by_name() -> None:
    assert kind_of_name("a.TXT") is InputKind.TEXT
    assert kind_of_name("x/page.Htm") is InputKind.HTML
    assert kind_of_name("crawl.WARC.GZ") is InputKind.WARC
    assert kind_of_name("crawl.warc.gz.part") is None
    assert kind_of_name("notes.md") is None


def test_charset_order_bom_then_http_then_meta_then_detection() -> None:
    page = "<meta charset='windows-1252'><p>ক</p>".encode()
    assert sniff(codecs.BOM_UTF8 + page, "utf-16").source is CharsetSource.BOM
    assert sniff(page, "utf-8").source is CharsetSource.HTTP
    assert sniff(page).source is CharsetSource.META
    assert sniff("<p>ক খ গ</p>".encode()).source is CharsetSource.DETECTED
    # a stale single-byte meta over UTF-8 Bengali: read as UTF-8, not as mojibake
    assert "ক" in render_html(page).text
    utf16 = codecs.BOM_UTF16_LE + "<p>বাংলা</p>".encode("utf-16-le")
    assert render_html(utf16).text == "বাংলা"


def test_rendering_keeps_blocks_and_drops_script_style_and_head() -> None:
    page = (
        b"<html><head><title>T</title><style>p{}</style></head><body><nav><a>A</a> <a>B</a></nav>"
        b"<h1>H</h1><p>one <b>two</b></p><div>three<br>four</div><script>x()</script></body></html>"
    )
    lines = [line for line in render_html(page).text.split("\n") if line.strip()]
    assert lines == ["A B", "H", "one two", "three", "four"]


@pytest.mark.parametrize("name", NAMES)
def test_a_layout_as_html_gives_the_record_of_its_text(name: str, tmp_path: Path) -> None:
    """Each of tests/layouts, written as HTML (a block a labelled line, any markup kind), is
    annotated as its copied text is: the same fields and line labels; `raw_sha256` is of the
    HTML bytes; the record says it was read from HTML."""
    ctx = ExtractContext()
    (tmp_path / "page.txt").write_bytes((LAYOUTS / f"{name}.txt").read_bytes())
    text = to_json(extract_file(next(iter_inputs([tmp_path / "page.txt"])), ctx))
    for kind in KINDS:
        data = layout_html(name, kind)
        (tmp_path / f"{kind}.html").write_bytes(data)
        record = to_json(extract_file(next(iter_inputs([tmp_path / f"{kind}.html"])), ctx))
        if "quarantine_reason" in text:
            assert record.get("quarantine_reason") == text["quarantine_reason"]
            continue
        assert record["input_kind"] == "html" and text["input_kind"] == "text"
        assert record["raw_sha256"] == hashlib.sha256(data).hexdigest()
        for field in SAME:  # HTML collapses runs of spaces, as a browser shows them
            assert spaced(record[field]) == spaced(text[field]), (kind, field)


def _archive(path: Path, members: list[bytes]) -> Path:
    path.write_bytes(b"".join(members))
    return path


def _pages(n: int) -> list[bytes]:
    return [layout_html(NAMES[k % len(NAMES)], "jsonld") for k in range(n)]


@pytest.mark.parametrize("gzipped", [True, False])
def test_broken_records_are_quarantined_and_cost_no_other(tmp_path: Path, gzipped: bool) -> None:
    good = _pages(3)
    wrap = gz_member if gzipped else (lambda record: record)
    members = [
        wrap(warc_record("https://x.example/0", good[0])),
        wrap(warc_record("https://x.example/pdf", b"%PDF", content_type="application/pdf")),
        wrap(warc_record("https://x.example/1", good[1])),
        wrap(warc_record("https://x.example/cl", good[2], length_delta=-9)),
        wrap(warc_record("https://x.example/404", good[2], status="404 Not Found")),
        wrap(warc_record("https://x.example/req", b"", record_type="request")),
        wrap(warc_record("https://x.example/2", good[2])),
    ]
    if gzipped:  # a member cut short in the middle of the archive
        members.insert(2, gz_member(warc_record("https://x.example/cut", good[0]))[:-25])
    archive = _archive(tmp_path / ("c.warc.gz" if gzipped else "c.warc"), members)
    results = [to_json(extract_file(item, ExtractContext())) for item in iter_inputs([archive])]
    reasons = [r.get("quarantine_reason") for r in results]
    expected = [None, "warc_not_html", None, "warc_content_length", "warc_http_status", None]
    if gzipped:
        expected.insert(2, "warc_truncated")
    assert reasons == expected  # the request record is no page: not an input
    kept = [r for r in results if "quarantine_reason" not in r]
    assert [r["url"] for r in kept] == [f"https://x.example/{k}" for k in range(3)]
    assert all(r["input_kind"] == "warc" for r in kept)
    assert all(r["source"].startswith(archive.name + "#urn:uuid:") for r in kept)
    assert kept[0]["page_date"] is not None  # the capture day where the page prints none
    assert len({r["source"] for r in results}) == len(results)  # every input its own source


def test_an_archive_without_pages_is_one_quarantined_input(tmp_path: Path) -> None:
    archive = _archive(
        tmp_path / "e.warc.gz", [gz_member(warc_record("u", b"", record_type="warcinfo"))]
    )
    (only,) = list(iter_inputs([archive]))
    assert to_json(extract_file(only, ExtractContext()))["quarantine_reason"] == "warc_no_responses"
    junk = _archive(tmp_path / "j.warc.gz", [b"not gzip at all" * 10])
    (bad,) = list(iter_inputs([junk]))
    assert to_json(extract_file(bad, ExtractContext()))["quarantine_reason"] == "warc_bad_record"


# --- properties -----------------------------------------------------------------------------

_kinds = st.sampled_from(["good", "truncated", "not_html", "content_length", "junk", "other"])


def _member(kind: str, number: int, page: bytes, gzipped: bool) -> bytes:
    uri = f"https://p.example/{number}"
    wrap = gz_member if gzipped else (lambda record: record)
    if kind == "good":
        return wrap(warc_record(uri, page))
    if kind == "truncated":
        return gz_member(warc_record(uri, page))[:-20] if gzipped else b""
    if kind == "not_html":
        return wrap(warc_record(uri, b"{}", content_type="application/json"))
    if kind == "content_length":
        return wrap(warc_record(uri, page, length_delta=5))
    if kind == "other":
        return wrap(warc_record(uri, b"x", record_type="metadata"))
    return b"\x00junk\x1f" * 7


@settings(max_examples=40, deadline=None)
@given(st.lists(_kinds, min_size=1, max_size=8), st.booleans())
def test_every_good_record_survives_any_neighbours(kinds: list[str], gzipped: bool) -> None:
    """Whatever is around them, the good records are listed and read back byte for byte;
    the listed stretches never overlap and lie in the file."""
    import tempfile

    pages = [f"<p>পাতা {n}</p>".encode() for n in range(len(kinds))]
    data = b"".join(_member(k, n, pages[n], gzipped) for n, k in enumerate(kinds))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("p.warc.gz" if gzipped else "p.warc")
        path.write_bytes(data)
        members = list(list_members(path))
        read = [read_member(path, m.offset, m.length, MAX) for m in members]
    found = [r.html for r in read if hasattr(r, "html")]
    goods = [pages[n] for n, k in enumerate(kinds) if k == "good"]
    # a junk stretch after a good plain record may be read as its trailer: never a page more
    assert found == goods
    ends = [m.offset + m.length for m in members]
    assert all(a <= b.offset for a, b in zip(ends, members[1:], strict=False))
    assert all(end <= len(data) for end in ends)
    assert all(not hasattr(r, "html") or r.html for r in read)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=600))
def test_parsers_never_raise_on_bytes(data: bytes) -> None:
    parse_headers(data)
    assert isinstance(render_html(data).text, str)
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for name in ("b.warc", "b.warc.gz"):
            path = Path(folder) / name
            path.write_bytes(data)
            for member in list_members(path):
                result = read_member(path, member.offset, member.length, MAX)
                assert hasattr(result, "html") or isinstance(result.code, WarcFault)
