"""Raw page bytes → normalized text, or the quarantine reason why not.

:func:`decode_page` is a pure function of the bytes and one immutable :class:`DecodeLimits`.
It never raises on bad input: every page ends as :class:`Decoded` or :class:`DecodeFailure`,
and a failure's ``detail`` says in one line what is wrong and where.

Checks, in order (the first that fires wins):

1. ``too_large``      more than ``max_bytes`` (the caller should check the file size before
                      reading; this is the backstop)
2. ``empty_file``     zero bytes
3. decoding           a BOM decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); else BOM-less UTF-16
                      when one byte parity is almost all 0x00/0x09; else strict UTF-8.
                      Not decodable → ``binary_content`` when control bytes are frequent,
                      else ``undecodable_encoding``
4. ``nul_bytes``      the text contains U+0000
5. ``binary_content`` C0 controls other than tab/LF/CR above ``max_control_share``
6. (normalize_text; later checks see normalized text, whose line numbers match the file's)
7. ``whitespace_only``
8. ``mojibake``       signatures of a wrong decoding upstream; detected, never repaired
9. ``html_markup``    the page is markup, not copied text
10. ``not_bengali``   too few of the letters are Bengali
11. ``other_language`` Bengali script, but another language: Assamese (its letters ৰ/ৱ, its
                      words, a language identifier; ``khobor.text.language``)
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from khobor.contracts.records import Reason
from khobor.lexicons.mojibake import (
    MOJIBAKE_LEADS,
    MOJIBAKE_RE,
    REPLACEMENT_CHARACTER,
    REPLACEMENT_RUN_RE,
)
from khobor.text.language import (
    DEFAULT_LIMITS,
    LanguageLimits,
    has_assamese_signs,
    language_failure,
)
from khobor.text.normalize import bengali_letter_share, normalize_text

__all__ = ["DecodeFailure", "DecodeLimits", "Decoded", "decode_page"]


@dataclass(frozen=True, slots=True)
class DecodeLimits:
    """Thresholds of :func:`decode_page`, one immutable config."""

    # Largest page accepted. News pages are 5–50 kB of text; 10 MB is a dump or a mistake.
    max_bytes: int = 10 * 1024 * 1024
    # Share of control characters (C0 other than tab/LF/CR, and DEL) above which bytes or text
    # are binary. Copied text has none; 1% leaves room for a few stray form feeds.
    max_control_share: float = 0.01
    # Share of all letters that must be Bengali. Bengali pages quote English names and
    # agencies (Reuters, AFP) but stay well above a third Bengali.
    min_bengali_letter_share: float = 0.3
    # BOM-less UTF-16: share of one byte parity that must be 0x00 (ASCII) or 0x09 (Bengali
    # block U+09xx). UTF-8 Bengali has almost no such bytes, so 90% is a confident call.
    min_utf16_high_byte_share: float = 0.9
    # Below this many bytes a parity share is noise; such a page is read as UTF-8.
    min_utf16_bytes: int = 8
    # Mojibake signature hits tolerated (see khobor.lexicons.mojibake). Zero: a single "à¦" is
    # already proof that the page went through a wrong codec.
    max_mojibake_sequences: int = 0
    # U+FFFD replacement characters tolerated: one or two are a lost emoji; more means text
    # was replaced by a decoder upstream.
    max_replacement_chars: int = 2
    # HTML: at least this many tags, so a body that quotes "<p>" or writes "<3" is not markup.
    min_html_tags: int = 5
    # ... and tags on at least this share of non-blank lines (markup with one tag per line) ...
    min_html_line_share: float = 0.3
    # ... or tags making up at least this share of the non-space characters (minified markup).
    min_html_char_share: float = 0.2
    # Bengali, not Assamese: the thresholds of `khobor.text.language`.
    language: LanguageLimits = DEFAULT_LIMITS


@dataclass(frozen=True, slots=True)
class Decoded:
    """A page's text, normalized (khobor.text.normalize.normalize_text, "\\n" line ends)."""

    text: str
    # codec that decoded the bytes: "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be",
    # "utf-32-le", "utf-32-be" (UTF-16/32 with or without a BOM give the same name)
    encoding: str


@dataclass(frozen=True, slots=True)
class DecodeFailure:
    """Why a page's bytes cannot become text: a quarantine reason and one human line."""

    reason: Reason
    detail: str


# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE BOM.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control bytes / characters that do not occur in copied text: C0 minus tab, LF and CR, and
# DEL. NUL is included for the byte-level binary test (undecodable bytes), and checked on its
# own (nul_bytes) once the bytes decode. C1 controls are not counted: latin-1 mojibake is full
# of them, and it should be reported as mojibake, not binary.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_NON_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_UTF8 = frozenset(("utf-8", "utf-8-sig"))
_CONTROL_CHAR_RE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")

# An HTML tag, comment or doctype: "<" directly followed by a letter, "/", or "!". So "<3",
# "a < b" and "<১০>" are not tags.
_HTML_TAG_RE = re.compile(
    r"<(?:"
    r"[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?"  # <p>, <div class="x">, <br/>
    r"|/[A-Za-z][A-Za-z0-9-]*\s*"  # </p>
    r"|!--.*?--"  # <!-- comment -->
    r"|![A-Za-z][^<>]*"  # <!DOCTYPE html>
    r")>"
)
# One match per line that holds a tag (the match ends at the line's first tag; "^" cannot
# match again on the same line), so counting matches counts lines.
_HTML_LINE_RE = re.compile(r"^[^\n]*?" + _HTML_TAG_RE.pattern, re.MULTILINE)
# A document that starts as HTML is HTML, whatever its counts.
_HTML_START_RE = re.compile(r"\s*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
_NON_BLANK_LINE_RE = re.compile(r"^[ \t]*\S", re.MULTILINE)
_WHITESPACE_RE = re.compile(r"\s+")


def decode_page(data: bytes, limits: DecodeLimits = DecodeLimits()) -> Decoded | DecodeFailure:
    """Decode and normalize a raw page, or say why it cannot become text.

    >>> decode_page("খবর\\r\\n".encode("utf-8"))
    Decoded(text='খবর\\n', encoding='utf-8')
    >>> decode_page(b"").reason
    <Reason.EMPTY_FILE: 'empty_file'>
    >>> decode_page("\\ufeffখবর\\n".encode("utf-16-le")).text
    'খবর\\n'
    >>> decode_page(b"Only English here.").reason
    <Reason.NOT_BENGALI: 'not_bengali'>
    """
    size = len(data)
    if size > limits.max_bytes:
        return DecodeFailure(
            Reason.TOO_LARGE, f"{size} bytes, more than max_bytes={limits.max_bytes}"
        )
    if size == 0:
        return DecodeFailure(Reason.EMPTY_FILE, "0 bytes")

    raw = _decode_bytes(data, limits)
    if isinstance(raw, DecodeFailure):
        return raw
    text, encoding = raw

    # UTF-8 writes a control character as its own byte and no other character with one: a
    # page without control bytes (one C-level pass) has no control characters to look for
    if encoding not in _UTF8 or data.translate(None, _NON_CONTROL_BYTES):
        failure = _check_controls(text, limits)
        if failure is not None:
            return failure

    text = normalize_text(text)
    for check in _TEXT_CHECKS:
        failure = check(text, limits)
        if failure is not None:
            return failure
    return Decoded(text=text, encoding=encoding)


def _decode_bytes(data: bytes, limits: DecodeLimits) -> tuple[str, str] | DecodeFailure:
    """Decode by BOM, confident BOM-less UTF-16, or strict UTF-8; never guess an 8-bit codec.

    Bengali text exists in practice only in UTF-8, UTF-16 and UTF-32. The legacy 8-bit
    "Bengali" encodings (Bijoy / SutonnyMJ and other font hacks) put Bengali glyphs on ASCII
    and latin-1 code points: such a page either decodes as UTF-8 gibberish Latin (and ends as
    not_bengali) or does not decode at all. Guessing cp1252 or latin-1 for undecodable bytes
    would turn every such page into plausible-looking garbage, so undecodable bytes are
    quarantined instead.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding, f"after a {encoding} BOM")

    utf16 = _bomless_utf16(data, limits)
    if utf16 is not None:
        decoded = _strict(data, utf16, "without a BOM")
        if not isinstance(decoded, DecodeFailure):
            return decoded
        # Confident but invalid UTF-16 (a lone surrogate): judge the bytes as UTF-8 below.

    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        line = data.count(b"\n", 0, error.start) + 1
        control_share = len(data.translate(None, _NON_CONTROL_BYTES)) / len(data)
        if control_share > limits.max_control_share:
            return DecodeFailure(
                Reason.BINARY_CONTENT,
                f"not text: {control_share:.1%} control bytes (max "
                f"{limits.max_control_share:.1%}), invalid UTF-8 from byte {error.start} "
                f"(line {line}, 0x{bad})",
            )
        return DecodeFailure(
            Reason.UNDECODABLE_ENCODING,
            f"not UTF-8/16/32: invalid byte 0x{bad} at offset {error.start} (line {line}), "
            f"no BOM; re-save the page as UTF-8",
        )


def _strict(data: bytes, encoding: str, how: str) -> tuple[str, str] | DecodeFailure:
    codec = "utf-8" if encoding == "utf-8-sig" else encoding  # the BOM is already cut off
    try:
        return data.decode(codec), encoding
    except UnicodeDecodeError as error:
        return DecodeFailure(
            Reason.UNDECODABLE_ENCODING,
            f"invalid {encoding} {how}: byte offset {error.start} ({error.reason})",
        )


def _bomless_utf16(data: bytes, limits: DecodeLimits) -> str | None:
    """Return "utf-16-le"/"utf-16-be" when one byte parity is (almost) all 0x00/0x09.

    ASCII in UTF-16 has a 0x00 high byte and Bengali (U+0980–U+09FF) a 0x09 one; UTF-8 text
    has few of either. When both parities qualify (a file of NULs), it is not UTF-16.
    """
    size = len(data)
    if size < limits.min_utf16_bytes or size % 2:
        return None
    half = size // 2
    if data.count(0) + data.count(9) < limits.min_utf16_high_byte_share * half:
        return None  # not enough such bytes in all for either parity (most pages: none)
    shares = [(parity.count(0) + parity.count(9)) / half for parity in (data[0::2], data[1::2])]
    even, odd = (share >= limits.min_utf16_high_byte_share for share in shares)
    if odd and not even:
        return "utf-16-le"
    if even and not odd:
        return "utf-16-be"
    return None


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _check_controls(text: str, limits: DecodeLimits) -> DecodeFailure | None:
    """NUL anywhere → nul_bytes; other controls in quantity → binary_content (raw decoded text)."""
    first_nul = text.find("\x00")
    if first_nul >= 0:
        # Count lines as the normalized text will (CR, CRLF and the rest are line ends too).
        line = normalize_text(text[:first_nul]).count("\n") + 1
        return DecodeFailure(
            Reason.NUL_BYTES,
            f"{text.count(chr(0))} NUL characters, the first at line {line} "
            f"(character {first_nul})",
        )
    controls = _CONTROL_CHAR_RE.findall(text)
    if controls and len(controls) / len(text) > limits.max_control_share:
        first = _CONTROL_CHAR_RE.search(text)
        where = f" (first {ord(controls[0]):#04x} at character {first.start()})" if first else ""
        return DecodeFailure(
            Reason.BINARY_CONTENT,
            f"{len(controls)} control characters, {len(controls) / len(text):.1%} of the text "
            f"(max {limits.max_control_share:.1%}){where}",
        )
    return None


def _check_whitespace(text: str, limits: DecodeLimits) -> DecodeFailure | None:
    if text.strip():
        return None
    return DecodeFailure(
        Reason.WHITESPACE_ONLY,
        f"no visible character in {text.count(chr(10)) + 1} lines (only spaces, line breaks "
        "or invisible characters)",
    )


def _check_mojibake(text: str, limits: DecodeLimits) -> DecodeFailure | None:
    hits = MOJIBAKE_RE.findall(text) if any(c in text for c in MOJIBAKE_LEADS) else []
    if len(hits) > limits.max_mojibake_sequences:
        first = MOJIBAKE_RE.search(text)
        line = _line_of(text, first.start()) if first else 0
        return DecodeFailure(
            Reason.MOJIBAKE,
            f"{len(hits)} mojibake sequences (UTF-8 read as cp1252/latin-1), the first "
            f"{hits[0]!r} at line {line}",
        )
    replacements = text.count(REPLACEMENT_CHARACTER)
    if replacements > limits.max_replacement_chars:
        runs = REPLACEMENT_RUN_RE.findall(text)
        first_at = text.index(REPLACEMENT_CHARACTER)
        return DecodeFailure(
            Reason.MOJIBAKE,
            f"{replacements} U+FFFD replacement characters in {len(runs)} runs (longest "
            f"{max(map(len, runs))}, max {limits.max_replacement_chars} in all), the first at "
            f"line {_line_of(text, first_at)}",
        )
    return None


def _check_html(text: str, limits: DecodeLimits) -> DecodeFailure | None:
    if "<" not in text:
        return None
    if _HTML_START_RE.match(text):
        return DecodeFailure(
            Reason.HTML_MARKUP, "an HTML document: starts with a doctype or <html>"
        )
    tags = _HTML_TAG_RE.findall(text)
    if len(tags) < limits.min_html_tags:
        return None
    tag_lines = len(_HTML_LINE_RE.findall(text))
    non_blank_lines = len(_NON_BLANK_LINE_RE.findall(text))
    line_share = tag_lines / non_blank_lines if non_blank_lines else 0.0
    non_space = len(text) - sum(map(len, _WHITESPACE_RE.findall(text)))
    tag_chars = len(_WHITESPACE_RE.sub("", "".join(tags)))
    char_share = tag_chars / non_space if non_space else 0.0
    if line_share < limits.min_html_line_share and char_share < limits.min_html_char_share:
        return None
    first = _HTML_TAG_RE.search(text)
    where = ""
    if first is not None:
        where = f", the first {first.group()[:40]!r} at line {_line_of(text, first.start())}"
    return DecodeFailure(
        Reason.HTML_MARKUP,
        f"HTML markup: {len(tags)} tags on {tag_lines} of {non_blank_lines} non-blank lines "
        f"({line_share:.0%}), {char_share:.0%} of the characters{where}",
    )


def _check_bengali(text: str, limits: DecodeLimits) -> DecodeFailure | None:
    share = bengali_letter_share(text)
    if share >= limits.min_bengali_letter_share:
        return None
    if share == 0.0 and not any(map(str.isalpha, text)):
        return DecodeFailure(Reason.NOT_BENGALI, "no letters at all (digits and symbols only)")
    return DecodeFailure(
        Reason.NOT_BENGALI,
        f"{share:.0%} of the letters are Bengali script, less than "
        f"min_bengali_letter_share={limits.min_bengali_letter_share:.0%}",
    )


def _check_language(text: str, limits: DecodeLimits) -> DecodeFailure | None:
    if not has_assamese_signs(text):  # two substring searches: most pages stop here
        return None
    detail = language_failure(text, limits.language)
    return None if detail is None else DecodeFailure(Reason.OTHER_LANGUAGE, detail)


# Checks on normalized text, in order; the first failure wins.
_TEXT_CHECKS = (_check_whitespace, _check_mojibake, _check_html, _check_bengali, _check_language)
