"""An HTML zoo written from the repository's own layouts (tests/layouts/*.json: each line
with its true label): every labelled line becomes the block element a site would print it
in, and the page's head carries markup evidence of one of four kinds, right or wrong. Also a
WARC writer (records right, and broken on purpose). Pure functions; no page text copied
from anywhere but tests/layouts."""

from __future__ import annotations

import gzip
import html
import json
import uuid
from collections.abc import Iterable
from pathlib import Path

LAYOUTS = Path(__file__).resolve().parent.parent / "layouts"

# the block a site prints a labelled line in
TAGS = {
    "chrome": "nav",
    "headline": "h1",
    "subheadline": "h2",
    "body": "p",
    "caption": "figcaption",
    "dateline": "div",  # a block: two `<time>`s in a row would run together, as in a browser
    "byline": "address",
}
SITE = "খবরের সাইট"  # a made-up outlet name for the title suffix
# Markup kinds: none (a bare title), right JSON-LD, JSON-LD of another story (a template's),
# and a title with the site's suffix and the og:title with a kicker.
# Also: the right instant written in UTC, and the local clock labelled UTC (a wrong zone).
KINDS = ("bare", "jsonld", "wrong_jsonld", "suffix", "jsonld_utc", "jsonld_wrong_zone")


def layout_truth(name: str) -> dict[str, object]:
    return dict(json.loads((LAYOUTS / f"{name}.json").read_text(encoding="utf-8")))


def _block(label: str, text: str) -> str:
    tag = TAGS.get(label, "div")
    return f"<{tag}>{html.escape(text)}</{tag}>"


def _jsonld(headline: str, published: str | None) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline}
    if published:
        data["datePublished"] = published
    text = json.dumps(data, ensure_ascii=False)
    return f'<script type="application/ld+json">{text}</script>'


def _rezoned(published: str | None, convert: bool) -> str | None:
    """`published` in UTC: converted (the same instant), or its clock kept (a wrong zone)."""
    if not published:
        return None
    from datetime import UTC, datetime

    value = datetime.fromisoformat(published)
    moved = value.astimezone(UTC) if convert else value.replace(tzinfo=UTC)
    return moved.isoformat().replace("+00:00", "Z")


def page_html(
    lines: Iterable[tuple[str, str]],
    headline: str,
    published: str | None,
    kind: str,
    charset: str = "utf-8",
) -> bytes:
    """An HTML page of `lines` ((label, text) pairs), its head of markup kind `kind`."""
    head = [f'<meta charset="{charset}">']
    if kind == "bare":
        head.append(f"<title>{html.escape(headline)}</title>")
    elif kind == "jsonld":
        head.append(f"<title>{html.escape(headline)}</title>")
        head.append(_jsonld(headline, published))
    elif kind == "wrong_jsonld":
        head.append(f"<title>{html.escape(headline)}</title>")
        head.append(_jsonld("অন্য এক খবরের শিরোনাম যা এই পাতার নয়", "2019-03-04T05:06:07Z"))
    elif kind in ("jsonld_utc", "jsonld_wrong_zone"):
        head.append(f"<title>{html.escape(headline)}</title>")
        head.append(_jsonld(headline, _rezoned(published, kind == "jsonld_utc")))
    elif kind == "suffix":
        head.append(f"<title>{html.escape(headline)} | {SITE}</title>")
        head.append(f'<meta property="og:title" content="বিশেষ: {html.escape(headline)}">')
    body = "\n".join(_block(label, text) for label, text in lines)
    page = f"<!DOCTYPE html><html><head>{''.join(head)}</head><body>\n{body}\n</body></html>"
    return page.encode(charset)


def layout_lines(name: str) -> list[tuple[str, str]]:
    """The layout's (label, text) lines; a layout with no labelled lines (a page refused as a
    whole) gives its text's lines, each a `div`."""
    truth = layout_truth(name)
    if "lines" in truth:
        return [(str(label), str(text)) for label, text in truth["lines"]]  # type: ignore[attr-defined]
    text = (LAYOUTS / f"{name}.txt").read_text(encoding="utf-8")
    return [("", line.strip()) for line in text.split("\n") if line.strip()]


def layout_html(name: str, kind: str) -> bytes:
    expected = dict(layout_truth(name).get("expected") or {})  # type: ignore[call-overload]
    headline = str(expected.get("headline") or name)
    return page_html(layout_lines(name), headline, expected.get("published_at"), kind)


# ---------------------------------------------------------------------------------------------
# WARC


def warc_record(
    uri: str,
    payload: bytes,
    *,
    content_type: str = "text/html; charset=utf-8",
    status: str = "200 OK",
    date: str = "2025-11-23T04:00:00Z",
    record_id: str | None = None,
    length_delta: int = 0,
    record_type: str = "response",
) -> bytes:
    """One WARC/1.0 record; `length_delta` makes its Content-Length wrong on purpose."""
    http = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode("ascii") + payload
    rid = record_id or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, uri + record_type)}"
    header = (
        f"WARC/1.0\r\nWARC-Type: {record_type}\r\nWARC-Record-ID: <{rid}>\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) + length_delta}\r\n\r\n"
    ).encode("ascii")
    return header + http + b"\r\n\r\n"


def gz_member(record: bytes) -> bytes:
    return gzip.compress(record, mtime=0)
