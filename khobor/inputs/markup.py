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


def _meta(tree: HTMLTree, name: str) -> str | None:
    for node in select_all(tree, f'meta[property="{name}"], meta[name="{name}"]'):
        value = _clean(node.getattr("content"))
        if value:
            return value
    return None


def _first_text(tree: HTMLTree, selector: str) -> str | None:
    nodes = select_all(tree, selector)
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
    for script in select_all(tree, 'script[type="application/ld+json"]'):
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
    return MarkupEvidence(
        title=_first_text(tree, "title"),
        og_title=_meta(tree, "og:title"),
        h1=_first_text(tree, "h1"),
        jsonld_headline=_text(article.get("headline")),
        jsonld_published=_text(article.get("datePublished")),
        jsonld_modified=_text(article.get("dateModified")),
        jsonld_author=_name(article.get("author")),
        jsonld_publisher=_name(article.get("publisher")),
        article_published=_meta(tree, "article:published_time"),
        article_modified=_meta(tree, "article:modified_time"),
        article_section=_meta(tree, "article:section"),
        og_site_name=_meta(tree, "og:site_name"),
        jsonld_errors=errors,
    )
