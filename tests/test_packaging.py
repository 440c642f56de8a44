"""pyproject.toml against the code: every third-party import declared, no unused
dependency, the build backend new enough for the SPDX licence field, one public place for
takedown requests that the card, the datasheet and the pre-commit docs name, and a
pre-commit `rev` that is the tag of this version."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

from khobor.render.card import REPOSITORY_URL, TAKEDOWN_URL

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
# import name -> distribution name, where they differ
DISTRIBUTION = {"yaml": "pyyaml", "huggingface_hub": "huggingface-hub"}
# Declared for a dependency that imports them without declaring them (khobor never does).
FOR_A_DEPENDENCY = {"pyopenssl"}  # model-signing 1.1's signing module imports OpenSSL


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def declared(*groups: str) -> set[str]:
    project = PYPROJECT["project"]
    names = {_name(r) for r in project["dependencies"]}
    for group in groups:
        names |= {_name(r) for r in project["optional-dependencies"][group]}
    return names


def imported_by_khobor() -> set[str]:
    """Top-level third-party modules imported anywhere in khobor/ (lazy imports included)."""
    found: set[str] = set()
    for path in (REPO / "khobor").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return {m for m in found if m != "khobor" and m not in sys.stdlib_module_names}


def distribution(module: str) -> str:
    return DISTRIBUTION.get(module, module).lower().replace("_", "-")


def test_every_import_is_declared_and_every_dependency_imported() -> None:
    used = {distribution(m) for m in imported_by_khobor()}
    assert used - declared("scale", "test") == set()  # mlcroissant: test; datatrove: scale
    core = declared()
    assert "datasketch" not in core and {"pandas", "jinja2"} <= core
    assert core - used == FOR_A_DEPENDENCY, "declared but never imported"


def test_build_backend_supports_the_spdx_license_field() -> None:
    requires = PYPROJECT["build-system"]["requires"]
    assert any(
        re.fullmatch(r"setuptools>=(\d+).*", r) and int(r[12:].split(".")[0]) >= 77
        for r in requires
    )
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    assert "render/templates/*.j2" in PYPROJECT["tool"]["setuptools"]["package-data"]["khobor"]


def test_one_place_for_takedown_requests_everywhere() -> None:
    urls = PYPROJECT["project"]["urls"]
    assert urls["Repository"] == REPOSITORY_URL
    assert urls["Takedown requests"] == urls["Issues"] == TAKEDOWN_URL
    assert TAKEDOWN_URL in (REPO / "DATASHEET.md").read_text(encoding="utf-8")


def test_pre_commit_docs_use_a_local_hook_that_installs_the_repository() -> None:
    """No `rev:` (a tag the repository may not have): a `local` hook installing khobor from
    the repository, with the entry the hooks file declares."""
    hooks = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    entry = re.search(r"^  entry: (.+)$", hooks, re.MULTILINE)
    assert entry is not None
    for doc in (REPO / ".pre-commit-hooks.yaml", REPO / "docs" / "validate.md"):
        text = doc.read_text(encoding="utf-8")
        assert "rev:" not in text and "repo: local" in text, doc
        assert f"khobor @ git+{REPOSITORY_URL}" in text, doc
        assert f"entry: {entry[1]}" in text, doc


def test_ci_snippets_install_khobor_from_the_repository() -> None:
    """khobor is on no package index: `pip install khobor` would fail."""
    for doc in (
        REPO / "docs" / "validate.md",
        REPO / ".github" / "workflows" / "validate-dataset.yml",
    ):
        text = doc.read_text(encoding="utf-8")
        assert not re.search(r"pip install (-q )?khobor\b", text), doc
        assert re.search(r"pip install (-q )?-e \S+", text), doc
