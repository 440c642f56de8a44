"""`build_local`: the build with the local engine (pass 1 in worker processes); datatrove's
(`khobor.pipeline.datatrove_engine`) feeds the same `BuildState` and gives the same bytes."""

from __future__ import annotations

from pathlib import Path

from khobor.contracts.policy import Policy
from khobor.pipeline.base import BuildResult, Ledger, ProgressHook, no_progress
from khobor.pipeline.corpus_pass import CorpusPass
from khobor.pipeline.pool import extract_all
from khobor.pipeline.state import BuildState, list_inputs

# What the build imports after pass 1, one after the other: pandas (pyarrow's conversions,
# `khobor.pipeline.writer`), scipy's graphs (`khobor.corpus.site_groups`), mlcroissant (the
# Croissant file)
LATE_IMPORTS = ("pandas", "scipy.sparse.csgraph", "khobor.render.croissant")


def build_local(
    raw: Path,
    out: Path,
    *,
    version: str,
    policy: Policy,
    ledger: Ledger | None = None,
    workers: int = 1,
    progress: ProgressHook = no_progress,
    preload: tuple[str, ...] = (),
) -> BuildResult:
    """Build a complete release-shaped folder in `out` (created; must not exist yet), pass 1
    in local worker processes; `preload`: modules the caller imports after the build, imported
    while pass 1 runs (`khobor.system.preload`)."""
    items = list_inputs(raw)
    total = len(items)
    state = BuildState(out, policy, total)
    preload = (*LATE_IMPORTS, *preload)
    try:
        if policy.furniture.enabled:
            corpus = CorpusPass(out, policy, workers)
            try:
                state.use_furniture(corpus.learn(items, state, progress, preload))
                for extracted in corpus.extracted(items, state, progress):
                    state.add(extracted)
            finally:
                corpus.remove()
        else:
            for extracted in extract_all(
                items, workers, policy.dedup, personal=policy.personal_data, preload=preload
            ):
                state.add(extracted)
                progress("extract", 1, total)
    finally:
        state.abort()
    del items  # ~0.55 KB an input (paths), not needed after pass 1: freed before clusters
    return state.finish(raw, version=version, ledger=ledger, progress=progress, workers=workers)
