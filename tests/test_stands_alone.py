"""The repository stands alone: no tracked file points at a place a clone does not have (a
sibling folder, a machine's path, a design note kept elsewhere)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# what a clone lacks: sibling folders, this or another machine's work folders, notes kept
# outside the repository
OUTSIDE = re.compile(r"\.\./shared\b|(?<![\w/])/work/|\bSTYLE\.md\b|\bDESIGN\.md\b")
# measured outputs record the machine they ran on, and this file names the patterns
EXEMPT = ("bench/results/", "dataset/releases/", "tests/test_stands_alone.py")


def tracked_text_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return [name for name in listed if not name.startswith(EXEMPT)]


def test_the_pattern_finds_what_it_must() -> None:
    for text in ("see ../shared/realpages", "in /work/main/x", "STYLE.md", "(DESIGN.md)"):
        assert OUTSIDE.search(text), text
    assert not OUTSIDE.search("docs/architecture.md and a/work/b")


def test_no_tracked_file_points_outside_the_repository() -> None:
    found = []
    for name in tracked_text_files():
        try:
            text = (REPO / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, IsADirectoryError, FileNotFoundError):
            continue  # binary files (Parquet, gold pages' bytes) hold no reference
        found += [
            f"{name}:{n}: {line.strip()[:100]}"
            for n, line in enumerate(text.splitlines(), 1)
            if OUTSIDE.search(line)
        ]
    assert found == []


def test_ci_runs_exactly_the_readmes_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Set-up: two commands", 1)[1].split("```bash\n", 1)[1].split("```")[0]
    commands = block.strip().splitlines()
    ci = [
        line.replace(" -q ", " ")
        for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith(("#", "set ", "cd "))
    ]
    assert len(commands) == 2 and ci == commands
