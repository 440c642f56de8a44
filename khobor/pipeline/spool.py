"""Pass 1 for one raw page (`extract_input`, both engines) and the spool: the record's JSON
line, its body left out when the body lines give it back (`spool_line`, `from_spool`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from khobor.contracts.records import Article, Quarantined, RawPage

if TYPE_CHECKING:
    from khobor.corpus.dedup import BodySigner
    from khobor.corpus.furniture import PageHashes
    from khobor.inputs.markup import MarkupEvidence
    from khobor.pages.extract import ExtractContext, InputFile

SPOOL = ".records.spool.jsonl"  # the spool's name in the output folder (removed after pass 2)


class Extracted(NamedTuple):
    """Pass 1's result for one input: what the manifest, the spool and the deduper need."""

    source: str
    sha256: str  # of the raw bytes ("" when the file cannot be read)
    size: int
    record_id: str | None  # None: the page is quarantined
    line: bytes  # the record's JSON line, newline-terminated (b"" when quarantined)
    quarantine: dict[str, Any] | None  # {"source", "quarantine_reason", "detail"}
    digest: bytes  # the body's exact-duplicate digest (b"" when quarantined)
    signature: bytes | None  # the body's MinHash values, little-endian uint32 (None: no words)
    furniture: str = ""  # the page's `FurnitureTally` JSON ("" without corpus furniture)
    corpus: PageHashes | None = None  # the page for the corpus pass, when asked for
    # (offset, length) of `line` in the build's spool when it was written there already
    # (`BuildState.spool`; `line` is then b"")
    spooled: tuple[int, int] | None = None
    # personal data found per kind (`khobor.text.personal_data.KINDS` order) and readers' comment
    # lines: `RecordTally.to_tuple()` (() when none)
    personal: tuple[int, ...] = ()
    # the record's lines (text, label) before `[personal_data]` changed them, when it did:
    # what the annotator is given when it labels the page again
    unmasked: tuple[tuple[str, str], ...] | None = None


def extract_input(
    item: InputFile, ctx: ExtractContext, signer: BodySigner, *, hashes: bool = False
) -> Extracted:
    """Pass 1 for one raw file: extract, encode as a JSON line, sign the body (both engines);
    with `hashes`, the page's `PageHashes` for the corpus pass too."""
    from khobor.pages.extract import extract_file, extract_file_and_hashes, leaves_root

    corpus = None
    if hashes:
        extracted, corpus = extract_file_and_hashes(item, ctx)
    else:
        extracted = extract_file(item, ctx)
    try:  # a file outside the raw folder is not measured either
        size = 0 if leaves_root(item) else item.path.stat().st_size
    except OSError:
        size = 0
    if item.member is not None:  # issue 25: a WARC record's bytes in its archive
        size = item.member[1]
    return _encoded(item, extracted, ctx, signer, size, None, corpus)


def reannotate_input(
    item: InputFile, first: Extracted, ctx: ExtractContext, signer: BodySigner
) -> Extracted:
    """`extract_input` again with the corpus evidence (`ctx.furniture`) of a page pass 1
    made a record of: from the record's lines (the page's lines as it split them), not from
    the file; the labels the record has are the page's without evidence (what the furniture
    tally compares with). A page pass 1 quarantined is extracted from its file again."""
    from khobor.pages.extract import assemble_marked
    from khobor.pages.inputs import page_sources

    if first.record_id is None:
        return extract_input(item, ctx, signer)
    record = from_spool(first.line)
    pairs = first.unmasked or [(line["text"], line["label"]) for line in record["lines"]]
    texts = [text for text, _ in pairs]
    labels_without_evidence = [label for _, label in pairs]
    sources: Mapping[str, str] = ctx.sources_for(item.root)
    page = RawPage(item.source, b"", kind=record.get("input_kind", "text"))
    evidence = None
    if page.kind != "text":  # issue 25: the page read again for its URL, capture and markup
        page, evidence = _page_and_markup(item, ctx, page)
        sources = page_sources(page, sources)
    article, _ = assemble_marked(page, record["raw_sha256"], texts, sources, ctx, evidence)
    return _encoded(
        item, article, ctx, signer, first.size, first.sha256, None, labels_without_evidence
    )


def _page_and_markup(
    item: InputFile, ctx: ExtractContext, page: RawPage
) -> tuple[RawPage, MarkupEvidence | None]:
    """An HTML page or WARC record read again for pass 2: its URL and capture time, and its
    markup's evidence (the HTML parsed again: pass 1 keeps no tree), its bytes dropped."""
    from khobor.inputs.markup import markup_evidence
    from khobor.inputs.render import parse_html
    from khobor.pages.extract import read_page

    found = read_page(item, ctx.limits)
    if isinstance(found, Quarantined):
        return page, None
    evidence = markup_evidence(parse_html(found.data, found.charset)[0])
    return RawPage(
        found.source, b"", found.kind, found.url, found.captured, found.charset
    ), evidence


def _encoded(
    item: InputFile,
    extracted: Article | Quarantined,
    ctx: ExtractContext,
    signer: BodySigner,
    size: int,
    sha: str | None,
    corpus: PageHashes | None,
    labels_without_evidence: list[str] | None = None,
) -> Extracted:
    """A page's `Extracted`: its record encoded and signed, or its quarantine entry (`sha`:
    of the raw bytes when known; `labels_without_evidence`: the page's labels without corpus
    evidence, when known)."""
    from khobor.pages.extract import dataset_fault, printable_name, to_json
    from khobor.text.personal_data import apply_policy

    result = to_json(dataset_fault(item, extracted, ctx) or extracted)
    if "quarantine_reason" in result:
        # details name the file; keep them independent of where the raw folder is
        detail = str(result.get("detail", ""))
        result["detail"] = detail.replace(printable_name(item.path), item.source)
        if sha is None:  # of the bytes read, if any: nothing is hashed that was not read
            sha = extracted.raw_sha256
        return Extracted(item.source, sha, size, None, b"", result, b"", None, "", corpus)
    # `[personal_data]`: masked before the body is signed (duplicates are judged on what is
    # released; readers' comments, never in a body, in the writing pass); the furniture
    # tally below sees the page as the annotator labelled it
    tally, unmasked = apply_policy(result, ctx.personal)
    # `assemble` joined the body from lines of a text `normalize_text` made NFC
    digest, values = signer.sign(result["body"], known_nfc=True)
    line = spool_line(result)
    signature = None if values is None else values.astype("<u4").tobytes()
    return Extracted(
        item.source,
        result["raw_sha256"],
        size,
        result["id"],
        line,
        None,
        digest,
        signature,
        _furniture_tally(item, extracted, ctx, labels_without_evidence),
        corpus,
        personal=() if tally is None else tally.to_tuple(),
        unmasked=unmasked,
    )


def _furniture_tally(
    item: InputFile,
    article: Article | Quarantined,
    ctx: ExtractContext,
    labels_without_evidence: list[str] | None = None,
) -> str:
    """What corpus evidence did on this page, as `FurnitureTally` JSON ("" when the page's site
    has no furniture, or there is no corpus)."""
    if ctx.furniture is None or not isinstance(article, Article):
        return ""
    from khobor.corpus.furniture import FurnitureTally

    tally = FurnitureTally(ctx.cfg)
    texts = [line.text for line in article.lines]
    labels = [line.label for line in article.lines]
    sources = ctx.sources_for(item.root)
    tally.add_page(ctx.furniture, item.source, texts, labels, sources, labels_without_evidence)
    return json.dumps(tally.to_json(), sort_keys=True) if tally.sites else ""


def spool_line(record: dict[str, Any]) -> bytes:
    """A record's JSON line in the spool (orjson: UTF-8, no float but finite ones in a
    record). The body is left out when it is the body lines joined (as `assemble` makes it,
    always): a third of the spool's bytes, and their JSON encoding and decoding. `from_spool`
    puts it back."""
    if record["body"] == _body_of_lines(record):
        record = {key: value for key, value in record.items() if key != "body"}
    return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)


def from_spool(line: bytes) -> dict[str, Any]:
    """The record of a `spool_line`, body included."""
    record: dict[str, Any] = orjson.loads(line)
    if "body" not in record:
        record["body"] = _body_of_lines(record)
    return record


def _body_of_lines(record: dict[str, Any]) -> str:
    from khobor.pages.assemble import join_body

    return join_body(line["text"] for line in record["lines"] if line["label"] == "body")
