"""Command-line conventions: `--version`, `python -m khobor`, choices and ranges checked
before any work, malformed versions as usage errors, one line on stderr."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khobor import __version__
from khobor.cli.commands import app
from khobor.contracts.schema import SCHEMA_VERSION


def invoke(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


def test_version_option_and_python_dash_m() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.output == f"khobor {__version__} (record schema v{SCHEMA_VERSION})\n"
    done = subprocess.run(
        [sys.executable, "-m", "khobor", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout == result.output
    done = subprocess.run(
        [sys.executable, "-m", "khobor", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "Usage: khobor" in done.stdout


def test_engine_is_a_choice_and_workers_at_least_one(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    result = invoke("build", "--raw", str(raw), "--out", str(tmp_path / "o"), "--engine", "spark")
    assert result.exit_code == 2 and "spark" in result.output
    assert "local" in result.output and "datatrove" in result.output
    result = invoke("build", "--raw", str(raw), "--out", str(tmp_path / "o"), "--workers", "0")
    assert result.exit_code == 2 and "--workers" in result.output
    result = invoke("release", "1.0.0", "--raw", str(raw), "--workers", "-1")
    assert result.exit_code == 2
    assert not (tmp_path / "o").exists()


def test_malformed_version_is_a_one_line_usage_error(tmp_path: Path) -> None:
    for args in (
        ("release", "v1.0", "--releases", str(tmp_path)),
        ("release", "1.0.0.0", "--releases", str(tmp_path)),
        ("push", "1.0", "--repo-id", "org/name", "--releases", str(tmp_path)),
    ):
        result = invoke(*args)
        assert result.exit_code == 2, args
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "is not a MAJOR.MINOR.PATCH version" in lines[0], args
    assert list(tmp_path.iterdir()) == []


def test_extract_on_an_empty_folder_says_so(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("not a page")
    result = invoke("extract", str(tmp_path))
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"khobor: {tmp_path}: no pages to extract (a folder is scanned for *.txt, *.html, *.htm, *.warc, *.warc.gz files)"
    ]


def test_eval_prints_no_stray_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    result = CliRunner().invoke(app, ["eval"], terminal_width=80)
    assert result.exit_code == 0, result.output
    assert re.search(
        r"\nall lines: accuracy \d\.\d{3} over \d+ lines \(\d+ without a gold label\)\n",
        result.output,
    )
    assert not any(
        line.strip() == "0" or line.endswith(" 0") for line in result.output.splitlines()
    )


def test_khobor_traceback_prints_the_traceback_before_the_line(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{", encoding="utf-8")
    command = [sys.executable, "-m", "khobor", "validate", str(tmp_path)]
    plain = subprocess.run(command, capture_output=True, text=True, check=False)
    traced = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "KHOBOR_TRACEBACK": "1"},
    )
    assert plain.returncode == traced.returncode == 2
    assert "Traceback" not in plain.stderr and len(plain.stderr.splitlines()) == 1
    assert traced.stderr.startswith("Traceback") and "GateInputError" in traced.stderr
    assert traced.stderr.splitlines()[-1] == plain.stderr.splitlines()[-1]


def test_pre_commit_module_has_a_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "khobor.release.validate", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "usage: python -m khobor.release.validate" in done.stdout


def test_schema_help_names_every_version() -> None:
    from khobor.contracts.schema import SCHEMA_VERSIONS

    output = invoke("schema", "--help").output
    assert all(f"v{version}" in output for version in SCHEMA_VERSIONS)
