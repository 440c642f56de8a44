"""The dataset card (`README.md` of a release): YAML front matter the Hub and `datasets` read,
and a body a person can trust. Rendered from the build's figures only (no clock, no paths)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from khobor.policy import SPLIT_NAMES

if TYPE_CHECKING:
    from khobor.build import ReleaseContext

PRETTY_NAME = "khobor: Bengali online news articles, line-annotated"
# Where a rights holder asks for a text to be removed. Keep in sync with DATASHEET.md.
TAKEDOWN_CONTACT = (
    "open an issue titled `takedown: <outlet> <article URL or id>` in the khobor repository "
    "(or, for a private request, write to the maintainers at the address in the repository's "
    "`pyproject.toml`/profile); we remove the text in the next release and from the Hub's latest "
    "revision within 14 days"
)
LICENSE_NAME = "outlet-copyright-research-only"

_SIZE_CATEGORIES = (
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
    (10_000_000, "1M<n<10M"),
)


def size_category(rows: int) -> str:
    """The Hub's size bucket for a row count.

    >>> size_category(5), size_category(1500)
    ('n<1K', '1K<n<10K')
    """
    for limit, name in _SIZE_CATEGORIES:
        if rows < limit:
            return name
    return "10M<n<100M"


def front_matter(context: ReleaseContext) -> dict[str, Any]:
    from khobor.schema import hf_features

    figures = context.figures
    return {
        "pretty_name": PRETTY_NAME,
        "language": ["bn"],
        "multilinguality": ["monolingual"],
        "license": "other",
        "license_name": LICENSE_NAME,
        "license_details": (
            "The article texts belong to their outlets; no licence to them is granted. "
            "Research use only; see the card's Licensing section."
        ),
        "task_categories": ["text-classification", "text-generation"],
        "size_categories": [size_category(figures.records)],
        "source_datasets": ["original"],
        "tags": ["news", "bengali", "boilerplate-removal", "web-page-segmentation", "khobor"],
        "configs": [
            {
                "config_name": "default",
                "default": True,
                "data_files": [
                    {"split": split, "path": f"data/{split}-*.parquet"} for split in SPLIT_NAMES
                ],
            }
        ],
        "dataset_info": {
            "config_name": "default",
            "features": hf_features()._to_yaml_list(),
            "splits": [
                {"name": split, "num_examples": figures.splits[split]} for split in SPLIT_NAMES
            ],
        },
    }


def _yaml(data: dict[str, Any]) -> str:
    import yaml

    return str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100))


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def render_card(context: ReleaseContext) -> str:
    from khobor.schema import COLUMNS, arrow_schema
    from khobor.taxonomy import LABEL_COARSE

    figures = context.figures
    policy = context.policy
    arrow = arrow_schema()
    field_rows = [
        [
            f"`{c.name}`",
            f"`{arrow.field(c.name).type}`",
            "yes" if c.nullable else "no",
            c.description,
        ]
        for c in COLUMNS
    ]
    label_rows = [
        [f"{index}", f"`{label}`", coarse, figures.labels.get(label, 0)]
        for index, label in enumerate(LABEL_COARSE)
        for coarse in [LABEL_COARSE[label]]
    ]
    split_rows = [
        [
            split,
            figures.splits[split],
            ", ".join(f"`{e['path']}`" for e in context.data_files(split)),
        ]
        for split in SPLIT_NAMES
    ]
    outlet_rows = [
        [outlet, *(counts[split] for split in SPLIT_NAMES), sum(counts.values())]
        for outlet, counts in sorted(figures.outlets.items())
    ]
    quarantine_rows = [[f"`{reason}`", n] for reason, n in sorted(figures.quarantined.items())]
    ledger = (
        f"the assignments of release {context.ledger_version} (every record it had keeps its split)"
        if context.ledger_version
        else "none (this is the first release of its line)"
    )
    date_range = (
        f"{figures.date_min} to {figures.date_max}" if figures.date_min else "no dated article"
    )
    shares = ", ".join(f"{name} {share:g}" for name, share in policy.splits.ratios().items())
    version = context.version

    body = f"""
# {PRETTY_NAME}

Release **{version}** of *khobor* (খবর, "news"): Bengali online-news articles turned from
the raw text of their web pages into typed records, with **every non-blank line of every page
labelled** (headline, body, caption, dateline, related links, comments, page chrome …).

| | |
|---|---|
| records | {figures.records} |
| raw pages read | {figures.inputs} |
| pages left out (quarantined) | {sum(figures.quarantined.values())} |
| article dates | {date_range} ({figures.undated} undated) |
| duplicate clusters | {figures.clusters} ({figures.clustered_records} records share a cluster) |
| schema | v1 |

```python
from datasets import load_dataset

ds = load_dataset("path/to/this/folder")  # or the Hub repo id, revision="v{version}"
ds["train"][0]["lines"][0]  # {{'text': ..., 'label': 0}}; names: ds["train"].features
```

## What is in it

One row per news article. A row keeps the article's text (`headline`, `body`, `captions`),
its metadata as printed on the page (`published_at`, `updated_at` as timezone-aware
timestamps in Asia/Dhaka, `byline`, `section`, `source_credit`, the outlet), and the page
itself as a list of `lines`, each with a label of taxonomy v1, so the same data trains a
boilerplate remover / page segmenter and gives clean text for language modelling.

## How it was made

1. **Collection.** The raw inputs are plain-text dumps of news web pages, the way a browser's
   "select all, copy" gives them (no HTML). Each file is one page; its SHA-256 is listed in
   `manifest.json`.
2. **Decoding.** Bytes are decoded and normalized (NFC); a page that is empty, binary, not
   Bengali, mis-decoded (mojibake) or markup goes to `quarantine.jsonl` with a fixed reason
   code instead of the data. Inputs = records + quarantined, always.
3. **Line annotation.** A rule-based annotator (lexicons of datelines, bylines, page furniture,
   outlet signatures) labels every non-blank line; the headline, body and metadata are
   assembled from the labels. Dates are parsed from Bengali numerals, month names and the
   Bangla calendar; a page that does not print a timestamp gets nulls, never a guess.
4. **Duplicates.** Exact duplicates (same normalized body) and near duplicates (MinHash over
   {policy.dedup.shingle_words}-word shingles, {policy.dedup.num_perm} permutations, LSH,
   estimated Jaccard ≥ {policy.dedup.threshold:g}) share a `dup_cluster` (its smallest id).
5. **Splits.** A cluster's split comes from a stable hash of its id (shares: {shares}), so
   near duplicates never straddle splits. Ledger: {ledger}. When the hash would leave a split
   empty, new clusters (never earlier ones) are moved into it.
6. **Files.** Parquet with an explicit schema, zstd, a page index and content-defined
   chunking (efficient Hub deduplication), rows sorted by `id`. Two builds of the same inputs
   give byte-identical files; a released version is never rewritten.

## Fields

{_table(["column", "Arrow type", "null", "meaning"], field_rows)}

`lines[].label` is a `ClassLabel`: an integer in Parquet, its name through
`features["lines"].feature["label"].int2str`.

## Labels

Taxonomy v1; coarse classes after the L3S-GN1 news-page scheme (Kohlschütter et al., 2010).
Counts are lines in this release.

{_table(["index", "label", "coarse class", "lines"], label_rows)}

## Splits

{_table(["split", "records", "files"], split_rows)}

## Outlets

{_table(["outlet", *SPLIT_NAMES, "total"], outlet_rows)}

`(unknown)`: the page does not say which outlet it is from (`outlet` is null; never guessed).

## Pages left out

{_table(["reason", "pages"], quarantine_rows) if quarantine_rows else "None in this release."}

Every left-out page is listed with its reason in `quarantine.jsonl`.

## Limits

- Small: the corpus is what was collected by hand, from a few outlets; it does not represent
  Bengali news as a whole (Bangladeshi outlets dominate; Indian Bengali outlets are rare).
- The line labels and metadata come from a rule-based annotator checked against a small
  hand-labelled gold set, not from human annotation of every page: expect errors, most of
  all on sites whose layout the rules have not seen.
- Page text only: no HTML structure, no images, no URLs unless the maintainers' `sources.csv`
  lists them; the capture date is known only when the page prints a header date.
- News texts carry the biases and the errors of their outlets and of their time.
- Near-duplicate detection is approximate (MinHash); pairs just under the threshold can land
  in different splits.

## Licensing

The article texts, headlines and captions **belong to their outlets** (the outlet of each
row is in `outlet`, when known). They are not licensed by this dataset: `license: other`.
They are collected and shared for non-commercial research on Bengali language technology
(e.g. boilerplate removal, text extraction, language modelling research) under the research
exceptions of copyright law; if you use them, you are responsible for your own use being
lawful where you are. Do not republish the texts.

The khobor toolkit that builds this dataset has its own, separate code licence (Apache-2.0);
it does not extend to the texts.

**Takedown.** If you hold rights to a text here and want it removed, {TAKEDOWN_CONTACT}.

## Version

Release {version}, schema v1. `manifest.json` lists the SHA-256 of every raw input and every
file here; `croissant.json` is the MLCommons Croissant description.
"""
    return "---\n" + _yaml(front_matter(context)) + "---\n" + body
