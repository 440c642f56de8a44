"""MLCommons Croissant 1.0 metadata (`croissant.json`) of a release.

One `cr:FileObject` per Parquet file (with its SHA-256, so a reader can check every file), a
`cr:FileSet` that `includes` `data/*.parquet` beside `croissant.json` (it is not `containedIn`
the FileObjects: a FileSet contained in a file is read as an archive to extract, and
`mlcroissant` then cannot read one record), a split record set, and the `default` record set
with one `cr:Field` per column of the schema (nested `subField`s for `lines` and
`boilerplate`; `repeated` for lists). `mlcroissant` (a test dependency) reads every record of
every split back (`tests/test_croissant.py`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from khobor.contracts.policy import SPLIT_NAMES

if TYPE_CHECKING:
    from khobor.contracts.layout import ReleaseContext

# The standard Croissant 1.0 JSON-LD context (from the specification).
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "equivalentProperty": "cr:equivalentProperty",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

FILESET_ID = "parquet-files"
SPLITS_ID = "splits"
RECORDS_ID = "default"

_DATA_TYPES = {
    "string": "sc:Text",
    "timestamp": "sc:DateTime",
    "date": "sc:Date",
    "float": "sc:Float",
    "bool": "sc:Boolean",
    "int": "sc:Integer",
}


def _source(column: str) -> dict[str, Any]:
    return {"fileSet": {"@id": FILESET_ID}, "extract": {"column": column}}


def _field(
    record_set: str, name: str, data_type: str, description: str, **extra: Any
) -> dict[str, Any]:
    return {
        "@type": "cr:Field",
        "@id": f"{record_set}/{name}",
        "name": f"{record_set}/{name}",
        "description": description,
        "dataType": data_type,
        **extra,
    }


def _column_fields() -> list[dict[str, Any]]:
    from khobor.contracts.schema import COLUMNS, Kind
    from khobor.contracts.taxonomy import BOILERPLATE_FLAGS, LABELS

    out = []
    for column in COLUMNS:
        name = column.name
        kind = column.kind
        source = _source(name)
        if kind is Kind.LINES:
            out.append(
                {
                    **_field(RECORDS_ID, name, "sc:Text", column.description),
                    "repeated": True,
                    "source": source,
                    "subField": [
                        _field(
                            RECORDS_ID,
                            f"{name}/text",
                            "sc:Text",
                            "the line's text",
                            source={**source, "transform": {"jsonPath": "text"}},
                        ),
                        _field(
                            RECORDS_ID,
                            f"{name}/label",
                            "sc:Integer",
                            "index of the line's taxonomy-v1 label: "
                            + ", ".join(f"{i}={label}" for i, label in enumerate(LABELS)),
                            source={**source, "transform": {"jsonPath": "label"}},
                        ),
                    ],
                }
            )
        elif kind is Kind.BOILERPLATE:
            out.append(
                {
                    **_field(RECORDS_ID, name, "sc:Boolean", column.description),
                    "source": source,
                    "subField": [
                        _field(
                            RECORDS_ID,
                            f"{name}/{flag}",
                            "sc:Boolean",
                            f"the page carried {flag} boilerplate",
                            source={**source, "transform": {"jsonPath": flag}},
                        )
                        for flag in BOILERPLATE_FLAGS
                    ],
                }
            )
        elif kind is Kind.STRING_LIST:
            out.append(
                {
                    **_field(RECORDS_ID, name, "sc:Text", column.description),
                    "repeated": True,
                    "source": source,
                }
            )
        else:
            out.append(
                _field(RECORDS_ID, name, _DATA_TYPES[kind.value], column.description, source=source)
            )
    return out


def croissant_document(context: ReleaseContext) -> dict[str, Any]:
    from khobor.contracts.layout import source_date_epoch
    from khobor.contracts.schema import SCHEMA_VERSION
    from khobor.render.card import (
        LICENSE_LINK,
        LICENSE_NAME,
        PRETTY_NAME,
        REPOSITORY_URL,
        TAKEDOWN_CONTACT,
        bibtex,
    )

    figures = context.figures
    epoch = source_date_epoch()
    year = datetime.fromtimestamp(epoch, UTC).year if epoch is not None else None
    files = [entry for split in SPLIT_NAMES for entry in context.data_files(split)]
    distribution: list[dict[str, Any]] = [
        {
            "@type": "cr:FileObject",
            "@id": entry["path"],
            "name": entry["path"],
            "contentUrl": entry["path"],
            "contentSize": f"{entry['bytes']} B",
            "encodingFormat": "application/x-parquet",
            "sha256": entry["sha256"],
        }
        for entry in files
    ]
    distribution.append(
        {
            "@type": "cr:FileSet",
            "@id": FILESET_ID,
            "name": FILESET_ID,
            "description": "The Parquet files listed above, beside this file: "
            + ", ".join(entry["path"] for entry in files),
            "encodingFormat": "application/x-parquet",
            "includes": "data/*.parquet",
        }
    )
    split_field = _field(
        RECORDS_ID,
        "split",
        "sc:Text",
        "the split of the record (from the file name)",
        source={
            "fileSet": {"@id": FILESET_ID},
            "extract": {"fileProperty": "filename"},
            # mlcroissant applies the transform to its own output again: the bare split name
            # must match too
            "transform": {"regex": "^(train|validation|test)(?:-\\d{5}-of-\\d{5}\\.parquet)?$"},
        },
        references={"field": {"@id": f"{SPLITS_ID}/name"}},
    )
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "name": "khobor",
        "alternateName": PRETTY_NAME,
        "description": (
            "Bengali online-news articles from the raw text of their web pages, with every "
            f"non-blank line labelled (taxonomy v1). Release {context.version}: "
            f"{figures.records} records, splits "
            + ", ".join(f"{s} {figures.splits[s]}" for s in SPLIT_NAMES)
            + "."
        ),
        "version": context.version,
        "license": LICENSE_LINK,
        "usageInfo": (
            f"other ({LICENSE_NAME}): the texts belong to their outlets; non-commercial "
            "research use only; do not republish them"
        ),
        "inLanguage": "bn",
        "keywords": ["Bengali", "news", "boilerplate removal", "web page segmentation"],
        "url": REPOSITORY_URL,
        "citeAs": bibtex(context, year),
        "creator": {
            "@type": "sc:Organization",
            "name": "khobor maintainers",
            "url": REPOSITORY_URL,
        },
        "isLiveDataset": False,
        "rai:dataCollection": (
            "Plain-text copies of public news web pages ('select all, copy'), one file per page."
        ),
        "rai:dataUseCases": "Non-commercial research on Bengali text extraction and language.",
        "rai:personalSensitiveInformation": (
            "News texts name public and private persons as published by the outlets. "
            f"Takedown: {TAKEDOWN_CONTACT}."
        ),
        "distribution": distribution,
        "recordSet": [
            {
                "@type": "cr:RecordSet",
                "@id": SPLITS_ID,
                "name": SPLITS_ID,
                "dataType": "cr:Split",
                "key": {"@id": f"{SPLITS_ID}/name"},
                "field": [_field(SPLITS_ID, "name", "sc:Text", "split name")],
                "data": [{f"{SPLITS_ID}/name": split} for split in SPLIT_NAMES],
            },
            {
                "@type": "cr:RecordSet",
                "@id": RECORDS_ID,
                "name": RECORDS_ID,
                "description": f"One row per article (schema v{SCHEMA_VERSION}).",
                "key": {"@id": f"{RECORDS_ID}/id"},
                "field": [split_field, *_column_fields()],
            },
        ],
    }
    if epoch is not None:  # `khobor release` always sets it (khobor.release.write.release_epoch)
        document["datePublished"] = datetime.fromtimestamp(epoch, UTC).date().isoformat()
    return document


def render_croissant(context: ReleaseContext) -> bytes:
    text = json.dumps(croissant_document(context), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def validate_croissant(path: str) -> list[str]:
    """Problems `mlcroissant` finds in a Croissant file (it must be installed)."""
    import mlcroissant as mlc

    try:
        mlc.Dataset(jsonld=path)
    except mlc.ValidationError as err:
        return [str(err)]
    return []
