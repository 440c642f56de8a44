"""Tests of khobor.text.decode: seeds, the broken-input corpus, encodings, and each check's edges."""

from __future__ import annotations

import codecs
import dataclasses
import unicodedata
from pathlib import Path

import pytest
from broken_inputs import (
    ENGLISH_PAGE,
    seed_bytes,
    seed_paths,
    write_broken_corpus,
    write_equivalent_encodings,
)
from hypothesis import given
from hypothesis import strategies as st

from khobor.contracts.records import Reason
from khobor.text.decode import Decoded, DecodeFailure, DecodeLimits, decode_page
from khobor.text.normalize import normalize_text

SEED_TEXT = seed_bytes().decode("utf-8")


def _reason(data: bytes, limits: DecodeLimits = DecodeLimits()) -> Reason | None:  # noqa: B008
    result = decode_page(data, limits)
    if isinstance(result, Decoded):
        return None
    assert result.detail and "\n" not in result.detail
    return result.reason


def _decoded(data: bytes) -> Decoded:
    result = decode_page(data)
    assert isinstance(result, Decoded), result
    return result


# --- seeds -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.name)
def test_seed_decodes_to_nfc_with_plain_spaces(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    expected = unicodedata.normalize("NFC", raw).replace("\N{NO-BREAK SPACE}", " ")
    # normalize_text also strips trailing spaces; in the seeds those come from a no-break
    # space at a line end (e.g. "।\N{NO-BREAK SPACE}").
    expected = "\n".join(line.rstrip(" ") for line in expected.split("\n"))
    decoded = _decoded(path.read_bytes())
    assert decoded.encoding == "utf-8"
    assert decoded.text == expected


def test_five_seeds() -> None:
    assert len(seed_paths()) == 5


# --- the broken corpus -------------------------------------------------------------------


@pytest.fixture(scope="module")
def broken_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Reason]]:
    directory = tmp_path_factory.mktemp("broken")
    return directory, write_broken_corpus(directory)


def test_broken_corpus_covers_every_decode_reason(
    broken_corpus: tuple[Path, dict[str, Reason]],
) -> None:
    _, expected = broken_corpus
    assert set(expected.values()) == {
        Reason.EMPTY_FILE,
        Reason.WHITESPACE_ONLY,
        Reason.TOO_LARGE,
        Reason.BINARY_CONTENT,
        Reason.NUL_BYTES,
        Reason.UNDECODABLE_ENCODING,
        Reason.MOJIBAKE,
        Reason.HTML_MARKUP,
        Reason.NOT_BENGALI,
    }
    directory, _ = broken_corpus
    assert (directory / "too_large.txt").stat().st_size >= 50 * 1024 * 1024


def test_each_broken_file_gets_its_reason(broken_corpus: tuple[Path, dict[str, Reason]]) -> None:
    directory, expected = broken_corpus
    got = {name: _reason((directory / name).read_bytes()) for name in expected}
    assert got == expected


def test_failure_details_say_where(broken_corpus: tuple[Path, dict[str, Reason]]) -> None:
    directory, _ = broken_corpus

    def detail(name: str) -> str:
        result = decode_page((directory / name).read_bytes())
        assert isinstance(result, DecodeFailure)
        return result.detail

    assert "line 5" in detail("nul_bytes.txt")
    assert "offset 41" in detail("undecodable_cp1252.txt")
    assert "line 2" in detail("undecodable_cp1252.txt")
    assert "line 1" in detail("mojibake_cp1252.txt")
    assert "max_bytes" in detail("too_large.txt")


@pytest.mark.parametrize("name", ["mojibake_cp1252.txt", "mojibake_latin1.txt"])
def test_mojibake_is_detected_not_repaired(
    broken_corpus: tuple[Path, dict[str, Reason]], name: str
) -> None:
    directory, _ = broken_corpus
    result = decode_page((directory / name).read_bytes())
    assert isinstance(result, DecodeFailure)
    assert result.reason is Reason.MOJIBAKE
    assert "à¦" in result.detail


# --- encodings -----------------------------------------------------------------------------


def test_equivalent_encodings_give_identical_text(tmp_path: Path) -> None:
    paths = write_equivalent_encodings(tmp_path, SEED_TEXT)
    assert set(paths) == {"utf-8", "utf-8-sig", "utf-16"}
    results = {name: _decoded(path.read_bytes()) for name, path in paths.items()}
    texts = {result.text for result in results.values()}
    assert len(texts) == 1
    assert results["utf-8"].encoding == "utf-8"
    assert results["utf-8-sig"].encoding == "utf-8-sig"
    assert results["utf-16"].encoding == "utf-16-le"


@pytest.mark.parametrize(
    ("bom", "codec", "encoding"),
    [
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
        (b"", "utf-16-le", "utf-16-le"),  # BOM-less UTF-16, detected by its 0x00/0x09 bytes
        (b"", "utf-16-be", "utf-16-be"),
    ],
)
def test_other_unicode_encodings(bom: bytes, codec: str, encoding: str) -> None:
    decoded = _decoded(bom + SEED_TEXT.encode(codec))
    assert decoded.encoding == encoding
    assert decoded.text == _decoded(SEED_TEXT.encode()).text


def test_crlf_page_equals_lf_page() -> None:
    assert (
        _decoded(SEED_TEXT.replace("\n", "\r\n").encode()).text == _decoded(SEED_TEXT.encode()).text
    )


def test_utf8_with_tabs_and_ascii_is_not_taken_for_utf16() -> None:
    page = "\t".join(["খবর", "a", "b"] * 50) + "\n" + SEED_TEXT
    assert _decoded(page.encode()).encoding == "utf-8"


def test_undecodable_legacy_bytes() -> None:
    assert _reason("Café “news”".encode("cp1252")) is Reason.UNDECODABLE_ENCODING
    data = SEED_TEXT.encode()
    # a Bengali letter cut after two of its three bytes, inside an otherwise good page
    assert _reason(data[:39] + b"\xe0\xa6" + data[39:]) is Reason.UNDECODABLE_ENCODING


def test_broken_utf16_after_bom() -> None:
    data = codecs.BOM_UTF16_LE + "খবর".encode("utf-16-le") + b"\x00\xd8" + b"a\x00"
    assert _reason(data) is Reason.UNDECODABLE_ENCODING


# --- one check at a time -------------------------------------------------------------------


def test_too_large_follows_the_limit() -> None:
    data = SEED_TEXT.encode()
    assert _reason(data, DecodeLimits(max_bytes=len(data) - 1)) is Reason.TOO_LARGE
    assert _reason(data, DecodeLimits(max_bytes=len(data))) is None


def test_nul_reports_first_line() -> None:
    lines = SEED_TEXT.split("\n")
    lines[9] += "\x00"
    result = decode_page("\r\n".join(lines).encode())
    assert isinstance(result, DecodeFailure)
    assert result.reason is Reason.NUL_BYTES
    assert "line 10" in result.detail


def test_few_controls_pass_many_are_binary() -> None:
    assert _reason(("\x0c" + SEED_TEXT).encode()) is None  # one form feed: fine
    noisy = "".join(ch + ("\x01" if i % 20 == 0 else "") for i, ch in enumerate(SEED_TEXT))
    assert _reason(noisy.encode()) is Reason.BINARY_CONTENT


@pytest.mark.parametrize(
    "data",
    [b" ", b"\n\r\n\t", "\ufeff".encode("utf-8-sig"), "\u200b\u00a0\n".encode()],
)
def test_whitespace_only(data: bytes) -> None:
    assert _reason(data) is Reason.WHITESPACE_ONLY


@pytest.mark.parametrize(
    "damage",
    [
        "\ufffd\ufffd\ufffd\ufffd",  # a run of replacement characters
        "Ã Â¦•Ã Â§‡",  # UTF-8 Bengali read as cp1252 twice
        "â€™ and â€œ",  # UTF-8 punctuation read as cp1252
        "à¥¤",  # the danda
    ],
)
def test_mojibake_signatures(damage: str) -> None:
    assert _reason((SEED_TEXT + damage + "\n").encode()) is Reason.MOJIBAKE


def test_a_stray_replacement_character_is_tolerated() -> None:
    assert _reason((SEED_TEXT + "\ufffd\n").encode()) is None


def test_html_fragment_without_doctype() -> None:
    lines = [f"<div class='row'><span>{line}</span></div>" for line in SEED_TEXT.split("\n")]
    assert _reason("\n".join(lines).encode()) is Reason.HTML_MARKUP
    minified = "".join(f"<p>{line}</p>" for line in SEED_TEXT.split("\n"))
    assert _reason(minified.encode()) is Reason.HTML_MARKUP


def test_text_that_mentions_markup_is_not_html() -> None:
    page = SEED_TEXT + "\nআমি তোমাকে ভালোবাসি <3\nকোডে <p> ট্যাগ লেখা হয়, আর a < b মানে ছোট।\n"
    assert _reason(page.encode()) is None


def test_not_bengali() -> None:
    assert _reason(ENGLISH_PAGE.encode()) is Reason.NOT_BENGALI
    assert _reason("১২৩ ৪৫৬ 789 !!".encode()) is Reason.NOT_BENGALI  # no letters at all
    # A Bengali page quoting English is Bengali.
    assert _reason((SEED_TEXT + ENGLISH_PAGE).encode()) is None


def test_limits_are_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DecodeLimits().max_bytes = 1  # type: ignore[misc]


@given(st.binary(max_size=300))
def test_never_raises_on_bytes(data: bytes) -> None:
    result = decode_page(data)
    assert isinstance(result, Decoded | DecodeFailure)
    if isinstance(result, Decoded):
        assert normalize_text(result.text) == result.text
    else:
        assert result.detail and "\n" not in result.detail


@given(st.text(max_size=200))
def test_never_raises_on_text(text: str) -> None:
    for codec in ("utf-8", "utf-16", "utf-32"):
        assert isinstance(decode_page(text.encode(codec, "surrogatepass")), Decoded | DecodeFailure)


# --- the fast exits of the checks change no verdict ---------------------------------------------

_CONTROLISH = st.text(
    alphabet=st.sampled_from(["ক", "a", " ", "\n", "\t", "\r", "\x00", "\x01", "\x1b", "\x7f"])
    | st.characters(),
    max_size=60,
)


@given(_CONTROLISH)
def test_a_utf8_page_without_control_bytes_has_no_control_characters(text: str) -> None:
    from khobor.text import decode

    data = text.encode("utf-8", "surrogatepass")
    if not data.translate(None, decode._NON_CONTROL_BYTES):
        assert decode._check_controls(text, DecodeLimits()) is None


@given(
    st.binary(max_size=64) | st.text(max_size=32).map(lambda t: t.encode("utf-16-le", "replace"))
)
def test_the_quick_no_of_bomless_utf16_is_the_full_tests_no(data: bytes) -> None:
    from khobor.text import decode

    limits = DecodeLimits(min_utf16_bytes=2)
    found = decode._bomless_utf16(data, limits)
    if len(data) >= 2 and len(data) % 2 == 0:
        half = len(data) // 2
        shares = [(p.count(0) + p.count(9)) / half for p in (data[0::2], data[1::2])]
        even, odd = (share >= limits.min_utf16_high_byte_share for share in shares)
        expected = "utf-16-le" if odd and not even else "utf-16-be" if even and not odd else None
        assert found == expected


def test_every_mojibake_signature_starts_with_a_literal_lead() -> None:
    """A text without any lead character cannot match a signature: the check skips it."""
    import re

    from khobor.lexicons.mojibake import MOJIBAKE_LEADS, MOJIBAKE_SIGNATURES

    for name, pattern in MOJIBAKE_SIGNATURES.items():
        assert re.escape(pattern[0]) == pattern[0] and pattern[0] in MOJIBAKE_LEADS, name
