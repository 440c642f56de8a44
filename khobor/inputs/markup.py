"""The markup's own evidence of an HTML page (issue 25): `<title>`, `og:title`, the first
`<h1>`, JSON-LD `NewsArticle`/`Article` (`headline`, `datePublished`, `dateModified`,
`author`, `publisher`) and `article:*` meta. Read from the parsed tree (`markup_evidence`),
pure, never raising on a page's JSON-LD; weighed against the text's record by
`khobor.inputs.weigh`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from resiliparse.parse.html import HTMLTree

# JSON-LD types that describe one article (schema.org's Article and its news kinds)
ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
     "OpinionNewsArticle", "LiveBlogPosting"}
)  # fmt: skip
JSONLD_TYPE = "application/ld+json"
MAX_JSONLD_CHARS = 200_000  # a script bigger than this is a site's data dump, not evidence


@dataclass(frozen=True, slots=True)
class MarkupEvidence:
    title: str | None = None
    og_title: str | None = None
    h1: str | None = None
    jsonld_headline: str | None = None
    jsonld_published: str | None = None
    jsonld_modified: str | None = None
    jsonld_author: str | None = None
    jsonld_publisher: str | None = None
    article_published: str | None = None  # <meta property="article:published_time">
    article_modified: str | None = None
    article_section: str | None = None
    og_site_name: str | None = None  # the site's own name: a title that is only this is no title
    jsonld_errors: int = 0  # JSON-LD scripts that do not parse

    def to_json(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value}


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    value = " ".join(text.split())
    return value or None


def select_all(tree: HTMLTree, selector: str) -> list[Any]:
    """The nodes `selector` matches ([] for a tree without a document)."""
    document = tree.document
    return [] if document is None else list(document.query_selector_all(selector))


# the `<meta>` properties (or names) read as evidence
META_NAMES = frozenset(
    {"og:title", "og:site_name", "article:published_time", "article:modified_time",
     "article:section"}
)  # fmt: skip


def _metas(tree: HTMLTree) -> dict[str, str]:
    """The first non-empty `content` of each `META_NAMES` meta, by `property` or `name` (one
    query a page: a page is read in the build, not only by `--explain`)."""
    found: dict[str, str] = {}
    for node in by_tag(tree, "meta"):
        for attribute in ("property", "name"):
            name = node.getattr(attribute)
            if name in META_NAMES and name not in found:
                value = _clean(node.getattr("content"))
                if value:
                    found[name] = value
    return found


def by_tag(tree: HTMLTree, tag: str) -> list[Any]:
    """The elements named `tag`, in document order (a lookup by name: several times
    cheaper than a CSS selector, and the build reads every page's markup)."""
    document = tree.document
    return [] if document is None else list(document.get_elements_by_tag_name(tag))


def _first_text(tree: HTMLTree, tag: str) -> str | None:
    nodes = by_tag(tree, tag)
    return _clean(nodes[0].text) if nodes else None


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object of a JSON-LD document (lists and `@graph`s opened)."""
    if isinstance(data, list):
        for item in data:
            yield from _objects(item)
    elif isinstance(data, dict):
        yield data
        yield from _objects(data.get("@graph", []))


def _is_article(thing: dict[str, Any]) -> bool:
    kinds = thing.get("@type")
    names = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(name, str) and name in ARTICLE_TYPES for name in names)


def _name(value: Any) -> str | None:
    """A person's or an organisation's name: a string, `{"name": …}`, or a list of them."""
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, list):
        names = [name for item in value if (name := _name(item))]
        return ", ".join(names) or None
    return None


def _text(value: Any) -> str | None:
    return _clean(value) if isinstance(value, str) else None


def markup_evidence(tree: HTMLTree) -> MarkupEvidence:
    """What the page's markup says of itself. The first article object of the JSON-LD is
    taken (a page with several says so only through `khobor.inputs.weigh`'s disagreement)."""
    article: dict[str, Any] = {}
    errors = 0
    for script in by_tag(tree, "script"):
        if (script.getattr("type") or "").strip().lower() != JSONLD_TYPE:
            continue
        text = script.text or ""
        if len(text) > MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            errors += 1
            continue
        found = next((thing for thing in _objects(data) if _is_article(thing)), None)
        if found is not None and not article:
            article = found
    meta = _metas(tree)
    return MarkupEvidence(
        title=_first_text(tree, "title"),
        og_title=meta.get("og:title"),
        h1=_first_text(tree, "h1"),
        jsonld_headline=_text(article.get("headline")),
        jsonld_published=_text(article.get("datePublished")),
        jsonld_modified=_text(article.get("dateModified")),
        jsonld_author=_name(article.get("author")),
        jsonld_publisher=_name(article.get("publisher")),
        article_published=meta.get("article:published_time"),
        article_modified=meta.get("article:modified_time"),
        article_section=meta.get("article:section"),
        og_site_name=meta.get("og:site_name"),
        jsonld_errors=errors,
    )
