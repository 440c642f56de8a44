"""`build_dataset`: the build with the local engine (pass 1 in worker processes) or datatrove's
(`khobor.pipeline.datatrove_engine`); both feed a `BuildState` and give the same bytes."""

from __future__ import annotations

from pathlib import Path

from khobor.contracts.policy import Policy
from khobor.pipeline.base import BuildError, BuildResult, Ledger, ProgressHook, no_progress
from khobor.pipeline.corpus_pass import CorpusPass
from khobor.pipeline.pool import extract_all
from khobor.pipeline.state import BuildState, list_inputs

ENGINES = ("local", "datatrove")


def build_dataset(
    raw: Path,
    out: Path,
    *,
    version: str,
    policy: Policy,
    ledger: Ledger | None = None,
    workers: int = 1,
    progress: ProgressHook = no_progress,
    engine: str = "local",
) -> BuildResult:
    """Build a complete release-shaped folder in `out` (created; must not exist yet).

    `engine="datatrove"` runs the same steps as datatrove pipeline steps
    (`khobor.pipeline.datatrove_engine`); the output is byte-identical.
    """
    if engine == "datatrove":
        try:
            from khobor.pipeline.datatrove_engine import build_with_datatrove
        except ImportError as error:
            raise BuildError(
                f"engine datatrove needs datatrove and orjson ({error}); "
                "install them with: pip install 'khobor[scale]'"
            ) from None
        return build_with_datatrove(
            raw,
            out,
            version=version,
            policy=policy,
            ledger=ledger,
            workers=workers,
            progress=progress,
        )
    if engine != "local":
        raise BuildError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    items = list_inputs(raw)
    total = len(items)
    state = BuildState(out, policy, total)
    try:
        if policy.furniture.enabled:
            corpus = CorpusPass(out, policy, workers)
            try:
                state.use_furniture(corpus.learn(items, state, progress))
                for extracted in corpus.extracted(items, state, progress):
                    state.add(extracted)
            finally:
                corpus.remove()
        else:
            for extracted in extract_all(
                items, workers, policy.dedup, personal=policy.personal_data
            ):
                state.add(extracted)
                progress("extract", 1, total)
    finally:
        state.abort()
    del items  # ~0.55 KB an input (paths), not needed after pass 1: freed before clusters
    return state.finish(raw, version=version, ledger=ledger, progress=progress, workers=workers)
