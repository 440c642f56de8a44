"""Record schema v1.2, declared once (`COLUMNS_V1` plus `URL_COLUMN`, `INPUT_KIND_COLUMN`);
every other form is derived from it. v1.1 is v1 with one more nullable column, `url`, and
v1.2 is v1.1 with `input_kind` (additive changes: new minor versions); every derived form
takes the `version` (default `SCHEMA_VERSION`, what builds write), so a release of schema v1
or v1.1 still loads and validates against its own version.

Derived forms, one function each:

- `arrow_schema()`   the physical Parquet schema (hand it to every writer; never infer);
- `hf_features()`    the `datasets.Features` pinned in the dataset card;
- `pandera_schema()` checks on a DataFrame read from the release Parquet;
- `ge_suite()`       the Great Expectations suite of the release gates;
- `json_schema()`    JSON Schema (draft 2020-12) of one record in its JSON Lines form;
- `export_schemas()` writes the language-neutral forms to `schemas/v1/`, `v1.1/`, `v1.2/`.

A record has two forms, converted by `record_to_row` / `row_to_record`:

- the **record form** (JSON Lines): timestamps as ISO 8601 strings with the Asia/Dhaka offset
  (`"2025-06-30T12:39:00+06:00"`), dates as `"YYYY-MM-DD"`, line labels as taxonomy names;
- the **row form** (what pyarrow takes and gives): aware `datetime`s, `date`s, line labels as
  their ClassLabel index.

Physical choice for line labels: `lines[].label` is an int64 class index in Parquet and a
`ClassLabel(names=LABELS)` in the HF features (the idiomatic Hugging Face encoding); the
record form and JSON Schema use the label *name*. The index order is `taxonomy.LABELS`.

Converters enforce what the physical types need (types, nulls, known labels, millisecond
precision); value constraints (non-empty headline, ratio ranges, unique id) are the checks'
job, so a gate can count and report them instead of a conversion crashing.

Great Expectations, pandera and datasets are imported inside the functions that need them
(docs/architecture.md, "Start-up").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from khobor.contracts.input_kinds import InputKind
from khobor.contracts.schema_versions import SCHEMA_VERSION, SCHEMA_VERSIONS
from khobor.contracts.taxonomy import BOILERPLATE_FLAGS, LABELS
from khobor.contracts.timezone import DHAKA, TIMEZONE

if TYPE_CHECKING:
    import datasets
    import pandera.pandas as pandera_pd
    from great_expectations.core import ExpectationSuite

SCHEMA_DIR_NAME = f"v{SCHEMA_VERSION}"

# Asia/Dhaka is UTC+6, except the 2009 daylight-saving period (19 June – 31 December 2009),
# when it was UTC+7; a record written in that period carries "+07:00".
TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+0[67]:00$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
NON_BLANK_PATTERN = r"\S"
INPUT_KIND_PATTERN = "^(" + "|".join(kind.value for kind in InputKind) + ")$"

# pyarrow ignores the tzinfo of Python datetimes when PYARROW_IGNORE_TIMEZONE is true, which
# importing pandera arranges (see khobor/__init__.py for the guard). `rows_to_table` also hands
# pyarrow UTC datetimes, which convert right either way.


class Kind(StrEnum):
    """Logical type of a column; each derived form maps every kind by a table below."""

    STRING = "string"
    TIMESTAMP = "timestamp"  # ms precision, tz Asia/Dhaka
    DATE = "date"
    STRING_LIST = "string_list"
    LINES = "lines"  # list<struct<text, label>>
    BOILERPLATE = "boilerplate"  # struct of the taxonomy.BOILERPLATE_FLAGS bools
    FLOAT = "float"


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One column of schema v1 and the value constraints every check form derives from it."""

    name: str
    kind: Kind
    nullable: bool
    description: str
    unique: bool = False
    non_empty: bool = False  # strings: at least one character
    pattern: str | None = None  # strings: regular expression every value matches
    min_value: float | None = None
    max_value: float | None = None
    distinct_items: bool = False  # string lists: no item twice


NULLABLE, NOT_NULL = True, False
STRING, TIMESTAMP, DATE, FLOAT = Kind.STRING, Kind.TIMESTAMP, Kind.DATE, Kind.FLOAT

# THE declaration of schema v1 (docs/contracts.md, "Schema versions"); order is column order.
# fmt: off
COLUMNS_V1: tuple[ColumnSpec, ...] = (
    ColumnSpec("id", STRING, NOT_NULL,
               "stable id from the raw bytes (e.g. first 16 hex of their SHA-256)",
               unique=True, non_empty=True),
    ColumnSpec("source", STRING, NOT_NULL, "raw file path relative to `dataset/raw/`",
               non_empty=True),
    ColumnSpec("raw_sha256", STRING, NOT_NULL, "SHA-256 of the raw bytes",
               pattern=SHA256_PATTERN),
    ColumnSpec("outlet", STRING, NULLABLE,
               "outlet slug (`kalbela`); null when it cannot be told — never guessed"),
    ColumnSpec("headline", STRING, NOT_NULL, "the article's title line", non_empty=True),
    ColumnSpec("published_at", TIMESTAMP, NULLABLE,
               "when the article was published; null when the page does not say"),
    ColumnSpec("updated_at", TIMESTAMP, NULLABLE,
               "when the article was last updated; null when the page does not say"),
    ColumnSpec("date", DATE, NULLABLE,
               "the article's day in its outlet's time zone (India's for Indian outlets, else "
               "Dhaka's): published, else updated"),
    ColumnSpec("page_date", DATE, NULLABLE,
               "the site header's date (when the page was captured)"),
    ColumnSpec("byline", STRING, NULLABLE, 'the desk or reporter credited ("কালবেলা ডেস্ক")'),
    ColumnSpec("section", STRING, NULLABLE, 'the outlet\'s section for the article ("বিভাগ : …")'),
    ColumnSpec("source_credit", STRING, NULLABLE, 'the credited source ("সূত্র: রয়টার্স")'),
    ColumnSpec("body", STRING, NOT_NULL, "body paragraphs joined by a blank line",
               non_empty=True),
    ColumnSpec("captions", Kind.STRING_LIST, NOT_NULL, "distinct captions",
               distinct_items=True),
    ColumnSpec("lines", Kind.LINES, NOT_NULL,
               "every non-blank raw line, in order, with its v1 label"),
    ColumnSpec("boilerplate", Kind.BOILERPLATE, NOT_NULL,
               "which boilerplate kinds the page carried (related, rank, comment_prompt, "
               "promo, chrome, duplicate)"),
    ColumnSpec("boilerplate_ratio", FLOAT, NOT_NULL,
               "share of non-blank lines that are boilerplate", min_value=0.0, max_value=1.0),
    ColumnSpec("bengali_ratio", FLOAT, NOT_NULL,
               "share of letters in the body that are Bengali script",
               min_value=0.0, max_value=1.0),
    ColumnSpec("dup_cluster", STRING, NOT_NULL,
               "near-duplicate cluster id (the record's own id when alone)", non_empty=True),
)
# fmt: on

# Schema v1.1 = v1 + `url`, an additive change (a new nullable column at the end): a v1
# release still loads and validates against v1, whose exported files stay under `schemas/v1/`.
URL_COLUMN = ColumnSpec(
    "url", STRING, NULLABLE,
    "the page's URL as listed in `dataset/raw/sources.csv`; null when the page is not listed "
    "(provenance and takedown requests)",
)  # fmt: skip
# Schema v1.2 = v1.1 + `input_kind` (issue 25), additive again: what the record was read
# from, one of `khobor.contracts.input_kinds.InputKind`'s values (every v1.1 record was
# read from text).
INPUT_KIND_COLUMN = ColumnSpec(
    "input_kind", STRING, NOT_NULL,
    "what the record was read from: `text` (a page's copied text), `html` (a saved HTML "
    "file), `warc` (a response record of a WARC archive)",
    pattern=INPUT_KIND_PATTERN,
)  # fmt: skip
COLUMNS_BY_VERSION: Mapping[str, tuple[ColumnSpec, ...]] = {
    "1": COLUMNS_V1,
    "1.1": (*COLUMNS_V1, URL_COLUMN),
    "1.2": (*COLUMNS_V1, URL_COLUMN, INPUT_KIND_COLUMN),
}
COLUMNS: tuple[ColumnSpec, ...] = COLUMNS_BY_VERSION[SCHEMA_VERSION]

COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
NON_NULL_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if not c.nullable)
_COLUMN_BY_NAME: Mapping[str, ColumnSpec] = {column.name: column for column in COLUMNS}


class UnknownSchemaVersion(ValueError):
    """A release names a schema version khobor does not know."""


def columns_of(version: str = SCHEMA_VERSION) -> tuple[ColumnSpec, ...]:
    """The columns of a schema version, in order.

    >>> [c.name for c in columns_of("1.1")][-2:], len(columns_of("1"))
    (['dup_cluster', 'url'], 19)
    """
    try:
        return COLUMNS_BY_VERSION[version]
    except KeyError:
        raise UnknownSchemaVersion(
            f"schema version {version!r} is unknown; khobor knows "
            + ", ".join(f"v{v}" for v in SCHEMA_VERSIONS)
        ) from None


def schema_dir_name(version: str = SCHEMA_VERSION) -> str:
    """The folder of a version's exported files under `schemas/`.

    >>> schema_dir_name("1"), schema_dir_name("1.1")
    ('v1', 'v1.1')
    """
    columns_of(version)
    return f"v{version}"


_LABEL_INDEX: Mapping[str, int] = {label: index for index, label in enumerate(LABELS)}


# --- labels -------------------------------------------------------------------------------


def label_to_index(label: str) -> int:
    """The ClassLabel index of a taxonomy v1 label name.

    >>> label_to_index("headline"), label_to_index("duplicate")
    (0, 19)
    """
    try:
        return _LABEL_INDEX[label]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown line label {label!r}; taxonomy v1 labels are: {', '.join(LABELS)}"
        ) from None


def index_to_label(index: int) -> str:
    """The taxonomy v1 label name of a ClassLabel index.

    >>> index_to_label(2)
    'body'
    """
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(LABELS):
        raise ValueError(f"line label index {index!r} is not in 0..{len(LABELS) - 1}")
    return LABELS[index]


# --- pyarrow ------------------------------------------------------------------------------

_LINE_TYPE = pa.struct([("text", pa.string()), ("label", pa.int64())])
_BOILERPLATE_TYPE = pa.struct([(flag, pa.bool_()) for flag in BOILERPLATE_FLAGS])

_ARROW_TYPES: Mapping[Kind, pa.DataType] = {
    Kind.STRING: pa.string(),
    Kind.TIMESTAMP: pa.timestamp("ms", tz=TIMEZONE),
    Kind.DATE: pa.date32(),
    Kind.STRING_LIST: pa.list_(pa.string()),
    Kind.LINES: pa.list_(_LINE_TYPE),
    Kind.BOILERPLATE: _BOILERPLATE_TYPE,
    Kind.FLOAT: pa.float64(),
}


def arrow_schema(version: str = SCHEMA_VERSION) -> pa.Schema:
    """The physical schema of a schema version (default: the current one): column
    descriptions in field metadata (`b"description"`), `b"schema_version"` in schema
    metadata, non-null columns marked `nullable=False` (top level only: nested fields stay
    nullable so the types equal what `datasets` derives from `hf_features()`).

    >>> arrow_schema().field("lines").type
    ListType(list<item: struct<text: string, label: int64>>)
    """
    return pa.schema(
        [
            pa.field(
                column.name,
                _ARROW_TYPES[column.kind],
                nullable=column.nullable,
                metadata={b"description": column.description.encode("utf-8")},
            )
            for column in columns_of(version)
        ],
        metadata={b"schema_version": version.encode("ascii")},
    )


def _normalised(data_type: pa.DataType) -> pa.DataType:
    """`data_type` with list item names and nested nullability dropped."""
    if pa.types.is_list(data_type):
        return pa.list_(_normalised(data_type.value_type))
    if pa.types.is_struct(data_type):
        return pa.struct([(field.name, _normalised(field.type)) for field in data_type])
    return data_type


def arrow_schema_differences(
    actual: pa.Schema, *, check_nullability: bool = True, version: str = SCHEMA_VERSION
) -> list[str]:
    """Why `actual` (say, a release Parquet file's schema) is not schema `version`, one message per
    problem; empty when it conforms. Ignored: metadata, and list item names (Parquet reads
    back `list<element: …>` where Arrow writes `list<item: …>`). With `check_nullability`,
    a nullable column that v1 declares non-null is a problem (files written by `datasets`
    have every column nullable).

    >>> arrow_schema_differences(arrow_schema())
    []
    """
    expected = arrow_schema(version)
    problems = []
    if actual.names != expected.names:
        problems.append(f"columns are {actual.names}, schema v{version} has {expected.names}")
    for field in expected:
        if field.name not in actual.names:
            continue
        found = actual.field(field.name)
        if _normalised(found.type) != _normalised(field.type):
            problems.append(f"column {field.name!r} is {found.type}, expected {field.type}")
        if check_nullability and found.nullable and not field.nullable:
            problems.append(f"column {field.name!r} is nullable, expected non-null")
    return problems


# --- Hugging Face datasets ----------------------------------------------------------------


def hf_features(version: str = SCHEMA_VERSION) -> datasets.Features:
    """The `datasets.Features` of a schema version; `lines[].label` is `ClassLabel(names=LABELS)`.

    Its `arrow_schema` has the same types as `arrow_schema()` (but every field nullable, as
    `datasets` has no non-null fields).
    """
    from datasets import ClassLabel, Features, List, Value

    def feature(kind: Kind) -> Any:
        return {
            Kind.STRING: lambda: Value("string"),
            Kind.TIMESTAMP: lambda: Value(f"timestamp[ms, tz={TIMEZONE}]"),
            Kind.DATE: lambda: Value("date32"),
            Kind.STRING_LIST: lambda: List(Value("string")),
            Kind.LINES: lambda: List(
                {"text": Value("string"), "label": ClassLabel(names=list(LABELS))}
            ),
            Kind.BOILERPLATE: lambda: {flag: Value("bool") for flag in BOILERPLATE_FLAGS},
            Kind.FLOAT: lambda: Value("float64"),
        }[kind]()

    return Features({column.name: feature(column.kind) for column in columns_of(version)})


def hf_features_dict(version: str = SCHEMA_VERSION) -> dict[str, Any]:
    """`hf_features(version).to_dict()` without importing `datasets` (~1 s): the build's
    parent writes it into every Parquet file's metadata. A test keeps the two equal."""

    def value(dtype: str) -> dict[str, Any]:
        return {"dtype": dtype, "_type": "Value"}

    def feature(kind: Kind) -> Any:
        return {
            Kind.STRING: lambda: value("string"),
            Kind.TIMESTAMP: lambda: value(f"timestamp[ms, tz={TIMEZONE}]"),
            Kind.DATE: lambda: value("date32"),
            Kind.STRING_LIST: lambda: {"feature": value("string"), "_type": "List"},
            Kind.LINES: lambda: {
                "feature": {
                    "text": value("string"),
                    "label": {"names": list(LABELS), "_type": "ClassLabel"},
                },
                "_type": "List",
            },
            Kind.BOILERPLATE: lambda: {flag: value("bool") for flag in BOILERPLATE_FLAGS},
            Kind.FLOAT: lambda: value("float64"),
        }[kind]()

    return {column.name: feature(column.kind) for column in columns_of(version)}


def hf_features_yaml(version: str = SCHEMA_VERSION) -> list[dict[str, Any]]:
    """`hf_features(version)._to_yaml_list()` — the features as a dataset card's
    `dataset_info` lists them — derived from `hf_features_dict` without importing `datasets`
    (the build's parent writes the card). A test keeps the two equal."""

    def yaml_of(feature: dict[str, Any]) -> dict[str, Any]:
        kind = feature.get("_type")
        if kind == "Value":
            return {"dtype": feature["dtype"]}
        if kind == "ClassLabel":  # the Hub wants the label ids as string keys
            names = {str(index): name for index, name in enumerate(feature["names"])}
            return {"dtype": {"class_label": {"names": names}}}
        if kind == "List":  # a list of one dtype, or of a struct's fields, is written flat
            item = yaml_of(feature["feature"])
            flat = list(item) in (["dtype"], ["struct"])
            return {"list": next(iter(item.values())) if flat else item}
        if kind is None:
            return {"struct": [{"name": name, **yaml_of(value)} for name, value in feature.items()]}
        raise ValueError(f"no YAML form for the feature type {kind!r}")

    return list(yaml_of(hf_features_dict(version))["struct"])


# --- pandera ------------------------------------------------------------------------------


def pandera_schema(version: str = SCHEMA_VERSION) -> pandera_pd.DataFrameSchema:
    """pandera checks of a DataFrame read from the release Parquet with pandas' default
    conversion (`pd.read_parquet(path)` or `pq.read_table(path).to_pandas()`; not
    `types_mapper=pd.ArrowDtype`, whose dtypes differ).

    Dtypes are the ones default conversion gives: strings in pandas' default string dtype,
    timestamps `datetime64[ms, Asia/Dhaka]`, floats `float64`, and `object` for dates, lists
    and structs, whose values the element-wise `khobor.contracts.checks` judge. Validate lazily so
    every
    failure is reported together:

        try:
            pandera_schema().validate(df, lazy=True)
        except pandera.errors.SchemaErrors as err:
            print(err.failure_cases)  # one row per failing check and value
    """
    import pandas as pd
    import pandera.pandas as pandera_pd

    import khobor.contracts.checks  # noqa: F401  (registers the khobor_* checks used below)

    string_dtype = pd.Series([], dtype="str").dtype  # what default conversion gives strings
    dtypes: Mapping[Kind, Any] = {
        Kind.STRING: string_dtype,
        Kind.TIMESTAMP: pd.DatetimeTZDtype(unit="ms", tz=TIMEZONE),
        Kind.DATE: object,
        Kind.STRING_LIST: object,
        Kind.LINES: object,
        Kind.BOILERPLATE: object,
        Kind.FLOAT: "float64",
    }
    check = pandera_pd.Check
    kind_checks: Mapping[Kind, Callable[[ColumnSpec], list[Any]]] = {
        Kind.STRING: lambda c: [],
        Kind.TIMESTAMP: lambda c: [],
        Kind.DATE: lambda c: [check.khobor_is_date()],
        Kind.STRING_LIST: lambda c: [check.khobor_string_list(distinct=c.distinct_items)],
        Kind.LINES: lambda c: [
            check.khobor_lines_well_formed(),
            check.khobor_line_labels(labels=list(LABELS)),
        ],
        Kind.BOILERPLATE: lambda c: [check.khobor_boilerplate_flags(flags=list(BOILERPLATE_FLAGS))],
        Kind.FLOAT: lambda c: [],
    }

    def column_checks(column: ColumnSpec) -> list[Any]:
        checks = list(kind_checks[column.kind](column))
        if column.non_empty:
            checks.append(check.str_length(min_value=1))
        if column.pattern is not None:
            checks.append(check.str_matches(column.pattern))
        if column.min_value is not None and column.max_value is not None:
            checks.append(check.in_range(column.min_value, column.max_value))
        elif column.min_value is not None:
            checks.append(check.ge(column.min_value))
        elif column.max_value is not None:
            checks.append(check.le(column.max_value))
        return checks

    return pandera_pd.DataFrameSchema(
        {
            column.name: pandera_pd.Column(
                dtypes[column.kind],
                checks=column_checks(column),
                nullable=column.nullable,
                unique=column.unique,
                description=column.description,
            )
            for column in columns_of(version)
        },
        strict=True,
        name=f"khobor_record_v{version}",
        description=f"khobor record schema v{version}, one row per article",
        metadata={"schema_version": version},
    )


# --- Great Expectations -------------------------------------------------------------------


def ge_suite(version: str = SCHEMA_VERSION) -> ExpectationSuite:
    """The Great Expectations suite of a schema version: the exact column set, each column present,
    non-null columns never null, `id` unique, non-empty strings, patterns, ratio ranges.

    Types and the element-wise list/struct checks (line labels) are pandera's job; GE has no
    element-wise expectation on list columns. Built without a data context: add it to one with
    `context.suites.add(ge_suite())`.
    """
    import great_expectations as gx

    expect = gx.expectations
    columns = columns_of(version)
    expectations: list[Any] = [
        expect.ExpectTableColumnsToMatchSet(
            column_set=[column.name for column in columns], exact_match=True
        )
    ]
    for column in columns:
        name = column.name
        expectations.append(expect.ExpectColumnToExist(column=name))
        if not column.nullable:
            expectations.append(expect.ExpectColumnValuesToNotBeNull(column=name))
        if column.unique:
            expectations.append(expect.ExpectColumnValuesToBeUnique(column=name))
        if column.non_empty:
            expectations.append(
                expect.ExpectColumnValueLengthsToBeBetween(column=name, min_value=1)
            )
        if column.pattern is not None:
            expectations.append(
                expect.ExpectColumnValuesToMatchRegex(column=name, regex=column.pattern)
            )
        if column.min_value is not None or column.max_value is not None:
            expectations.append(
                expect.ExpectColumnValuesToBeBetween(
                    column=name, min_value=column.min_value, max_value=column.max_value
                )
            )
    return gx.ExpectationSuite(
        name=f"khobor_record_v{version}",
        expectations=expectations,
        meta={"schema_version": version},
    )


# --- JSON Schema --------------------------------------------------------------------------


def _json_type(json_type: str, nullable: bool) -> str | list[str]:
    return [json_type, "null"] if nullable else json_type


def _json_property(column: ColumnSpec) -> dict[str, Any]:
    by_kind: Mapping[Kind, Callable[[], dict[str, Any]]] = {
        Kind.STRING: lambda: {"type": "string"},
        Kind.TIMESTAMP: lambda: {
            "type": "string",
            "format": "date-time",
            "pattern": TIMESTAMP_PATTERN,
        },
        Kind.DATE: lambda: {"type": "string", "format": "date", "pattern": DATE_PATTERN},
        Kind.STRING_LIST: lambda: {
            "type": "array",
            "items": {"type": "string"},
            **({"uniqueItems": True} if column.distinct_items else {}),
        },
        Kind.LINES: lambda: {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "text": {"type": "string", "pattern": NON_BLANK_PATTERN},
                    "label": {"enum": list(LABELS)},
                },
                "required": ["text", "label"],
                "additionalProperties": False,
            },
        },
        Kind.BOILERPLATE: lambda: {
            "type": "object",
            "properties": {flag: {"type": "boolean"} for flag in BOILERPLATE_FLAGS},
            "required": list(BOILERPLATE_FLAGS),
            "additionalProperties": False,
        },
        Kind.FLOAT: lambda: {"type": "number"},
    }
    prop = by_kind[column.kind]()
    prop["type"] = _json_type(prop["type"], column.nullable)
    prop["description"] = column.description
    if column.non_empty:
        prop["minLength"] = 1
    if column.pattern is not None:
        prop["pattern"] = column.pattern
    if column.min_value is not None:
        prop["minimum"] = column.min_value
    if column.max_value is not None:
        prop["maximum"] = column.max_value
    return prop


def json_schema(version: str = SCHEMA_VERSION) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of one record in its JSON Lines form. Every column is
    required (nullable ones as `null`); no other key is allowed."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": (
            "Generated by khobor.contracts.schema from its one declaration; do not edit by hand."
        ),
        "title": f"khobor record, schema v{version}",
        "description": "One Bengali news article, one line of the JSON Lines export.",
        "type": "object",
        "properties": {column.name: _json_property(column) for column in columns_of(version)},
        "required": [column.name for column in columns_of(version)],
        "additionalProperties": False,
    }


# --- record form <-> row form -------------------------------------------------------------


def _expect(value: Any, types: type | tuple[type, ...], what: str) -> None:
    """Raise unless `value` is one of `types`; a bool is never taken for a number."""
    wrong_type = not isinstance(value, types)
    bool_as_number = isinstance(value, bool) and types is not bool
    if wrong_type or bool_as_number:
        raise ValueError(f"expected {what}, got {type(value).__name__} {value!r:.80}")


def _timestamp_to_row(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected an ISO 8601 timestamp, got {value!r}") from None
    _expect(value, datetime, "an ISO 8601 timestamp string or datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"timestamp {value.isoformat()!r} has no UTC offset; never guess one")
    if value.microsecond % 1000:
        raise ValueError(f"timestamp {value.isoformat()!r} is finer than milliseconds")
    return value.astimezone(DHAKA)


def _timestamp_to_record(value: datetime) -> str:
    local = value.astimezone(DHAKA)
    return local.isoformat(timespec="milliseconds" if local.microsecond else "seconds")


def _date_to_row(value: Any) -> date:
    if isinstance(value, str):
        if len(value) != 10:
            raise ValueError(f"expected a YYYY-MM-DD date, got {value!r}")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected a YYYY-MM-DD date, got {value!r}") from None
    if isinstance(value, datetime):
        raise ValueError(f"expected a date, got the datetime {value.isoformat()!r}")
    _expect(value, date, "a YYYY-MM-DD date string or date")
    return value


def _string(value: Any) -> str:
    _expect(value, str, "a string")
    return value


def _string_list(value: Any) -> list[str]:
    _expect(value, (list, tuple), "a list of strings")
    return [_string(item) for item in value]


_LINE_KEYS = frozenset({"text", "label"})


def _checked_lines(value: Any) -> Iterator[tuple[str, int]]:
    """(text, label index) of each line of a record's `lines`, checked."""
    _expect(value, (list, tuple), "a list of lines")
    # ~30 lines a record, every record of a build: plain dicts and str take the fast checks
    for number, line in enumerate(value):
        if not (type(line) is dict or isinstance(line, Mapping)) or line.keys() != _LINE_KEYS:
            raise ValueError(f"line {number}: expected {{'text', 'label'}}, got {line!r:.80}")
        text, label = line["text"], line["label"]
        if type(text) is not str or type(label) is not str or label not in _LABEL_INDEX:
            try:
                _string(text)
                label_to_index(label)
            except ValueError as err:
                raise ValueError(f"line {number}: {err}") from None
        yield text, _LABEL_INDEX[label]


def _lines_to_row(value: Any) -> list[dict[str, Any]]:
    return [{"text": text, "label": label} for text, label in _checked_lines(value)]


def _lines_to_record(value: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"text": line["text"], "label": index_to_label(int(line["label"]))} for line in value]


def _boilerplate(value: Any) -> dict[str, bool]:
    if not isinstance(value, Mapping) or set(value) != set(BOILERPLATE_FLAGS):
        raise ValueError(
            f"expected exactly the flags {', '.join(BOILERPLATE_FLAGS)}, got {value!r:.80}"
        )
    for flag in BOILERPLATE_FLAGS:
        _expect(value[flag], bool, f"a bool for flag {flag!r}")
    return {flag: bool(value[flag]) for flag in BOILERPLATE_FLAGS}


def _float(value: Any) -> float:
    _expect(value, (int, float), "a number")
    return float(value)


_TO_ROW: Mapping[Kind, Callable[[Any], Any]] = {
    Kind.STRING: _string,
    Kind.TIMESTAMP: _timestamp_to_row,
    Kind.DATE: _date_to_row,
    Kind.STRING_LIST: _string_list,
    Kind.LINES: _lines_to_row,
    Kind.BOILERPLATE: _boilerplate,
    Kind.FLOAT: _float,
}

_TO_RECORD: Mapping[Kind, Callable[[Any], Any]] = {
    Kind.STRING: str,
    Kind.TIMESTAMP: _timestamp_to_record,
    Kind.DATE: lambda value: value.isoformat(),
    Kind.STRING_LIST: list,
    Kind.LINES: _lines_to_record,
    Kind.BOILERPLATE: lambda value: {flag: bool(value[flag]) for flag in BOILERPLATE_FLAGS},
    Kind.FLOAT: float,
}


def _check_keys(mapping: Mapping[str, Any], what: str, version: str) -> None:
    names = [column.name for column in columns_of(version)]
    missing = [name for name in names if name not in mapping]
    extra = sorted(set(mapping) - set(names))
    if missing or extra:
        raise ValueError(
            f"{what} does not match schema v{version}: missing columns {missing}, "
            f"unknown columns {extra}"
        )


def _convert(
    mapping: Mapping[str, Any], table: Mapping[Kind, Callable[[Any], Any]], version: str
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in columns_of(version):
        value = mapping[column.name]
        if value is None:
            if not column.nullable:
                raise ValueError(f"column {column.name!r} must not be null")
            out[column.name] = None
            continue
        try:
            out[column.name] = table[column.kind](value)
        except ValueError as err:
            raise ValueError(f"column {column.name!r}: {err}") from None
    return out


def record_to_row(record: Mapping[str, Any], version: str = SCHEMA_VERSION) -> dict[str, Any]:
    """The row form (for pyarrow) of a record in its JSON Lines form.

    Timestamps: ISO 8601 strings with an offset (or aware datetimes), converted to
    Asia/Dhaka, millisecond precision at most. Dates: `YYYY-MM-DD` (or `date`s). Labels:
    names, converted to ClassLabel indices. Raises `ValueError` naming the column (and line)
    for a missing or unknown column, a null in a non-null column, a wrong type, a naive
    timestamp or an unknown label.
    """
    _check_keys(record, "record", version)
    return _convert(record, _TO_ROW, version)


def row_to_record(row: Mapping[str, Any], version: str = SCHEMA_VERSION) -> dict[str, Any]:
    """The JSON Lines form of a row (as `pa.Table.to_pylist()` gives it); the inverse of
    `record_to_row` on canonical records (timestamps at the Asia/Dhaka offset, with
    milliseconds only when non-zero)."""
    _check_keys(row, "row", version)
    return _convert(row, _TO_RECORD, version)


_TIMESTAMP_COLUMNS = tuple(c.name for c in COLUMNS if c.kind is Kind.TIMESTAMP)


def with_utc_timestamps(row: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for name in _TIMESTAMP_COLUMNS:
        value = out.get(name)
        if isinstance(value, datetime):
            if value.utcoffset() is None:
                raise ValueError(f"column {name!r}: timestamp {value.isoformat()!r} is naive")
            out[name] = value.astimezone(UTC)
    return out


def rows_to_table(rows: Iterable[Mapping[str, Any]], version: str = SCHEMA_VERSION) -> pa.Table:
    """A pyarrow table of rows (row form), always with `arrow_schema()` — never inferred, so
    an early null or empty list cannot change a column's type. Timestamps are handed to
    pyarrow in UTC, so they are stored right even when PYARROW_IGNORE_TIMEZONE is set."""
    return pa.Table.from_pylist(
        [with_utc_timestamps(row) for row in rows], schema=arrow_schema(version)
    )


def _flat_lines(value: Any) -> tuple[list[str], list[int]]:
    """The texts and label indices of a record's `lines`, checked as `_checked_lines` does;
    plain dicts of strings (every record of a build) in comprehensions."""
    if type(value) is list and all(
        type(line) is dict and line.keys() == _LINE_KEYS for line in value
    ):
        texts = [line["text"] for line in value]
        labels = [line["label"] for line in value]
        if all(type(text) is str for text in texts) and all(
            type(label) is str and label in _LABEL_INDEX for label in labels
        ):
            return texts, [_LABEL_INDEX[label] for label in labels]
    checked = list(_checked_lines(value))  # raises, naming the line, unless all is well
    return [text for text, _ in checked], [label for _, label in checked]


class _Lines:
    """A `lines` column built flat: offsets, texts and label indices (no dict a line)."""

    def __init__(self) -> None:
        self.offsets: list[int] = [0]
        self.texts: list[str] = []
        self.labels: list[int] = []
        self.valid: list[bool] = []

    def add(self, value: Any) -> None:
        """One record's `lines` (None: a null list)."""
        self.valid.append(value is not None)
        if value is not None:
            texts, labels = _flat_lines(value)
            self.texts += texts
            self.labels += labels
        self.offsets.append(len(self.texts))

    def array(self, data_type: pa.DataType) -> pa.Array:
        item = data_type.value_type
        lines = pa.StructArray.from_arrays(
            [
                pa.array(self.texts, item.field("text").type),
                pa.array(self.labels, item.field("label").type),
            ],
            fields=list(item),
        )
        mask = None if all(self.valid) else pa.array([not valid for valid in self.valid])
        return pa.ListArray.from_arrays(
            pa.array(self.offsets, pa.int32()), lines, type=data_type, mask=mask
        )


def records_to_table(
    records: Iterable[Mapping[str, Any]], version: str = SCHEMA_VERSION
) -> pa.Table:
    """A pyarrow table of records (JSON Lines form): what `rows_to_table` of their
    `record_to_row` gives (a test keeps the two equal), built column by column — the lines
    of every record as three flat arrays, not a dict a line. A record that cannot be
    converted raises `ValueError` naming its position, id and column."""
    columns = columns_of(version)
    built: list[tuple[ColumnSpec, list[Any] | _Lines]] = [
        (column, _Lines() if column.kind is Kind.LINES else []) for column in columns
    ]
    for number, record in enumerate(records):
        try:
            _check_keys(record, "record", version)
            for column, values in built:
                _add_value(values, column, record[column.name])
        except ValueError as err:
            raise ValueError(f"record {number} (id={record.get('id')!r}): {err}") from None
    schema = arrow_schema(version)
    arrays = [
        values.array(schema.field(column.name).type)
        if isinstance(values, _Lines)
        else pa.array(values, schema.field(column.name).type)
        for column, values in built
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def _to_arrow_row(kind: Kind) -> Callable[[Any], Any]:
    if kind is Kind.TIMESTAMP:  # handed to pyarrow in UTC, see `rows_to_table`
        return lambda value: _timestamp_to_row(value).astimezone(UTC)
    return _TO_ROW[kind]


_TO_ARROW_ROW = {kind: _to_arrow_row(kind) for kind in Kind}


def _add_value(values: list[Any] | _Lines, column: ColumnSpec, value: Any) -> None:
    """One record's value of `column`, checked and converted as `record_to_row` does."""
    if value is None:
        if not column.nullable:
            raise ValueError(f"column {column.name!r} must not be null")
        if isinstance(values, _Lines):
            values.add(None)
        else:
            values.append(None)
        return
    if type(value) is str and column.kind is Kind.STRING:
        values.append(value)  # type: ignore[union-attr]
        return
    try:
        if isinstance(values, _Lines):
            values.add(value)
        else:
            values.append(_TO_ARROW_ROW[column.kind](value))
    except ValueError as err:
        raise ValueError(f"column {column.name!r}: {err}") from None


def table_to_records(table: pa.Table, version: str = SCHEMA_VERSION) -> list[dict[str, Any]]:
    """The records (JSON Lines form) of a table read from a release Parquet file."""
    return [row_to_record(row, version) for row in table.to_pylist()]


# --- export -------------------------------------------------------------------------------


def _json_bytes(value: Any, *, sort_keys: bool) -> bytes:
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=sort_keys)
    return (text + "\n").encode("utf-8")


def _arrow_schema_text(schema: pa.Schema) -> str:
    """The schema's string form with its metadata, nothing truncated (pyarrow ≥ 21 cuts any
    element over `element_size_limit` characters; older versions have no such limit)."""
    options: dict[str, Any] = {"truncate_metadata": False}
    if int(pa.__version__.split(".")[0]) >= 21:
        options["element_size_limit"] = 1_000_000
    return schema.to_string(show_field_metadata=True, show_schema_metadata=True, **options)


def pandera_yaml_header(version: str = SCHEMA_VERSION) -> str:
    return (
        f"# pandera schema of khobor record schema v{version}, generated by "
        "khobor.contracts.schema; do not edit.\n"
        "# It names custom checks (khobor_*): `import khobor.contracts.checks` before\n"
        "# `pandera.pandas.DataFrameSchema.from_yaml(...)` so they are registered.\n"
    )


def rendered_schemas(version: str = SCHEMA_VERSION) -> dict[str, bytes]:
    """The exported files of a schema version, by file name, as exact bytes.

    `features.json` keeps the column order (`datasets` honours it; sorting would reorder the
    columns); `record.schema.json` has sorted keys; `pandera.yaml` is pandera's own
    `to_yaml()` behind a comment header; `arrow.txt` is the schema's string form with its
    metadata untruncated.
    """
    pandera_yaml = pandera_schema(version).to_yaml()
    assert pandera_yaml is not None  # to_yaml() without a stream returns the text
    arrow_text = _arrow_schema_text(arrow_schema(version))
    header = pandera_yaml_header(version)
    return {
        "record.schema.json": _json_bytes(json_schema(version), sort_keys=True),
        "pandera.yaml": (header + pandera_yaml.rstrip("\n") + "\n").encode("utf-8"),
        "features.json": _json_bytes(hf_features(version).to_dict(), sort_keys=False),
        "arrow.txt": (arrow_text.rstrip("\n") + "\n").encode("utf-8"),
    }


def export_schemas(out_dir: Path) -> list[Path]:
    """Write the language-neutral forms of every schema version to `out_dir / "v<version>"`
    (`out_dir` is the repository's `schemas/` directory: `v1/`, `v1.1/`) and return the paths
    written, in a fixed order. The files of an older version never change."""
    written = []
    for version in SCHEMA_VERSIONS:
        target = Path(out_dir) / schema_dir_name(version)
        target.mkdir(parents=True, exist_ok=True)
        for name, data in rendered_schemas(version).items():
            path = target / name
            path.write_bytes(data)
            written.append(path)
    return written
