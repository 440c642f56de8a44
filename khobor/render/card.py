"""The dataset card (`README.md` of a release): YAML front matter the Hub and `datasets` read,
and a body a person can trust. Rendered from the build's figures and its data files (sizes,
one example record) only: no clock, no paths.

The metadata is `huggingface_hub.DatasetCardData`; its `dataset_info` (features and splits with
`num_bytes`, `download_size`, `dataset_size`) is what `datasets`' `DatasetInfosDict` writes,
built from the schema without importing `datasets` (tests keep the two equal and check that
`load_dataset` reads every part of it). The body is the Jinja2 template
`khobor/render/templates/dataset_card.md.j2`, whose sections follow huggingface_hub's dataset card
template."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from khobor.contracts.policy import SPLIT_NAMES
from khobor.render.escape import Md, code, markdown, table

if TYPE_CHECKING:
    from khobor.contracts.layout import ReleaseContext

PRETTY_NAME = "khobor: Bengali online news articles, line-annotated"
# The project's one public place: code, issues, takedown requests. `pyproject.toml`'s
# [project.urls] names the same addresses (a test keeps them equal).
REPOSITORY_URL = "https://github.com/khobor-bn/khobor"
TAKEDOWN_URL = f"{REPOSITORY_URL}/issues"
# Where a rights holder asks for a text to be removed. DATASHEET.md says the same.
TAKEDOWN_CONTACT = (
    f"open an issue titled `takedown: <outlet> <article URL or id>` at {TAKEDOWN_URL} "
    "(for a private request, ask there for a private channel without naming the text); we "
    "remove the text in the next release and from the Hub's latest revision within 14 days"
)
LICENSE_NAME = "outlet-copyright-research-only"
LICENSE_LINK = f"{REPOSITORY_URL}/blob/main/DATASHEET.md#licensing-and-terms-of-use"
LANGUAGE_DETAILS = "bn-Beng-BD, bn-Beng-IN"
GATED_PROMPT = (
    "The article texts in this dataset belong to their outlets and are shared for "
    "non-commercial research only. Do not republish them. Rights holders: takedown requests "
    f"at {TAKEDOWN_URL}."
)
GATED_FIELDS = {
    "Name": "text",
    "Affiliation": "text",
    "Intended use (non-commercial research)": "text",
    "I will not republish the texts and will honour takedown requests": "checkbox",
}
TEMPLATE = "dataset_card.md.j2"
EXAMPLE_LINES = 6  # lines of the example record shown in the card
EXAMPLE_CHARS = 240  # characters of its longer texts

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


def split_sizes(context: ReleaseContext) -> dict[str, tuple[int, int]]:
    """`split -> (num_bytes, download_bytes)`: the data's uncompressed size (the Parquet row
    groups' `total_byte_size`, read from the footers) and its files' size on disk."""
    import pyarrow.parquet as pq

    sizes = {}
    for split in SPLIT_NAMES:
        uncompressed = download = 0
        for entry in context.data_files(split):
            download += int(entry["bytes"])
            if context.folder is not None:
                metadata = pq.ParquetFile(context.folder / entry["path"]).metadata
                uncompressed += sum(
                    metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups)
                )
        sizes[split] = (uncompressed, download)
    return sizes


def dataset_info(context: ReleaseContext) -> dict[str, Any]:
    """The card's `dataset_info` (the release's one config, `default`): what `datasets`'
    `DatasetInfosDict.to_dataset_card_data` writes for it, built without importing `datasets`
    (a second's import in the build's parent; a test keeps the two equal)."""
    from khobor.contracts.schema import hf_features_yaml

    sizes = split_sizes(context)
    return {
        "features": hf_features_yaml(),
        "splits": [
            {
                "name": split,
                "num_bytes": sizes[split][0],
                "num_examples": context.figures.splits[split],
            }
            for split in SPLIT_NAMES
        ],
        "download_size": sum(download for _, download in sizes.values()),
        "dataset_size": sum(num_bytes for num_bytes, _ in sizes.values()),
    }


def card_data(context: ReleaseContext) -> Any:
    """The card's metadata as a `huggingface_hub.DatasetCardData`."""
    from huggingface_hub import DatasetCardData

    data = DatasetCardData(
        pretty_name=PRETTY_NAME,
        language=["bn"],
        language_details=LANGUAGE_DETAILS,
        license="other",
        license_name=LICENSE_NAME,
        license_link=LICENSE_LINK,
        annotations_creators=["machine-generated"],
        language_creators=["found"],
        multilinguality=["monolingual"],
        size_categories=[size_category(context.figures.records)],
        source_datasets=["original"],
        task_categories=["text-classification", "text-generation"],
        task_ids=["multi-class-classification", "language-modeling"],
        tags=["news", "bengali", "boilerplate-removal", "web-page-segmentation", "khobor"],
        configs=[
            {
                "config_name": "default",
                "default": True,
                "data_files": [
                    {"split": split, "path": f"data/{split}-*.parquet"} for split in SPLIT_NAMES
                ],
            }
        ],
        extra_gated_prompt=GATED_PROMPT,
        extra_gated_fields=dict(GATED_FIELDS),
    )
    data["dataset_info"] = dataset_info(context)
    return data


def _shorten(value: Any) -> Any:
    if isinstance(value, str) and len(value) > EXAMPLE_CHARS:
        return value[:EXAMPLE_CHARS] + " …"
    if isinstance(value, list) and len(value) > EXAMPLE_LINES:
        return [_shorten(v) for v in value[:EXAMPLE_LINES]] + ["…"]
    if isinstance(value, list):
        return [_shorten(v) for v in value]
    if isinstance(value, dict):
        return {k: _shorten(v) for k, v in value.items()}
    return value


def example_record(context: ReleaseContext) -> tuple[str, str]:
    """(split, JSON text) of the first record of the first non-empty split, shortened."""
    import pyarrow.parquet as pq

    from khobor.contracts.schema import row_to_record

    for split in SPLIT_NAMES:
        for entry in context.data_files(split):
            if context.folder is None or not entry.get("rows"):
                continue
            table = pq.ParquetFile(context.folder / entry["path"]).read_row_group(0)
            record = row_to_record(table.slice(0, 1).to_pylist()[0])
            return split, json.dumps(_shorten(record), ensure_ascii=False, indent=2)
    return "(none)", "{}"


def bibtex(context: ReleaseContext, year: int | None) -> str:
    key = "khobor_" + context.version.replace(".", "_")
    fields = [
        ("title", f"{{{PRETTY_NAME}}}"),
        ("author", "{{khobor maintainers}}"),
        ("version", f"{{{context.version}}}"),
        *([("year", f"{{{year}}}")] if year else []),
        ("howpublished", f"{{\\url{{{REPOSITORY_URL}}}}}"),
        ("note", "{Dataset release; article texts belong to their outlets, research use only}"),
    ]
    return f"@misc{{{key},\n" + ",\n".join(f"  {k} = {v}" for k, v in fields) + "\n}"


def _tables(context: ReleaseContext) -> dict[str, Md]:
    from khobor.contracts.schema import COLUMNS, arrow_schema
    from khobor.contracts.taxonomy import LABEL_COARSE
    from khobor.text.personal_data import card_rows as personal_card_rows

    figures = context.figures
    arrow = arrow_schema()
    rows: dict[str, list[list[Any]]] = {
        "field": [
            [
                code(c.name),
                code(arrow.field(c.name).type),
                "yes" if c.nullable else "no",
                Md(c.description),  # the schema's own Markdown
            ]
            for c in COLUMNS
        ],
        "label": [
            [f"{index}", code(label), LABEL_COARSE[label], figures.labels.get(label, 0)]
            for index, label in enumerate(LABEL_COARSE)
        ],
        "split": [
            [
                split,
                figures.splits[split],
                Md(", ".join(code(e["path"]) for e in context.data_files(split))),
            ]
            for split in SPLIT_NAMES
        ],
        "outlet": [
            [outlet, *(counts[split] for split in SPLIT_NAMES), sum(counts.values())]
            for outlet, counts in sorted(figures.outlets.items())
        ],
        "quarantine": [[code(r), n] for r, n in sorted(figures.quarantined.items())],
        "personal": [  # the last cell is khobor's own Markdown (placeholders in code spans)
            [*row[:-1], Md(str(row[-1]))]
            for row in personal_card_rows(figures.personal_data, context.policy.personal_data)
        ],
        "furniture": [
            [
                code(site),
                counts["articles"],
                counts["furniture_lines"],
                counts["pages"],
                counts["lines_decided"],
                counts["pages_body_changed"],
            ]
            for site, counts in figures.furniture.items()
        ],
    }
    headers = {
        "field": ["column", "Arrow type", "null", "meaning"],
        "label": ["index", "label", "coarse class", "lines"],
        "split": ["split", "records", "files"],
        "outlet": ["outlet", *SPLIT_NAMES, "total"],
        "quarantine": ["reason", "pages"],
        "personal": ["kind", "found", "records", "what the release holds"],
        "furniture": [
            "site",
            "distinct articles",
            "furniture lines",
            "records",
            "lines decided",
            "bodies changed",
        ],
    }
    return {
        f"{name}_table": table(headers[name], found) if found else Md("")
        for name, found in rows.items()
    }


def render_card(context: ReleaseContext) -> str:
    """The card: every value in it escaped for Markdown (`khobor.render.escape`, the environment's
    `finalize`), the template's own markup and the YAML front matter marked `Md`."""
    from khobor.contracts.layout import source_date_epoch
    from khobor.contracts.schema import SCHEMA_VERSION
    from khobor.render.escape import code_block, markdown_environment

    figures = context.figures
    policy = context.policy
    epoch = source_date_epoch()
    year = datetime.fromtimestamp(epoch, UTC).year if epoch is not None else None
    example_split, example_json = example_record(context)
    text = (
        markdown_environment()
        .get_template(TEMPLATE)
        .render(
            card_data=Md(
                card_data(context).to_yaml()
            ),  # YAML the Hub reads, made by huggingface_hub
            pretty_name=PRETTY_NAME,
            version=context.version,
            schema_version=SCHEMA_VERSION,
            figures=figures,
            policy=policy,
            threshold=f"{policy.dedup.threshold:g}",
            shares=", ".join(f"{name} {share:g}" for name, share in policy.splits.ratios().items()),
            ledger=(
                f"the assignments of release {context.ledger_version}"
                if context.ledger_version
                else "none (this is the first release of its line)"
            ),
            quarantined_total=sum(figures.quarantined.values()),
            input_kinds=", ".join(f"{kind} {n}" for kind, n in sorted(figures.input_kinds.items()))
            or "none",
            date_range=(
                f"{figures.date_min} to {figures.date_max}"
                if figures.date_min
                else "no dated article"
            ),
            split_names=list(SPLIT_NAMES),
            repository_url=REPOSITORY_URL,
            contact_url=TAKEDOWN_URL,
            language_details=LANGUAGE_DETAILS,
            license_name=LICENSE_NAME,
            takedown=Md(TAKEDOWN_CONTACT),
            example_split=example_split,
            example_block=code_block(example_json, "json"),
            bibtex_block=code_block(bibtex(context, year), "bibtex"),
            apa=Md(
                f"khobor maintainers. ({year or 'n.d.'}). *{PRETTY_NAME}* "
                f"(Version {markdown(context.version)}) [Data set]. {REPOSITORY_URL}"
            ),
            **_tables(context),
        )
    )
    return text
