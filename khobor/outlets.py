"""Which outlet a page is from: `sources.csv` when it lists the page, else a printed signature.

Null when it cannot be told, never guessed: two different signatures on one page give null too.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from khobor.lexicons.outlets import OUTLET_SIGNATURES, SELF_NAMING_LABELS

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
    host = urlsplit(url.strip()).hostname
    if not host or "." not in host:
        return None
    parts = [p for p in host.lower().split(".") if p not in _GENERIC_HOST_PARTS]
    if len(parts) > 1:
        parts.pop()  # the top-level domain
    while len(parts) > 1 and parts[-1] in _SECOND_LEVEL:
        parts.pop()
    return parts[-1] if parts else None


def load_sources(raw_root: Path) -> dict[str, str]:
    """`source -> url` from `raw_root/sources.csv` (columns `source,url`); empty when absent."""
    path = raw_root / SOURCES_FILE
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["source"].strip(): row["url"].strip()
            for row in csv.DictReader(handle)
            if row.get("source") and row.get("url")
        }


def outlet_from_signatures(labelled_lines: Iterable[tuple[str, str]]) -> str | None:
    """The one outlet whose signature a page prints about itself, else None.

    >>> outlet_from_signatures([("কালবেলা ডেস্ক", "byline"), ("প্রথম আলো জানায়", "body")])
    'kalbela'
    """
    found: set[str] = set()
    for text, label in labelled_lines:
        if label in SELF_NAMING_LABELS:
            found.update(_SLUG_BY_NAME[m] for m in _SIGNATURE_RE.findall(text.casefold()))
    return found.pop() if len(found) == 1 else None


def resolve_outlet(
    source: str, labelled_lines: Iterable[tuple[str, str]], sources: Mapping[str, str]
) -> str | None:
    url = sources.get(source)
    if url:
        slug = slug_from_url(url)
        if slug:
            return slug
    return outlet_from_signatures(labelled_lines)
