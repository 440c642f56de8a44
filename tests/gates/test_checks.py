"""Every gate check rejects a bad fixture (a corrupted copy of release 1.0.0) naming the
failing ids, and passes the good one."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from gates.corrupt import (
    REPO,
    Rows,
    copy_release,
    data_file,
    edit,
    first_id,
    manifest,
    read_rows,
    refresh_manifest,
    write_manifest,
    write_rows,
)
from khobor.contracts.taxonomy import LABELS
from khobor.gates.config import CHECKS, FAMILIES
from khobor.release.validate import Validation, validate_release

GATES = REPO / "validation" / "gates.toml"
TODAY = date(2026, 1, 1)
FAST_FAMILIES = ("schema", "dataset", "drift")


def run(folder: Path, families: tuple[str, ...] = FAST_FAMILIES, **kw: Any) -> Validation:
    return validate_release(folder, gates=GATES, today=TODAY, families=families, html=False, **kw)


def result(validation: Validation, check: str) -> Any:
    return next(r for r in validation.results if r.check == check)


# --- corruptions: each returns the ids the check must name ----------------------------------


def set_field(name: str, value: Callable[[dict[str, Any]], Any]) -> Callable[[Path], list[str]]:
    def corrupt(folder: Path) -> list[str]:
        def change(rows: Rows) -> None:
            rows[0][name] = value(rows[0])

        edit(folder, "train", change)
        return [first_id(folder)]

    return corrupt


def duplicate_row(folder: Path) -> list[str]:
    edit(folder, "train", lambda rows: [*rows, rows[0]])
    return [first_id(folder)]


def copy_body(folder: Path) -> list[str]:
    rows = read_rows(folder, "train")
    rows[1]["body"] = rows[0]["body"]
    write_rows(folder, "train", rows)
    return [rows[0]["id"], rows[1]["id"]]


def near_duplicate_in_test(folder: Path) -> list[str]:
    """A copy of a train record, one word changed, new id and source, put in test."""
    original = read_rows(folder, "train")[0]
    twin = dict(original)
    twin["id"] = "ffff0000ffff0000"
    twin["dup_cluster"] = twin["id"]
    words = twin["body"].split(" ")
    words[3] = "ভিন্ন"
    twin["body"] = " ".join(words)
    edit(folder, "test", lambda rows: [*rows, twin])
    return [original["id"], twin["id"]]


def everything_in_test(folder: Path) -> list[str]:
    moved = read_rows(folder, "train") + read_rows(folder, "validation")
    write_rows(folder, "train", [])
    write_rows(folder, "validation", [])
    edit(folder, "test", lambda rows: [*rows, *moved])
    return ["split:test", "split:train"]


def append_body(text: str) -> Callable[[Path], list[str]]:
    return set_field("body", lambda row: row["body"] + text)


def repeat_headline(folder: Path) -> list[str]:
    return set_field("body", lambda row: row["headline"] + "\n\n" + row["body"])(folder)


def drop_row(folder: Path) -> list[str]:
    gone = read_rows(folder, "test")[0]
    write_rows(folder, "test", [])
    return [f"source:{gone['source']}"]


def change_checksum(folder: Path) -> list[str]:
    data = manifest(folder)
    entry = next(e for e in data["files"] if e.get("split") == "train")
    entry["sha256"] = "0" * 64
    write_manifest(folder, data)
    return [entry["path"]]


def unlisted_file(folder: Path) -> list[str]:
    (folder / "data" / "extra.txt").write_text("x")
    return ["data/extra.txt"]


def float32_ratio(folder: Path) -> list[str]:
    rows = read_rows(folder, "train")
    path = data_file(folder, "train")
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    index = schema.get_field_index("boilerplate_ratio")
    schema = schema.set(index, pa.field("boilerplate_ratio", pa.float32()))
    write_rows(folder, "train", rows, schema)
    return [str(data_file(folder, "train").relative_to(folder).as_posix())]


def extra_column(folder: Path) -> list[str]:
    rows = read_rows(folder, "train")
    import pyarrow.parquet as pq

    schema = pq.read_schema(data_file(folder, "train")).append(pa.field("extra", pa.int64()))
    write_rows(folder, "train", [{**r, "extra": 1} for r in rows], schema)
    return [f"{data_file(folder, 'train').relative_to(folder).as_posix()}:extra"]


def relabel(label: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: [
        {"text": line["text"], "label": LABELS.index(label)} for line in row["lines"]
    ]


def mojibake(row: dict[str, Any]) -> str:
    # UTF-8 Bengali read as cp1252: "à¦¬à¦¾à¦‚à¦²à¦¾" (বাংলা)
    return "বাংলা".encode().decode("cp1252", errors="ignore") + " " + row["body"]


FUTURE = datetime.combine(TODAY + timedelta(days=30), datetime.min.time()).date()

# check -> corruption (the check must fail and name these ids)
BAD: dict[str, Callable[[Path], list[str]]] = {
    "schema.arrow_types": float32_ratio,
    "schema.columns": extra_column,
    "schema.types": lambda folder: [f"{float32_ratio(folder)[0]}:boilerplate_ratio"],
    "schema.nullability": set_field("headline", lambda row: None),
    "schema.unique_id": duplicate_row,
    "schema.non_empty_text": set_field("headline", lambda row: "   "),
    "schema.formats": set_field("raw_sha256", lambda row: "not-a-sha"),
    "schema.line_labels": set_field(
        "lines", lambda row: [{"text": "x", "label": 99}, *row["lines"][1:]]
    ),
    "schema.timestamps_ordered": set_field(
        "updated_at", lambda row: row["published_at"] - timedelta(days=1)
    ),
    "schema.date_range": set_field("date", lambda row: FUTURE),
    "schema.page_date_not_before_date": set_field(
        "page_date", lambda row: row["date"] - timedelta(days=3)
    ),
    "schema.bengali_script": set_field(
        "body", lambda row: "This body is written in English only, with no Bengali. " * 20
    ),
    "schema.canonical_text": set_field("body", lambda row: row["body"] + "\u09dc"),
    "schema.replacement_character": set_field("body", lambda row: row["body"] + "\ufffd"),
    "schema.control_characters": set_field("body", lambda row: row["body"] + "\x07"),
    "schema.mojibake": set_field("body", mojibake),
    "dataset.exact_duplicates": copy_body,
    "dataset.near_duplicates_across_splits": near_duplicate_in_test,
    "dataset.split_ratios": everything_in_test,
    "dataset.boilerplate_in_body": append_body("\n\nমন্তব্য করুন"),
    "dataset.inputs_accounted": drop_row,
    "dataset.manifest_checksums": change_checksum,
}


def test_registry_and_policy_file_agree() -> None:
    """Every check of the registry is in validation/gates.toml with the same settings."""
    from khobor.gates.config import load_gates

    config = load_gates(GATES)
    assert {c: dict(v) for c, v in config.settings.items()} == {
        c: dict(v) for c, v in CHECKS.items()
    }
    text = GATES.read_text(encoding="utf-8")
    for check in CHECKS:
        name = check.split(".", 1)[1]
        assert f"[gates.{check}]" in text or f"\n{name} = {{ level" in text, check
    assert {c.split(".")[0] for c in CHECKS} == set(FAMILIES)


def test_good_release_passes_every_check(good: Path) -> None:
    validation = run(good)
    failed = [(r.check, r.message) for r in validation.results if not r.passed]
    assert failed == []
    assert validation.exit_code == 0


@pytest.mark.parametrize("check", sorted(BAD))
def test_bad_fixture_is_rejected(good: Path, check: str) -> None:
    expected = BAD[check](good)
    family = check.split(".")[0]
    validation = run(good, families=(family,))
    verdict = result(validation, check)
    assert not verdict.passed, verdict.message
    assert set(expected) <= set(verdict.failing_ids), (expected, verdict.failing_ids)
    assert validation.exit_code == 1


@pytest.mark.parametrize(
    "text",
    ["\n\nমন্তব্য করুন", "\n\n১৫", "\n\nসর্বশেষ খবর", "\n\nআমাদের Google News ফিডটি অনুসরণ করুন"],
)
def test_boilerplate_kinds(good: Path, text: str) -> None:
    append_body(text)(good)
    verdict = result(run(good, families=("dataset",)), "dataset.boilerplate_in_body")
    assert not verdict.passed and len(verdict.failing_ids) == 1


def test_repeated_headline_line_is_boilerplate(good: Path) -> None:
    expected = repeat_headline(good)
    verdict = result(run(good, families=("dataset",)), "dataset.boilerplate_in_body")
    assert verdict.failing_ids == expected


def test_unlisted_data_file_is_named(good: Path) -> None:
    expected = unlisted_file(good)
    verdict = result(run(good, families=("dataset",)), "dataset.manifest_checksums")
    assert verdict.failing_ids == expected


def test_listed_page_with_upper_case_suffix_needs_a_record(good: Path) -> None:
    """`X.TXT` is a page (the scan reads any case), so a listed `X.TXT` without a record or a
    quarantine entry is named, as `x.txt` would be."""
    gone = read_rows(good, "test")[0]["source"]
    write_rows(good, "test", [])
    upper = gone.removesuffix(".txt") + ".TXT"
    data = manifest(good)
    for entry in data["inputs"]["files"]:
        if entry["source"] == gone:
            entry["source"] = upper
    write_manifest(good, data)
    verdict = result(run(good, families=("dataset",)), "dataset.inputs_accounted")
    assert f"source:{upper}" in verdict.failing_ids


def test_row_count_in_manifest_is_checked(good: Path) -> None:
    data = manifest(good)
    entry = next(e for e in data["files"] if e.get("split") == "train")
    entry["rows"] += 1
    write_manifest(good, data)
    verdict = result(run(good, families=("dataset",)), "dataset.manifest_checksums")
    assert verdict.failing_ids == [entry["path"]]


# --- ledger and drift: a second release beside the first -------------------------------------


def next_release(good: Path, version: str = "1.0.1") -> Path:
    folder = copy_release(good.parent / version, good)
    data = manifest(folder)
    data["version"] = version
    write_manifest(folder, data)
    return folder


def test_ledger_passes_an_unchanged_next_release(good: Path) -> None:
    folder = next_release(good)
    validation = run(folder)
    assert validation.previous == good
    assert result(validation, "dataset.ledger_stability").passed
    assert all(result(validation, c).passed for c in CHECKS if c.startswith("drift."))


def test_record_moved_split_since_the_last_release(good: Path) -> None:
    folder = next_release(good)
    moved = read_rows(folder, "train")[0]
    edit(folder, "train", lambda rows: rows[1:])
    edit(folder, "validation", lambda rows: [*rows, moved])
    verdict = result(run(folder), "dataset.ledger_stability")
    assert not verdict.passed and verdict.failing_ids == [moved["id"]]
    assert "train→validation" in verdict.message


def test_record_vanished_without_reason_and_with_one(good: Path) -> None:
    folder = next_release(good)
    gone = read_rows(folder, "test")[0]
    write_rows(folder, "test", [])
    verdict = result(run(folder), "dataset.ledger_stability")
    assert verdict.failing_ids == [gone["id"]]
    (folder / "quarantine.jsonl").write_text(
        json.dumps({"source": gone["source"], "quarantine_reason": "no_body"}) + "\n"
    )
    data = manifest(folder)
    next(e for e in data["files"] if e["path"] == "quarantine.jsonl")["rows"] = 1
    write_manifest(folder, data)
    refresh_manifest(folder)
    assert result(run(folder), "dataset.ledger_stability").passed


DRIFT: dict[str, Callable[[Path], Any]] = {
    "drift.row_count": lambda f: (write_rows(f, "train", []), write_rows(f, "test", [])),
    "drift.null_rates": lambda f: [
        edit(f, s, lambda rows: [{**r, "byline": None} for r in rows])
        for s in ("train", "validation", "test")
    ],
    "drift.label_shares": lambda f: [
        edit(f, s, lambda rows: [{**r, "lines": relabel("chrome")(r)} for r in rows])
        for s in ("train", "validation", "test")
    ],
    "drift.length_quantiles": lambda f: [
        edit(f, s, lambda rows: [{**r, "body": r["body"] * 2} for r in rows])
        for s in ("train", "validation", "test")
    ],
}


@pytest.mark.parametrize("check", sorted(DRIFT))
def test_drift_is_reported_at_its_level(good: Path, check: str) -> None:
    folder = next_release(good)
    DRIFT[check](folder)
    validation = run(folder, families=("drift",))
    verdict = result(validation, check)
    assert not verdict.passed and verdict.failing_ids
    assert str(verdict.level) == "warn" and validation.exit_code == 0  # warn does not block


def test_unreadable_input_is_a_usage_error(tmp_path: Path) -> None:
    from khobor.gates.core import GateInputError

    with pytest.raises(GateInputError, match="no such release folder"):
        run(tmp_path / "missing")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "manifest.json").write_text("{not json")
    with pytest.raises(GateInputError, match="cannot read the manifest"):
        run(tmp_path / "r")
