"""`khobor extract --explain` for an HTML page or WARC record: the markup's evidence and how
it weighs against the record (`markup`: the charset, the evidence, each comparison, a word a
field, and `filled_from_markup`: the fields the markup filled and from which values)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from khobor.pages.markup_fill import MarkupReport


def explain_markup(report: MarkupReport | None, record: dict[str, Any]) -> None:
    """Add `record["markup"]` for a record read from HTML, or a page quarantined without a
    headline (`report`: what its extraction kept of the markup; the page is not read
    again)."""
    if report is None or not (record.get("input_kind") or report.decisions):
        return
    record["markup"] = report.to_json(record)
