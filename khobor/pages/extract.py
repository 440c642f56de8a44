"""`khobor extract`'s core: raw files → schema-v1 records or quarantine entries.

Every input yields exactly one of the two; nothing raises for bad content.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from khobor.annotate import (
    DEFAULT_CONFIG,
    AnnotatorConfig,
    FurnitureLookup,
    explain_page,
    line_info,
    line_infos,
)
from khobor.annotate.outlets import load_sources
from khobor.contracts.input_kinds import InputKind, kind_of_name
from khobor.contracts.layout import READ_ANY_FLAGS, is_page_name
from khobor.contracts.policy import PersonalDataPolicy
from khobor.contracts.records import ARTICLE_FIELDS, Article, Quarantined, RawPage, Reason
from khobor.pages.assemble import assemble, sha256_hex
from khobor.pages.faults import PageLimits, name_problem, page_fault
from khobor.system import readahead
from khobor.text.decode import DecodeFailure, DecodeLimits, decode_page

if TYPE_CHECKING:
    from khobor.contracts.policy import FurnitureConfig
    from khobor.corpus.furniture import FurnitureIndex, PageHashes
    from khobor.inputs.fill import Decision
    from khobor.inputs.markup import MarkupEvidence
    from khobor.pages.markup_fill import MarkupReport

READ_CHUNK = 1 << 20


class MissingPathError(Exception):
    """A path given on the command line does not exist (a usage error, not bad content)."""


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path
    source: str  # relative to `root`, posix form; a name that is not UTF-8 printable_name escaped
    root: Path
    # found in a scan of `root`: never read through a link that leaves it (a file named on the
    # command line is read where it points)
    confined: bool = True
    # issue 25: a WARC record's (offset, length) in the archive at `path` (`khobor.inputs`)
    member: tuple[int, int] | None = None


@dataclass(slots=True)
class ExtractContext:
    cfg: AnnotatorConfig = DEFAULT_CONFIG
    limits: DecodeLimits = field(default_factory=DecodeLimits)
    page_limits: PageLimits = field(default_factory=PageLimits.today)
    _sources: dict[Path, dict[str, str]] = field(default_factory=dict)
    furniture: FurnitureIndex | None = None  # corpus evidence (`extract --corpus`), if any
    # what the build does with personal data and readers' comments (`khobor.text.personal_data`)
    personal: PersonalDataPolicy = field(default_factory=PersonalDataPolicy)

    def sources_for(self, root: Path) -> dict[str, str]:
        if root not in self._sources:
            self._sources[root] = load_sources(root)
        return self._sources[root]

    def furniture_for(
        self, source: str, texts: list[str], sources: Mapping[str, str]
    ) -> FurnitureLookup | None:
        """The corpus evidence for this page's site; None without a corpus."""
        if self.furniture is None:
            return None
        infos = line_infos(texts, self.cfg)
        return self.furniture.lookup_for(self.furniture.site_for(source, infos, sources, self.cfg))


def printable_name(text: str | Path) -> str:
    r"""A path as khobor writes it (JSON, messages): bytes of a name that are not UTF-8 (kept
    by Python as lone surrogates) become `\xNN`, so the name stays readable and lossless.

    >>> printable_name("bad\udcff.txt")
    'bad\\xff.txt'
    """
    return str(text).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def iter_inputs(paths: Iterable[Path]) -> Iterator[InputFile]:
    """Entries named explicitly are always inputs; folders are scanned for `*.txt` entries
    (any case), sorted. Every entry with a page name is an input, whatever it is (a folder, a
    FIFO, a link to nothing): `read_page` quarantines what is not a regular file."""
    for path in paths:
        if path.is_dir():
            for found, relative in _scan(path):
                yield from _expanded(InputFile(Path(found), printable_name(relative), path))
        elif path.exists() or path.is_symlink():
            yield from _expanded(
                InputFile(path, printable_name(path.name), path.parent, confined=False)
            )
        else:
            raise MissingPathError(f"{printable_name(path)}: no such file or directory")


def _expanded(item: InputFile) -> Iterator[InputFile]:
    """A WARC archive's records (issue 25), or the input itself."""
    if kind_of_name(item.path.name) is not InputKind.WARC:
        yield item
        return
    from dataclasses import replace

    from khobor.pages.inputs import archive_inputs

    # what cannot be listed (not a regular file, a link leaving the raw folder, unreadable)
    # stays one input, which `read_page` quarantines
    try:
        if leaves_root(item) or not stat.S_ISREG(item.path.stat().st_mode):
            yield item
            return
        # listed before the first is given (an error midway must not leave half an archive
        # and the archive too); a record's entry is ~100 bytes, as the build's input list
        members = list(archive_inputs(item.path, item.source))
    except OSError:
        yield item
        return
    for source, member in members:
        yield replace(item, source=source, member=member)


def _relative(path: Path | str, root: Path) -> str | None:
    """`path.relative_to(root).as_posix()` by string (cheaper than pathlib's, a
    page at a time), for a path khobor joined under `root`; None when it is not under it."""
    prefix, text = str(root), str(path)
    if prefix == ".":  # pathlib drops a leading "./": a relative path is under "."
        prefix = ""
        if os.path.isabs(text) or text == ".." or text.startswith(".." + os.sep):
            return None
    elif not prefix.endswith(os.sep):
        prefix += os.sep
    if not text.startswith(prefix) or len(text) == len(prefix) or text == ".":
        return None
    relative = text[len(prefix) :]
    return relative if os.sep == "/" else relative.replace(os.sep, "/")


def _scan(root: Path) -> list[tuple[str, str]]:
    """Entries with a page name under `root` (their paths and their paths relative to it), in
    `sorted(Path)` order. Links to folders are followed, each folder listed once (no loops); a
    folder with a page name is listed and also scanned; a folder that cannot be listed is an
    input too (quarantined as unreadable), so its pages never vanish without a word. Paths are
    strings until the end (a `Path` a page is measurable at scale:
    `bench/results/docstring_timings.txt`)."""
    found: list[str] = []
    seen: set[tuple[int, int]] = set()
    # The real tree first: a folder that is also linked keeps its own path.
    folders: list[Path] = [root]
    links: list[Path] = []
    while folders or links:
        folder = folders.pop() if folders else links.pop()
        if folder is not root and _outside(str(folder), str(root)):
            found.append(str(folder))  # an input: read_page says it leaves the raw folder
            continue
        try:
            status = folder.stat()
            if (status.st_dev, status.st_ino) in seen:
                continue
            seen.add((status.st_dev, status.st_ino))
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            if folder == root:
                raise
            found.append(str(folder))  # read_page says why it cannot be listed
            continue
        # the entry's path as `Path` writes it: "./" dropped (only a "." root gives one)
        base = "" if str(folder) == "." else os.path.join(str(folder), "")
        for entry in entries:
            if _is_folder(entry):
                (links if entry.is_symlink() else folders).append(Path(entry.path))
            if is_page_name(entry.name):
                found.append(base + entry.name)
    pages = {path: _relative(path, root) or "" for path in found}
    return sorted(pages.items(), key=lambda page: page[1].split("/"))


@functools.lru_cache(maxsize=4096)
def _real(folder: str) -> str:
    """A folder's real path (a build reads each folder's pages together: one call each)."""
    return os.path.realpath(folder)


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _outside(path: str, root: str) -> bool:
    """Whether `path` (under `root`) leads out of `root` through a symbolic link: its folder's
    real path is outside the root's, or it is itself a link to somewhere outside. One `lstat`
    a page when nothing is linked (a `realpath` a page would cost more)."""
    real_root = _real(root)
    if not _inside(_real(os.path.dirname(path) or "."), real_root):
        return True
    try:
        linked = stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False  # missing: read_page says so
    return linked and not _inside(os.path.realpath(path), real_root)


def leaves_root(item: InputFile) -> bool:
    """A scanned input reached through a symbolic link that leaves its raw folder: never
    read, hashed or measured (`symlink_outside_raw`)."""
    return item.confined and _outside(str(item.path), str(item.root))


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows a link; a loop or a dangling link is not a folder
    except OSError:
        return False


# What `stat` says a non-regular entry is, for the quarantine detail.
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _file_kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_page(item: InputFile, limits: DecodeLimits) -> RawPage | Quarantined:
    """Read a regular file's bytes, at most `max_bytes` of them (the cap holds while reading,
    so a file that grows, or a device, cannot exhaust memory). A FIFO, device, folder or a link
    to nothing is quarantined without being opened for reading."""
    where = printable_name(item.path)
    if item.member is not None:
        from khobor.pages.inputs import read_record

        return read_record(item.path, item.source, item.member, limits)
    if leaves_root(item):
        detail = f"{where}: a symbolic link leaving {printable_name(item.root)}; never followed"
        return Quarantined(item.source, Reason.SYMLINK_OUTSIDE_RAW, detail)
    try:
        status = item.path.stat()
    except OSError as error:
        return _unstattable(item, where, error)
    if stat.S_ISDIR(status.st_mode) and not os.access(item.path, os.R_OK | os.X_OK):
        detail = f"{where}: a folder khobor cannot list (permission denied)"
        return Quarantined(item.source, Reason.UNREADABLE_FILE, detail)
    if not stat.S_ISREG(status.st_mode):
        kind = _file_kind(status.st_mode)
        return Quarantined(item.source, Reason.NOT_A_REGULAR_FILE, f"{where}: {kind}")
    if status.st_size > limits.max_bytes:
        return _too_large(item, where, status.st_size, limits)
    try:
        data = _read_capped(item.path, limits.max_bytes)
    except OSError as error:
        return Quarantined(item.source, Reason.UNREADABLE_FILE, f"{where}: {error.strerror}")
    if data is None:
        return Quarantined(item.source, Reason.NOT_A_REGULAR_FILE, f"{where}: replaced while read")
    if len(data) > limits.max_bytes:
        return _too_large(item, where, len(data), limits)
    read_as = kind_of_name(item.path.name)
    return RawPage(item.source, data) if read_as in (None, InputKind.TEXT) else _html(item, data)


def _html(item: InputFile, data: bytes) -> RawPage:
    return RawPage(item.source, data, kind=str(InputKind.HTML))


def _unstattable(item: InputFile, where: str, error: OSError) -> Quarantined:
    if error.errno == errno.ELOOP:
        return Quarantined(item.source, Reason.NOT_A_REGULAR_FILE, f"{where}: a symlink loop")
    if error.errno == errno.ENOENT and item.path.is_symlink():
        return Quarantined(item.source, Reason.NOT_A_REGULAR_FILE, f"{where}: a dangling symlink")
    return Quarantined(item.source, Reason.UNREADABLE_FILE, f"{where}: {error.strerror}")


def _too_large(item: InputFile, where: str, size: int, limits: DecodeLimits) -> Quarantined:
    return Quarantined(
        item.source,
        Reason.TOO_LARGE,
        f"{where}: {size} bytes or more, over the {limits.max_bytes}-byte limit",
    )


def advise_reading(items: Iterable[InputFile]) -> None:
    """Tell the kernel that these files are about to be read (`POSIX_FADV_WILLNEED`), so that
    it fetches them from disk together, while the pages before them are being extracted, not
    one at a time as each is opened (`bench/results/readahead.txt`). Only a regular file is
    opened; a file that cannot be is left for `read_page` to report."""
    if not readahead.available():
        return
    for item in items:
        try:
            if leaves_root(item) or not stat.S_ISREG(os.stat(item.path).st_mode):
                continue
            fd = os.open(item.path, READ_ANY_FLAGS)
        except OSError:
            continue
        try:
            readahead.will_need(fd)
        finally:
            os.close(fd)


def _read_capped(path: Path, max_bytes: int) -> bytes | None:
    """Up to `max_bytes + 1` bytes of a regular file; None when what was opened is not one
    (swapped after the `stat`)."""
    fd = os.open(path, READ_ANY_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks, left = [], max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(READ_CHUNK, left))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def split_lines(text: str) -> list[str]:
    """Non-blank lines, stripped.

    >>> split_lines("ক\\n\\n  খ  \\n \\n")
    ['ক', 'খ']
    """
    return [s for s in (line.strip() for line in text.split("\n")) if s]


def extract_page(
    page: RawPage, ctx: ExtractContext, root: Path | None = None
) -> Article | Quarantined:
    return extract_lines(page, ctx, root).result


class Extraction(NamedTuple):
    result: Article | Quarantined
    texts: list[str] | None  # the page's lines (None when it does not decode)
    markup: MarkupReport | None = None  # an HTML page's markup and what the record took of it


def extract_lines(page: RawPage, ctx: ExtractContext, root: Path | None) -> Extraction:
    """`extract_page`, with the page's lines and, for an HTML page, its markup's report."""
    from khobor.pages.inputs import page_sources, rendered_text

    digest = sha256_hex(page.data)  # of the raw bytes: the HTML's for an HTML page
    data, rendered = rendered_text(page)
    decoded = decode_page(data, ctx.limits)
    if isinstance(decoded, DecodeFailure):
        return Extraction(Quarantined(page.source, decoded.reason, decoded.detail, digest), None)
    sources = page_sources(page, ctx.sources_for(root) if root is not None else {})
    texts = split_lines(decoded.text)
    evidence = None
    if rendered is not None:  # the tree the text was rendered from: the markup is read once
        from khobor.inputs.markup import markup_evidence

        evidence = markup_evidence(rendered.tree)
    result, decisions = assemble_marked(page, digest, texts, sources, ctx, evidence)
    report = None
    if rendered is not None and evidence is not None:
        from khobor.pages.markup_fill import MarkupReport

        report = MarkupReport(rendered.charset, evidence, tuple(decisions), page.captured)
    return Extraction(result, texts, report)


def assemble_marked(
    page: RawPage,
    digest: str,
    texts: list[str],
    sources: Mapping[str, str],
    ctx: ExtractContext,
    evidence: MarkupEvidence | None,
) -> tuple[Article | Quarantined, list[Decision]]:
    """A page's lines assembled into its record (`page`'s data is not read): its kind and
    capture day and, for an HTML page (`evidence`), the fields its markup fills
    (`khobor.pages.markup_fill`), with what the markup's values were decided."""
    from khobor.pages.inputs import with_capture_date

    furniture = ctx.furniture_for(page.source, texts, sources)
    finder = None
    if evidence is not None:
        from khobor.pages.markup_fill import title_finder

        finder = title_finder(evidence)
    article, titled = assemble(
        page.source,
        digest,
        texts,
        sources=sources,
        cfg=ctx.cfg,
        furniture=furniture,
        title_line=finder,
    )
    if isinstance(article, Article):
        article.input_kind = page.kind
    article = with_capture_date(article, page.captured)
    if evidence is None:
        return article, []
    if isinstance(article, Quarantined):
        return article, _title_refusals(article, evidence, texts)
    from khobor.inputs.fill import PageClock
    from khobor.pages.assemble import page_zone
    from khobor.pages.markup_fill import fill_record

    days = (ctx.page_limits.earliest, ctx.page_limits.latest)
    clock = PageClock(page_zone(article.outlet, []), page.captured, article.page_date, days)
    return article, fill_record(article, evidence, clock, titled is not None)


def _title_refusals(
    quarantined: Quarantined, evidence: MarkupEvidence, texts: list[str]
) -> list[Decision]:
    """Why the markup's titles did not give a headline to a page quarantined without one."""
    if quarantined.reason is not Reason.NO_HEADLINE:
        return []
    from khobor.inputs.fill import title_refusals
    from khobor.pages.markup_fill import site_namer

    return title_refusals(evidence, site_namer(evidence), texts)


def name_fault(item: InputFile) -> Quarantined | None:
    r"""A file name the dataset cannot carry: not UTF-8 (the source shows its bytes as `\xNN`,
    losslessly), or one the schema gate's text hygiene would refuse (decomposed Unicode,
    control characters)."""
    relative = _relative(item.path, item.root) or ""
    if printable_name(relative) != relative:
        return Quarantined(
            item.source, Reason.UNDECODABLE_FILE_NAME, f"{item.source}: the name is not UTF-8"
        )
    problem = name_problem(item.source)
    if problem is not None:
        return Quarantined(
            item.source, Reason.NONCANONICAL_FILE_NAME, f"{item.source!a}: the name {problem}"
        )
    return None


def dataset_fault(
    item: InputFile, result: Article | Quarantined, ctx: ExtractContext
) -> Quarantined | None:
    """What keeps an input out of the dataset although the annotator made a record of it (or
    before it is read): a file name the dataset cannot carry, or a per-page fault the release's
    schema gate would refuse the whole release for (`khobor.pages.faults`). The build applies
    it; `khobor extract` and the evaluation show the annotator's record as it is."""
    fault = name_fault(item)
    if fault is not None or isinstance(result, Quarantined):
        return fault
    return page_fault(result, ctx.page_limits)


def input_hashes(item: InputFile, ctx: ExtractContext) -> PageHashes | None:
    """An input's `PageHashes` for the corpus pass (`extract --corpus`, the datatrove engine):
    what the local build's workers hash as they annotate (`extract_file_and_hashes`); None
    for a page that cannot be read or decoded."""
    from khobor.corpus.furniture import page_hashes
    from khobor.pages.inputs import page_sources, rendered_text

    page = read_page(item, ctx.limits)
    if isinstance(page, Quarantined):
        return None
    decoded = decode_page(rendered_text(page)[0], ctx.limits)
    if isinstance(decoded, DecodeFailure):
        return None
    texts = split_lines(decoded.text)
    sources = page_sources(page, ctx.sources_for(item.root))
    return page_hashes(item.source, texts, sources, ctx.cfg)


def corpus_index(
    paths: Iterable[Path], ctx: ExtractContext, config: FurnitureConfig | None = None
) -> FurnitureIndex:
    """`extract --corpus`: the furniture of the sites of the pages under `paths`, pages
    without a known site grouped by the lines they share (`khobor.corpus.furniture_learn`), in
    streaming passes; a page's cluster is the exact digest of its paragraph-like lines. Pages
    that cannot be read or decoded are left out. The pages are read once (their hashes are
    kept in memory: a few hundred bytes a page)."""
    from khobor.contracts.policy import FurnitureConfig
    from khobor.corpus.furniture_learn import learn_index

    hashed = [input_hashes(item, ctx) for item in iter_inputs(paths)]
    return learn_index(lambda: hashed, config or FurnitureConfig())


def extract_file(item: InputFile, ctx: ExtractContext) -> Article | Quarantined:
    page = read_page(item, ctx.limits)
    if isinstance(page, Quarantined):
        return page
    return extract_page(page, ctx, item.root)


def extract_file_explained(
    item: InputFile, ctx: ExtractContext
) -> tuple[Article | Quarantined, MarkupReport | None]:
    """`extract_file`, and for an HTML page its markup's report (`--explain`)."""
    page = read_page(item, ctx.limits)
    if isinstance(page, Quarantined):
        return page, None
    extraction = extract_lines(page, ctx, item.root)
    return extraction.result, extraction.markup


def extract_file_and_hashes(
    item: InputFile, ctx: ExtractContext
) -> tuple[Article | Quarantined, PageHashes | None]:
    """`extract_file`, and the page's `PageHashes` for the corpus pass from the same read and
    decoding (the lines' features are those just computed, cached): what `input_hashes`
    gives. None for a page that cannot be read or decoded."""
    from khobor.corpus.furniture import page_hashes

    page = read_page(item, ctx.limits)
    if isinstance(page, Quarantined):
        return page, None
    from khobor.pages.inputs import page_sources

    article, texts, _ = extract_lines(page, ctx, item.root)
    if texts is None:
        return article, None
    sources = page_sources(page, ctx.sources_for(item.root))
    return article, page_hashes(item.source, texts, sources, ctx.cfg)


# ---------------------------------------------------------------------------------------------
# JSON Lines form (schema v1 column names; ISO 8601 with +06:00; dates YYYY-MM-DD)


def _json_value(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, list):  # captions (str) or lines (`Line`)
        return [v if isinstance(v, str) else {"text": v.text, "label": v.label} for v in value]
    if isinstance(value, dict):
        return dict(value)
    return value


def article_to_json(article: Article) -> dict[str, Any]:
    """The record as JSON values, its keys in `Article`'s field order, which is the schema's
    column order (`tests/test_schema.py` holds them together)."""
    record = {name: _json_value(getattr(article, name)) for name in ARTICLE_FIELDS}
    record["dup_cluster"] = article.dup_cluster or article.id  # a record is its own cluster
    return record


def quarantine_to_json(item: Quarantined) -> dict[str, Any]:
    record: dict[str, Any] = {
        "source": item.source,
        "quarantine_reason": str(item.reason),
        "detail": item.detail,
    }
    if item.evidence:
        record["evidence"] = dict(item.evidence)
    return record


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
    _explain_page_extras(record)
    return record


def _explain_page_extras(record: dict[str, Any]) -> None:
    """`--explain`'s page-level evidence: the language counts of a page that shows a sign of
    Assamese (`language`), and the personal data found in its lines (`personal_data`)."""
    from khobor.text.language import page_language
    from khobor.text.personal_data import find_personal_data

    texts = [line["text"] for line in record["lines"]]
    evidence = page_language("\n".join(texts))
    if evidence is not None:
        record["language"] = evidence.to_json()
    found = [
        {"line": number, "kind": str(f.kind), "text": f.text}
        for number, text in enumerate(texts)
        for f in find_personal_data(text)
    ]
    if found:
        record["personal_data"] = found
