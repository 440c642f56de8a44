"""`khobor validate` on releases that are not what they claim: each is unreadable input (exit
2) with one line naming the file and the problem, never a traceback or a pass."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from gates.corrupt import RELEASE, copy_release, manifest, refresh_manifest, write_manifest

from khobor.gates.core import GateInputError, load_release
from reliability.helpers import khobor


def train_file(folder: Path) -> Path:
    return next((folder / "data").glob("train-*.parquet"))


def edit_manifest(change: Callable[[dict], None]) -> Callable[[Path], None]:  # type: ignore[type-arg]
    def apply(folder: Path) -> None:
        data = manifest(folder)
        change(data)
        write_manifest(folder, data)

    return apply


def other_schema(folder: Path) -> None:
    pq.write_table(pa.table({"a": [1, 2], "b": ["x", "y"]}), train_file(folder))
    refresh_manifest(folder)


def int_ids(folder: Path) -> None:
    table = pq.read_table(train_file(folder))
    ids = pa.array(range(table.num_rows))
    pq.write_table(
        table.set_column(table.schema.get_field_index("id"), "id", ids), train_file(folder)
    )
    refresh_manifest(folder)


def nested(folder: Path) -> None:
    (folder / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)


def nested_inside(folder: Path) -> None:
    text = (folder / "manifest.json").read_text().rstrip().rstrip("}")
    (folder / "manifest.json").write_text(text + ', "deep": ' + "[" * 50_000 + "]" * 50_000 + "}")


def quarantine_lines(lines: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        (folder / "quarantine.jsonl").write_text(lines)
        refresh_manifest(folder)

    return apply


def set_key(key: str, value: object) -> Callable[[Path], None]:
    return edit_manifest(lambda data: data.__setitem__(key, value))


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "other schema": (other_schema, "no `id` column"),
    "int ids": (int_ids, "no `id` column of strings"),
    "nested manifest": (nested, "nested too deeply"),
    "nested inside": (nested_inside, "nested too deeply"),
    "version is an object": (set_key("version", {"a": 1}), "version: {'a': 1} is not of type"),
    "version missing": (edit_manifest(lambda d: d.pop("version")), "'version' is a required"),
    "files not objects": (edit_manifest(lambda d: d["files"].extend([1, "x"])), "files["),
    "files not a list": (set_key("files", {"a": 1}), "files:"),
    "manifest a list": (lambda f: (f / "manifest.json").write_text("[]"), "top level"),
    "figures a string": (set_key("figures", "x"), "figures:"),
    "rows negative": (
        edit_manifest(lambda d: d["files"][0].__setitem__("rows", -1)),
        "files[0].rows",
    ),
    "inputs files not objects": (set_key("inputs", {"files": [1]}), "inputs.files[0]"),
    "quarantine numbers": (quarantine_lines("1\n2\n"), "line 1: not a JSON object"),
    "quarantine list": (quarantine_lines('{"source": "a"}\n[1]\n'), "line 2: not a JSON object"),
    "quarantine not json": (quarantine_lines("{oops\n"), "line 1: not JSON"),
    "manifest not utf-8": (
        lambda f: (f / "manifest.json").write_bytes(b"\xff\xfe{"),
        "cannot read",
    ),
    "parquet garbage": (lambda f: train_file(f).write_bytes(b"garbage"), "cannot read the Parquet"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_broken_release_is_unreadable_input(tmp_path: Path, case: str) -> None:
    folder = copy_release(tmp_path / "1.0.0", RELEASE)
    damage, expected = CASES[case]
    damage(folder)
    with pytest.raises(GateInputError) as caught:
        load_release(folder)
    assert expected in str(caught.value), str(caught.value)


@pytest.mark.parametrize("case", ["version is an object", "nested manifest", "other schema"])
def test_cli_exit_2_in_one_line(tmp_path: Path, case: str) -> None:
    folder = copy_release(tmp_path / "1.0.0", RELEASE)
    CASES[case][0](folder)
    run = khobor("validate", folder, "--no-html", "--report-dir", tmp_path / "q")
    run.assert_clean()
    assert run.code == 2 and str(folder) in run.stderr


def test_the_good_release_still_loads(tmp_path: Path) -> None:
    folder = copy_release(tmp_path / "1.0.0", RELEASE)
    assert (
        load_release(folder).version
        == json.loads((folder / "manifest.json").read_text())["version"]
    )
