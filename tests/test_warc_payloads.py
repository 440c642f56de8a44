"""Issue 25: a WARC response's payload as crawlers store it — compressed with brotli, gzip or
deflate, served without a Content-Type — and records that are no page (`revisit`)."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import brotli
import pytest
from hypothesis import given
from hypothesis import strategies as st

from khobor.inputs.warc import (
    SNIFFED_HTML_TAGS,
    WarcFault,
    WarcPage,
    parse_record,
    sniffs_as_html,
)
from khobor.pages.extract import ExtractContext, extract_file, iter_inputs, to_json
from tests.inputs.zoo import gz_member, layout_html, warc_record

MAX = 10 << 20  # the page limit the reader is given
PAGE = b"<!DOCTYPE html><html><head><title>t</title></head><body><p>x</p></body></html>"
ENCODERS = {
    "br": brotli.compress,
    "gzip": lambda data: gzip.compress(data, mtime=0),
    "deflate": zlib.compress,
}


def _record(payload: bytes, http_headers: dict[str, str], record_type: str = "response") -> bytes:
    """One WARC/1.0 record whose HTTP response has exactly `http_headers`."""
    head = "".join(f"{name}: {value}\r\n" for name, value in http_headers.items())
    http = f"HTTP/1.1 200 OK\r\n{head}\r\n".encode("ascii") + payload
    header = (
        f"WARC/1.0\r\nWARC-Type: {record_type}\r\nWARC-Record-ID: <urn:uuid:{len(http)}>\r\n"
        "WARC-Target-URI: https://x.example/a\r\nWARC-Date: 2025-11-23T04:00:00Z\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode("ascii")
    return header + http + b"\r\n\r\n"


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_a_compressed_payload_is_decoded(encoding: str) -> None:
    headers = {"Content-Type": "text/html", "Content-Encoding": encoding}
    page = parse_record(_record(ENCODERS[encoding](PAGE), headers), MAX)
    assert isinstance(page, WarcPage), page
    assert page.html == PAGE


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_a_payload_that_does_not_decode_is_not_html(encoding: str) -> None:
    headers = {"Content-Type": "text/html", "Content-Encoding": encoding}
    fault = parse_record(_record(b"\x00not compressed at all", headers), MAX)
    assert not isinstance(fault, WarcPage)
    assert fault.code is WarcFault.NOT_HTML and encoding in fault.detail


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_a_payload_that_decodes_past_the_limit_is_not_read_further(encoding: str) -> None:
    bomb = ENCODERS[encoding](b"<html>" + b" " * 200_000)
    headers = {"Content-Type": "text/html", "Content-Encoding": encoding}
    fault = parse_record(_record(bomb, headers), max_bytes=50_000)
    assert not isinstance(fault, WarcPage)
    assert fault.code is WarcFault.TRUNCATED


@pytest.mark.parametrize("content_type", [None, "application/octet-stream", "*/*"])
def test_a_page_served_without_a_type_is_sniffed(content_type: str | None) -> None:
    headers = {} if content_type is None else {"Content-Type": content_type}
    page = parse_record(_record(b"\xef\xbb\xbf\n  " + PAGE, headers), MAX)
    assert isinstance(page, WarcPage), page
    pdf = parse_record(_record(b"%PDF-1.7 binary", headers), MAX)
    assert not isinstance(pdf, WarcPage)
    assert pdf.code is WarcFault.NOT_HTML and "does not open as HTML" in pdf.detail


def test_a_declared_other_type_is_not_sniffed() -> None:
    fault = parse_record(_record(PAGE, {"Content-Type": "application/json"}), MAX)
    assert not isinstance(fault, WarcPage)
    assert fault.code is WarcFault.NOT_HTML


@given(st.sampled_from(SNIFFED_HTML_TAGS), st.sampled_from([b" ", b">"]), st.binary(max_size=64))
def test_every_sniffed_tag_opens_html_whatever_follows(tag: bytes, end: bytes, rest: bytes) -> None:
    assert sniffs_as_html(b" \n" + tag.upper() + end + rest)
    assert not sniffs_as_html(tag + b"x" + rest)  # "<bx", "<px": no tag of the pattern


@given(st.binary(max_size=256))
def test_sniffing_never_raises_and_needs_a_tag(data: bytes) -> None:
    assert sniffs_as_html(data) == any(
        data.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\n\r\x0c").lower().startswith(t + e)
        for t in SNIFFED_HTML_TAGS
        for e in (b" ", b">")
    )


def test_a_revisit_record_is_no_page_and_costs_no_other(tmp_path: Path) -> None:
    page = layout_html("a_nav_kicker_standfirst", "bare")
    archive = tmp_path / "r.warc.gz"
    archive.write_bytes(
        gz_member(warc_record("https://x.example/1", page))
        + gz_member(_record(b"", {"Content-Type": "text/html"}, record_type="revisit"))
        + gz_member(_record(brotli.compress(page), {"Content-Encoding": "br"}))
    )
    results = [to_json(extract_file(item, ExtractContext())) for item in iter_inputs([archive])]
    assert len(results) == 2  # the revisit repeats an earlier capture: not an input
    assert all("quarantine_reason" not in r for r in results), results
    assert results[0]["body"] == results[1]["body"]  # the brotli page, sniffed, reads the same
