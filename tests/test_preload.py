"""`khobor.system.preload`: what the build's last steps import, imported while pass 1 runs."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from khobor.contracts.policy import Policy
from khobor.system.preload import preloading

# A module that, as it is imported, notes which of this process's children are alive: the
# pass-1 workers must all be forked before a thread imports anything (a fork during an import
# copies its lock held)
_PROBE = """
import multiprocessing
CHILDREN = len(multiprocessing.active_children())
"""


@pytest.fixture
def probe_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    name = f"khobor_preload_probe_{tmp_path.name}"
    (tmp_path / f"{name}.py").write_text(_PROBE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)


def test_the_modules_are_imported_by_the_end_and_a_failing_one_is_skipped(
    probe_module: str,
) -> None:
    with preloading(("khobor_no_such_module_at_all", probe_module)):
        pass
    assert probe_module in sys.modules
    assert "khobor_no_such_module_at_all" not in sys.modules


def test_pass_1_preloads_only_once_its_workers_are_forked(
    probe_module: str, tmp_path: Path
) -> None:
    from khobor.pages.extract import iter_inputs
    from khobor.pipeline.pool import PARALLEL_MIN_INPUTS, extract_all

    raw = tmp_path / "raw"
    raw.mkdir()
    for n in range(PARALLEL_MIN_INPUTS + 8):
        (raw / f"{n:03d}.txt").write_text(f"শিরোনাম {n}\n\nখবরের প্রথম বাক্য।\n", "utf-8")
    items = list(iter_inputs([raw]))
    found = list(extract_all(items, 2, Policy().dedup, preload=(probe_module,)))
    assert [f.source for f in found] == [item.source for item in items]
    assert sys.modules[probe_module].CHILDREN == 2
