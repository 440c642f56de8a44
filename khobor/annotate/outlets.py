"""Which outlet a page is from, and whose clock it keeps: the outlet table and its signatures.

**The table** (`OUTLETS`, from `khobor/lexicons/outlets.toml`): Bengali-language outlets of
Bangladesh and India, each with its slug, printed names, domains, country and time zone (its
country's, `ZONE_OF_COUNTRY`, unless the row names another).

**A page's outlet** (`resolve_outlet`): the URL `sources.csv` lists for it (`outlet_from_url`: a
table domain gives its outlet's slug, any other host today's `slug_from_url` rule), else the one
outlet the page names in its self-naming lines (`outlet_from_signatures`). Null when it cannot be
told, never guessed: two different outlets named on one page give null too.

**A signature** is a printed name of the table in a self-naming line (a byline, promo, footer …;
the caller's labels say which lines are). A line is read in parts (cut at `|`, `॥`, `◈`, `•`):
- a part that *is* a name (up to punctuation around it) names that outlet, whatever the name —
  except a byline that is nothing but a name, or such a line right above the date line (the
  byline's place): that credits the text's source (a republished BBC Bangla article, an
  agency's story, an aggregator's item), while "রহিম | বর্তমান", a name with a desk or role
  word ("এই সময় ডিজিটাল ডেস্ক") and a domain alone sign;
- a name of `Match.ANYWHERE` (and each domain) also counts inside a part, at word boundaries,
  bare or with a genitive ending ("প্রথম আলোর") — but not in a part that is a sentence (longer
  than `MAX_SIGNATURE_WORDS` words, or ending with "।", "?" or "!": a ticker's headline, a
  paragraph) or a quotation: outlets are named in sentences about them, not by them;
- a name of `Match.LINE` — an ordinary word or phrase ("বর্তমান", "আজকাল", "এই সময়") — counts
  inside a part only with a hyphenated case ending ("বর্তমান-এর"), the way print marks a name.
Where names overlap, the longest wins ("সংবাদ প্রতিদিন" is not "দৈনিক সংবাদ").

**Zones** (`zone_of_outlet`, `zone_of_url`): an outlet's zone from the table; a URL's from its
table outlet, else its country-code domain (`.bd`, `.in`); None when unknown (the caller decides:
khobor reads an unknown outlet in Dhaka time unless a line names a zone).

>>> outlet_from_url("https://bengali.news18.com/news/kolkata/x-123.html")
'news18'
>>> outlet_from_signatures([("নিজস্ব প্রতিবেদক | বর্তমান", "byline")])
'bartamanpatrika'
>>> outlet_from_signatures([("বর্তমান পরিস্থিতিতে কেউ মুখ খুলছেন না", "byline")]) is None
True
>>> zone_of_outlet("anandabazar").key, zone_of_outlet("prothomalo").key
('Asia/Kolkata', 'Asia/Dhaka')
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from khobor import lexicons
from khobor.contracts.timezone import DHAKA, KOLKATA
from khobor.contracts.urls import is_outlet_slug, url_problem
from khobor.lexicons.furniture import BYLINE_WORDS
from khobor.lexicons.outlets import (
    CLOSING_MARKS,
    CREDIT_LABELS,
    DATE_LABELS,
    GENITIVE_ENDINGS,
    HYPHENATED_ENDINGS,
    HYPHENS,
    OUTLETS_FILE,
    QUOTE_PAIRS,
    SELF_NAMING_LABELS,
    SENTENCE_ENDS,
    SIGNATURE_SEPARATORS,
)

SOURCES_FILE = "sources.csv"
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


# --- the outlet table --------------------------------------------------------------------------


class Country(StrEnum):
    """Where an outlet publishes from (ISO 3166-1 alpha-2)."""

    BD = "BD"
    IN = "IN"


# Each country's one clock (India keeps one zone; Tripura and Assam read Kolkata time too).
ZONE_OF_COUNTRY: Mapping[Country, ZoneInfo] = MappingProxyType(
    {Country.BD: DHAKA, Country.IN: KOLKATA}
)
# A host's country-code domain, for a host the table does not know.
COUNTRY_OF_TLD: Mapping[str, Country] = MappingProxyType({"bd": Country.BD, "in": Country.IN})


class Match(StrEnum):
    """How strictly a printed name is a signature (the module docstring has the rules)."""

    ANYWHERE = "anywhere"  # anywhere in a self-naming line, at word boundaries
    LINE = "line"  # an ordinary word: only standing alone, or with a hyphenated case ending


@dataclass(frozen=True, slots=True)
class Name:
    """A name an outlet prints, as it prints it."""

    text: str
    match: Match


@dataclass(frozen=True, slots=True)
class Outlet:
    """One row of the outlet table."""

    slug: str
    names: tuple[Name, ...]
    domains: tuple[str, ...]  # the first is the main one: the slug is its name without the TLD
    country: Country
    zone: ZoneInfo


class OutletTableError(ValueError):
    """The outlet table is malformed (the message names the row and the problem)."""


MAX_SIGNATURE_WORDS = 12  # a longer part of a line is a sentence: it may name an outlet, not sign
_ROW_KEYS = frozenset({"country", "zone", "domains", "names", "line_names", "note"})
_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DOMAIN_RE = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}")
_INVISIBLE = ("\N{ZERO WIDTH NON-JOINER}", "\N{ZERO WIDTH JOINER}")
_WORD = r"[\w\u0980-\u09ff]"  # a letter, digit or mark of a word (Bengali marks are not \w)
_STARTS_WITH_WORD_RE = re.compile(_WORD)  # what a name begins with (`_names_inside`)


def fold(text: str) -> str:
    """A text as names are compared: NFC, no zero-width (non-)joiners, casefolded, one space.

    >>> fold("  Bartaman\tPatrika ") == fold("bartaman patrika")
    True
    """
    text = unicodedata.normalize("NFC", text)
    for invisible in _INVISIBLE:  # `str.translate` would look up every character in a dict
        if invisible in text:
            text = text.replace(invisible, "")
    return " ".join(text.casefold().split())  # one space between words: every Unicode space


def _strings(row: Mapping[str, Any], key: str, required: bool) -> list[str]:
    value = row.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{key} must be a list of non-blank strings")
    if required and not value:
        raise ValueError(f"{key} must not be empty")
    return value


def _outlet(slug: str, row: Any) -> Outlet:
    if not _SLUG_RE.fullmatch(slug):
        raise ValueError("a slug is lowercase letters and digits, parts joined by '-'")
    if not isinstance(row, dict):
        raise ValueError("must be a table")
    unknown = sorted(set(row) - _ROW_KEYS)
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_ROW_KEYS))})")
    try:
        country = Country(str(row.get("country")))
    except ValueError:
        raise ValueError(f"country must be one of {', '.join(Country)}") from None
    try:
        zone = ZoneInfo(row["zone"]) if "zone" in row else ZONE_OF_COUNTRY[country]
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"zone {row['zone']!r} is not an IANA time zone") from None
    domains = _strings(row, "domains", required=True)
    bad = [d for d in domains if not _DOMAIN_RE.fullmatch(d)]
    if bad:
        raise ValueError(f"domain {bad[0]!r} is not a lowercase host name")
    names = [Name(t, Match.ANYWHERE) for t in _strings(row, "names", required=False)]
    names += [Name(t, Match.LINE) for t in _strings(row, "line_names", required=False)]
    # a name is looked for only where a word starts (`_names_inside`)
    unwordy = [n.text for n in names if not _STARTS_WITH_WORD_RE.match(fold(n.text))]
    if unwordy:
        raise ValueError(f"name {unwordy[0]!r} must start with a letter or a digit")
    if not isinstance(row.get("note", ""), str):
        raise ValueError("note must be a string")
    return Outlet(slug, tuple(names), tuple(domains), country, zone)


def parse_outlets(text: str, where: str = OUTLETS_FILE) -> tuple[Outlet, ...]:
    """The outlet table from its TOML text; the first problem raises `OutletTableError` naming
    the row. A name (folded) or a domain belongs to one outlet only (an outlet may list its
    domain as a name too)."""
    try:
        rows = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise OutletTableError(f"{where}: {error}") from None
    outlets: list[Outlet] = []
    owner: dict[str, str] = {}  # folded name or domain -> slug
    for slug, row in rows.items():
        try:
            outlet = _outlet(slug, row)
            for key in [fold(n.text) for n in outlet.names] + list(outlet.domains):
                if owner.get(key, slug) != slug:
                    raise ValueError(f"{key!r} is already {owner[key]!r}'s")
                owner[key] = slug
        except ValueError as error:
            raise OutletTableError(f"{where}: [{slug}]: {error}") from None
        outlets.append(outlet)
    return tuple(outlets)


OUTLETS: tuple[Outlet, ...] = parse_outlets(
    Path(lexicons.__file__).with_name(OUTLETS_FILE).read_text(encoding="utf-8")
)
_BY_SLUG: Mapping[str, Outlet] = MappingProxyType({o.slug: o for o in OUTLETS})
_SLUG_BY_DOMAIN: Mapping[str, str] = MappingProxyType(
    {domain: o.slug for o in OUTLETS for domain in o.domains}
)


def outlet_by_slug(slug: str) -> Outlet | None:
    """The table's row for a slug, or None.

    >>> outlet_by_slug("bartamanpatrika").country
    <Country.IN: 'IN'>
    >>> outlet_by_slug("nope") is None
    True
    """
    return _BY_SLUG.get(slug)


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:  # "http://[::1": not a URL
        return None
    return host.rstrip(".") if host else None


def outlet_from_url(url: str) -> str | None:
    """The slug of a page URL: the table's outlet when the host is one of its domains or under
    one, else `slug_from_url`'s.

    >>> outlet_from_url("https://beta.ajkerpatrika.com/bangladesh/dhaka/x")
    'ajkerpatrika'
    >>> outlet_from_url("https://mzamin.com/news.php?news=1")
    'manabzamin'
    >>> outlet_from_url("https://eisamay.indiatimes.com/city/kolkata/x")
    'eisamay'
    >>> outlet_from_url("https://www.notinthetable.com.bd/x")
    'notinthetable'
    """
    host = _host(url)
    if host:
        parts = host.split(".")
        for start in range(len(parts) - 1):  # the longest suffix first
            slug = _SLUG_BY_DOMAIN.get(".".join(parts[start:]))
            if slug:
                return slug
    return slug_from_url(url)


def zone_of_outlet(slug: str | None) -> ZoneInfo | None:
    """The zone an outlet keeps, or None when the outlet is unknown (or not in the table).

    >>> zone_of_outlet("uttarbangasambad").key
    'Asia/Kolkata'
    >>> zone_of_outlet(None) is None and zone_of_outlet("nope") is None
    True
    """
    outlet = _BY_SLUG.get(slug) if slug else None
    return outlet.zone if outlet else None


def zone_of_url(url: str) -> ZoneInfo | None:
    """The zone of a page URL: its table outlet's, else its country-code domain's, else None.

    >>> zone_of_url("https://bangla.hindustantimes.com/bengal/x").key
    'Asia/Kolkata'
    >>> zone_of_url("https://www.some-paper.in/x").key, zone_of_url("https://a.com.bd/").key
    ('Asia/Kolkata', 'Asia/Dhaka')
    >>> zone_of_url("https://example.com/x") is None
    True
    """
    host = _host(url)
    if not host:
        return None
    parts = host.split(".")
    for start in range(len(parts) - 1):
        slug = _SLUG_BY_DOMAIN.get(".".join(parts[start:]))
        if slug:
            return _BY_SLUG[slug].zone
    country = COUNTRY_OF_TLD.get(parts[-1])
    return ZONE_OF_COUNTRY[country] if country else None


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


# --- signatures ------------------------------------------------------------------------------

_EDGES = re.compile(rf"^(?:(?!{_WORD}).)+|(?:(?!{_WORD}).)+$")
_SENTENCE_END = re.compile(
    rf"[{re.escape(''.join(SENTENCE_ENDS))}][\s{re.escape(''.join(CLOSING_MARKS))}]*$"
)
_PARTS = re.compile("|".join(re.escape(s) for s in SIGNATURE_SEPARATORS))
_QUOTED = re.compile(
    "|".join(rf"^\s*{re.escape(a)}.*{re.escape(b)}\s*$" for a, b in QUOTE_PAIRS), re.DOTALL
)


def _alternation(names: Iterable[str]) -> str:
    """A regex alternation of texts, the longest first (so it matches none when there is none)."""
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True)) or "(?!)"


@functools.cache
def _signatures() -> _Signatures:
    """The slug of every folded name and domain, the two in-line patterns (module docstring):
    names that count anywhere, and ordinary-word names with a hyphenated case ending, and the
    names a byline alone credits. Built on first use (compiling takes ~15 ms)."""
    slugs: dict[str, str] = {}
    inline: list[str] = []
    ordinary: list[str] = []
    for outlet in OUTLETS:
        for domain in outlet.domains:
            slugs[domain] = outlet.slug
            inline.append(domain)
        for name in outlet.names:
            key = fold(name.text)
            slugs[key] = outlet.slug
            (inline if name.match is Match.ANYWHERE else ordinary).append(key)
    hyphenated = rf"[{''.join(HYPHENS)}](?:{_alternation(map(fold, HYPHENATED_ENDINGS))})"
    anywhere = re.compile(
        rf"(?<!{_WORD})(?P<name>{_alternation(inline)})"
        rf"(?:{_alternation(map(fold, GENITIVE_ENDINGS))}|{hyphenated})?(?!{_WORD})"
    )
    marked = re.compile(rf"(?<!{_WORD})(?P<name>{_alternation(ordinary)}){hyphenated}(?!{_WORD})")
    credit_names = frozenset(slugs.keys() - _SLUG_BY_DOMAIN.keys())
    firsts = {m.group() for key in slugs if (m := _WORD_RUN.search(key))}
    first_words = frozenset(firsts | {f"{word}{end}" for word in firsts for end in _ENDINGS})
    return _Signatures(slugs, (anywhere, marked), credit_names, first_words)


class _Signatures(NamedTuple):
    slug_by_name: dict[str, str]
    patterns: tuple[re.Pattern[str], re.Pattern[str]]
    credit_names: frozenset[str]
    first_words: frozenset[str]  # every name's and domain's first word, bare or with an ending


_WORD_RUN = re.compile(rf"{_WORD}+")
_ENDINGS = tuple(sorted({fold(e) for e in GENITIVE_ENDINGS}, key=len, reverse=True))


def _may_name_an_outlet(folded: str, first_words: frozenset[str]) -> bool:
    """Whether a line holds some name's first word, whole or with a genitive ending ("প্রথম
    আলোর", "কালবেলার"; `first_words` holds both): a name is matched only at a word's start, so
    a line without one names no outlet and is not searched (most lines of a page)."""
    return not first_words.isdisjoint(_WORD_RUN.findall(folded))


_ROLE_WORDS = tuple(sorted(set(map(fold, BYLINE_WORDS))))  # a tuple: one `str.endswith` call


def outlet_from_signatures(labelled_lines: Iterable[tuple[str, str]]) -> str | None:
    """The one outlet whose signature a page prints about itself, else None.

    >>> outlet_from_signatures([("কালবেলা ডেস্ক", "byline"), ("প্রথম আলো জানায়", "body")])
    'kalbela'
    >>> outlet_from_signatures([("কালবেলা ডেস্ক", "byline"), ("© প্রথম আলো", "chrome")]) is None
    True
    >>> outlet_from_signatures([("চ্যানেল আই", "chrome"), ("প্রকাশিত: ১১ জুন", "dateline")]) is None
    True
    """
    lines = list(labelled_lines)
    found: set[str] = set()
    # most lines are body: the self-naming ones are picked in one comprehension
    for at in [k for k, (_, label) in enumerate(lines) if label in SELF_NAMING_LABELS]:
        text, label = lines[at]
        named = _outlets_named_in(text)
        if not named:
            continue
        above_date = at + 1 < len(lines) and lines[at + 1][1] in DATE_LABELS
        if (label in CREDIT_LABELS or above_date) and _is_credit_line(text):
            continue  # a credit: the outlet the text came from
        found.update(named)
    return found.pop() if len(found) == 1 else None


def names_an_outlet(text: str) -> bool:
    """Whether a line names an outlet of the table ("বাংলা ট্রিবিউন", "<outlet> ডেস্ক").

    >>> names_an_outlet("বাংলা ট্রিবিউন"), names_an_outlet("নিজস্ব প্রতিবেদক")
    (True, False)
    """
    return bool(_outlets_named_in(text))


@functools.lru_cache(maxsize=4096)
def _is_credit_line(text: str) -> bool:
    """A line that is only an outlet's name: in a byline's place, it credits the source.

    >>> _is_credit_line("বিবিসি বাংলা"), _is_credit_line("বিবিসি বাংলা ডেস্ক")
    (True, False)
    """
    return _is_credit(_EDGES.sub("", fold(text)), _signatures().credit_names)


@functools.lru_cache(maxsize=4096)
def _outlets_named_in(text: str) -> frozenset[str]:
    """The outlets a self-naming line names.

    >>> sorted(_outlets_named_in("নিজস্ব প্রতিবেদক | কালবেলা অনলাইন | © প্রথম আলোর"))
    ['kalbela', 'prothomalo']
    """
    # bylines and footers repeat on every page of an outlet: each is searched once (a cache of
    # one argument: its key is the text itself)
    signatures = _signatures()
    # pages are decoded to NFC without stray joiners already: a case fold is enough to look
    if not _may_name_an_outlet(text.casefold(), signatures.first_words):
        return frozenset()
    folded = fold(text)
    found: set[str] = set()
    for part in _PARTS.split(folded):
        bare = _EDGES.sub("", part)
        slug = signatures.slug_by_name.get(bare)
        if slug:
            found.add(slug)
            continue
        if _reads_as_signature(part):
            found.update(signatures.slug_by_name[name] for name in _names_inside(bare, signatures))
    return frozenset(found)


def _names_inside(bare: str, signatures: _Signatures) -> Iterator[str]:
    """The names each in-line pattern finds in a part, as `finditer` finds them, but tried only
    where a word that some name begins with starts: the alternation of ~400 names costs a try of
    each at every position of the part, and a name can start nowhere else (every name and domain
    begins with a word character, `_outlet` checks; a name's first word is that word of the
    part, bare or with a genitive ending, which `first_words` holds)."""
    starts = [
        run.start() for run in _WORD_RUN.finditer(bare) if run.group() in signatures.first_words
    ]
    for pattern in signatures.patterns:
        end = 0  # matches do not overlap: the next is looked for after the last
        for start in starts:
            if start < end:
                continue
            match = pattern.match(bare, start)
            if match is not None:
                yield match["name"]
                end = match.end()


def _is_credit(byline: str, credit_names: frozenset[str]) -> bool:
    """A byline that is an outlet's name and nothing more: the source of the text, not its outlet
    ("বিবিসি বাংলা"); with a desk or role word it signs ("এই সময় ডিজিটাল ডেস্ক", "আজকাল ওয়েবডেস্ক").

    >>> names = _signatures().credit_names
    >>> [_is_credit(b, names) for b in ("বিবিসি বাংলা", "এই সময় ডিজিটাল ডেস্ক", "priyo.com")]
    [True, False, False]
    """
    return byline in credit_names and not any(word.endswith(_ROLE_WORDS) for word in byline.split())


def _reads_as_signature(part: str) -> bool:
    """Whether names inside a part of a line may sign: not in a sentence, not in a quotation.

    >>> _reads_as_signature("কালবেলা অনলাইন এর সর্বশেষ খবর পেতে Google News ফিডটি অনুসরণ করুন")
    True
    >>> _reads_as_signature("সমকালের পক্ষ থেকে এ তথ্য জানানো হয়।")
    False
    >>> _reads_as_signature("‘কালের কণ্ঠ এগিয়ে যাচ্ছে’")
    False
    """
    return (
        len(part.split()) <= MAX_SIGNATURE_WORDS
        and not _SENTENCE_END.search(part)
        and not _QUOTED.match(part)
    )


def resolve_outlet(
    source: str, labelled_lines: Iterable[tuple[str, str]], sources: Mapping[str, str]
) -> str | None:
    """The page's outlet: its `sources.csv` URL's, else the one its signatures name, else None."""
    url = sources.get(source)
    if url:
        slug = outlet_from_url(url)
        if slug and is_outlet_slug(slug):  # a slug goes into the card and the manifest
            return slug
    return outlet_from_signatures(labelled_lines)
