"""`khobor release VERSION`: write `dataset/releases/VERSION/` atomically, and never change it.

The release is built in a temporary folder next to its target (`.partial-VERSION-PID-*`, same
file system) and renamed into place only when complete, so an interrupted release leaves no
`VERSION/` folder. A version that exists already is rebuilt in a temporary folder and compared
byte for byte: identical → "identical" and nothing is written; different → refused.

The ledger is the latest complete release below VERSION (`khobor.corpus.splits.previous_release`).
Temporary folders left by a killed process (its PID no longer alive) are removed on the next
run.

One release at a time per releases folder: the run holds a `flock` on the folder (another
`khobor release` into it refuses at once, exit 1), and the final rename cannot replace an
existing version (`renameat2(RENAME_NOREPLACE)`), so of releases of one version started
together exactly one publishes.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from khobor.contracts.layout import (
    MANIFEST,
    QUALITY_DIR,
    SEMVER,
    SIGNATURE,
    ReleaseRefused,
    source_date_epoch,
)
from khobor.contracts.policy import Policy
from khobor.contracts.release_files import release_digest
from khobor.corpus.splits import parse_version, previous_release, read_ledger
from khobor.pipeline import (
    BuildError,
    BuildRefused,
    BuildResult,
    Ledger,
    ProgressHook,
    build_dataset,
    errors_named_after,
    no_progress,
)
from khobor.system.atomic import (
    LockHeld,
    folder_lock,
    partial_dir,
    rename_no_replace,
    swap_in,
    sweep_partials,
)
from khobor.system.interrupts import committing, stoppable


class Outcome(StrEnum):
    CREATED = "created"
    IDENTICAL = "identical"


@dataclass
class ReleaseReport:
    outcome: Outcome
    path: Path
    build: BuildResult
    digest: str = ""  # the release digest (`khobor.contracts.release_files.release_digest`)
    signed: bool = False  # a `release.sig` was written by this run


def remove_stale_partials(releases: Path) -> list[Path]:
    """Remove temporary release folders whose process is gone; returns those removed."""
    return sweep_partials(releases)


def _release_files(root: Path) -> set[str]:
    names = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    return {n for n in names if not n.startswith(QUALITY_DIR + "/") and n != SIGNATURE}


def first_difference(a: Path, b: Path) -> str | None:
    """The first relative path whose presence or bytes differ between two releases, or None
    (their `quality/` reports aside)."""
    files_a, files_b = _release_files(a), _release_files(b)
    for name in sorted(files_a | files_b):
        if name not in files_a or name not in files_b:
            return name
        if (a / name).read_bytes() != (b / name).read_bytes():
            return name
    return None


def release_epoch(target: Path, replace: bool = False) -> int | None:
    """The release's date (`SOURCE_DATE_EPOCH`: Croissant's `datePublished`, the citation's
    year). A version that exists keeps the date its manifest recorded (so a rebuild can give
    identical bytes); else `SOURCE_DATE_EPOCH` when set; else today, 00:00 UTC (a day, not a
    second, so two releases of the same inputs on one day agree)."""
    import json
    import time

    manifest = target / MANIFEST
    if manifest.is_file() and not replace:
        try:
            recorded = json.loads(manifest.read_text(encoding="utf-8")).get("source_date_epoch")
        except (OSError, ValueError):
            recorded = None
        return int(recorded) if isinstance(recorded, int) else None
    given = source_date_epoch()
    if given is not None:
        return given
    day = 24 * 60 * 60
    return int(time.time()) // day * day


@contextmanager
def _source_date_epoch(epoch: int | None) -> Iterator[None]:
    """`SOURCE_DATE_EPOCH` set to `epoch` (unset for None) while the release is built: the
    build reads its date from there (`khobor.contracts.layout.source_date_epoch`)."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def release(
    version: str,
    *,
    raw: Path,
    releases: Path,
    policy: Policy,
    workers: int = 1,
    progress: ProgressHook = no_progress,
    before_publish: Callable[[Path], None] | None = None,
    replace: bool = False,
    gates: Path | None = None,
    sign_key: Path | None = None,
) -> ReleaseReport:
    """Write `releases/version/`, or confirm an existing one is what the inputs give.

    `before_publish(folder)` runs on the complete temporary folder before it is renamed into
    place; raising there leaves nothing behind. By default it is the release gates
    (`khobor.release.validate.gate_staged_release` with the policy file `gates`), given the build's
    body signatures so that no body is signed twice.

    `replace=True` swaps a different existing version for the rebuild (old folder renamed
    aside, new one renamed in, old one removed). Only for a version not yet published: a
    published release never changes.

    `sign_key`: the maintainer's private key (PEM); the staged folder is signed with it
    (`khobor.contracts.signing`) after the gates, before the rename.
    """
    if not SEMVER.match(version):
        raise ReleaseRefused(f"{version!r} is not a MAJOR.MINOR.PATCH version (e.g. 1.0.0)")
    if not raw.is_dir():
        raise BuildError(f"{raw}: raw folder not found")
    if releases.exists() and not releases.is_dir():
        raise BuildError(f"{releases}: --releases must be a folder; it is a file")
    inside = releases.resolve()
    if inside == raw.resolve() or inside.is_relative_to(raw.resolve()):
        raise BuildRefused(f"{releases}: --releases lies inside {raw}; choose a folder outside")
    if sign_key is not None and not sign_key.is_file():
        raise BuildError(f"{sign_key}: no such private key file")
    releases.mkdir(parents=True, exist_ok=True)
    try:
        with folder_lock(releases, "a release is being written"):
            return _release_locked(
                version,
                raw=raw,
                releases=releases,
                policy=policy,
                workers=workers,
                progress=progress,
                before_publish=before_publish,
                replace=replace,
                gates=gates,
                sign_key=sign_key,
            )
    except LockHeld as held:
        raise ReleaseRefused(f"release {version} refused: {held}; try again when it ends") from None


def _release_locked(
    version: str,
    *,
    raw: Path,
    releases: Path,
    policy: Policy,
    workers: int,
    progress: ProgressHook,
    before_publish: Callable[[Path], None] | None,
    replace: bool,
    gates: Path | None,
    sign_key: Path | None,
) -> ReleaseReport:
    """`release` while this process holds the releases folder's lock."""
    target = releases / version
    remove_stale_partials(releases)
    latest = previous_release(releases)
    if (
        latest is not None
        and parse_version(version) < parse_version(latest.name)
        and (replace or not target.exists())  # an existing version is still confirmed
    ):
        raise ReleaseRefused(
            f"release {version} is below the latest release {latest.name}: versions only "
            f"go up (the next one's ledger is {latest.name}); release a version above it"
        )
    previous = previous_release(releases, below=version)
    ledger = Ledger(previous.name, read_ledger(previous)) if previous else None
    epoch = release_epoch(target, replace)
    with stoppable(), errors_named_after(target), _source_date_epoch(epoch):
        scratch: Path | None = None
        expectations = None
        done = False  # the gates ran to the end: their process is ending by itself
        try:
            scratch = partial_dir(target)
            preload: tuple[str, ...] = ()
            if before_publish is None:  # the gates will run: Great Expectations imports meanwhile
                from khobor.release.validate import GATE_IMPORTS, ExpectationsProcess

                expectations = ExpectationsProcess(background=True)
                preload = GATE_IMPORTS
            built = scratch / version
            result = build_dataset(
                raw,
                built,
                version=version,
                policy=policy,
                ledger=ledger,
                workers=workers,
                progress=progress,
                preload=preload,
            )
            if target.exists() and not replace:
                difference = first_difference(target, built)
                if difference is not None:
                    raise ReleaseRefused(
                        f"release {version} exists and rebuilding it gives different bytes "
                        f"({difference}); a release never changes: release a new version"
                    )
                result.out = target
                return ReleaseReport(Outcome.IDENTICAL, target, result, release_digest(target))
            if before_publish is not None:
                before_publish(built)
            else:
                from khobor.release.validate import gate_staged_release  # the release gates

                try:
                    gate_staged_release(built, gates, result.signatures, expectations)
                    done = True
                except ReleaseRefused:
                    done = True  # the gates ran to the end, and refused it
                    raise
            result.signatures = None  # taken by the gates, or not wanted
            if sign_key is not None:
                from khobor.contracts.signing import sign_release

                sign_release(built, sign_key)
            digest = release_digest(built)  # the same bytes once renamed
            with committing(f"release {version} is complete at {target} ({digest})"):
                _publish(built, target, scratch, replace=replace)
            result.out = target
            return ReleaseReport(Outcome.CREATED, target, result, digest, sign_key is not None)
        finally:
            if expectations is not None:
                expectations.close(done=done)
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)


def _publish(built: Path, target: Path, scratch: Path, *, replace: bool) -> None:
    """Rename the staged release into place; a rename that cannot replace a version, so one
    that appeared meanwhile (whatever made it) is never overwritten, unless `replace`."""
    if replace and target.exists():
        swap_in(built, target, scratch / "replaced")
        return
    try:
        rename_no_replace(built, target)
    except FileExistsError:
        raise ReleaseRefused(
            f"release {target.name} refused: {target} appeared while this one was built; "
            "a release never changes"
        ) from None
