"""The line annotator: every non-blank line of a page gets exactly one v1 label.

It reads the page's structure, not the wording of any one site: `lines` gives each line its
features and, where the line says what it is (a rank number, a dateline, a byline, a list
header, a prompt, a share row, a footer), its intrinsic label; `page` finds the body, the
header block above it and the tail below it, and labels everything else from its position.
"""

from khobor.annotate.config import DEFAULT_CONFIG, AnnotatorConfig
from khobor.annotate.credits import article_byline
from khobor.annotate.evidence import Furniture, FurnitureLookup
from khobor.annotate.lines import LineInfo, has_dateline_cue, line_info, line_infos
from khobor.annotate.page import (
    BodySpan,
    Decision,
    annotate_lines,
    explain_page,
    find_body,
    label_page,
    weighs_evidence,
)

__all__ = [
    "DEFAULT_CONFIG",
    "AnnotatorConfig",
    "BodySpan",
    "Decision",
    "Furniture",
    "FurnitureLookup",
    "LineInfo",
    "annotate_lines",
    "article_byline",
    "explain_page",
    "find_body",
    "has_dateline_cue",
    "label_page",
    "line_info",
    "line_infos",
    "weighs_evidence",
]
