"""The glue between the raw folder's inputs and the annotator for HTML and WARC inputs:
a WARC archive expanded into one input a record (`archive_inputs`), a record read as a page
(`read_record`), and an HTML page's bytes rendered to the text the annotator reads
(`rendered_text`)."""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, cast

from khobor.contracts.input_kinds import InputKind
from khobor.contracts.records import Article, Quarantined, RawPage, Reason
from khobor.inputs.warc import Fault, list_members, read_member

if TYPE_CHECKING:
    from pathlib import Path

    from khobor.inputs.render import Rendered
    from khobor.text.decode import DecodeLimits


def member_source(archive: str, record_id: str | None, offset: int, taken: set[str]) -> str:
    """A record's `source`: the archive's, `#`, the record's id (`#@offset` for a stretch
    with no readable id, or an id the archive repeats).

    >>> member_source("a.warc.gz", "urn:uuid:1", 0, set())
    'a.warc.gz#urn:uuid:1'
    >>> member_source("a.warc.gz", "urn:uuid:1", 99, {"a.warc.gz#urn:uuid:1"})
    'a.warc.gz#@99'
    """
    source = f"{archive}#{record_id}" if record_id else f"{archive}#@{offset}"
    return f"{archive}#@{offset}" if source in taken else source


def archive_inputs(path: Path, archive: str) -> Iterator[tuple[str, tuple[int, int]]]:
    """The inputs of the WARC archive at `path` (its `source` `archive`): a (source, (offset,
    length)) a response record or unreadable stretch (`khobor.inputs.warc.list_members`),
    streamed; one `(archive, (0, 0))` for an archive with no response record, so that it never
    vanishes without a word (`read_record` quarantines it). Raises `OSError` when the archive
    cannot be read (the caller keeps it as one input, quarantined as unreadable)."""
    taken: set[str] = set()
    for member in list_members(path):
        source = member_source(archive, member.record_id, member.offset, taken)
        taken.add(source)
        yield source, (member.offset, member.length)
    if not taken:
        yield archive, (0, 0)


def read_record(
    path: Path, source: str, member: tuple[int, int], limits: DecodeLimits
) -> RawPage | Quarantined:
    """A WARC record's HTML payload as a page (`raw_sha256` is of those bytes), or its
    quarantine entry with the `warc_*` reason."""
    offset, length = member
    if length == 0:
        return Quarantined(source, Reason.WARC_NO_RESPONSES, f"{source}: no response record in it")
    try:
        found = read_member(path, offset, length, limits.max_bytes)
    except OSError as error:
        return Quarantined(source, Reason.UNREADABLE_FILE, f"{source}: {error.strerror}")
    if isinstance(found, Fault):
        return Quarantined(source, Reason(str(found.code)), f"{source}: {found.detail}")
    if len(found.html) > limits.max_bytes:
        detail = f"{source}: over the {limits.max_bytes}-byte limit"
        return Quarantined(source, Reason.TOO_LARGE, detail)
    return RawPage(
        source,
        found.html,
        kind=str(InputKind.WARC),
        url=found.url,
        captured=found.captured,
        charset=found.charset,
    )


def rendered_text(page: RawPage) -> tuple[bytes, Rendered | None]:
    """The bytes `khobor.text.decode` reads: a text page's own; an HTML page rendered to text
    (UTF-8), with the rendering (its tree holds the markup's evidence)."""
    if page.kind == InputKind.TEXT:
        return page.data, None
    from khobor.inputs.render import render_html

    rendered = render_html(page.data, page.charset)
    return rendered.text.encode("utf-8", "surrogatepass"), rendered


def page_sources(page: RawPage, sources: Mapping[str, str]) -> Mapping[str, str]:
    """`sources.csv`'s URLs, with a WARC record's own `WARC-Target-URI` (it wins: it is where
    the bytes were fetched from). A view, not a copy of the table a page."""
    if page.url is None:
        return sources
    return ChainMap({page.source: page.url}, cast("dict[str, str]", sources))


def with_capture_date(
    article: Article | Quarantined, captured: datetime | None
) -> Article | Quarantined:
    """A WARC record's capture day (in the page's zone) as its `page_date` when the page
    prints none: the day the page was seen, as a site header's date is."""
    if captured is None or isinstance(article, Quarantined) or article.page_date is not None:
        return article
    from khobor.pages.assemble import page_zone

    article.page_date = captured.astimezone(page_zone(article.outlet, [])).date()
    return article
