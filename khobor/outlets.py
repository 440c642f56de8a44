"""Which outlet a page is from: `sources.csv` when it lists the page, else a printed signature.

Null when it cannot be told, never guessed: two different signatures on one page give null too.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from khobor.lexicons.outlets import OUTLET_SIGNATURES, SELF_NAMING_LABELS
from khobor.urls import is_outlet_slug, url_problem

SOURCES_FILE = "sources.csv"
_SLUG_BY_NAME = {name: slug for slug, names in OUTLET_SIGNATURES.items() for name in names}
_SIGNATURE_RE = re.compile(
    "|".join(re.escape(n) for n in sorted(_SLUG_BY_NAME, key=len, reverse=True))
)
_GENERIC_HOST_PARTS = frozenset({"www", "m", "amp", "mobile", "en", "bangla", "epaper"})
_SECOND_LEVEL = frozenset({"com", "net", "org", "co", "gov", "edu", "ac"})


def slug_from_url(url: str) -> str | None:
    """Outlet slug of a page URL: its registered domain without the TLD.

    >>> slug_from_url("https://www.kalbela.com/world/asia/123")
    'kalbela'
    >>> slug_from_url("https://bangla.bdnews24.com/x")
    'bdnews24'
    >>> slug_from_url("https://www.prothomalo.com.bd/")
    'prothomalo'
    >>> slug_from_url("not a url") is None
    True
    """
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:  # "http://[::1": not a URL
        return None
    if not host or "." not in host:
        return None
    parts = [p for p in host.lower().split(".") if p not in _GENERIC_HOST_PARTS]
    if len(parts) > 1:
        parts.pop()  # the top-level domain
    while len(parts) > 1 and parts[-1] in _SECOND_LEVEL:
        parts.pop()
    return parts[-1] if parts else None


class SourcesError(ValueError):
    """`sources.csv` cannot be used; one line naming the file and its bad lines."""


MAX_SOURCES_BYTES = 64 * 1024 * 1024  # a listing of a million pages is ~100 MB less than this
_BOM_CODECS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SHOWN_PROBLEMS = 3  # bad lines named in the message


def load_sources(raw_root: Path) -> dict[str, str]:
    """`source -> url` from `raw_root/sources.csv` (header `source,url`, more columns allowed);
    empty when absent. UTF-8 (a BOM is read, UTF-16/32 with a BOM too). A wrong header, a row
    without both values, a URL without a host, or a source listed twice is an error naming
    the lines (`SourcesError`): a listing that is half read would give pages the wrong
    outlet without a word."""
    path = raw_root / SOURCES_FILE
    if not path.is_file():
        return {}
    rows = csv.reader(io.StringIO(_sources_text(path), newline=""))
    try:
        header = [name.strip() for name in next(rows, [])]
        if "source" not in header or "url" not in header:
            raise SourcesError(
                f"{path}: line 1: the header must name `source,url`; it is {header!a}"
            )
        return _sources_rows(path, rows, header.index("source"), header.index("url"))
    except csv.Error as error:
        raise SourcesError(f"{path}: line {rows.line_num}: {error}") from None


def _sources_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_SOURCES_BYTES:
            raise SourcesError(f"{path}: more than {MAX_SOURCES_BYTES} bytes")
        data = path.read_bytes()
    except OSError as error:
        raise SourcesError(f"{path}: cannot read it ({error.strerror})") from None
    codec = next((name for bom, name in _BOM_CODECS if data.startswith(bom)), "utf-8")
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SourcesError(
            f"{path}: line {line}: not {codec} (byte {error.start}); save it as UTF-8"
        ) from None


def _sources_rows(
    path: Path, rows: Iterator[list[str]], source_at: int, url_at: int
) -> dict[str, str]:
    found: dict[str, str] = {}
    first_line: dict[str, int] = {}
    problems: list[str] = []
    end = rows.line_num  # type: ignore[attr-defined]
    for row in rows:
        line, end = end + 1, rows.line_num  # type: ignore[attr-defined]  # a row's first line
        if not any(field.strip() for field in row):
            continue
        source, url = (row[i].strip() if i < len(row) else "" for i in (source_at, url_at))
        problem = _row_problem(source, url, first_line)
        if problem is not None:
            problems.append(f"line {line}: {problem}")
            continue
        found[source], first_line[source] = url, line
    if problems:
        more = (
            f" (and {len(problems) - _SHOWN_PROBLEMS} more)"
            if len(problems) > _SHOWN_PROBLEMS
            else ""
        )
        raise SourcesError(f"{path}: " + "; ".join(problems[:_SHOWN_PROBLEMS]) + more)
    return found


def _row_problem(source: str, url: str, first_line: dict[str, int]) -> str | None:
    if not source or not url:
        return "needs both a source and a url"
    if source in first_line:
        return f"{source!a} is listed again (first on line {first_line[source]})"
    try:
        host = urlsplit(url).hostname
    except ValueError as error:
        return f"invalid URL {url[:80]!a} ({error})"
    if not host:
        return f"not a URL with a host: {url[:80]!a}"
    problem = url_problem(url)  # http(s), a valid host, nothing hidden
    return None if problem is None else f"URL {url[:80]!a} refused: {problem}"


def outlet_from_signatures(labelled_lines: Iterable[tuple[str, str]]) -> str | None:
    """The one outlet whose signature a page prints about itself, else None.

    >>> outlet_from_signatures([("কালবেলা ডেস্ক", "byline"), ("প্রথম আলো জানায়", "body")])
    'kalbela'
    """
    found: set[str] = set()
    for text, label in labelled_lines:
        if label in SELF_NAMING_LABELS:
            found.update(_outlets_named_in(text))
    return found.pop() if len(found) == 1 else None


@functools.lru_cache(maxsize=4096)
def _outlets_named_in(text: str) -> frozenset[str]:
    # bylines and footers repeat on every page of an outlet: each is searched once
    return frozenset(_SLUG_BY_NAME[m] for m in _SIGNATURE_RE.findall(text.casefold()))


def resolve_outlet(
    source: str, labelled_lines: Iterable[tuple[str, str]], sources: Mapping[str, str]
) -> str | None:
    url = sources.get(source)
    if url:
        slug = slug_from_url(url)
        if slug and is_outlet_slug(slug):  # a slug goes into the card and the manifest
            return slug
    return outlet_from_signatures(labelled_lines)
