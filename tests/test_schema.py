"""Schema v1.1 (and v1): the one declaration and every form derived from it."""

from __future__ import annotations

import copy
import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khobor.contracts import schema
from khobor.contracts.records import ARTICLE_FIELDS
from khobor.contracts.taxonomy import BOILERPLATE_FLAGS, LABELS
from khobor.contracts.timezone import DHAKA

REPO = Path(__file__).resolve().parents[1]
EXPORTED = REPO / "schemas" / schema.SCHEMA_DIR_NAME


def good_record(**changes: Any) -> dict[str, Any]:
    """A hand-written record in JSON Lines form, shaped like the first seed page."""
    record: dict[str, Any] = {
        "id": "e6c5542c937925ff",
        "source": "000_e6c5542c937925ff.txt",
        "raw_sha256": "e6c5542c937925ff" + "0" * 48,
        "outlet": "kalbela",
        "headline": "বন্ধুত্ব আরও গভীর করার প্রতিশ্রুতি উত্তর কোরিয়া ও রাশিয়ার",
        "published_at": "2025-06-30T12:39:00+06:00",
        "updated_at": None,
        "date": "2025-06-30",
        "page_date": None,
        "byline": "কালবেলা ডেস্ক",
        "section": None,
        "source_credit": None,
        "body": "সাংস্কৃতিক সম্পর্ক ও পারস্পরিক বন্ধুত্ব আরও গভীর করার প্রতিশ্রুতি।\n\nদ্বিতীয় অনুচ্ছেদ।",
        "captions": ["কিম জং উন। ছবি : সংগৃহীত"],
        "lines": [
            {"text": "কালবেলা ডেস্ক", "label": "byline"},
            {"text": "প্রকাশ : ৩০ জুন ২০২৫, ১২:৩৯ পিএম", "label": "dateline"},
            {"text": "অনলাইন সংস্করণ", "label": "edition"},
            {
                "text": "বন্ধুত্ব আরও গভীর করার প্রতিশ্রুতি উত্তর কোরিয়া ও রাশিয়ার",
                "label": "headline",
            },
            {"text": "কিম জং উন। ছবি : সংগৃহীত", "label": "caption"},
            {"text": "কিম জং উন। ছবি : সংগৃহীত", "label": "duplicate"},
            {"text": "সাংস্কৃতিক সম্পর্ক …", "label": "body"},
            {"text": "মন্তব্য করুন", "label": "comment_prompt"},
        ],
        "boilerplate": {
            "related": False,
            "rank": False,
            "comment_prompt": True,
            "promo": False,
            "chrome": False,
            "duplicate": True,
        },
        "boilerplate_ratio": 0.25,
        "bengali_ratio": 0.98,
        "dup_cluster": "e6c5542c937925ff",
        "url": "https://www.kalbela.com/world/asia/123",
        "input_kind": "text",
    }
    record.update(changes)
    return record


def empty_record(**changes: Any) -> dict[str, Any]:
    """Every nullable column null and every list empty."""
    nulls = {column.name: None for column in schema.COLUMNS if column.nullable}
    return good_record(**nulls, captions=[], lines=[], **changes)


def frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """What a reader of the release gets: Parquet bytes back through pandas' default
    conversion."""
    buffer = io.BytesIO()
    pq.write_table(schema.records_to_table(records), buffer)
    buffer.seek(0)
    return pd.read_parquet(buffer)


# --- the declaration --------------------------------------------------------------------


def test_declaration_matches_design_columns() -> None:
    design_columns = (
        *("id", "source", "raw_sha256", "outlet", "headline", "published_at", "updated_at"),
        *("date", "page_date", "byline", "section", "source_credit", "body", "captions"),
        *("lines", "boilerplate", "boilerplate_ratio", "bengali_ratio", "dup_cluster"),
    )
    assert design_columns == tuple(c.name for c in schema.columns_of("1"))
    # v1.1 is additive: v1 and one more nullable column at the end (docs/contracts.md); v1.2 adds
    # the non-null `input_kind` after it (issue 25)
    assert schema.SCHEMA_VERSION == "1.2"
    assert (*design_columns, "url", "input_kind") == schema.COLUMN_NAMES
    nullable = {c.name for c in schema.COLUMNS if c.nullable}
    assert nullable == {
        "url",
        "outlet",
        "published_at",
        "updated_at",
        "date",
        "page_date",
        "byline",
        "section",
        "source_credit",
    }
    assert all(column.description for column in schema.COLUMNS)


def test_label_index_helpers_round_trip_and_reject_unknowns() -> None:
    assert [schema.index_to_label(schema.label_to_index(label)) for label in LABELS] == list(LABELS)
    for bad in ("boilerplate", "Headline", 3):
        with pytest.raises(ValueError, match="unknown line label"):
            schema.label_to_index(bad)  # type: ignore[arg-type]
    for bad_index in (-1, len(LABELS), True, "1"):
        with pytest.raises(ValueError, match=r"not in 0\.\.19"):
            schema.index_to_label(bad_index)  # type: ignore[arg-type]


# --- arrow and HF features ----------------------------------------------------------------


def test_arrow_schema_carries_descriptions_version_and_nullability() -> None:
    arrow = schema.arrow_schema()
    assert arrow.metadata == {b"schema_version": b"1.2"}
    for column in schema.COLUMNS:
        field = arrow.field(column.name)
        assert field.nullable is column.nullable
        assert field.metadata[b"description"].decode() == column.description
    assert arrow.field("published_at").type == pa.timestamp("ms", tz="Asia/Dhaka")
    assert arrow.field("page_date").type == pa.date32()
    assert arrow.field("boilerplate").type.names == list(BOILERPLATE_FLAGS)


def test_the_features_dict_is_what_datasets_serializes() -> None:
    """The build writes `hf_features_dict()` (no `datasets` import); it must be the exact
    serialization of `hf_features()`, key order included (the metadata is in the bytes)."""
    import json

    derived, serialized = schema.hf_features_dict(), schema.hf_features().to_dict()
    assert json.dumps(derived) == json.dumps(serialized)


def test_hf_features_and_arrow_schema_agree_on_types() -> None:
    import datasets

    features = schema.hf_features()
    from_arrow = datasets.Features.from_arrow_schema(schema.arrow_schema())
    assert list(from_arrow) == list(features) == list(schema.COLUMN_NAMES)
    assert features.arrow_schema.types == schema.arrow_schema().types
    assert from_arrow.arrow_schema.types == features.arrow_schema.types
    label = features["lines"].feature["label"]
    assert isinstance(label, datasets.ClassLabel)
    assert label.names == list(LABELS)
    # The only feature Arrow cannot carry on its own is the ClassLabel (int64 physically).
    assert from_arrow["lines"].feature["label"] == datasets.Value("int64")
    differing = [name for name in features if features[name] != from_arrow[name]]
    assert differing == ["lines"]


def test_a_table_casts_to_the_hf_features_and_decodes_labels() -> None:
    import datasets

    dataset = datasets.Dataset(schema.records_to_table([good_record()]))
    dataset = dataset.cast(schema.hf_features())
    label_feature = dataset.features["lines"].feature["label"]
    first_line = dataset[0]["lines"][0]
    assert label_feature.int2str(first_line["label"]) == "byline"
    assert dataset[0]["published_at"] == datetime(2025, 6, 30, 6, 39, tzinfo=UTC)


# --- records, rows and tables -------------------------------------------------------------


def test_records_to_table_keeps_full_schema_when_first_record_is_all_null_and_empty() -> None:
    table = schema.records_to_table([empty_record(), good_record(id="second")])
    assert table.schema.equals(schema.arrow_schema(), check_metadata=True)
    assert table.column("published_at").null_count == 1
    assert table.column("captions").to_pylist()[0] == []


def test_records_to_table_of_only_empty_records_still_has_full_schema() -> None:
    table = schema.records_to_table([empty_record()])
    assert table.schema.equals(schema.arrow_schema(), check_metadata=True)
    assert schema.records_to_table([]).schema.equals(schema.arrow_schema(), check_metadata=True)


def test_timestamps_survive_pyarrow_ignore_timezone(monkeypatch: pytest.MonkeyPatch) -> None:
    # Importing pandera sets PYARROW_IGNORE_TIMEZONE=1; pyarrow then takes a datetime's wall
    # time as UTC. rows_to_table must store the right instant regardless.
    monkeypatch.setenv("PYARROW_IGNORE_TIMEZONE", "1")
    table = schema.records_to_table([good_record()])
    assert table.column("published_at")[0].as_py() == datetime(2025, 6, 30, 6, 39, tzinfo=UTC)
    assert schema.table_to_records(table) == [good_record()]


def test_importing_pandera_after_khobor_keeps_timestamps_right() -> None:
    import os
    import subprocess
    import sys

    code = (
        "import khobor, pandera, pyarrow as pa; from datetime import datetime; "
        "from zoneinfo import ZoneInfo; "
        "d = datetime(2025, 6, 30, 12, 39, tzinfo=ZoneInfo('Asia/Dhaka')); "
        "a = pa.array([d], pa.timestamp('ms', tz='Asia/Dhaka')); print(a[0].as_py() == d)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYARROW_IGNORE_TIMEZONE"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "True"


def test_parquet_round_trip_gives_the_records_back() -> None:
    records = [good_record(), empty_record(id="b", dup_cluster="b")]
    buffer = io.BytesIO()
    pq.write_table(schema.records_to_table(records), buffer)
    buffer.seek(0)
    table = pq.read_table(buffer)
    assert table.schema.metadata == schema.arrow_schema().metadata
    assert schema.arrow_schema_differences(table.schema) == []
    assert schema.table_to_records(table) == records


def test_arrow_schema_differences_name_each_problem() -> None:
    arrow = schema.arrow_schema()
    string_labels = pa.list_(pa.struct([("text", pa.string()), ("label", pa.string())]))
    changed = arrow.set(arrow.get_field_index("lines"), pa.field("lines", string_labels, False))
    changed = changed.set(0, pa.field("id", pa.string()))
    assert schema.arrow_schema_differences(changed) == [
        "column 'id' is nullable, expected non-null",
        f"column 'lines' is {string_labels}, expected {arrow.field('lines').type}",
    ]
    assert schema.arrow_schema_differences(changed, check_nullability=False) == [
        f"column 'lines' is {string_labels}, expected {arrow.field('lines').type}"
    ]
    missing = arrow.remove(arrow.get_field_index("dup_cluster"))
    assert schema.arrow_schema_differences(missing)[0].startswith("columns are [")
    import datasets

    assert (
        schema.arrow_schema_differences(
            datasets.Features.from_arrow_schema(arrow).arrow_schema, check_nullability=False
        )
        == []
    )


def test_record_to_row_converts_timestamps_dates_and_labels() -> None:
    row = schema.record_to_row(good_record(updated_at="2025-06-30T07:00:00Z"))
    assert row["published_at"] == datetime(2025, 6, 30, 6, 39, tzinfo=UTC)
    assert row["published_at"].utcoffset() == timedelta(hours=6)
    assert row["updated_at"].isoformat() == "2025-06-30T13:00:00+06:00"
    assert row["date"] == date(2025, 6, 30)
    assert row["lines"][0] == {"text": "কালবেলা ডেস্ক", "label": LABELS.index("byline")}


def test_dhaka_2009_daylight_saving_offset_round_trips() -> None:
    record = good_record(published_at="2009-07-01T10:00:00+07:00")
    assert schema.row_to_record(schema.record_to_row(record)) == record
    jsonschema.validate(record, schema.json_schema())


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"body": None}, "'body' must not be null"),
        ({"published_at": "2025-06-30T12:39:00"}, "no UTC offset"),
        ({"published_at": "2025-06-30T12:39:00.000500+06:00"}, "finer than milliseconds"),
        ({"published_at": "30 জুন ২০২৫"}, "ISO 8601"),
        ({"date": "2025-6-30"}, "YYYY-MM-DD"),
        ({"date": datetime(2025, 6, 30, tzinfo=UTC)}, "expected a date"),
        ({"lines": [{"text": "x", "label": "boilerplate"}]}, "line 0: unknown line label"),
        ({"lines": [{"text": "x"}]}, "line 0: expected"),
        ({"captions": "একটি"}, "a list of strings"),
        ({"boilerplate": {"related": True}}, "expected exactly the flags"),
        ({"bengali_ratio": True}, "a number"),
        ({"extra": 1}, "unknown columns \\['extra'\\]"),
    ],
)
def test_record_to_row_rejects_what_the_physical_schema_cannot_hold(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        schema.record_to_row(good_record(**changes))


def test_record_to_row_names_a_missing_column() -> None:
    record = good_record()
    del record["dup_cluster"]
    with pytest.raises(ValueError, match="missing columns \\['dup_cluster'\\]"):
        schema.record_to_row(record)


def test_records_to_table_names_the_failing_record() -> None:
    with pytest.raises(ValueError, match="record 1 \\(id='bad'\\): column 'headline'"):
        schema.records_to_table([good_record(), good_record(id="bad", headline=None)])


# Hypothesis: records in canonical JSON Lines form.
_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
_non_blank = _text.filter(lambda text: text.strip() != "")
_instants = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=moment.microsecond // 1000 * 1000))


def _canonical_timestamp(moment: datetime) -> str:
    local = moment.astimezone(DHAKA)
    return local.isoformat(timespec="milliseconds" if local.microsecond else "seconds")


_timestamps = st.none() | _instants.map(_canonical_timestamp)
_dates = st.none() | st.dates(date(1971, 1, 1), date(2100, 1, 1)).map(date.isoformat)
_ratios = st.floats(0.0, 1.0)

records_strategy = st.fixed_dictionaries(
    {
        "id": _text,
        "source": _text,
        "raw_sha256": _text,
        "outlet": st.none() | _text,
        "headline": _text,
        "published_at": _timestamps,
        "updated_at": _timestamps,
        "date": _dates,
        "page_date": _dates,
        "byline": st.none() | _text,
        "section": st.none() | _text,
        "source_credit": st.none() | _text,
        "body": _text,
        "captions": st.lists(_text, max_size=3),
        "lines": st.lists(
            st.fixed_dictionaries({"text": _non_blank, "label": st.sampled_from(LABELS)}),
            max_size=5,
        ),
        "boilerplate": st.fixed_dictionaries({flag: st.booleans() for flag in BOILERPLATE_FLAGS}),
        "boilerplate_ratio": _ratios,
        "bengali_ratio": _ratios,
        "dup_cluster": _text,
        "url": st.none() | _text,
        "input_kind": st.sampled_from(["text", "html", "warc"]),
    }
)


@settings(max_examples=200, deadline=None)
@given(records_strategy)
def test_record_row_record_is_identity(record: dict[str, Any]) -> None:
    original = copy.deepcopy(record)
    assert schema.row_to_record(schema.record_to_row(record)) == original
    assert record == original  # the input is not mutated


@settings(max_examples=50, deadline=None)
@given(st.lists(records_strategy, max_size=4))
def test_records_survive_arrow(records: list[dict[str, Any]]) -> None:
    assert schema.table_to_records(schema.records_to_table(records)) == records


@settings(max_examples=100, deadline=None)
@given(st.lists(records_strategy, max_size=6))
def test_records_to_table_is_rows_to_table_of_record_to_row(records: list[dict[str, Any]]) -> None:
    """The column-by-column conversion the build uses equals the row form's, schema and
    metadata included (so the Parquet bytes are the same)."""
    rows = schema.rows_to_table([schema.record_to_row(record) for record in records])
    assert schema.records_to_table(records).equals(rows, check_metadata=True)


@pytest.mark.parametrize(
    "change",
    [
        {"lines": [{"text": "ক", "label": "no_such_label"}]},
        {"lines": [{"text": 5, "label": "body"}]},
        {"lines": [{"text": "ক", "label": ["body"]}]},
        {"lines": [{"text": "ক"}]},
        {"lines": "ক"},
        {"lines": None},
        {"published_at": "2024-01-01T10:00:00"},
        {"date": "2024-1-1"},
        {"boilerplate": {}},
        {"bengali_ratio": "high"},
        {"captions": [1]},
        {"headline": 7},
    ],
)
def test_records_to_table_refuses_what_record_to_row_refuses(change: dict[str, Any]) -> None:
    bad = good_record(id="bad", **change)
    with pytest.raises(ValueError) as row_error:
        schema.record_to_row(bad)
    with pytest.raises(ValueError) as table_error:
        schema.records_to_table([good_record(), bad])
    assert str(table_error.value) == f"record 1 (id='bad'): {row_error.value}"


# --- JSON Schema --------------------------------------------------------------------------


def _validator() -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema.json_schema())
    cls.check_schema(schema.json_schema())
    return cls(schema.json_schema(), format_checker=cls.FORMAT_CHECKER)


def test_json_schema_is_draft_2020_12_and_accepts_good_records() -> None:
    validator = _validator()
    assert isinstance(validator, jsonschema.Draft202012Validator)
    validator.validate(good_record())
    validator.validate(empty_record())
    # and what the converters write back
    validator.validate(schema.row_to_record(schema.record_to_row(good_record())))
    validator.validate(good_record(published_at="2025-06-30T12:39:00.250+06:00"))


@pytest.mark.parametrize(
    "changes",
    [
        {"published_at": "2025-06-30T12:39:00Z"},
        {"published_at": "2025-06-30 12:39"},
        {"date": "30-06-2025"},
        {"lines": [{"text": "x", "label": "boilerplate"}]},
        {"lines": [{"text": "   ", "label": "body"}]},
        {"lines": [{"text": "x", "label": 2}]},
        {"headline": ""},
        {"body": None},
        {"bengali_ratio": 1.5},
        {"captions": ["একই", "একই"]},
        {"boilerplate": {flag: True for flag in list(BOILERPLATE_FLAGS)[:-1]}},
        {"raw_sha256": "E6C5"},
        {"extra": "x"},
    ],
)
def test_json_schema_rejects_bad_records(changes: dict[str, Any]) -> None:
    assert not _validator().is_valid(good_record(**changes))


def test_json_schema_requires_every_column() -> None:
    record = good_record()
    del record["outlet"]
    assert not _validator().is_valid(record)


# --- pandera ------------------------------------------------------------------------------


def test_pandera_accepts_the_release_parquet_read_with_default_conversion() -> None:
    df = frame([good_record(), empty_record(id="b", dup_cluster="b")])
    validated = schema.pandera_schema().validate(df, lazy=True)
    assert validated.shape == df.shape


def test_pandera_reports_every_failure_together() -> None:
    import pandera.errors

    df = frame(
        [
            good_record(id="a", headline="X"),
            good_record(id="a", headline="Y"),  # duplicate id
            good_record(id="c"),
            good_record(id="d", bengali_ratio=0.5),
        ]
    )
    df.loc[2, "headline"] = ""  # empty headline
    df.at[1, "lines"] = [{"text": "x", "label": len(LABELS)}]  # unknown label index
    df.loc[3, "bengali_ratio"] = 1.5  # ratio out of range
    df.loc[0, "body"] = None  # null body
    with pytest.raises(pandera.errors.SchemaErrors) as caught:
        schema.pandera_schema().validate(df, lazy=True)
    failures = caught.value.failure_cases
    found = {(row.column, str(row.check).split("(")[0]) for row in failures.itertuples()}
    assert ("id", "field_uniqueness") in found
    assert ("headline", "str_length") in found
    assert ("lines", "khobor_line_labels") in found
    assert ("bengali_ratio", "in_range") in found
    assert ("body", "not_nullable") in found


@pytest.mark.parametrize(
    ("column", "value", "check"),
    [
        ("lines", [{"text": "x", "label": "body"}], "khobor_line_labels"),
        ("lines", [{"text": " ", "label": 2}], "khobor_lines_well_formed"),
        ("captions", ["একই", "একই"], "khobor_string_list"),
        ("boilerplate", {"related": True}, "khobor_boilerplate_flags"),
        ("date", "2025-06-30", "khobor_is_date"),
        ("raw_sha256", "nothex", "str_matches"),
    ],
)
def test_each_custom_check_rejects_its_bad_fixture(column: str, value: Any, check: str) -> None:
    import pandera.errors

    df = frame([good_record()])
    df.at[0, column] = value
    with pytest.raises(pandera.errors.SchemaErrors) as caught:
        schema.pandera_schema().validate(df, lazy=True)
    assert any(str(name).startswith(check) for name in caught.value.failure_cases["check"])


def test_pandera_rejects_an_extra_column() -> None:
    import pandera.errors

    df = frame([good_record()]).assign(extra=1)
    with pytest.raises(pandera.errors.SchemaErrors, match="extra"):
        schema.pandera_schema().validate(df, lazy=True)


def test_exported_pandera_yaml_loads_and_validates() -> None:
    import pandera.errors
    import pandera.pandas

    import khobor.contracts.checks  # noqa: F401  (registers the khobor_* checks named in the YAML)

    loaded = pandera.pandas.DataFrameSchema.from_yaml(
        (EXPORTED / "pandera.yaml").read_text(encoding="utf-8")
    )
    assert list(loaded.columns) == list(schema.COLUMN_NAMES)
    loaded.validate(frame([good_record(), empty_record(id="b")]), lazy=True)
    bad = frame([good_record()])
    bad.at[0, "lines"] = [{"text": "x", "label": 99}]
    with pytest.raises(pandera.errors.SchemaErrors):
        loaded.validate(bad, lazy=True)


# --- Great Expectations -------------------------------------------------------------------


def _expectations_by_type() -> dict[str, set[str]]:
    by_type: dict[str, set[str]] = {}
    for expectation in schema.ge_suite().expectations:
        by_type.setdefault(expectation.expectation_type, set()).add(
            getattr(expectation, "column", None) or "<table>"
        )
    return by_type


def test_ge_suite_is_derived_from_the_declaration() -> None:
    by_type = _expectations_by_type()
    assert by_type["expect_column_to_exist"] == set(schema.COLUMN_NAMES)
    assert by_type["expect_column_values_to_not_be_null"] == set(schema.NON_NULL_COLUMNS)
    assert by_type["expect_column_values_to_be_unique"] == {"id"}
    assert by_type["expect_column_values_to_be_between"] == {
        "boilerplate_ratio",
        "bengali_ratio",
    }
    assert by_type["expect_table_columns_to_match_set"] == {"<table>"}


def test_ge_suite_passes_a_good_frame_and_fails_a_bad_one() -> None:
    import great_expectations as gx

    context = gx.get_context(mode="ephemeral")
    batch_definition = (
        context.data_sources.add_pandas("release")
        .add_dataframe_asset("records")
        .add_batch_definition_whole_dataframe("all")
    )
    good = frame([good_record(), empty_record(id="b")])
    result = batch_definition.get_batch({"dataframe": good}).validate(schema.ge_suite())
    assert result.success, [r.expectation_config.type for r in result.results if not r.success]

    bad = frame([good_record(), good_record(bengali_ratio=1.0)])
    bad.loc[1, "bengali_ratio"] = 1.5
    result = batch_definition.get_batch({"dataframe": bad}).validate(schema.ge_suite())
    failed = {
        (r.expectation_config.type, r.expectation_config.kwargs.get("column"))
        for r in result.results
        if not r.success
    }
    assert failed == {
        ("expect_column_values_to_be_unique", "id"),
        ("expect_column_values_to_be_between", "bengali_ratio"),
    }


# --- exported files -----------------------------------------------------------------------


@pytest.mark.parametrize("version", schema.SCHEMA_VERSIONS)
def test_exported_schema_files_are_fresh(version: str) -> None:
    exported = REPO / "schemas" / schema.schema_dir_name(version)
    stale = [
        name
        for name, data in schema.rendered_schemas(version).items()
        if not (exported / name).is_file() or (exported / name).read_bytes() != data
    ]
    assert not stale, (
        f"schemas/{schema.schema_dir_name(version)}/ is stale ({', '.join(stale)}); "
        'run `khobor schema export` (or `python -c "from pathlib import Path; '
        "from khobor.contracts.schema import export_schemas; export_schemas(Path('schemas'))\"`) "
        "and commit the result"
    )


def test_export_is_deterministic(tmp_path: Path) -> None:
    first = schema.export_schemas(tmp_path / "a")
    second = schema.export_schemas(tmp_path / "b")
    assert [p.name for p in first[:4]] == [
        "record.schema.json",
        "pandera.yaml",
        "features.json",
        "arrow.txt",
    ]
    assert [p.parent.name for p in first] == ["v1"] * 4 + ["v1.1"] * 4 + ["v1.2"] * 4
    assert [p.name for p in first[4:8]] == [p.name for p in first[:4]]
    for a, b in zip(first, second, strict=True):
        data = a.read_bytes()
        assert data == b.read_bytes()
        assert data.endswith(b"\n") and not data.endswith(b"\n\n")


def test_exported_features_json_loads_as_the_features() -> None:
    import datasets

    features = json.loads((EXPORTED / "features.json").read_text(encoding="utf-8"))
    assert datasets.Features.from_dict(features) == schema.hf_features()


def test_exported_arrow_text_is_untruncated() -> None:
    text = (EXPORTED / "arrow.txt").read_text(encoding="utf-8")
    assert "omitted" not in text
    for column in schema.COLUMNS:
        assert column.description in text


def test_v1_1_is_v1_plus_a_nullable_url_and_v1_forms_are_unchanged() -> None:
    v1, v11 = schema.arrow_schema("1"), schema.arrow_schema("1.1")
    assert v11.names == [*v1.names, "url"]
    assert v11.field("url").nullable and v11.field("url").type == pa.string()
    assert v1.metadata[b"schema_version"] == b"1" and v11.metadata[b"schema_version"] == b"1.1"
    # a v1 Parquet file is v1, not v1.1; and the other way round
    assert schema.arrow_schema_differences(v1, version="1") == []
    assert schema.arrow_schema_differences(v1, version="1.1")
    assert schema.arrow_schema_differences(
        v11, version="1"
    ) and not schema.arrow_schema_differences(v11, version="1.1")
    record = good_record()
    del record["url"], record["input_kind"]
    assert schema.row_to_record(schema.record_to_row(record, "1"), "1") == record
    with pytest.raises(ValueError, match="missing columns \\['url'\\]"):
        schema.record_to_row(record, "1.1")
    assert "url" not in schema.json_schema("1")["properties"]
    assert schema.json_schema()["properties"]["url"]["type"] == ["string", "null"]
    with pytest.raises(schema.UnknownSchemaVersion, match=r"v1, v1\.1, v1\.2"):
        schema.arrow_schema("2")


def test_v1_2_is_v1_1_plus_a_non_null_input_kind_of_the_known_kinds() -> None:
    v11, v12 = schema.arrow_schema("1.1"), schema.arrow_schema("1.2")
    assert v12.names == [*v11.names, "input_kind"]
    assert not v12.field("input_kind").nullable
    assert schema.arrow_schema_differences(v11, version="1.2")
    assert "input_kind" not in schema.json_schema("1.1")["properties"]
    import jsonschema

    assert schema.INPUT_KIND_PATTERN == "^(text|html|warc)$"
    validator = jsonschema.Draft202012Validator(schema.json_schema())
    assert validator.is_valid(good_record(input_kind="warc"))
    assert not validator.is_valid(good_record(input_kind="pdf"))  # a closed set: no typo


@pytest.mark.parametrize("version", schema.SCHEMA_VERSIONS)
def test_the_features_yaml_is_what_datasets_writes_in_a_card(version: str) -> None:
    """The card's `dataset_info.features` comes from `hf_features_yaml()` (no `datasets`
    import in the build); it must be `datasets`' own YAML form, order included."""
    assert schema.hf_features_yaml(version) == schema.hf_features(version)._to_yaml_list()


def test_article_fields_are_the_schema_columns() -> None:
    """`records.Article` (and so `khobor extract`'s JSON and the spool) names the schema's
    columns in the schema's order: one list, `schema.COLUMNS`."""

    assert tuple(column.name for column in schema.COLUMNS) == ARTICLE_FIELDS
