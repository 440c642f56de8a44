"""`khobor extract --explain` for an HTML page or WARC record: the markup's evidence and how
it weighs against the text's record (`markup`: the evidence, each comparison, and a word a
field)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from khobor.pages.extract import ExtractContext, InputFile


def explain_markup(item: InputFile, record: dict[str, Any], ctx: ExtractContext) -> None:
    """Add `record["markup"]` for a record read from HTML (read again: `--explain` only)."""
    if record.get("input_kind") not in ("html", "warc"):
        return
    from khobor.contracts.records import Quarantined
    from khobor.inputs.markup import markup_evidence
    from khobor.inputs.render import parse_html
    from khobor.inputs.weigh import summary, weigh
    from khobor.pages.extract import read_page

    page = read_page(item, ctx.limits)
    if isinstance(page, Quarantined):
        return
    tree, charset = parse_html(page.data, page.charset)
    evidence = markup_evidence(tree)
    weighed = weigh(evidence, record, page.captured)
    record["markup"] = {
        "charset": {"codec": charset.codec, "from": str(charset.source)},
        "evidence": evidence.to_json(),
        "weighed": [item.to_json() for item in weighed],
        "fields": summary(weighed),
    }
