"""`dataset.personal_data` (warn by default): the personal data a release still holds, per
kind, and the records that hold it; the placeholders the build's `[personal_data]` policy
left; readers' comment lines that still carry their text.

Every line of every record is scanned (the lines hold every text of the page: body,
headline, captions): Arrow's RE2 picks the lines that could hold a finding, and
`khobor.text.personal_data.find_personal_data` decides on those only. The check fails (a warning,
at the default level) when a record holds personal data: under the default policy (mask) that
is what the recognizers find that the build did not mask, under "keep" every finding."""

from __future__ import annotations

from collections import Counter
from typing import Any

from khobor.gates.config import GatesConfig
from khobor.gates.core import CheckResult, ReleaseData, check_result

CHECK = "dataset.personal_data"
IDS_PER_KIND = 20  # record ids listed per kind in the figures (the count is always exact)
# A line that could hold a finding or a placeholder (RE2): an "@", eight digits with
# separators, a dotted quad's start, "::", or a "[KIND]" placeholder.
_DIGIT = "[0-9\u09e6-\u09ef]"
CANDIDATE_LINE = (
    f"@|{_DIGIT}(?:[ \\-\u2010-\u2013()]{{0,2}}{_DIGIT}){{7}}|{_DIGIT}{{1,3}}\\.{_DIGIT}{{1,3}}\\."
    "|::|[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:|\\[[A-Z_]+\\]"
)


def personal_data(release: ReleaseData, config: GatesConfig) -> CheckResult:
    import numpy as np

    from khobor.contracts.taxonomy import LABELS
    from khobor.gates._arrow import pc
    from khobor.text.personal_data import (
        COMMENT_PLACEHOLDER,
        KINDS,
        PLACEHOLDERS,
        find_personal_data,
    )

    comment = LABELS.index("comment")
    found: Counter[str] = Counter()
    masked: Counter[str] = Counter()
    ids: dict[str, list[str]] = {str(kind): [] for kind in KINDS}
    holders: set[str] = set()
    comment_lines = comment_text_lines = lines_scanned = 0
    for batch in release.batches(["id", "lines"]):
        if "lines" not in batch.table.column_names or "id" not in batch.table.column_names:
            continue
        lines = batch.table.column("lines").combine_chunks()
        flat = pc.list_flatten(lines)
        texts = flat.field("text")
        labels = flat.field("label")
        parents = pc.list_parent_indices(lines).to_numpy()
        lines_scanned += len(texts)
        is_comment = pc.equal(labels, comment).fill_null(False).to_numpy(zero_copy_only=False)
        comment_lines += int(is_comment.sum())
        comment_text_lines += int(
            np.count_nonzero(
                is_comment & ~pc.equal(texts, COMMENT_PLACEHOLDER).fill_null(False).to_numpy(False)
            )
        )
        candidates = pc.match_substring_regex(texts, CANDIDATE_LINE).fill_null(False)
        record_ids = batch.table.column("id").to_pylist()
        kinds_of: dict[int, set[str]] = {}
        for index in np.flatnonzero(candidates.to_numpy(zero_copy_only=False)).tolist():
            text = texts[index].as_py()
            row = int(parents[index])
            for masked_kind, placeholder in PLACEHOLDERS.items():
                masked[str(masked_kind)] += text.count(placeholder)
            for finding in find_personal_data(text):
                found[str(finding.kind)] += 1
                kinds_of.setdefault(row, set()).add(str(finding.kind))
        for row, kinds in kinds_of.items():
            record_id = str(record_ids[row])
            holders.add(record_id)
            for kind in kinds:
                ids[kind].append(record_id)
    per_kind = {
        str(kind): {
            "found": found[str(kind)],
            "records": len(ids[str(kind)]),
            "masked_placeholders": masked[str(kind)],
            "ids": sorted(ids[str(kind)])[:IDS_PER_KIND],
        }
        for kind in KINDS
    }
    figures: dict[str, Any] = {
        "kinds": per_kind,
        "comments": {"lines": comment_lines, "lines_with_text": comment_text_lines},
        "lines_scanned": lines_scanned,
        "policy": _recorded(release.manifest, "policy"),
        "build": _recorded(release.manifest, "figures"),
    }
    held = ", ".join(
        f"{kind} {row['found']} in {row['records']} records"
        for kind, row in per_kind.items()
        if row["found"]
    )
    placeholders = sum(masked.values())
    masked_note = f"; {placeholders} placeholders of masked data" if placeholders else ""
    comments_note = (
        f"; {comment_text_lines} of {comment_lines} comment lines keep their text"
        if comment_lines
        else ""
    )
    return check_result(
        CHECK,
        config.level(CHECK),
        holders,
        ok=f"no personal data found in {lines_scanned} lines{masked_note}{comments_note}",
        bad=f"{{n}} records hold personal data: {held}{masked_note}{comments_note}",
        figures=figures,
    )


def _recorded(manifest: dict[str, Any], section: str) -> dict[str, Any] | None:
    """The manifest's `[personal_data]` policy or figures, when the build recorded them."""
    value = manifest.get(section)
    if not isinstance(value, dict):
        return None
    recorded = value.get("personal_data")
    return dict(recorded) if isinstance(recorded, dict) else None
