"""Score the annotator against truth for real page *tops* (`khobor eval --truth`, line indexes).

Truth format — one JSON list, one object per page; pages read from a folder (`pages/` beside the
truth file unless told otherwise). Line numbers are 0-based indexes into `pages/<doc_id>.txt`
split on "\\n":

    {"doc_id": "<file stem>", "outlet": "<name>", "kind": "article" or "not_article",
     "headline": <line> or null, "headline_alt": [<line>, ...],   # other printings, as right
     "byline": <line> or null,
     "published_at": ISO 8601 or null, "updated_at": ISO 8601 or null,
     "date": "YYYY-MM-DD" or null, "page_date": "YYYY-MM-DD" or null,
     "body": [<line>, ...], "truncated_last": <line> or null,    # the cut last line: not scored
     "captions": [<line>, ...],
     "url", "country", "why", "note", "confidence", "truncated_is_body": described, not scored}

It is told from the other truth format (`khobor.gates.evaluate_truth`) by its `kind` key.

The counting is the external scorer's (the `score.py` that ships beside such truth), rule for
rule, so the summary line printed here is the one it prints on the same records:

- a not-article page is right when it is refused (quarantined, or no record); an article page
  that is refused misses every field the truth gives, except a `no_headline` quarantine of an
  excerpt whose truth has no headline, which is accepted and not scored further;
- headline and byline: exact after the scorer's folding (NFC, no-break space to space, no
  zero-width (non-)joiners, nukta letters as one code point, whitespace runs to one space); a
  null truth is right only when khobor gives null; a `headline_alt` printing is as right; a
  byline may be the name part of the truth's line, cut at `| , / - – : ॥`; a credit printed
  inside the first body line (or the cut last line) may also be left null;
- published_at and updated_at: the same instant, or both null (an instant without an offset
  equals only the same instant without one); date: the same string, or both null; a field
  that is null in the truth and in the record is not counted;
- body lines: precision and recall over sets of folded lines, the cut last line left out of
  khobor's lines (the truth's body never holds it). An article refused counts its body lines
  as missed in the total, and — as the scorer does — not in its outlet's row.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

from khobor.contracts.records import Reason
from khobor.gates.evaluate_truth import (
    NUKTA_FOLDS,
    TOPS_KEY,
    TruthError,
    TruthFormat,
    checked_entries,
    parse_time,
    prf,
)

ID_KEYS = ("doc_id", "outlet", TOPS_KEY)
LINE_KEYS = ("headline", "byline", "truncated_last")  # a line number or null
LINES_KEYS = ("body", "captions")  # a list of line numbers
TIME_KEYS = ("published_at", "updated_at")
DAY_KEYS = ("date", "page_date")
OTHER_KEYS = ("headline_alt", "url", "country", "why", "note", "confidence", "truncated_is_body")
KNOWN_KEYS = frozenset(ID_KEYS + LINE_KEYS + LINES_KEYS + TIME_KEYS + DAY_KEYS + OTHER_KEYS)
FIELDS = ("headline", "byline", "published_at", "updated_at", "date")  # scored per article
# A byline may be the name part of the truth's line, cut before one of these.
NAME_PART_CUTS = ("|", ",", "/", "-", "\N{EN DASH}", ":", "\N{DEVANAGARI DOUBLE DANDA}")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\N{ZERO WIDTH NON-JOINER}\N{ZERO WIDTH JOINER}"))
_SPACE_RUN = re.compile(r"\s+")
_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Kind(StrEnum):
    ARTICLE = "article"
    NOT_ARTICLE = "not_article"


class Outcome(StrEnum):
    """What became of a page, as the scorer's per-page row says it."""

    REFUSED_OK = "refused ok"  # a not-article refused
    KEPT = "kept"  # a not-article kept as a record
    NO_HEADLINE_ACCEPTED = "no_headline accepted"  # an excerpt without a headline, refused
    REFUSED = "refused"  # an article refused
    SCORED = "scored"  # an article kept: its fields and body scored


def fold(text: str | None) -> str | None:
    """A text as the tops scorer compares it (its steps in its order).

    >>> fold(" \\u09ac\\u09a1\\u09bc\\u200c\\u00a0 খবর\\n") == "\\u09ac\\u09dc খবর"
    True
    """
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text).replace("\N{NO-BREAK SPACE}", " ")
    text = text.translate(_ZERO_WIDTH)
    for decomposed, single in NUKTA_FOLDS:
        text = text.replace(decomposed, single)
    return _SPACE_RUN.sub(" ", text).strip()


def is_name_part(got: str | None, want: str | None) -> bool:
    """A byline given as the name part of a line that also holds the outlet or the date.

    >>> is_name_part("রহিম উদ্দিন", "রহিম উদ্দিন | প্রকাশ: ১২ মার্চ")
    True
    >>> is_name_part("রহিম", "রহিম উদ্দিন")
    False
    """
    if not got or not want or not want.startswith(got):
        return False
    return want[len(got) :].lstrip()[:1] in NAME_PART_CUTS


@dataclass(frozen=True, slots=True)
class TopsTruth:
    doc_id: str
    outlet: str
    kind: Kind
    why: str | None
    headline: int | None
    headline_alt: tuple[int, ...]
    byline: int | None
    body: tuple[int, ...]
    truncated_last: int | None
    published_at: str | None
    updated_at: str | None
    date: str | None


def _line_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_iso_time(value: str) -> bool:
    try:
        return parse_time(value) is not None
    except ValueError:
        return False


def _check_entry(entry: Any) -> str | None:
    """What is wrong with one truth object, or None."""
    if not isinstance(entry, dict):
        return "must be a JSON object"
    missing = [key for key in (TOPS_KEY, *ID_KEYS) if key not in entry]
    if missing:
        return f"missing key {missing[0]!r}"
    unknown = sorted(set(entry) - KNOWN_KEYS)
    if unknown:
        return f"unknown key {unknown[0]!r} (known: {', '.join(sorted(KNOWN_KEYS))})"
    for key in ("doc_id", "outlet"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            return f"{key} must be a non-empty string"
    if entry["kind"] not in set(Kind):
        return f"kind must be one of {', '.join(Kind)}, not {entry['kind']!r}"
    for key in LINE_KEYS:
        if entry.get(key) is not None and not _line_number(entry[key]):
            return f"{key} must be a line number (0-based) or null"
    for key in LINES_KEYS:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(_line_number(i) for i in value):
            return f"{key} must be a list of line numbers"
    alt = entry.get("headline_alt")
    alts = alt if isinstance(alt, list) else [] if alt is None else [alt]
    if not all(_line_number(i) for i in alts):
        return "headline_alt must be a line number, a list of them, or null"
    for key in TIME_KEYS:
        value = entry.get(key)
        if value is not None and not (isinstance(value, str) and _is_iso_time(value)):
            return f"{key} must be null or ISO 8601, not {value!r}"
    for key in DAY_KEYS:
        value = entry.get(key)
        if value is not None and not (isinstance(value, str) and _DAY_RE.fullmatch(value)):
            return f"{key} must be null or YYYY-MM-DD, not {value!r}"
    return None


def load_tops(path: Path) -> list[TopsTruth]:
    """Read and check a truth file of this format; the first problem raises TruthError naming
    the entry (counted from 1, named by its doc_id where it has one)."""
    pages: list[TopsTruth] = []
    for entry in checked_entries(path, TruthFormat.REALTOPS, _check_entry):
        alt = entry.get("headline_alt")
        pages.append(
            TopsTruth(
                doc_id=entry["doc_id"],
                outlet=entry["outlet"],
                kind=Kind(entry["kind"]),
                why=entry.get("why"),
                headline=entry.get("headline"),
                headline_alt=tuple(alt if isinstance(alt, list) else [] if alt is None else [alt]),
                byline=entry.get("byline"),
                body=tuple(entry.get("body", [])),
                truncated_last=entry.get("truncated_last"),
                published_at=entry.get("published_at"),
                updated_at=entry.get("updated_at"),
                date=entry.get("date"),
            )
        )
    return pages


def read_page_lines(path: Path, pages_dir: Path, index: int, page: TopsTruth) -> list[str]:
    """The page's lines (split on "\\n"); every line number of its truth must be one of them."""
    file = pages_dir / f"{page.doc_id}.txt"
    try:
        lines = file.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as error:
        raise TruthError(
            f"{path}: entry {index} ({page.doc_id!r}): cannot read {file} ({error})"
        ) from None
    numbers = [page.headline, page.byline, page.truncated_last, *page.headline_alt, *page.body]
    beyond = [i for i in numbers if i is not None and i >= len(lines)]
    if beyond:
        raise TruthError(
            f"{path}: entry {index} ({page.doc_id!r}): line {beyond[0]} is beyond the "
            f"{len(lines)} lines of {file}"
        )
    return lines


# --- counting --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TopsTally:
    """The scorer's counters for one page, an outlet or the whole truth file."""

    article: int = 0
    not_article: int = 0
    refused_ok: int = 0
    article_refused: int = 0
    accepted_no_headline: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    refused_fn: int = 0  # gold body lines of a refused article: the total's fn, not the outlet's
    headline_ok: int = 0
    headline_n: int = 0
    byline_ok: int = 0
    byline_n: int = 0
    published_at_ok: int = 0
    published_at_n: int = 0
    updated_at_ok: int = 0
    updated_at_n: int = 0
    date_ok: int = 0
    date_n: int = 0

    def __add__(self, other: TopsTally) -> TopsTally:
        return TopsTally(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def kept(self) -> str:
        return f"{self.article - self.article_refused - self.accepted_no_headline}/{self.article}"

    def frac(self, key: str) -> str:
        return f"{getattr(self, key + '_ok')}/{getattr(self, key + '_n')}"

    def prf(self, total: bool) -> tuple[float, float, float]:
        """Body P/R/F1; the total's recall also counts refused articles' lines (`total`)."""
        return prf(self.tp, self.fp, self.fn + (self.refused_fn if total else 0))

    def summary(self, outlets: int) -> dict[str, Any]:
        """The scorer's last line, key for key."""
        precision, recall, f1 = self.prf(total=True)
        return {
            "articles_kept": self.kept(),
            "articles_wrongly_refused": self.article_refused,
            "headless_excerpts_refused": self.accepted_no_headline,
            "not_articles_refused": f"{self.refused_ok}/{self.not_article}",
            **{key: self.frac(key) for key in FIELDS},
            "body_P": round(precision, 3),
            "body_R": round(recall, 3),
            "body_F1": round(f1, 3),
            "outlets": outlets,
        }


@dataclass(frozen=True, slots=True)
class TopsScore:
    doc_id: str
    outlet: str
    outcome: Outcome
    tally: TopsTally
    row: str  # the scorer's per-page row
    notes: tuple[str, ...]


def _field_tally(key: str, right: bool) -> dict[str, int]:
    return {f"{key}_n": 1, f"{key}_ok": int(right)}


def score_page(
    page: TopsTruth, lines: Sequence[str], record: Mapping[str, Any] | None
) -> TopsScore:
    def at(i: int | None) -> str | None:
        return None if i is None else fold(lines[i])

    def result(outcome: Outcome, tally: TopsTally, row: str, *notes: str) -> TopsScore:
        return TopsScore(page.doc_id, page.outlet, outcome, tally, f"{page.doc_id}: {row}", notes)

    reason = record.get("quarantine_reason") if record is not None else None
    refused = record is None or "quarantine_reason" in record
    if page.kind is not Kind.ARTICLE:
        head = f"not_article ({page.why}): "
        if refused:
            return result(
                Outcome.REFUSED_OK, TopsTally(not_article=1, refused_ok=1), head + "refused ok"
            )
        kept = f"KEPT as record, headline={record.get('headline')!r}"  # type: ignore[union-attr]
        return result(Outcome.KEPT, TopsTally(not_article=1), head + kept)
    gold = {at(i) for i in page.body} - {None, ""}
    cut = at(page.truncated_last)
    if refused and page.headline is None and reason == Reason.NO_HEADLINE:
        return result(
            Outcome.NO_HEADLINE_ACCEPTED,
            TopsTally(article=1, accepted_no_headline=1),
            "the excerpt shows no headline: no_headline accepted",
        )
    if record is None or refused:
        given = {f"{key}_n": 1 for key in FIELDS if getattr(page, key) is not None}
        return result(
            Outcome.REFUSED,
            TopsTally(article=1, article_refused=1, refused_fn=len(gold), **given),
            f"article REFUSED: {reason}",
        )
    predicted = {fold(x["text"]) for x in record.get("lines", []) if x.get("label") == "body"}
    predicted -= {cut, None, ""}
    tp, fp, fn = len(gold & predicted), len(predicted - gold), len(gold - predicted)
    counts: dict[str, int] = {"article": 1, "tp": tp, "fp": fp, "fn": fn}
    notes: list[str] = []
    alts = {at(i) for i in page.headline_alt}
    inline = page.byline is not None and (
        page.byline in page.body or page.byline == page.truncated_last
    )
    for key, want, got in (
        ("headline", at(page.headline), fold(record.get("headline"))),
        ("byline", at(page.byline), fold(record.get("byline"))),
    ):
        if want is None and got is None:
            continue
        right = want == got or (key == "headline" and got in alts)
        right = right or (key == "byline" and (is_name_part(got, want) or (inline and got is None)))
        counts |= _field_tally(key, right)
        if not right:
            notes.append(f"{key}={got!r} want {want!r}")
    for key in TIME_KEYS:
        # an instant without an offset stays naive: it equals only the same naive instant
        want_t, got_t = parse_time(getattr(page, key)), parse_time(record.get(key))
        if want_t is None and got_t is None:
            continue
        counts |= _field_tally(key, want_t == got_t)
        if want_t != got_t:
            notes.append(f"{key}={record.get(key)} want {getattr(page, key)}")
    if page.date is not None or record.get("date") is not None:
        counts |= _field_tally("date", page.date == record.get("date"))
        if page.date != record.get("date"):
            notes.append(f"date={record.get('date')} want {page.date}")
    if fp or fn:
        notes.append(f"body tp={tp} fp={fp} fn={fn}")
    return result(Outcome.SCORED, TopsTally(**counts), "; ".join(notes) or "ok", *notes)


def score_tops(
    path: Path,
    truth: Sequence[TopsTruth],
    pages_dir: Path,
    records: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    """Per-page rows, per-outlet and total counters, and the scorer's summary line."""
    scores = [
        score_page(page, read_page_lines(path, pages_dir, index, page), records.get(page.doc_id))
        for index, page in enumerate(truth, 1)
    ]
    outlets: dict[str, TopsTally] = {}
    for score in scores:
        outlets[score.outlet] = outlets.get(score.outlet, TopsTally()) + score.tally
    total = sum((score.tally for score in scores), TopsTally())
    return {
        "pages": [
            {
                "doc_id": s.doc_id,
                "outlet": s.outlet,
                "outcome": str(s.outcome),
                "row": s.row,
                "notes": list(s.notes),
                **_counters(s.tally),
            }
            for s in scores
        ],
        "outlets": {
            name: {**_counters(outlets[name]), "body_F1": outlets[name].prf(total=False)[2]}
            for name in sorted(outlets)
        },
        "total": _counters(total),
        "summary": total.summary(len(outlets)),
    }


def _counters(tally: TopsTally) -> dict[str, int]:
    return {f.name: getattr(tally, f.name) for f in fields(tally)}


# --- printing: the scorer's lines, character for character -----------------------------------

HEADER = (
    f"{'outlet':24} {'articles kept':14}{'not refused':12}{'headline':9}{'byline':9}"
    f"{'published':10}{'updated':9}{'date':8}body F1"
)


def outlet_line(name: str, counters: Mapping[str, Any]) -> str:
    tally = TopsTally(**{f.name: counters[f.name] for f in fields(TopsTally)})
    return (
        f"{name:24} {tally.kept():14}{tally.refused_ok}/{tally.not_article:<10}"
        f"{tally.frac('headline'):9}{tally.frac('byline'):9}{tally.frac('published_at'):10}"
        f"{tally.frac('updated_at'):9}{tally.frac('date'):8}{counters['body_F1']:.3f}"
    )


def report_lines(report: Mapping[str, Any], rows: bool) -> list[str]:
    """What `score.py DIR RECORDS [--rows]` prints for these records, line for line."""
    lines = [page["row"] for page in report["pages"]] if rows else []
    lines.append(HEADER)
    lines += [outlet_line(name, counters) for name, counters in report["outlets"].items()]
    lines.append(json.dumps(report["summary"], ensure_ascii=False))
    return lines
