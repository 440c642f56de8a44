"""MLCommons Croissant 1.0 metadata (`croissant.json`) of a release.

One `cr:FileObject` per Parquet file (with its SHA-256, so a reader can check every file), a
`cr:FileSet` that `includes` `data/*.parquet` beside `croissant.json` (it is not `containedIn`
the FileObjects: a FileSet contained in a file is read as an archive to extract, and
`mlcroissant` then cannot read one record), a split record set, and the `default` record set
with one `cr:Field` per column of the schema (nested `subField`s for `lines` and
`boilerplate`; `repeated` for lists). `mlcroissant` (a test dependency) reads every record of
every split back (`tests/test_croissant.py`). Written through mlcroissant's own metadata API
(`mlc.Metadata(...).to_json()`), so the file is in the form its reader expects.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import mlcroissant as mlc

from khobor.contracts.layout import ReleaseContext, source_date_epoch
from khobor.contracts.policy import SPLIT_NAMES
from khobor.contracts.schema import COLUMNS, SCHEMA_VERSION, ColumnSpec, Kind
from khobor.contracts.taxonomy import BOILERPLATE_FLAGS, LABELS
from khobor.render.card import (
    LICENSE_LINK,
    LICENSE_NAME,
    PRETTY_NAME,
    REPOSITORY_URL,
    TAKEDOWN_CONTACT,
    bibtex,
)

FILESET_ID = "parquet-files"
SPLITS_ID = "splits"
RECORDS_ID = "default"
PARQUET = "application/x-parquet"
# mlcroissant applies the transform to its own output again: the bare split name must match too
SPLIT_FROM_FILE_NAME = "^(train|validation|test)(?:-\\d{5}-of-\\d{5}\\.parquet)?$"

_DATA_TYPES = {
    "string": mlc.DataType.TEXT,
    "timestamp": mlc.DataType.DATETIME,
    "date": mlc.DataType.DATE,
    "float": mlc.DataType.FLOAT,
    "bool": mlc.DataType.BOOL,
    "int": mlc.DataType.INTEGER,
}


def _source(column: str, json_path: str | None = None) -> mlc.Source:
    transforms = [mlc.Transform(json_path=json_path)] if json_path else []
    return mlc.Source(
        file_set=FILESET_ID, extract=mlc.Extract(column=column), transforms=transforms
    )


def _field(
    ctx: mlc.Context, name: str, data_type: Any, description: str, **extra: Any
) -> mlc.Field:
    uid = f"{RECORDS_ID}/{name}"
    return mlc.Field(
        ctx=ctx, id=uid, name=uid, description=description, data_types=[data_type], **extra
    )


def _column_field(ctx: mlc.Context, column: ColumnSpec) -> mlc.Field:
    """One column of the schema as a `cr:Field`: nested `subField`s for `lines` and
    `boilerplate`, `repeated` for lists."""
    name, kind = column.name, column.kind
    if kind is Kind.LINES:
        labels = ", ".join(f"{i}={label}" for i, label in enumerate(LABELS))
        subs = [
            _field(
                ctx,
                f"{name}/text",
                mlc.DataType.TEXT,
                "the line's text",
                source=_source(name, "text"),
            ),
            _field(
                ctx,
                f"{name}/label",
                mlc.DataType.INTEGER,
                f"index of the line's taxonomy-v1 label: {labels}",
                source=_source(name, "label"),
            ),
        ]
        return _field(
            ctx,
            name,
            mlc.DataType.TEXT,
            column.description,
            repeated=True,
            source=_source(name),
            sub_fields=subs,
        )
    if kind is Kind.BOILERPLATE:
        subs = [
            _field(
                ctx,
                f"{name}/{flag}",
                mlc.DataType.BOOL,
                f"the page carried {flag} boilerplate",
                source=_source(name, flag),
            )
            for flag in BOILERPLATE_FLAGS
        ]
        return _field(
            ctx, name, mlc.DataType.BOOL, column.description, source=_source(name), sub_fields=subs
        )
    if kind is Kind.STRING_LIST:
        return _field(
            ctx, name, mlc.DataType.TEXT, column.description, repeated=True, source=_source(name)
        )
    return _field(ctx, name, _DATA_TYPES[kind.value], column.description, source=_source(name))


def _distribution(ctx: mlc.Context, files: list[dict[str, Any]]) -> list[Any]:
    """One `cr:FileObject` per Parquet file (with its SHA-256, so a reader can check every
    file) and the `cr:FileSet` that `includes` them."""
    objects: list[Any] = [
        mlc.FileObject(
            ctx=ctx,
            id=entry["path"],
            name=entry["path"],
            content_url=entry["path"],
            content_size=f"{entry['bytes']} B",
            encoding_formats=[PARQUET],
            sha256=entry["sha256"],
        )
        for entry in files
    ]
    objects.append(
        mlc.FileSet(
            ctx=ctx,
            id=FILESET_ID,
            name=FILESET_ID,
            description="The Parquet files listed above, beside this file: "
            + ", ".join(entry["path"] for entry in files),
            encoding_formats=[PARQUET],
            includes=["data/*.parquet"],
        )
    )
    return objects


def _record_sets(ctx: mlc.Context) -> list[mlc.RecordSet]:
    """The split record set and `default`, one row per article."""
    split_name = f"{SPLITS_ID}/name"
    splits = mlc.RecordSet(
        ctx=ctx,
        id=SPLITS_ID,
        name=SPLITS_ID,
        data_types=[mlc.DataType.SPLIT],
        key=[split_name],
        fields=[
            mlc.Field(
                ctx=ctx,
                id=split_name,
                name=split_name,
                description="split name",
                data_types=[mlc.DataType.TEXT],
            )
        ],
        data=[{split_name: split} for split in SPLIT_NAMES],
    )
    split_field = _field(
        ctx,
        "split",
        mlc.DataType.TEXT,
        "the split of the record (from the file name)",
        source=mlc.Source(
            file_set=FILESET_ID,
            extract=mlc.Extract(file_property=mlc.FileProperty.filename),
            transforms=[mlc.Transform(regex=SPLIT_FROM_FILE_NAME)],
        ),
        references=mlc.Source(field=split_name),
    )
    records = mlc.RecordSet(
        ctx=ctx,
        id=RECORDS_ID,
        name=RECORDS_ID,
        description=f"One row per article (schema v{SCHEMA_VERSION}).",
        key=[f"{RECORDS_ID}/id"],
        fields=[split_field, *(_column_field(ctx, column) for column in COLUMNS)],
    )
    return [splits, records]


def _description(context: ReleaseContext) -> str:
    figures = context.figures
    return (
        "Bengali online-news articles from the raw text of their web pages, with every "
        f"non-blank line labelled (taxonomy v1). Release {context.version}: "
        f"{figures.records} records, splits "
        + ", ".join(f"{s} {figures.splits[s]}" for s in SPLIT_NAMES)
        + "."
    )


def croissant_document(context: ReleaseContext) -> dict[str, Any]:
    """The release's Croissant metadata, built with mlcroissant's metadata API."""
    epoch = source_date_epoch()
    published = datetime.fromtimestamp(epoch, UTC) if epoch is not None else None
    ctx = mlc.Context()
    files = [entry for split in SPLIT_NAMES for entry in context.data_files(split)]
    metadata = mlc.Metadata(
        ctx=ctx,
        name="khobor",
        description=_description(context),
        version=context.version,
        license=[LICENSE_LINK],
        in_language=["bn"],
        keywords=["Bengali", "news", "boilerplate removal", "web page segmentation"],
        url=REPOSITORY_URL,
        cite_as=bibtex(context, published.year if published else None),
        creators=[mlc.Organization(ctx=ctx, name="khobor maintainers", url=REPOSITORY_URL)],
        # `khobor release` always sets the epoch (khobor.release.write.release_epoch)
        date_published=published,
        data_collection=(
            "Plain-text copies of public news web pages ('select all, copy'), one file per page."
        ),
        data_use_cases=["Non-commercial research on Bengali text extraction and language."],
        personal_sensitive_information=[
            "News texts name public and private persons as published by the outlets. "
            f"Takedown: {TAKEDOWN_CONTACT}."
        ],
        distribution=_distribution(ctx, files),
        record_sets=_record_sets(ctx),
        extra_properties={
            "alternateName": PRETTY_NAME,
            "isLiveDataset": False,
            "usageInfo": (
                f"other ({LICENSE_NAME}): the texts belong to their outlets; non-commercial "
                "research use only; do not republish them"
            ),
        },
    )
    document: dict[str, Any] = metadata.to_json()
    return document


def render_croissant(context: ReleaseContext) -> bytes:
    text = json.dumps(croissant_document(context), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def validate_croissant(path: str) -> list[str]:
    """Problems `mlcroissant` finds in a Croissant file (it must be installed)."""
    try:
        mlc.Dataset(jsonld=path)
    except mlc.ValidationError as err:
        return [str(err)]
    return []
