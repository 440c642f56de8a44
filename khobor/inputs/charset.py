"""An HTML page's encoding, in the HTML standard's order: a BOM, the HTTP header's charset
(a WARC record's), the document's `<meta charset>` / `http-equiv` in its first bytes, then
detection by resiliparse's `detect_encoding` (uchardet). Only Python codecs are returned."""

from __future__ import annotations

import codecs
import re
from enum import StrEnum
from typing import NamedTuple

# The HTML standard's prescan looks at the first 1024 bytes; pages with long heads put the
# meta later, so a little more is read (a regex over 4 KB costs microseconds).
PRESCAN_BYTES = 4096
_META_RE = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class CharsetSource(StrEnum):
    BOM = "bom"
    HTTP = "http"  # the Content-Type header of a WARC record's HTTP response
    META = "meta"
    DETECTED = "detected"


class Charset(NamedTuple):
    codec: str  # a Python codec name
    source: CharsetSource
    skip: int = 0  # bytes of BOM to skip


def _codec(label: str | bytes | None) -> str | None:
    """A charset label as a Python codec name; None when Python knows no such codec. Labels
    that name Latin-1 mean windows-1252 (the HTML standard's rule)."""
    if not label:
        return None
    text = label.decode("ascii", "replace") if isinstance(label, bytes) else label
    try:
        name = codecs.lookup(text.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if name in {"latin-1", "iso8859-1", "ascii"} else name


def http_charset(content_type: str | None) -> str | None:
    """The charset of an HTTP `Content-Type` value.

    >>> http_charset("text/html; charset=UTF-8")
    'utf-8'
    """
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.IGNORECASE)
    return _codec(match.group(1)) if match else None


def sniff(data: bytes, header_charset: str | None = None) -> Charset:
    """The encoding to read `data` with.

    >>> sniff(b'<meta charset="windows-1252"><p>x').codec
    'cp1252'
    >>> sniff(codecs.BOM_UTF8 + b"<p>x", "cp1252")
    Charset(codec='utf-8', source=<CharsetSource.BOM: 'bom'>, skip=3)
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Charset(codec, CharsetSource.BOM, len(bom))
    if header_charset:
        return Charset(header_charset, CharsetSource.HTTP)
    match = _META_RE.search(data[:PRESCAN_BYTES])
    declared = _codec(match.group(1)) if match else None
    # a page in UTF-16 cannot declare itself in ASCII bytes: such a meta is a lie (standard)
    if declared is not None and not declared.startswith("utf-16"):
        return Charset(declared, CharsetSource.META)
    from resiliparse.parse.encoding import detect_encoding

    return Charset(_codec(detect_encoding(data)) or "utf-8", CharsetSource.DETECTED)


def decode_html(data: bytes, charset: Charset) -> str:
    """The page's text. Bytes that are valid UTF-8 are read as UTF-8 whatever a header or
    meta declares (pages keep a template's stale `charset=iso-8859-1`; Bengali UTF-8 read as
    windows-1252 is mojibake, and real windows-1252 text is almost never valid UTF-8); else
    in the charset found, U+FFFD for bad bytes, which `khobor.text.decode` then judges.

    >>> decode_html("ক".encode(), Charset("cp1252", CharsetSource.META))
    'ক'
    """
    body = data[charset.skip :]
    if charset.source is not CharsetSource.BOM:
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return body.decode(charset.codec, errors="replace")
