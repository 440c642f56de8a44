"""Score the annotator against article-level truth of real pages (`khobor eval --truth`).

`khobor eval --truth` reads two truth formats, told apart by their shape (`read_truth`): this
module's (texts of the headline and the body lines), and the page-tops format of
`khobor.gates.evaluate_tops` (line indexes into each page; its objects have a `kind`).

Truth format — one JSON list, one object per page, pages read from a folder (`pages/` beside
the truth file unless told otherwise):

    {"doc_id": "<file stem under the pages folder>", "outlet": "<slug>",
     "headline": "<title>" or null,
     "published_at": ISO 8601 with offset or null,   # each date key only where the truth
     "updated_at": ISO 8601 with offset or null,     # can be read from the text
     "full_page": true,                              # false: a trimmed page (default true)
     "body": ["<paragraph>", ...],                   # each is one line of the page
     "expect_quarantine": "<reason>",                # the page cannot become a record
     "accept_quarantine": "<reason>",                # the record or this quarantine are right
     "note": "what is unusual about the page"}

The counting is the external scorer's (the `score.py` that ships beside such truth), so the
figures here equal its figures on the same output: body lines are compared as sets of
normalized texts, P/R/F1 over all pages and over full pages only (0.0 on an empty
denominator), headlines and dates exact, dates only on full pages and only for the keys the
truth gives, and a quarantine the truth expects or accepts counts as a right headline and date.
That scorer also reads a `line_labels` key that the format does not describe (a per-line label
accuracy); a truth file with it, or with any other unknown key, is refused here rather than
scored differently.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from khobor.contracts.records import Reason
from khobor.pages.extract import ExtractContext, extract_file, iter_inputs, to_json

DATE_KEYS = ("published_at", "updated_at")
REQUIRED_KEYS = ("doc_id", "outlet", "headline", "body")
OPTIONAL_KEYS = ("full_page", "expect_quarantine", "accept_quarantine", "note", *DATE_KEYS)
QUARANTINE_REASONS = frozenset(str(reason) for reason in Reason)

# The external scorer's folding of a text before comparing: NFC, no-break space to space, the
# nukta letters that NFC decomposes put back as one code point each, whitespace runs to one space.
NUKTA_FOLDS = (
    ("\u09a1\u09bc", "\u09dc"),  # DDA + NUKTA -> RRA
    ("\u09a2\u09bc", "\u09dd"),  # DDHA + NUKTA -> RHA
    ("\u09af\u09bc", "\u09df"),  # YA + NUKTA -> YYA
)
_SPACE_RUN = re.compile(r"\s+")
_RECORD_BODY_BREAK = re.compile(r"\n\s*\n|\n")


class TruthError(Exception):
    """The truth file is malformed (the message names the file and the entry)."""


class TruthFormat(StrEnum):
    """The two truth formats `khobor eval --truth` reads."""

    REALPAGES = "realpages"  # headline and body texts (this module)
    REALTOPS = "realtops"  # line indexes into each page (`khobor.gates.evaluate_tops`)


TOPS_KEY = "kind"  # an object of the page-tops format has it; one of this module's never does


def read_truth(path: Path) -> tuple[TruthFormat, list[Any]]:
    """The truth file's JSON list and its format, told by its objects' shape: all with a `kind`
    (page tops) or none (real pages). A list of both kinds raises TruthError naming the entry."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TruthError(f"{path}: cannot read truth file ({error})") from None
    if not isinstance(data, list) or not data:
        raise TruthError(f"{path}: must be a non-empty JSON list of page objects")
    tops = [
        (index, TOPS_KEY in entry) for index, entry in enumerate(data, 1) if isinstance(entry, dict)
    ]
    first = tops[0][1] if tops else False
    for index, has_kind in tops:
        if has_kind != first:
            which = f"entry {tops[0][0]} has a {TOPS_KEY!r} key and this one not"
            if not first:
                which = f"this one has a {TOPS_KEY!r} key and entry {tops[0][0]} not"
            raise entry_error(path, index, data[index - 1], f"mixes two truth formats: {which}")
    return (TruthFormat.REALTOPS if first else TruthFormat.REALPAGES), data


def norm(text: str | None) -> str | None:
    """A text as the external scorer compares it (BA, DDA + NUKTA below become BA, RRA).

    >>> norm("  \\u09ac\\u09a1\\u09bc\\u00a0 খবর\\n") == "\\u09ac\\u09dc খবর"
    True
    >>> norm(None) is None
    True
    """
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text).replace("\N{NO-BREAK SPACE}", " ")
    for decomposed, single in NUKTA_FOLDS:
        text = text.replace(decomposed, single)
    return _SPACE_RUN.sub(" ", text).strip()


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 time as the scorer reads it ("Z" allowed); empty or null is None.

    >>> parse_time("2025-11-23T17:46:00+06:00") == parse_time("2025-11-23T11:46:00Z")
    True
    >>> parse_time(None) is None
    True
    """
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@dataclass(frozen=True, slots=True)
class TruthPage:
    doc_id: str
    outlet: str
    headline: str | None
    dates: tuple[tuple[str, str | None], ...]  # only the date keys the truth gives
    full_page: bool
    body: tuple[str, ...]
    expect_quarantine: Reason | None
    accept_quarantine: Reason | None
    note: str


def _reason(code: str | None) -> Reason | None:
    return None if code is None else Reason(code)


def checked_entries(
    path: Path, wanted: TruthFormat, check: Callable[[Any], str | None]
) -> Iterator[dict[str, Any]]:
    """The entries of a truth file of the `wanted` format, each checked by `check` and for a
    doc_id given twice; the first problem raises TruthError naming the entry."""
    truth_format, data = read_truth(path)
    if truth_format is not wanted:
        reader = {
            TruthFormat.REALPAGES: "khobor.gates.evaluate_tops",
            TruthFormat.REALTOPS: "khobor.gates.evaluate_truth",
        }[wanted]
        raise TruthError(f"{path}: in the {truth_format} format: read it with {reader}")
    seen: set[str] = set()
    for index, entry in enumerate(data, 1):
        problem = check(entry)
        if problem is None and entry["doc_id"] in seen:
            problem = "doc_id given twice"
        if problem is not None:
            raise entry_error(path, index, entry, problem)
        seen.add(entry["doc_id"])
        yield entry


def entry_error(path: Path, index: int, entry: Any, problem: str) -> TruthError:
    doc_id = entry.get("doc_id") if isinstance(entry, dict) else None
    name = f"entry {index} ({doc_id!r})" if isinstance(doc_id, str) else f"entry {index}"
    return TruthError(f"{path}: {name}: {problem}")


def _check_entry(entry: Any) -> str | None:
    """What is wrong with one truth object, or None."""
    if not isinstance(entry, dict):
        return "must be a JSON object"
    missing = [key for key in REQUIRED_KEYS if key not in entry]
    if missing:
        return f"missing key {missing[0]!r}"
    unknown = sorted(set(entry) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        return f"unknown key {unknown[0]!r} (known: {', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)})"
    for key in ("doc_id", "outlet"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            return f"{key} must be a non-empty string"
    headline = entry["headline"]
    if headline is not None and (not isinstance(headline, str) or not headline.strip()):
        return "headline must be a non-empty string or null"
    body = entry["body"]
    if not isinstance(body, list) or not all(isinstance(p, str) and p.strip() for p in body):
        return "body must be a list of non-blank strings"
    if not isinstance(entry.get("full_page", True), bool):
        return "full_page must be true or false"
    if not isinstance(entry.get("note", ""), str):
        return "note must be a string"
    for key in DATE_KEYS:
        value = entry.get(key)
        if value is None:
            continue
        try:
            parsed = parse_time(value) if isinstance(value, str) and value else None
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            return f"{key} must be null or ISO 8601 with an offset, not {value!r}"
    for key in ("expect_quarantine", "accept_quarantine"):
        if key in entry and entry[key] not in QUARANTINE_REASONS:
            known = ", ".join(sorted(QUARANTINE_REASONS))
            return f"{key} {entry[key]!r} is not a quarantine reason (known: {known})"
    if "expect_quarantine" in entry and "accept_quarantine" in entry:
        return "expect_quarantine and accept_quarantine both given: keep one"
    return None


def load_truth(path: Path) -> list[TruthPage]:
    """Read and check a truth file of this format; the first problem raises TruthError naming
    the entry. Entries are counted from 1 and named by their doc_id where they have one.
    """
    pages: list[TruthPage] = []
    for entry in checked_entries(path, TruthFormat.REALPAGES, _check_entry):
        pages.append(
            TruthPage(
                doc_id=entry["doc_id"],
                outlet=entry["outlet"],
                headline=entry["headline"],
                dates=tuple((key, entry[key]) for key in DATE_KEYS if key in entry),
                full_page=entry.get("full_page", True),
                body=tuple(entry["body"]),
                expect_quarantine=_reason(entry.get("expect_quarantine")),
                accept_quarantine=_reason(entry.get("accept_quarantine")),
                note=entry.get("note", ""),
            )
        )
    return pages


def extract_records(pages_dir: Path, ctx: ExtractContext | None = None) -> dict[str, dict]:
    """`khobor extract PAGES_DIR`'s objects, keyed by the file stem of their `source`."""
    ctx = ctx or ExtractContext()
    records: dict[str, dict] = {}
    for item in iter_inputs([pages_dir]):
        record = to_json(extract_file(item, ctx))
        records[Path(record.get("source", "")).stem] = record
    return records


# --- counting --------------------------------------------------------------------------------


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1; 0.0 where a denominator is empty (as the external scorer does).

    >>> prf(0, 0, 0)
    (0.0, 0.0, 0.0)
    >>> prf(3, 1, 0)
    (0.75, 1.0, 0.8571428571428571)
    """
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts of one page, or summed over an outlet or the whole truth file."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    full_tp: int = 0  # the same three, on full pages only
    full_fp: int = 0
    full_fn: int = 0
    headlines_ok: int = 0
    headlines: int = 0
    dates_ok: int = 0
    dates: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def figures(self) -> dict[str, Any]:
        precision, recall, f1 = prf(self.tp, self.fp, self.fn)
        full_f1 = prf(self.full_tp, self.full_fp, self.full_fn)[2]
        return {
            **asdict(self),
            "body_precision": precision,
            "body_recall": recall,
            "body_f1": f1,
            "full_body_f1": full_f1,
        }

    def summary(self) -> dict[str, Any]:
        """The external scorer's last line, key for key."""
        precision, recall, f1 = prf(self.tp, self.fp, self.fn)
        return {
            "body_P": round(precision, 3),
            "body_R": round(recall, 3),
            "body_F1": round(f1, 3),
            "full_body_F1": round(prf(self.full_tp, self.full_fp, self.full_fn)[2], 3),
            "headline": f"{self.headlines_ok}/{self.headlines}",
            "dates": f"{self.dates_ok}/{self.dates}",
        }


@dataclass(frozen=True, slots=True)
class PageScore:
    doc_id: str
    outlet: str
    expected: str  # "record", "quarantine:<reason>" or "record or quarantine:<reason>"
    got: str  # "record", "quarantine:<reason>" or "missing"
    tally: Tally
    notes: tuple[str, ...]


def body_lines(record: Mapping[str, Any]) -> list[str]:
    """A record's body lines, normalized: its `body` lines, else its body text split at breaks."""
    if record.get("lines"):
        return [norm(line["text"]) or "" for line in record["lines"] if line.get("label") == "body"]
    text = record.get("body") or ""
    return [norm(part) or "" for part in _RECORD_BODY_BREAK.split(text) if part.strip()]


def _expected(page: TruthPage) -> str:
    if page.expect_quarantine:
        return f"quarantine:{page.expect_quarantine}"
    if page.accept_quarantine:
        return f"record or quarantine:{page.accept_quarantine}"
    return "record"


def score_page(page: TruthPage, record: Mapping[str, Any] | None) -> PageScore:
    quarantined = record is not None and "quarantine_reason" in record
    reason = record.get("quarantine_reason") if record is not None else None
    got = "missing" if record is None else f"quarantine:{reason}" if quarantined else "record"

    def result(tally: Tally, *notes: str) -> PageScore:
        return PageScore(page.doc_id, page.outlet, _expected(page), got, tally, notes)

    if page.expect_quarantine:
        ok = int(reason == page.expect_quarantine)
        # A record where none should be: all its body lines are false positives (all pages only).
        wrong = body_lines(record) if record is not None and not quarantined else []
        return result(
            Tally(fp=len(wrong), headlines_ok=ok, headlines=1, dates_ok=ok, dates=1),
            *(() if ok else (f"want quarantine {page.expect_quarantine}",)),
        )
    if page.accept_quarantine and reason == page.accept_quarantine:
        return result(Tally(headlines_ok=1, headlines=1, dates_ok=1, dates=1), "accepted")
    gold = {norm(paragraph) for paragraph in page.body}
    full = page.full_page
    if record is None or "quarantine_reason" in record:
        return result(
            Tally(
                fn=len(gold),
                full_fn=len(gold) if full else 0,
                headlines=1 if page.headline else 0,
                dates=len(page.dates) if full else 0,
            )
        )
    predicted = set(body_lines(record))
    tp, fp, fn = len(gold & predicted), len(predicted - gold), len(gold - predicted)
    notes: list[str] = []
    headlines_ok = headlines = dates_ok = dates = 0
    if page.headline is not None:
        headlines = 1
        if norm(record.get("headline")) == norm(page.headline):
            headlines_ok = 1
        else:
            notes.append(f"headline={record.get('headline')!r}")
    if full:
        for key, want in page.dates:
            dates += 1
            if parse_time(record.get(key)) == parse_time(want):
                dates_ok += 1
            else:
                notes.append(f"{key}={record.get(key)} want {want}")
    tally = Tally(
        tp=tp,
        fp=fp,
        fn=fn,
        full_tp=tp if full else 0,
        full_fp=fp if full else 0,
        full_fn=fn if full else 0,
        headlines_ok=headlines_ok,
        headlines=headlines,
        dates_ok=dates_ok,
        dates=dates,
    )
    return result(tally, *notes)


def score_truth(
    truth: Iterable[TruthPage], records: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """Per-page rows, per-outlet and total figures, and the external scorer's summary line."""
    rows = [score_page(page, records.get(page.doc_id)) for page in truth]
    outlets: dict[str, Tally] = {}
    pages_per_outlet: dict[str, int] = {}
    for row in rows:
        outlets[row.outlet] = outlets.get(row.outlet, Tally()) + row.tally
        pages_per_outlet[row.outlet] = pages_per_outlet.get(row.outlet, 0) + 1
    total = sum((row.tally for row in rows), Tally())
    return {
        "pages": [
            {
                "doc_id": row.doc_id,
                "outlet": row.outlet,
                "expected": row.expected,
                "got": row.got,
                **row.tally.figures(),
                "notes": list(row.notes),
            }
            for row in rows
        ],
        "outlets": {
            name: {"pages": pages_per_outlet[name], **tally.figures()}
            for name, tally in outlets.items()
        },
        "total": {"pages": len(rows), **total.figures()},
        "summary": total.summary(),
    }


def _short(outcome: str) -> str:
    """A page outcome for a narrow table: `quarantine:no_body` is shown as `q:no_body`."""
    return outcome.replace("quarantine:", "q:")


def render_truth_table(report: dict[str, Any], title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    pages = Table(title=f"Real pages — {title}")
    pages.add_column("page", no_wrap=True)
    pages.add_column("want")  # "record or q:no_body" may wrap
    for column in ("got", "body tp/fp/fn", "headline", "dates"):
        pages.add_column(column, no_wrap=True)
    for row in report["pages"]:
        pages.add_row(
            row["doc_id"],
            _short(row["expected"]),
            _short(row["got"]),
            f"{row['tp']}/{row['fp']}/{row['fn']}",
            f"{row['headlines_ok']}/{row['headlines']}",
            f"{row['dates_ok']}/{row['dates']}",
        )
    console.print(pages)
    outlets = Table(title="Real pages by outlet (body lines: all pages, and full pages only)")
    for column in ("outlet", "pages", "body P", "body R", "body F1", "full F1", "headline"):
        outlets.add_column(column, no_wrap=True)
    outlets.add_column("dates", no_wrap=True)
    named = [*report["outlets"].items(), ("total", report["total"])]
    for index, (name, row) in enumerate(named):
        outlets.add_row(
            name,
            str(row["pages"]),
            f"{row['body_precision']:.3f}",
            f"{row['body_recall']:.3f}",
            f"{row['body_f1']:.3f}",
            f"{row['full_body_f1']:.3f}",
            f"{row['headlines_ok']}/{row['headlines']}",
            f"{row['dates_ok']}/{row['dates']}",
            end_section=index == len(named) - 2,
        )
    console.print(outlets)
    for row in report["pages"]:
        for note in row["notes"]:
            console.print(f"[yellow]note[/yellow] {row['doc_id']}: {note}", soft_wrap=True)
    summary = json.dumps(report["summary"], ensure_ascii=False)
    console.print(f"summary (as score.py prints it): {summary}", soft_wrap=True, markup=False)
