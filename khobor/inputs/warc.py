"""WARC archives (`*.warc`, `*.warc.gz`): their records listed, then read one at a time.

Listing (`list_members`) streams the archive once and keeps each record's offset and length
only, never a payload: a `.warc.gz` is a gzip member a record (the WARC standard's advice,
what every crawler writes), so a member's bytes are a record; a `.warc` is cut at each
record's `Content-Length` and checked for the `CRLF CRLF` that must follow it. What cannot
be read as a record (a truncated member, bytes that are no gzip or WARC, a block longer or
shorter than its `Content-Length`) is listed too, as far as the next readable record: an
input of its own that `read_member` quarantines, so one bad record never costs the others
and every byte of the archive is in some input. Only `response` records (and bad stretches)
are inputs; `warcinfo`, `request`, `metadata` … records are not pages.

Reading (`read_member`) seeks to one record, inflates at most the page limit, checks its
length, parses its HTTP response and returns the HTML payload or a `WarcFault`."""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO, NamedTuple

import brotli

from khobor.inputs.charset import http_charset

GZIP_MAGIC = b"\x1f\x8b\x08"
READ_CHUNK = 1 << 16
FIRST_READ = 1 << 12  # a member's first read: its header inflates even if the member is cut
HEADER_MAX = 1 << 16  # a WARC or HTTP header block longer than this is no header
WARC_START = b"WARC/1."
HTML_TYPES = ("text/html", "application/xhtml+xml")
# Served without a type worth the name: the payload itself is sniffed (`sniffs_as_html`).
UNKNOWN_TYPES = ("", "application/octet-stream", "unknown/unknown", "application/unknown", "*/*")
SNIFF_BYTES = 1445  # the WHATWG standard's resource header: how much of a payload is sniffed
SNIFFED_HTML_TAGS = tuple(
    b"<" + tag
    for tag in (
        b"!doctype html", b"html", b"head", b"script", b"iframe", b"h1", b"div", b"font",
        b"table", b"a", b"style", b"title", b"b", b"body", b"br", b"p", b"!--",
    )
)  # fmt: skip
ZLIB_WBITS = {"gzip": 31, "x-gzip": 31, "deflate": 15}
_HEADER_END = b"\r\n\r\n"


class WarcFault(StrEnum):
    """Why a WARC record is no page (the quarantine reason codes of
    `khobor.contracts.records.Reason`)."""

    TRUNCATED = "warc_truncated"  # a gzip member (or the archive) ends inside the record
    BAD_RECORD = "warc_bad_record"  # no gzip member / WARC header where a record should start
    CONTENT_LENGTH = "warc_content_length"  # the block is not as long as `Content-Length`
    NOT_HTML = "warc_not_html"  # the response's payload is not an HTML page
    NO_RESPONSES = "warc_no_responses"  # an archive with no response record: no page at all
    HTTP_STATUS = "warc_http_status"  # not a 200 response (a redirect, an error page)


@dataclass(frozen=True, slots=True)
class Member:
    """A record's place in its archive (or a stretch of bytes that is not one)."""

    offset: int
    length: int
    record_id: str | None  # `WARC-Record-ID` without its angle brackets, when readable


class WarcPage(NamedTuple):
    html: bytes  # the HTTP response's payload, decoded from its transfer/content encodings
    url: str | None  # WARC-Target-URI
    captured: datetime | None  # WARC-Date (UTC)
    charset: str | None  # the HTTP Content-Type's charset
    record_id: str | None


class Fault(NamedTuple):
    code: WarcFault
    detail: str


def is_gzipped(path: Path | str) -> bool:
    return str(path).lower().endswith(".gz")


# ---------------------------------------------------------------------------------------------
# headers


def parse_headers(block: bytes) -> tuple[str, dict[str, str]]:
    """A header block's first line and its fields (names lower-cased; a repeated field keeps
    its first value).

    >>> parse_headers(b"WARC/1.0\\r\\nWARC-Type: response\\r\\nContent-Length: 5")
    ('WARC/1.0', {'warc-type': 'response', 'content-length': '5'})
    """
    lines = block.decode("latin-1").split("\r\n" if b"\r\n" in block else "\n")
    fields: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon:
            fields.setdefault(name.strip().lower(), value.strip())
    return lines[0].strip(), fields


def _split_head(data: bytes) -> tuple[bytes, bytes] | None:
    """(header block, rest) at the first blank line, None without one in `HEADER_MAX`."""
    for end in (_HEADER_END, b"\n\n"):
        at = data.find(end, 0, HEADER_MAX)
        if at >= 0:
            return data[:at], data[at + len(end) :]
    return None


def record_id(fields: dict[str, str]) -> str | None:
    value = fields.get("warc-record-id", "").strip("<> ")
    return value or None


# ---------------------------------------------------------------------------------------------
# listing


def list_members(path: Path) -> Iterator[Member]:
    """The archive's response records and unreadable stretches, in order; one pass, one
    record's header (at most `HEADER_MAX` inflated bytes) in memory at a time."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        scan = _scan_gzip if is_gzipped(path) else _scan_plain
        yield from scan(handle, size)


def _scan_gzip(handle: BinaryIO, size: int) -> Iterator[Member]:
    position, bad = 0, None
    while position < size:
        end, head = _inflate_member(handle, position)
        if end is None:  # no member here: a bad stretch until the next member that inflates
            if bad is None:
                bad = Member(position, 0, _head_id(head))
            position = _next_magic(handle, position + 1, size)
            continue
        if bad is not None:
            yield Member(bad.offset, position - bad.offset, bad.record_id)
            bad = None
        is_input, rid = _listed(head)
        if is_input:
            yield Member(position, end - position, rid)
        position = end
    if bad is not None:
        yield Member(bad.offset, size - bad.offset, bad.record_id)


def _inflate_member(handle: BinaryIO, offset: int) -> tuple[int | None, bytes]:
    """The end offset of the gzip member at `offset` (None when none ends there: not gzip,
    corrupt or truncated) and its first inflated bytes."""
    handle.seek(offset)
    inflater = zlib.decompressobj(31)
    head, consumed, want = b"", 0, FIRST_READ
    try:
        while not inflater.eof:
            chunk = handle.read(want)
            want = READ_CHUNK
            if not chunk:
                return None, head
            consumed += len(chunk)
            out = inflater.decompress(chunk)
            if len(head) < HEADER_MAX:
                head += out[: HEADER_MAX - len(head)]
    except zlib.error:
        return None, head
    return offset + consumed - len(inflater.unused_data), head


def _next_magic(handle: BinaryIO, start: int, size: int) -> int:
    """The offset of the next gzip magic at or after `start` (`size` when none)."""
    position = start
    while position < size:
        handle.seek(position)
        chunk = handle.read(READ_CHUNK + len(GZIP_MAGIC))
        at = chunk.find(GZIP_MAGIC)
        if at >= 0:
            return position + at
        position += READ_CHUNK
    return size


def _head_id(head: bytes) -> str | None:
    head = head.lstrip(b"\r\n")
    split = _split_head(head)
    if split is None or not head.startswith(WARC_START):
        return None
    return record_id(parse_headers(split[0])[1])


def _listed(head: bytes) -> tuple[bool, str | None]:
    """Whether the record is an input (a `response`, or no readable record: `read_member`
    says why), and its id."""
    split = _split_head(head)
    if split is None or not head.startswith(WARC_START):
        return True, None
    fields = parse_headers(split[0])[1]
    return fields.get("warc-type", "").lower() == "response", record_id(fields)


def _scan_plain(handle: BinaryIO, size: int) -> Iterator[Member]:
    position, bad = 0, None
    while position < size:
        handle.seek(position)
        head = handle.read(HEADER_MAX)
        if not head.strip(b"\r\n"):
            break  # trailing blank lines
        end = _plain_end(head, position, handle, size)
        if end is None:
            if bad is None:
                bad = Member(position, 0, _head_id(head))
            position = _next_warc(handle, position + 1, size)
            continue
        if bad is not None:
            yield Member(bad.offset, position - bad.offset, bad.record_id)
            bad = None
        is_input, rid = _listed(head.lstrip(b"\r\n"))
        if is_input:
            yield Member(position, end - position, rid)
        position = end
    if bad is not None:
        yield Member(bad.offset, size - bad.offset, bad.record_id)


def _plain_end(head: bytes, position: int, handle: BinaryIO, size: int) -> int | None:
    """Where the plain record at `position` ends (after its CRLF CRLF), None when it is not
    a record whose `Content-Length` leads to that separator."""
    stripped = head.lstrip(b"\r\n")
    lead = len(head) - len(stripped)
    split = _split_head(stripped)
    if split is None or not stripped.startswith(WARC_START):
        return None
    length = _content_length(parse_headers(split[0])[1])
    if length is None:
        return None
    block_start = position + lead + len(stripped) - len(split[1])
    end = block_start + length
    if end + 4 > size:
        return None
    handle.seek(end)
    return end + 4 if handle.read(4) == _HEADER_END else None


def _next_warc(handle: BinaryIO, start: int, size: int) -> int:
    """The offset of the next `WARC/1.` (`size` when none): where a record may start. Not
    only at a line's start: a cut record runs straight into the next one. A false start (the
    words inside a payload) fails `_plain_end` and the search goes on."""
    position = start
    while position < size:
        handle.seek(position)
        chunk = handle.read(READ_CHUNK + len(WARC_START))
        at = chunk.find(WARC_START)
        if at >= 0:
            return position + at
        position += READ_CHUNK
    return size


def _content_length(fields: dict[str, str]) -> int | None:
    value = fields.get("content-length", "")
    return int(value) if value.isdigit() else None


# ---------------------------------------------------------------------------------------------
# reading one record


def read_member(path: Path, offset: int, length: int, max_bytes: int) -> WarcPage | Fault:
    """The record at `offset` (`length` bytes in the archive): its HTML page or why not. At
    most `max_bytes` are inflated (a bigger record is quarantined as the page limit says)."""
    with path.open("rb") as handle:
        handle.seek(offset)
        raw = handle.read(min(length, max_bytes + 1) if not is_gzipped(path) else length)
    if is_gzipped(path):
        inflated = _inflate(raw, max_bytes)
        if isinstance(inflated, Fault):
            return inflated
        raw = inflated
    return parse_record(raw.lstrip(b"\r\n"), max_bytes)


def _inflate(raw: bytes, max_bytes: int) -> bytes | Fault:
    if not raw.startswith(GZIP_MAGIC):
        return Fault(WarcFault.BAD_RECORD, "not a gzip member where a record should start")
    inflater = zlib.decompressobj(31)
    try:
        out = inflater.decompress(raw, max_bytes + 1)
    except zlib.error as error:
        return Fault(WarcFault.TRUNCATED, f"the gzip member is corrupt ({error})")
    if len(out) > max_bytes:
        return Fault(WarcFault.TRUNCATED, f"over {max_bytes} bytes inflated; not read further")
    if not inflater.eof:
        return Fault(
            WarcFault.TRUNCATED, f"the gzip member ends after {len(raw)} bytes, unfinished"
        )
    return out


def parse_record(data: bytes, max_bytes: int) -> WarcPage | Fault:
    """A WARC record's bytes (header, block, CRLF CRLF) → its HTML page or why not; a payload
    that decodes to more than `max_bytes` is not read further."""
    split = _split_head(data)
    if split is None or not data.startswith(WARC_START):
        return Fault(WarcFault.BAD_RECORD, "no WARC header where a record should start")
    _, fields = parse_headers(split[0])
    rid = record_id(fields)
    length = _content_length(fields)
    block = split[1]
    if length is None:
        return Fault(WarcFault.CONTENT_LENGTH, f"record {rid}: no Content-Length")
    if len(block) < length or block[length:].strip(b"\r\n"):
        return Fault(
            WarcFault.CONTENT_LENGTH,
            f"record {rid}: Content-Length says {length} bytes, the block has "
            f"{len(block) - len(_trailer(block))}",
        )
    return _http_page(block[:length], fields, rid, max_bytes)


def _trailer(block: bytes) -> bytes:
    return block[len(block.rstrip(b"\r\n")) :]


def _http_page(
    block: bytes, fields: dict[str, str], rid: str | None, max_bytes: int
) -> WarcPage | Fault:
    split = _split_head(block)
    if split is None or not block.startswith(b"HTTP/"):
        return Fault(WarcFault.NOT_HTML, f"record {rid}: the block is no HTTP response")
    status_line, http = parse_headers(split[0])
    status = status_line.split(" ")[1] if " " in status_line else ""
    if status != "200":
        return Fault(WarcFault.HTTP_STATUS, f"record {rid}: HTTP status {status or '?'}")
    content_type = http.get("content-type", "")
    declared = content_type.split(";", 1)[0].strip().lower()
    if declared not in HTML_TYPES and declared not in UNKNOWN_TYPES:
        return Fault(WarcFault.NOT_HTML, f"record {rid}: Content-Type {content_type}")
    payload = _decoded_payload(split[1], http, max_bytes)
    if isinstance(payload, Fault):
        return payload
    if declared in UNKNOWN_TYPES and not sniffs_as_html(payload):
        return Fault(
            WarcFault.NOT_HTML,
            f"record {rid}: Content-Type {content_type or 'none'}, and the payload does not "
            "open as HTML",
        )
    return WarcPage(
        payload,
        fields.get("warc-target-uri") or None,
        _warc_date(fields),
        http_charset(content_type),
        rid,
    )


def _decoded_payload(payload: bytes, http: dict[str, str], max_bytes: int) -> bytes | Fault:
    if "chunked" in http.get("transfer-encoding", "").lower():
        payload = _dechunk(payload)
    encoding = http.get("content-encoding", "identity").strip().lower()
    if encoding in {"", "identity"}:
        return payload
    try:
        if encoding == "br":
            out = brotli.Decompressor().process(payload, output_buffer_limit=max_bytes + 1)
        elif encoding in ZLIB_WBITS:
            out = zlib.decompressobj(ZLIB_WBITS[encoding]).decompress(payload, max_bytes + 1)
        else:
            return Fault(WarcFault.NOT_HTML, f"payload in an unread Content-Encoding {encoding}")
    except (zlib.error, brotli.error) as error:
        return Fault(WarcFault.NOT_HTML, f"the {encoding} payload does not decode ({error})")
    if len(out) > max_bytes:
        return Fault(
            WarcFault.TRUNCATED, f"the {encoding} payload decodes to over {max_bytes} bytes"
        )
    return out


def sniffs_as_html(payload: bytes) -> bool:
    """Whether a payload served without a usable Content-Type opens as HTML: after a BOM and
    white space, one of the tags of the WHATWG MIME Sniffing standard's HTML pattern, ended by
    a space or ">" (its rule for a resource of unknown type).

    >>> sniffs_as_html(b"\\n <!DOCTYPE html><html>"), sniffs_as_html(b"<?xml version='1.0'?>")
    (True, False)
    """
    head = payload[:SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\n\r\x0c").lower()
    return any(
        head.startswith(tag) and head[len(tag) : len(tag) + 1] in (b" ", b">")
        for tag in SNIFFED_HTML_TAGS
    )


def _dechunk(payload: bytes) -> bytes:
    out, position = [], 0
    while position < len(payload):
        line_end = payload.find(b"\r\n", position)
        if line_end < 0:
            break
        size_text = payload[position:line_end].split(b";")[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            break
        if size == 0:
            break
        out.append(payload[line_end + 2 : line_end + 2 + size])
        position = line_end + 2 + size + 2
    return b"".join(out)


_DATE_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$")


def _warc_date(fields: dict[str, str]) -> datetime | None:
    value = fields.get("warc-date", "")
    if not _DATE_RE.match(value):
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
