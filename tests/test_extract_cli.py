"""`khobor extract`: JSON Lines out, quarantine for every broken input, clear usage errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from broken_inputs import write_broken_corpus, write_equivalent_encodings
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from khobor.cli.commands import app
from khobor.contracts.schema import json_schema

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "dataset" / "raw"
runner = CliRunner()


def _extract(*args: str) -> tuple[int, list[dict], str]:
    result = runner.invoke(app, ["extract", *args])
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, rows, result.stderr


def test_extract_folder_prints_one_schema_v1_object_per_page():
    import jsonschema

    code, rows, _ = _extract(str(RAW))
    assert code == 0
    assert [r["source"] for r in rows] == sorted(p.name for p in RAW.glob("*.txt"))
    validator = jsonschema.Draft202012Validator(json_schema())
    for row in rows:
        validator.validate(row)
        assert row["published_at"] is None or row["published_at"].endswith("+06:00")
        assert all(set(line) == {"text", "label"} for line in row["lines"])


def test_a_file_named_explicitly_is_read_whatever_its_name(tmp_path):
    target = tmp_path / "page.data"
    shutil.copy(RAW / "000_e6c5542c937925ff.txt", target)
    code, rows, _ = _extract(str(target))
    assert code == 0 and rows[0]["headline"]


def test_missing_path_exits_2_with_one_line_and_no_traceback(tmp_path):
    code, rows, stderr = _extract(str(RAW), str(tmp_path / "nope"))
    assert code == 2
    assert rows == []
    assert len(stderr.strip().splitlines()) == 1 and "nope" in stderr
    assert "Traceback" not in stderr


def test_every_broken_input_is_quarantined_with_its_own_reason(tmp_path):
    expected = write_broken_corpus(tmp_path)
    code, rows, _ = _extract(
        str(tmp_path), *(str(tmp_path / n) for n in expected if not n.endswith(".txt"))
    )
    assert code == 0
    got = {r["source"]: r.get("quarantine_reason") for r in rows}
    for name, reason in expected.items():
        assert got[name] == str(reason), name
    kinds = {
        "empty_file",
        "whitespace_only",
        "binary_content",
        "mojibake",
        "nul_bytes",
        "undecodable_encoding",
        "html_markup",
        "not_bengali",
        "too_large",
    }
    assert {str(r) for r in expected.values()} == kinds, "each broken kind has its own code"


def test_bom_and_utf16_pages_give_the_same_record(tmp_path):
    text = (RAW / "002_50d47d6696b358b2.txt").read_text("utf-8")
    paths = write_equivalent_encodings(tmp_path, text)
    code, rows, _ = _extract(*(str(p) for p in paths.values()))
    assert code == 0
    stable = [
        {k: v for k, v in r.items() if k not in {"id", "raw_sha256", "source", "dup_cluster"}}
        for r in rows
    ]
    assert "quarantine_reason" not in stable[0]
    assert all(s == stable[0] for s in stable)


def test_console_script_runs_without_a_traceback_on_bad_usage(tmp_path):
    exe = Path(sys.executable).with_name("khobor")
    if not exe.exists():
        pytest.fail("the khobor console script is not installed in this environment")
    result = subprocess.run(
        [str(exe), "extract", str(tmp_path / "missing")], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


_NAME = st.text(
    st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1
).filter(lambda name: name not in {".", ".."})


@given(
    root=st.sampled_from([".", "raw", "/", "/srv/raw", "../pages", "a b/ক"]),
    parts=st.lists(_NAME, min_size=1, max_size=4),
)
def test_relative_is_pathlibs_for_a_path_joined_under_its_root(root: str, parts: list[str]) -> None:
    """`_relative` (string slicing, used for every page) gives what pathlib's `relative_to`
    gives for the paths the scan makes: joined under the root."""
    from khobor.pages.extract import _relative

    path = Path(root).joinpath(*parts)
    assert _relative(path, Path(root)) == path.relative_to(Path(root)).as_posix()
    assert _relative(Path(root), Path(root)) is None


@pytest.mark.parametrize("spelling", [".", "tree", "./tree", "tree/", "ABSOLUTE"])
def test_scanned_inputs_are_named_as_pathlib_names_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    """The scan keeps paths as strings: each input's path and source are still what
    `Path` and `relative_to` give, in `sorted(Path)` order, whatever the root's spelling."""
    from khobor.pages.extract import iter_inputs

    tree = tmp_path / "tree"
    names = ("b.txt", "a.TXT", "sub/c.txt", "sub/deeper/d.txt", "z.txt/e.txt", "x.md", "y.Html")
    for name in names:
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text("ক", encoding="utf-8")
    monkeypatch.chdir(tree if spelling == "." else tmp_path)
    root = Path(str(tree) if spelling == "ABSOLUTE" else spelling)
    # pages: text dumps and (issue 25) HTML files, any case; not other files
    pages = [p for p in root.rglob("*") if p.name.lower().endswith((".txt", ".html"))]
    expected = sorted(pages, key=lambda path: path.relative_to(root).as_posix().split("/"))
    found = list(iter_inputs([root]))
    assert [item.path for item in found] == expected
    assert [item.source for item in found] == [p.relative_to(root).as_posix() for p in expected]
    assert all(str(item.path) == str(path) for item, path in zip(found, expected, strict=True))
