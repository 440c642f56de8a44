"""`khobor build`: raw pages → records → clusters → splits → Parquet, streamed and reproducible."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from release_pages import copy_seeds, write_near_duplicate, write_variant
from typer.testing import CliRunner

from khobor import pipeline
from khobor.cli.commands import app
from khobor.contracts.layout import read_inputs
from khobor.contracts.policy import SPLIT_NAMES, Policy
from khobor.contracts.records import Reason
from khobor.contracts.schema import arrow_schema, table_to_records
from khobor.corpus.splits import read_ledger
from khobor.pipeline import (
    MANIFEST,
    QUARANTINE,
    Ledger,
    build_dataset,
    parquet_schema,
    sha256_file,
    write_working_build,
)
from khobor.pipeline.spool import SPOOL


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def read_split(out: Path, split: str) -> list[dict]:
    files = sorted((out / "data").glob(f"{split}-*.parquet"))
    return [r for f in files for r in table_to_records(pq.read_table(f))]


def test_every_input_is_a_record_or_quarantined(tmp_path: Path) -> None:
    raw = copy_seeds(tmp_path / "raw")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (raw / "copy.txt").write_bytes((raw / "000_e6c5542c937925ff.txt").read_bytes())
    result = build_dataset(raw, tmp_path / "out", version="1.0.0", policy=Policy())
    figures = result.figures
    assert figures.inputs == 8
    assert figures.records == 5
    assert figures.records + sum(figures.quarantined.values()) == figures.inputs
    assert figures.quarantined[str(Reason.DUPLICATE_RAW)] == 1
    quarantine = [json.loads(line) for line in (tmp_path / "out" / QUARANTINE).open()]
    assert [q["source"] for q in quarantine] == ["binary.txt", "copy.txt", "empty.txt"]
    assert all(q["quarantine_reason"] for q in quarantine)
    assert str(raw) not in (tmp_path / "out" / QUARANTINE).read_text()  # no build paths leak


def test_a_page_repeating_another_pages_body_is_quarantined_not_kept_twice(
    tmp_path: Path,
) -> None:
    """Same article, other furniture (a different related list): other bytes, same body."""
    raw = copy_seeds(tmp_path / "raw")
    seed = (raw / "004_7a5b9cc4a9da7836.txt").read_text(encoding="utf-8")
    (raw / "zz_same_body.txt").write_text(seed + "\nঅন্য একটি খবরের শিরোনাম এখানে\n", "utf-8")
    result = build_dataset(raw, tmp_path / "out", version="1.0.0", policy=Policy())
    assert result.figures.records == 5
    assert result.figures.quarantined[str(Reason.DUPLICATE_BODY)] == 1
    quarantine = [json.loads(line) for line in (tmp_path / "out" / QUARANTINE).open()]
    assert quarantine == [
        {
            "source": "zz_same_body.txt",
            "quarantine_reason": "duplicate_body",
            "detail": "same body as 004_7a5b9cc4a9da7836.txt",
        }
    ]


def test_parquet_files_have_the_explicit_schema_sorted_rows_and_page_index(
    tmp_path: Path,
) -> None:
    raw = copy_seeds(tmp_path / "raw")
    out = tmp_path / "out"
    build_dataset(raw, out, version="1.0.0", policy=Policy())
    total = 0
    for path in sorted((out / "data").glob("*.parquet")):
        parquet = pq.ParquetFile(path)
        assert parquet.schema_arrow.equals(arrow_schema(), check_metadata=False)
        assert parquet.schema_arrow.metadata == parquet_schema().metadata
        ids = parquet.read(columns=["id"]).column("id").to_pylist()
        assert ids == sorted(ids)
        total += len(ids)
        meta = parquet.metadata
        for group in range(meta.num_row_groups):
            for column in range(meta.num_columns):
                chunk = meta.row_group(group).column(column)
                assert chunk.compression == "ZSTD"
                assert chunk.has_column_index and chunk.has_offset_index
    assert total == 5


def test_near_duplicates_share_cluster_and_split(tmp_path: Path) -> None:
    raw = copy_seeds(tmp_path / "raw")
    write_near_duplicate(raw, 2)
    for salt in range(4):
        write_variant(raw, salt % 5, salt)
    out = tmp_path / "out"
    result = build_dataset(raw, out, version="1.0.0", policy=Policy())
    assert result.figures.records == 10
    assert result.figures.clusters == 9
    records = {split: read_split(out, split) for split in SPLIT_NAMES}
    by_cluster: dict[str, set[str]] = {}
    for split, rows in records.items():
        for row in rows:
            by_cluster.setdefault(row["dup_cluster"], set()).add(split)
    assert all(len(splits) == 1 for splits in by_cluster.values())
    sources = {row["source"]: row for rows in records.values() for row in rows}
    near, seed = sources["near_2.txt"], sources["002_50d47d6696b358b2.txt"]
    assert near["dup_cluster"] == seed["dup_cluster"] == min(near["id"], seed["id"])
    assert all(records[split] for split in SPLIT_NAMES)


def test_two_builds_of_the_same_inputs_are_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first_raw = copy_seeds(tmp_path / "a" / "raw")
    second_raw = copy_seeds(tmp_path / "somewhere" / "else" / "raw")
    for raw in (first_raw, second_raw):
        write_variant(raw, 0, 1)
        (raw / "empty.txt").write_bytes(b"")
    first = build_dataset(first_raw, tmp_path / "one", version="1.0.0", policy=Policy())
    second = build_dataset(
        second_raw, tmp_path / "two", version="1.0.0", policy=Policy(), workers=4
    )
    assert tree_bytes(first.out) == tree_bytes(second.out)
    manifest = json.loads((first.out / MANIFEST).read_text())
    listed = {entry["path"]: entry for entry in manifest["files"]}
    on_disk = {p for p in tree_bytes(first.out) if p != MANIFEST}
    assert set(listed) == on_disk
    for path, entry in listed.items():
        assert sha256_file(first.out / path) == entry["sha256"]
    assert sum(e["rows"] for e in listed.values() if "split" in e) == 6
    inputs = read_inputs(first.out)
    assert [entry["source"] for entry in inputs] == sorted(entry["source"] for entry in inputs)
    raw_listed = {entry["source"]: entry["sha256"] for entry in inputs}
    assert raw_listed["variant_0_1.txt"] == sha256_file(first_raw / "variant_0_1.txt")
    assert manifest["source_date_epoch"] is None


def test_workers_give_the_same_bytes_on_many_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = copy_seeds(tmp_path / "raw")
    for salt in range(70):  # above the in-process limit
        write_variant(raw, salt % 5, salt)
    # row groups of 4 records: the Parquet writing is fed by worker processes too
    monkeypatch.setattr(pipeline.writer, "BATCH_ROWS", 4)
    monkeypatch.setattr(pipeline.writer, "PARALLEL_MIN_BATCHES", 2)
    serial = build_dataset(raw, tmp_path / "serial", version="1.0.0", policy=Policy())
    parallel = build_dataset(
        raw, tmp_path / "parallel", version="1.0.0", policy=Policy(), workers=3
    )
    assert serial.figures.records == 75
    assert tree_bytes(serial.out) == tree_bytes(parallel.out)
    train = next((parallel.out / "data").glob("train-*.parquet"))
    assert pq.ParquetFile(train).metadata.num_row_groups >= 8


def test_reads_are_announced_to_the_kernel_and_change_no_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pass 1 asks the kernel for a task's raw files, pass 2 for a batch's spooled records,
    before reading them (`POSIX_FADV_WILLNEED`: a million pages are more than the page cache
    keeps); where the call does not exist, the same bytes are built without it."""
    raw = copy_seeds(tmp_path / "raw")
    advised: list[tuple[str, int, int]] = []

    def record(fd: int, offset: int, length: int, advice: int) -> None:
        assert advice == os.POSIX_FADV_WILLNEED
        advised.append((os.readlink(f"/proc/self/fd/{fd}"), offset, length))

    monkeypatch.setattr(os, "posix_fadvise", record)
    announced = build_dataset(raw, tmp_path / "announced", version="1.0.0", policy=Policy())
    inputs = sorted(str(raw / entry["source"]) for entry in read_inputs(announced.out))
    assert sorted(path for path, _, _ in advised if path.startswith(str(raw))) == inputs
    spooled = [(offset, length) for path, offset, length in advised if path.endswith(SPOOL)]
    assert len(spooled) == announced.figures.records > 0
    assert len(set(spooled)) == len(spooled) and all(length > 0 for _, length in spooled)
    monkeypatch.delattr(os, "posix_fadvise")
    silent = build_dataset(raw, tmp_path / "silent", version="1.0.0", policy=Policy())
    assert tree_bytes(announced.out) == tree_bytes(silent.out)


def test_working_build_honours_the_ledger_and_replaces_its_folder(tmp_path: Path) -> None:
    raw = copy_seeds(tmp_path / "raw")
    target = tmp_path / "build"
    target.mkdir()  # empty: khobor may fill it
    first = write_working_build(raw, target, policy=Policy(), ledger=None)
    (target / "stale.txt").write_text("old")  # inside khobor's build: replaced with it
    ledger = {i: "test" for i in read_ledger(first.out)}
    second = write_working_build(raw, target, policy=Policy(), ledger=Ledger("9.9.9", ledger))
    assert not (target / "stale.txt").exists()
    assert set(read_ledger(second.out).values()) == {"test"}
    assert second.figures.splits["test"] == len(ledger) == second.splits.kept_from_ledger
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".partial")] == []


def test_cli_build_prints_a_summary(tmp_path: Path) -> None:
    raw = copy_seeds(tmp_path / "raw")
    (raw / "empty.txt").write_bytes(b"")
    out = tmp_path / "build"
    result = CliRunner().invoke(
        app,
        ["build", "--raw", str(raw), "--out", str(out), "--releases", str(tmp_path / "rel")],
    )
    assert result.exit_code == 0, result.output
    assert "quarantined" in result.output and "empty_file" in result.output
    assert "kalbela" in result.output
    assert (out / MANIFEST).is_file()


def test_cli_build_wrong_path_is_one_line_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", "--raw", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "raw folder not found" in result.output
    bad_gates = tmp_path / "gates.toml"
    bad_gates.write_text("[splits]\ntrain = 2.0\n")
    result = CliRunner().invoke(
        app, ["build", "--raw", str(copy_seeds(tmp_path / "r")), "--gates", str(bad_gates)]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.parametrize("seed", sorted(p.name for p in Path("dataset/raw").glob("*.txt")))
def test_the_spool_leaves_out_a_derivable_body_and_restores_it(seed: str) -> None:
    from khobor.pages.extract import ExtractContext, InputFile, extract_file, to_json

    raw = Path("dataset/raw")
    record = to_json(extract_file(InputFile(raw / seed, seed, raw), ExtractContext()))
    line = pipeline.spool_line(record)
    assert "body" not in json.loads(line)
    assert pipeline.from_spool(line) == record
    # a body that is not its lines joined (never made by assemble) is kept as it is
    edited = {**record, "body": record["body"] + " (সংশোধিত)"}
    assert json.loads(pipeline.spool_line(edited))["body"] == edited["body"]
    assert pipeline.from_spool(pipeline.spool_line(edited)) == edited


@pytest.mark.parametrize("workers", [1, 2])
def test_the_builds_signatures_are_what_the_gates_would_sign(tmp_path: Path, workers: int) -> None:
    """A release signs each body once: the staged release's duplicate gates take the build's
    signatures (`BuildResult.signatures`), equal array for array to signing its Parquet
    bodies again, as `khobor validate` does for any other release."""
    import numpy as np

    from khobor.gates.core import load_release
    from khobor.gates.dataset_gates import body_files
    from khobor.gates.neardup import sign_files

    raw = copy_seeds(tmp_path / "raw")
    write_near_duplicate(raw, 2)
    for salt in range(80):  # pages enough for worker processes in pass 2 too
        write_variant(raw, salt % 5, salt)
    seed = (raw / "004_7a5b9cc4a9da7836.txt").read_text(encoding="utf-8")
    (raw / "zz_same_body.txt").write_text(seed + "\nঅন্য একটি খবরের শিরোনাম এখানে\n", "utf-8")
    policy = Policy()
    result = build_dataset(raw, tmp_path / "out", version="1.0.0", policy=policy, workers=workers)
    assert result.signatures is not None
    release = load_release(tmp_path / "out")
    paths = list(release.rows)
    assert len(paths) == 3
    taken = result.signatures.take(paths)
    signed = sign_files(body_files(release), policy.dedup)
    assert len(signed.values) == result.figures.records
    for name in ("raw", "digest", "values", "signed"):
        assert np.array_equal(getattr(taken, name), getattr(signed, name)), name
        assert getattr(taken, name).dtype == getattr(signed, name).dtype, name
    with pytest.raises(RuntimeError, match="taken already"):
        result.signatures.take(paths)


def test_a_release_signs_each_body_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from khobor.gates import neardup
    from khobor.release.write import release

    def no_second_signing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the release gates signed the bodies again")

    monkeypatch.setattr(neardup, "sign_files", no_second_signing)
    raw = copy_seeds(tmp_path / "raw")
    report = release("1.0.0", raw=raw, releases=tmp_path / "releases", policy=Policy())
    assert (report.path / "quality" / "report.json").is_file()
    assert report.build.signatures is None  # handed over, not kept


def test_pass_one_workers_collect_young_garbage_rarely() -> None:
    """Pass 1's workers run with `WORKER_GC_THRESHOLD` (the default costs ~4 % of a page)."""
    import gc

    from khobor.pipeline.pool import WORKER_GC_THRESHOLD, _init_pool_worker, worker_pool

    assert gc.get_threshold() != WORKER_GC_THRESHOLD  # this process keeps Python's own
    with worker_pool(1, _init_pool_worker, Policy().dedup, None, False, None) as pool:
        assert pool.submit(gc.get_threshold).result() == WORKER_GC_THRESHOLD


@pytest.mark.parametrize("count", [0, 1, 255, 256, 257, 600])
def test_the_corpus_pass_logs_give_back_every_value_in_order(tmp_path: Path, count: int) -> None:
    from khobor.pipeline.corpus_pass import _load_all, _PickleLog

    with _PickleLog(tmp_path / "log") as log:
        for value in range(count):
            log.add((value, None if value % 3 else str(value)))
    expected = [(value, None if value % 3 else str(value)) for value in range(count)]
    assert list(_load_all(tmp_path / "log")) == expected
