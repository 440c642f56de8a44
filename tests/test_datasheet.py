"""DATASHEET.md: Gebru et al. sections, and figures generated from the latest release."""

from __future__ import annotations

from pathlib import Path

import pytest
from release_pages import copy_seeds
from typer.testing import CliRunner

from khobor.cli.commands import app
from khobor.contracts.policy import Policy
from khobor.contracts.release_files import release_digest
from khobor.corpus.splits import previous_release
from khobor.release.datasheet import (
    BEGIN,
    END,
    HISTORY_BEGIN,
    HISTORY_END,
    DatasheetError,
    recorded_digests,
    render_figures,
    replace_block,
)
from khobor.release.write import release

REPO = Path(__file__).resolve().parent.parent
DATASHEET = REPO / "DATASHEET.md"
SECTIONS = [
    "## Motivation",
    "## Composition",
    "## Collection process",
    "## Preprocessing, cleaning, labelling",
    "## Uses",
    "## Distribution",
    "## Maintenance",
]


def test_datasheet_has_the_gebru_sections() -> None:
    text = DATASHEET.read_text(encoding="utf-8")
    positions = [text.index(section) for section in SECTIONS]
    assert positions == sorted(positions)
    assert text.count(BEGIN) == 1 and text.count(END) == 1


def test_datasheet_figures_are_those_of_the_latest_release() -> None:
    latest = previous_release(REPO / "dataset" / "releases")
    assert latest is not None, "no release in dataset/releases"
    text = DATASHEET.read_text(encoding="utf-8")
    assert text == replace_block(text, render_figures(latest)), (
        "DATASHEET.md figures are stale: run `khobor datasheet`"
    )


def test_datasheet_command_rewrites_only_the_block_and_check_detects_stale(
    tmp_path: Path,
) -> None:
    releases = tmp_path / "releases"
    raw = copy_seeds(tmp_path / "raw")
    (raw / "empty.txt").write_bytes(b"")
    release("1.0.0", raw=raw, releases=releases, policy=Policy())
    sheet = tmp_path / "DATASHEET.md"
    sheet.write_text(
        f"# title\n\nprose\n\n{BEGIN}\nold figures\n{END}\n\n"
        f"{HISTORY_BEGIN}\n{HISTORY_END}\n\nmore prose\n"
    )
    args = ["datasheet", "--releases", str(releases), "--datasheet", str(sheet)]
    stale = CliRunner().invoke(app, [*args, "--check"])
    assert stale.exit_code == 1 and "stale" in stale.output
    assert CliRunner().invoke(app, args).exit_code == 0
    text = sheet.read_text()
    assert text.startswith("# title\n\nprose\n\n") and text.endswith("\n\nmore prose\n")
    assert "old figures" not in text
    assert "| kalbela |" in text and "`empty_file` | 1" in text
    assert "2023-09-14 to 2025-07-13" in text
    assert CliRunner().invoke(app, [*args, "--check"]).exit_code == 0
    digest = release_digest(releases / "1.0.0")
    assert f"| 1.0.0 | 5 | `{digest}` |" in text
    # a newer release makes the block stale again; the history keeps 1.0.0's row
    (raw / "empty.txt").unlink()
    release("1.0.1", raw=raw, releases=releases, policy=Policy())
    assert CliRunner().invoke(app, [*args, "--check"]).exit_code == 1
    assert CliRunner().invoke(app, args).exit_code == 0
    assert set(recorded_digests(sheet.read_text())) == {"1.0.0", "1.0.1"}


def test_a_release_whose_digest_changed_since_it_was_recorded_is_refused(tmp_path: Path) -> None:
    releases = tmp_path / "releases"
    release("1.0.0", raw=copy_seeds(tmp_path / "raw"), releases=releases, policy=Policy())
    sheet = tmp_path / "DATASHEET.md"
    sheet.write_text(f"{BEGIN}\n{END}\n{HISTORY_BEGIN}\n{HISTORY_END}\n")
    args = ["datasheet", "--releases", str(releases), "--datasheet", str(sheet)]
    assert CliRunner().invoke(app, args).exit_code == 0
    (releases / "1.0.0" / "quality" / "report.md").write_text("edited")  # not in the manifest
    refused = CliRunner().invoke(app, args)
    assert refused.exit_code == 2 and "the folder changed since" in refused.output


def test_the_committed_release_is_the_one_its_history_row_records() -> None:
    latest = previous_release(REPO / "dataset" / "releases")
    assert latest is not None
    recorded = recorded_digests(DATASHEET.read_text(encoding="utf-8"))
    assert recorded[latest.name][1] == release_digest(latest)


def test_missing_markers_and_missing_release_are_errors(tmp_path: Path) -> None:
    with pytest.raises(DatasheetError, match="exactly one"):
        replace_block("no markers here", "x")
    result = CliRunner().invoke(app, ["datasheet", "--releases", str(tmp_path)])
    assert result.exit_code == 2 and "no release found" in result.output
