"""No import loops among khobor's modules, lazy ones included (docs/architecture.md, "Layers").

Every module is parsed with `ast`; every `import` and `from … import` anywhere in it — at the
top, inside a function, under `if TYPE_CHECKING:` — is an edge to the khobor module it names.
The graph must have no cycle: the release folder's layout lives in `khobor.contracts.layout`, below
every module that reads or writes a release.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "khobor"

Cycle = tuple[str, ...]  # modules in import order, starting at the smallest name


def module_files(package: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package (packages by their
    `__init__.py`)."""
    modules = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imported_names(module: str, path: Path) -> Iterator[str]:
    """Every dotted name an import statement anywhere in the module names: `import a.b`
    gives `a.b`; `from a import b` gives `a` and `a.b` (b may be a module); relative imports
    are resolved against the module's package."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            yield source
            yield from (f"{source}.{alias.name}" for alias in node.names)


def import_graph(package: Path) -> dict[str, set[str]]:
    """module -> the package's modules it imports."""
    modules = module_files(package)
    return {
        module: {name for name in imported_names(module, path) if name in modules} - {module}
        for module, path in modules.items()
    }


def import_cycles(graph: dict[str, set[str]]) -> set[Cycle]:
    """Every elementary cycle, each once: from its smallest module, through larger ones."""
    found: set[Cycle] = set()

    def walk(start: str, path: list[str]) -> None:
        for target in sorted(graph[path[-1]]):
            if target == start:
                found.add(tuple(path))
            elif target > start and target not in path:
                walk(start, [*path, target])

    for start in sorted(graph):
        walk(start, [start])
    return found


def as_text(cycle: Cycle) -> str:
    return " -> ".join([*cycle, cycle[0]])


def test_no_import_cycles() -> None:
    cycles = import_cycles(import_graph(PACKAGE))
    assert not cycles, "import cycles: " + "; ".join(sorted(map(as_text, cycles)))


def test_lazy_and_relative_imports_make_edges(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text("def f():\n    from pkg.sub import high\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "high.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .. import low\n"
    )
    (package / "sub" / "other.py").write_text("from . import high\nimport pkg.low\n")
    graph = import_graph(package)
    assert graph["pkg.low"] == {"pkg.sub", "pkg.sub.high"}
    assert graph["pkg.sub.high"] == {"pkg", "pkg.low"}
    assert graph["pkg.sub.other"] == {"pkg.sub", "pkg.sub.high", "pkg.low"}
    assert import_cycles(graph) == {("pkg.low", "pkg.sub.high")}


# docs/architecture.md, "Layers": lowest first; a folder imports only from itself and below
LAYERS = (
    "contracts",
    "system",
    "lexicons",
    "text",
    "inputs",
    "annotate",
    "corpus",
    "pages",
    "render",
    "pipeline",
    "gates",
    "release",
    "cli",
)


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    rank = {folder: n for n, folder in enumerate(LAYERS)}

    def layer(module: str) -> int | None:
        parts = module.split(".")
        return rank.get(parts[1]) if len(parts) > 1 else None

    return sorted(
        f"{module} -> {target}"
        for module, targets in graph.items()
        for target in targets
        if (mine := layer(module)) is not None
        and (theirs := layer(target)) is not None
        and theirs > mine
    )


def test_every_folder_is_a_layer_and_no_import_runs_up() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert folders == set(LAYERS)
    assert upward_imports(import_graph(PACKAGE)) == []
    assert upward_imports({"khobor.text.x": {"khobor.cli.y"}}) == ["khobor.text.x -> khobor.cli.y"]
