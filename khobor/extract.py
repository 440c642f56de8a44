"""`khobor extract`'s core: raw files → schema-v1 records or quarantine entries.

Every input yields exactly one of the two; nothing raises for bad content.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khobor.annotate import (
    DEFAULT_CONFIG,
    AnnotatorConfig,
    FurnitureLookup,
    explain_page,
    line_info,
)
from khobor.assemble import assemble, sha256_hex
from khobor.decode import DecodeFailure, DecodeLimits, decode_page
from khobor.outlets import load_sources
from khobor.records import Article, Quarantined, RawPage, Reason

if TYPE_CHECKING:
    from khobor.furniture import FurnitureIndex
    from khobor.policy import FurnitureConfig

PAGE_GLOB = "*.txt"


class MissingPathError(Exception):
    """A path given on the command line does not exist (a usage error, not bad content)."""


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path
    source: str  # relative to `root`, posix form
    root: Path


@dataclass(slots=True)
class ExtractContext:
    cfg: AnnotatorConfig = DEFAULT_CONFIG
    limits: DecodeLimits = field(default_factory=DecodeLimits)
    _sources: dict[Path, dict[str, str]] = field(default_factory=dict)
    furniture: FurnitureIndex | None = None  # corpus evidence (`extract --corpus`), if any

    def sources_for(self, root: Path) -> dict[str, str]:
        if root not in self._sources:
            self._sources[root] = load_sources(root)
        return self._sources[root]

    def furniture_for(
        self, source: str, texts: list[str], sources: dict[str, str]
    ) -> FurnitureLookup | None:
        """The corpus evidence for this page's site; None without a corpus."""
        if self.furniture is None:
            return None
        from khobor.furniture import site_of

        infos = [line_info(t, self.cfg) for t in texts]
        return self.furniture.lookup_for(site_of(source, infos, sources, self.cfg))


def iter_inputs(paths: Iterable[Path]) -> Iterator[InputFile]:
    """Files named explicitly are always read; folders are scanned for `*.txt`, sorted."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob(PAGE_GLOB)):
                if found.is_file():
                    yield InputFile(found, found.relative_to(path).as_posix(), path)
        elif path.exists():
            yield InputFile(path, path.name, path.parent)
        else:
            raise MissingPathError(f"{path}: no such file or directory")


def read_page(item: InputFile, limits: DecodeLimits) -> RawPage | Quarantined:
    """Read bytes, refusing oversize files before loading them."""
    try:
        size = item.path.stat().st_size
        if size > limits.max_bytes:
            return Quarantined(
                item.source,
                Reason.TOO_LARGE,
                f"{item.path}: {size} bytes, over the {limits.max_bytes}-byte limit",
            )
        return RawPage(item.source, item.path.read_bytes())
    except OSError as error:
        return Quarantined(item.source, Reason.UNREADABLE_FILE, f"{item.path}: {error.strerror}")


def split_lines(text: str) -> list[str]:
    """Non-blank lines, stripped.

    >>> split_lines("ক\\n\\n  খ  \\n \\n")
    ['ক', 'খ']
    """
    return [s for s in (line.strip() for line in text.split("\n")) if s]


def extract_page(
    page: RawPage, ctx: ExtractContext, root: Path | None = None
) -> Article | Quarantined:
    digest = sha256_hex(page.data)
    decoded = decode_page(page.data, ctx.limits)
    if isinstance(decoded, DecodeFailure):
        return Quarantined(page.source, decoded.reason, decoded.detail, digest)
    sources = ctx.sources_for(root) if root is not None else {}
    texts = split_lines(decoded.text)
    furniture = ctx.furniture_for(page.source, texts, sources)
    return assemble(page.source, digest, texts, sources=sources, cfg=ctx.cfg, furniture=furniture)


def corpus_index(
    paths: Iterable[Path], ctx: ExtractContext, config: FurnitureConfig | None = None
) -> FurnitureIndex:
    """`extract --corpus`: the furniture of the sites of the pages under `paths`, in two
    streaming passes (`khobor.furniture.FurnitureCounter`); a page's cluster is the exact digest
    of its paragraph-like lines. Pages that cannot be read or decoded are left out."""
    from khobor.furniture import FurnitureCounter, PageKeys, page_keys
    from khobor.policy import FurnitureConfig

    def pages() -> Iterator[PageKeys]:
        for item in iter_inputs(paths):
            page = read_page(item, ctx.limits)
            if isinstance(page, Quarantined):
                continue
            decoded = decode_page(page.data, ctx.limits)
            if isinstance(decoded, DecodeFailure):
                continue
            texts = split_lines(decoded.text)
            yield page_keys(item.source, texts, ctx.sources_for(item.root), cfg=ctx.cfg)

    counter = FurnitureCounter(config or FurnitureConfig())
    for keys in pages():
        counter.observe(keys)
    counter.start_counting()
    for keys in pages():
        counter.count(keys)
    return counter.index()


def extract_file(item: InputFile, ctx: ExtractContext) -> Article | Quarantined:
    page = read_page(item, ctx.limits)
    if isinstance(page, Quarantined):
        return page
    return extract_page(page, ctx, item.root)


# ---------------------------------------------------------------------------------------------
# JSON Lines form (schema v1 column names; ISO 8601 with +06:00; dates YYYY-MM-DD)


def _iso(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


def article_to_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "raw_sha256": article.raw_sha256,
        "outlet": article.outlet,
        "headline": article.headline,
        "published_at": _iso(article.published_at),
        "updated_at": _iso(article.updated_at),
        "date": _iso(article.date),
        "page_date": _iso(article.page_date),
        "byline": article.byline,
        "section": article.section,
        "source_credit": article.source_credit,
        "body": article.body,
        "captions": list(article.captions),
        "lines": [{"text": line.text, "label": line.label} for line in article.lines],
        "boilerplate": dict(article.boilerplate),
        "boilerplate_ratio": article.boilerplate_ratio,
        "bengali_ratio": article.bengali_ratio,
        "dup_cluster": article.dup_cluster or article.id,
        "url": article.url,
    }


def quarantine_to_json(item: Quarantined) -> dict[str, Any]:
    return {"source": item.source, "quarantine_reason": str(item.reason), "detail": item.detail}


def to_json(result: Article | Quarantined) -> dict[str, Any]:
    return (
        quarantine_to_json(result) if isinstance(result, Quarantined) else article_to_json(result)
    )


def explain_json(
    record: dict[str, Any],
    cfg: AnnotatorConfig = DEFAULT_CONFIG,
    furniture: FurnitureLookup | None = None,
) -> dict[str, Any]:
    """`khobor extract --explain`: each line object also says which rule labelled it and, for
    the headline, the evidence and scores (`rule`, `evidence`); `furniture` is the corpus
    evidence the record was extracted with. Quarantines pass unchanged."""
    lines = record.get("lines")
    if not lines:
        return record
    infos = [line_info(line["text"], cfg) for line in lines]
    decisions = explain_page(infos, cfg, furniture)
    for line, decision in zip(lines, decisions, strict=True):
        line["rule"] = decision.rule
        if decision.evidence:
            line["evidence"] = dict(decision.evidence)
    return record
