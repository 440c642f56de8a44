"""The working build (`khobor build`, `dataset/build/`): `--out` rules (nothing is replaced that
khobor did not make) and the atomic swap of a complete new build for the old one."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from khobor.contracts.layout import BUILD_MARKER, BUILD_VERSION, MANIFEST
from khobor.contracts.policy import Policy
from khobor.pipeline.base import (
    BuildError,
    BuildRefused,
    BuildResult,
    Ledger,
    ProgressHook,
    no_progress,
)
from khobor.pipeline.engines import build_dataset
from khobor.system.atomic import (
    PARTIAL_PREFIX,
    PREVIOUS,
    partial_dir,
    swap_in,
    sweep_partials,
)
from khobor.system.interrupts import committing, stoppable


def check_out_folder(target: Path, protected: tuple[Path, ...] = ()) -> None:
    """Refuse an `--out` folder khobor must not replace: a file, a folder that holds (or lies
    inside) one of the `protected` folders (the raw pages, the releases), or a non-empty
    folder that is not a khobor build. Nothing is deleted that khobor did not make."""
    if target.is_symlink():
        raise BuildError(f"{target}: --out is a symbolic link; name the folder itself")
    if target.exists() and not target.is_dir():
        raise BuildError(f"{target}: --out must be a folder (or not exist yet); it is a file")
    resolved = target.resolve()
    for folder in protected:
        inner = folder.resolve()
        if inner == resolved or inner.is_relative_to(resolved):
            raise BuildRefused(f"{target}: --out holds {folder}; it would be replaced")
        if resolved.is_relative_to(inner):
            raise BuildRefused(f"{target}: --out lies inside {folder}; choose a folder outside")
    if target.is_dir() and not _is_khobor_build(target):
        raise BuildRefused(
            f"{target}: --out is not empty and not a khobor build (no {BUILD_MARKER}); "
            "empty it or choose another folder"
        )


def _is_khobor_build(folder: Path) -> bool:
    """Empty, marked, or a working build written before the marker existed."""
    if not any(folder.iterdir()) or (folder / BUILD_MARKER).is_file():
        return True
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("version") == BUILD_VERSION


@contextmanager
def errors_named_after(target: Path) -> Iterator[None]:
    """An OSError that names no file (a full disk, mid-write) or only a temporary folder is
    reported against `target`, the folder the user named."""
    try:
        yield
    except OSError as error:
        named = error.filename is not None and PARTIAL_PREFIX not in str(error.filename)
        if named:
            raise
        raise BuildError(f"{target}: cannot write it ({error.strerror or error})") from None


def write_working_build(
    raw: Path,
    target: Path,
    *,
    policy: Policy,
    ledger: Ledger | None,
    workers: int = 1,
    progress: ProgressHook = no_progress,
    engine: str = "local",
    protected: tuple[Path, ...] = (),
) -> BuildResult:
    """Build into a temporary folder next to `target`, then swap it in: the previous build
    stays whole until the new one is complete (a killed build leaves it as it was, and the
    next build sweeps the temporary folder). `protected` folders (besides `raw`) are never
    replaced."""
    check_out_folder(target, (raw, *protected))
    sweep_partials(target.parent, target.name)
    with stoppable(), errors_named_after(target):
        scratch = partial_dir(target)
        try:
            built = scratch / "out"
            result = build_dataset(
                raw,
                built,
                version=BUILD_VERSION,
                policy=policy,
                ledger=ledger,
                workers=workers,
                progress=progress,
                engine=engine,
            )
            (built / BUILD_MARKER).write_bytes(b"")
            with committing(f"the build is complete at {target}"):
                check_out_folder(target, (raw, *protected))  # it may have changed meanwhile
                swap_in(built, target, scratch / PREVIOUS)
            result.out = target
            return result
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
