"""The engine choice: the caller names an engine, this module hands the build to it. It sits
above both engines (`run` is the local one, `datatrove_engine` datatrove's), so neither engine
imports the other and no import runs back up the pipeline."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from khobor.contracts.engines import ENGINES, Engine
from khobor.contracts.policy import Policy
from khobor.pipeline.base import BuildError, BuildResult, Ledger, ProgressHook, no_progress
from khobor.pipeline.run import build_local
from khobor.system.heap import give_back_free_memory


def build_dataset(
    raw: Path,
    out: Path,
    *,
    version: str,
    policy: Policy,
    ledger: Ledger | None = None,
    workers: int = 1,
    progress: ProgressHook = no_progress,
    engine: str = Engine.LOCAL,
    preload: tuple[str, ...] = (),
) -> BuildResult:
    """Build a complete release-shaped folder in `out` (created; must not exist yet) with
    `engine`; the output is byte-identical whichever runs it. `preload`: modules the caller
    imports next, imported meanwhile (the local engine, while pass 1 runs)."""
    if engine not in ENGINES:
        raise BuildError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    build: Callable[..., BuildResult] = functools.partial(build_local, preload=preload)
    if engine == Engine.DATATROVE:
        try:  # lazy: datatrove is an optional dependency (khobor[scale])
            from khobor.pipeline.datatrove_engine import build_with_datatrove
        except ImportError as error:
            raise BuildError(
                f"engine datatrove needs datatrove and orjson ({error}); "
                "install them with: pip install 'khobor[scale]'"
            ) from None
        build = build_with_datatrove
    result = build(
        raw,
        out,
        version=version,
        policy=policy,
        ledger=ledger,
        workers=workers,
        progress=progress,
    )
    # the build's maps and buffers are gone: the heap they leave goes back to the system
    # before what runs next in this process (a release's gates, beside the signatures kept)
    give_back_free_memory()
    return result
