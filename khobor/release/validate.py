"""`khobor validate`: run every release gate on a release folder or a Hub revision.

Exit codes: 0 every error-level gate passed; 1 a gate failed; 2 bad usage or unreadable input.

Where the reports go (`report.json`, `report.md` and `report.html`, one self-contained page):

- `khobor release`: inside the release, `<releases>/<VERSION>/quality/`, and nowhere else.
  The gates run on the staged folder before the atomic rename (`gate_staged_release`) and
  write there, so the published release carries its own reports. The manifest does not list
  `quality/` (the reports hold run times) and a rebuild's byte comparison skips it. A refused
  release is not written; its reports are moved to a temporary folder the refusal names.
- `khobor validate`: to `--report-dir` (default `./khobor-quality/`, what the CI workflow
  uploads), never into the release it judges (a written release never changes).
- the pre-commit hook (`python -m khobor.release.validate FILE...`): to a folder under the system's
  temporary directory, never into the repository being committed.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khobor.contracts.layout import DEFAULT_RAW, MANIFEST, REPORT_HTML, REPORT_MD
from khobor.contracts.policy import Policy, PolicyError, load_policy
from khobor.gates.accuracy import run_accuracy_gate
from khobor.gates.config import FAMILIES, load_gates
from khobor.gates.core import CheckResult, GateInputError, Validation, load_release
from khobor.gates.dataset_gates import run_dataset_gates, start_signing
from khobor.gates.drift import run_drift_gate
from khobor.gates.report import print_table, write_reports
from khobor.gates.schema_gate import run_schema_gate

if TYPE_CHECKING:
    from khobor.corpus.dedup import Signed
    from khobor.gates.config import GatesConfig
    from khobor.gates.core import ReleaseData
    from khobor.pipeline import BuildSignatures

DEFAULT_REPORT_DIR = Path("khobor-quality")
REPO_ID = re.compile(r"^(?P<repo>[A-Za-z0-9][\w.-]*/[\w.-]+)(?:@(?P<revision>[^\s@]+))?$")
AUTO = "auto"


def find_previous(folder: Path, version: str, releases: Path | None = None) -> Path | None:
    """The latest complete release below `version` in `releases` (default: the folder's
    parent), or None."""
    from khobor.contracts.layout import SEMVER
    from khobor.corpus.splits import previous_release

    if not SEMVER.match(version):
        return None
    candidate = previous_release(releases or folder.parent, below=version)
    if candidate is not None and candidate.resolve() == folder.resolve():
        return None
    return candidate


def validate_release(
    folder: Path,
    *,
    gates: Path | None = None,
    previous: Path | str | None = AUTO,
    report_dir: Path | None = None,
    gold: Path = Path("validation/gold"),
    raw: Path = DEFAULT_RAW,
    today: date | None = None,
    families: tuple[str, ...] = FAMILIES,
    html: bool = True,
    shown_as: Path | None = None,
    signatures: BuildSignatures | None = None,
    expectations: ExpectationsProcess | None = None,
    expected_version: str | None = None,
    public_key: Path | None = None,
    digest: str | None = None,
) -> Validation:
    """Run the gate families on `folder`; write the reports to `report_dir` when given
    (`report.html` too unless `html` is false).
    `shown_as` names the release in reports (a staged folder is shown as its final path).
    `signatures`: the build's body signatures, when `folder` is the release it just staged
    (the duplicate gates then sign no body again); any other release is signed from its
    Parquet bodies. `expectations`: a started `ExpectationsProcess` to run Great
    Expectations in (default: one started here). `expected_version`: the version the release
    must be when its folder's name cannot say (a Hub tag). `public_key`, `digest`: check the
    maintainer's signature, the pinned release digest (`khobor.gates.anchors`).
    Raises `GateInputError` (exit 2) when the release or the policy cannot be read."""
    config = load_gates(gates)
    try:
        policy = load_policy(gates)
    except PolicyError as err:
        raise GateInputError(str(err)) from None
    started = time.perf_counter()
    release = load_release(folder)
    validation = Validation(
        shown_as or folder,
        release.version,
        schema_version=release.schema_version,
        files=list(release.schemas),
        rows=release.num_rows,
    )
    validation.timings["read"] = time.perf_counter() - started
    previous_path = validation.previous = _previous_of(folder, release.version, previous)

    results: dict[str, list[CheckResult]] = {}

    def timed(family: str, run: Callable[[], list[CheckResult]]) -> None:
        if family not in families:
            return
        start = time.perf_counter()
        results[family] = run()
        validation.timings[family] = time.perf_counter() - start

    # Great Expectations runs in a process of its own while pandera's schema gate, the
    # duplicate checks (their body signing in worker processes) and the other families run
    # here: neither waits on the other.
    process = _expectations_process(families, expectations)
    expecting = process.run(folder, config, validation.run_name) if process else None
    try:
        signing = _signing(release, policy, signatures) if "dataset" in families else None
        timed("schema", lambda: run_schema_gate(release, config, today=today))
        timed(
            "dataset",
            lambda: (
                run_dataset_gates(
                    release,
                    config,
                    policy=policy,
                    previous=previous_path,
                    signing=signing,
                    expected_version=expected_version,
                )
                + anchored_checks(release, config, public_key, digest)
            ),
        )
        timed("accuracy", lambda: [run_accuracy_gate(config, gold=gold, raw=raw)])
        timed("drift", lambda: run_drift_gate(release, config, previous_path))
        if expecting is not None:
            results["expectations"], validation.timings["expectations"] = expecting.result()
    except BaseException:
        if process is not None:  # stopped or failed: nothing may wait for the process
            process.close()
        raise
    validation.results = [r for family in FAMILIES for r in results.get(family, [])]
    validation.timings = {
        name: validation.timings[name] for name in ("read", *FAMILIES) if name in validation.timings
    }
    validation.timings["total"] = time.perf_counter() - started
    if report_dir is not None:
        write_reports(validation, report_dir, html=html)
    return validation


# What the gates import as they first run (pandera and khobor's checks: the schema gate's);
# `khobor release` has them imported while its build's pass 1 runs
GATE_IMPORTS = ("pandera.pandas", "khobor.contracts.checks")


def _expectations_process(
    families: tuple[str, ...], given: ExpectationsProcess | None
) -> ExpectationsProcess | None:
    """The process Great Expectations runs in when its family runs (the one given, else a new
    one); a process given for a run without that family is closed."""
    if "expectations" in families:
        return given or ExpectationsProcess()
    if given is not None:
        given.close()
    return None


def _previous_of(folder: Path, version: str, previous: Path | str | None) -> Path | None:
    """The release the ledger and drift gates compare with: `previous`, or the one below
    `version` beside `folder` when `previous` is `AUTO`; it must have a manifest."""
    if previous == AUTO:
        previous = find_previous(folder, version)
    path = Path(previous) if previous is not None else None
    if path is not None and not (path / MANIFEST).is_file():
        raise GateInputError(f"{path}: the previous release has no manifest")
    return path


def _signing(
    release: ReleaseData, policy: Policy, signatures: BuildSignatures | None
) -> Future[Signed] | Signed:
    """The bodies' signatures for the duplicate gates: the build's when it hands them over,
    else signed from the Parquet bodies in worker processes (started now, awaited later)."""
    if signatures is not None:
        return signatures.take(list(release.rows))
    return start_signing(release, policy)


def anchored_checks(
    release: ReleaseData, config: GatesConfig, public_key: Path | None, digest: str | None
) -> list[CheckResult]:
    """The signature and pinned-digest checks asked for (none by default)."""
    from khobor.gates.anchors import digest_check, signature_check

    found = []
    if public_key is not None:
        found.append(signature_check(release, config, public_key))
    if digest is not None:
        found.append(digest_check(release, config, digest))
    return found


def _expectations_in_child(
    folder: Path, config: GatesConfig, run_name: str
) -> tuple[list[CheckResult], float]:
    """In the expectations process: read the release and run Great Expectations on it."""
    from khobor.gates.expectations import run_expectation_gate

    start = time.perf_counter()
    found = run_expectation_gate(load_release(folder), config, run_name=run_name)
    return found, time.perf_counter() - start


def _import_expectations() -> None:
    """In the expectations process: import Great Expectations (~3 s) before it is needed."""
    from khobor.gates.expectations import import_great_expectations

    import_great_expectations()


def _init_expectations_process(parent_pid: int, background: bool) -> None:
    from khobor.system.atomic import die_with_parent

    die_with_parent(parent_pid)
    if background:
        os.nice(19)  # a core the build leaves idle, never one it uses


class ExpectationsProcess:
    """The process Great Expectations runs in, beside the other gates (spawned, not forked:
    this process may hold Arrow's and the signer's threads, whose locks a fork would copy
    held). It reads the release itself; results and run time come back.

    Started with `background` before a build (`khobor release`), it imports Great
    Expectations at the lowest CPU priority while the build runs, so the import (~3 s) is
    off the gates' critical path without slowing the build's own processes. `close` kills it:
    at that priority on a loaded machine the import can take minutes, and nothing may wait
    for it (a stopped release would hang until it ends)."""

    def __init__(self, *, background: bool = False) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(
            1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_expectations_process,
            initargs=(os.getpid(), background),
        )
        self._started: list[Any] = []  # its process, once started (`shutdown` forgets it)
        self._threads: list[Any] = []  # the pool's manager thread, once started
        if background:
            try:
                self._submit(_import_expectations)
            except BaseException:  # a signal as the process starts: no one else can close it
                self.close()
                raise

    def _submit(self, call: Callable[..., Any], *args: Any) -> Future[Any]:
        from khobor.system.interrupts import deferred

        try:
            with deferred():  # the process starts in the first submit
                return self._pool.submit(call, *args)
        finally:
            self._started += [
                process
                for process in (getattr(self._pool, "_processes", None) or {}).values()
                if process not in self._started
            ]
            manager = getattr(self._pool, "_executor_manager_thread", None)
            if manager is not None and manager not in self._threads:
                self._threads.append(manager)

    def run(
        self, folder: Path, config: GatesConfig, run_name: str
    ) -> Future[tuple[list[CheckResult], float]]:
        """`run_expectation_gate` of `folder`; the process ends after it."""
        try:
            return self._submit(_expectations_in_child, folder, config, run_name)
        except BaseException:
            self.close()
            raise
        finally:
            self._pool.shutdown(wait=False)

    def close(self, *, done: bool = False) -> None:
        """End the process: now, whatever it is doing (its work is abandoned), or with `done`
        (its work is over and it is ending by itself) once it has ended, so that what it made
        is cleaned up by itself (killed, its semaphores would be reported leaked on stderr);
        `KILL_WAIT_SECONDS` at most."""
        from khobor.system.atomic import KILL_WAIT_SECONDS, kill_pool

        if done:
            self._pool.shutdown(wait=False)  # it ends after its last task
            for process in self._started:
                with contextlib.suppress(OSError, ValueError, AssertionError):
                    process.join(timeout=KILL_WAIT_SECONDS)
        kill_pool(self._pool, self._started, self._threads)


def resolve_target(
    target: str, *, download_dir: Path | None = None, download: Callable[..., str] | None = None
) -> Path:
    """A release folder for `target`: an existing path, or `ORG/NAME[@REVISION]` downloaded
    with `khobor.release.hub.pull_release` (revision default `main`). A download that disagrees with
    its manifest is still returned: the checksum gate then names the damaged files."""
    path = Path(target)
    if path.exists():
        return path
    match = REPO_ID.match(target)
    if not match:
        raise GateInputError(f"{target}: no such folder, and not a Hub id ORG/NAME[@REVISION]")
    from khobor.release.hub import HubError, HubUnreachable, pull_release

    repo_id, revision = match["repo"], match["revision"] or "main"
    dest = download_dir or Path(tempfile.mkdtemp(prefix="khobor-validate-"))
    try:
        return pull_release(repo_id, revision, dest, download=download)
    except HubError as err:
        if "damaged" in str(err) and (dest / MANIFEST).is_file():
            return dest
        raise GateInputError(str(err)) from None
    except HubUnreachable as err:
        raise GateInputError(str(err)) from None


def expected_version_of(target: str) -> str | None:
    """The version a Hub target's tag names (`ORG/NAME@v1.2.0` → 1.2.0), else None (a local
    folder's own name says it).

    >>> expected_version_of("org/khobor@v1.2.0"), expected_version_of("dataset/releases/1.0.0")
    ('1.2.0', None)
    """
    from khobor.contracts.layout import SEMVER

    if Path(target).exists():
        return None
    match = REPO_ID.match(target)
    revision = (match["revision"] or "") if match else ""
    version = revision.removeprefix("v")
    return version if revision.startswith("v") and SEMVER.match(version) else None


def gate_staged_release(
    folder: Path,
    gates: Path | None = None,
    signatures: BuildSignatures | None = None,
    expectations: ExpectationsProcess | None = None,
) -> None:
    """The release hook: run every gate on the complete staged folder
    (`<releases>/.partial-…/<VERSION>`) before it is renamed into place. Reports go into the
    release's `quality/`; an error-level failure raises `ReleaseRefused` (nothing is written
    to the releases folder) naming the temporary folder its reports were moved to."""
    from khobor.contracts.layout import QUALITY_DIR, ReleaseRefused

    releases = folder.parent.parent
    version = folder.name
    report_dir = folder / QUALITY_DIR
    try:
        validation = validate_release(
            folder,
            gates=gates,
            previous=find_previous(folder, version, releases),
            report_dir=report_dir,
            shown_as=releases / version,
            signatures=signatures,
            expectations=expectations,
        )
    except GateInputError as err:
        raise ReleaseRefused(f"release {version} refused: cannot validate it: {err}") from None
    print_table(validation, stderr=True)
    if validation.passed:
        return  # the release carries its reports in quality/
    kept = Path(tempfile.mkdtemp(prefix=f"khobor-refused-{version}-"))
    shutil.move(str(report_dir), kept / QUALITY_DIR)  # the staged folder is about to go
    write_reports(validation, kept / QUALITY_DIR)  # again: their links name where they are
    failed = "; ".join(
        f"{r.check} ({', '.join(sorted(set(r.failing_ids))[:3]) or r.message})"
        for r in validation.blocking()
    )
    raise ReleaseRefused(
        f"release {version} refused: gates failed: {failed}; see {kept / QUALITY_DIR / 'report.md'}"
    )


def summary_line(validation: Validation) -> str:
    blocking = validation.blocking()
    if not blocking:
        return f"{validation.version}: all error-level gates passed"
    return f"{validation.version}: {len(blocking)} gates failed: " + ", ".join(
        r.check for r in blocking
    )


def release_folders_of(paths: list[str]) -> list[Path]:
    """The release folders (`…/<semver>/` holding a manifest.json) that the given changed
    files belong to, each once, sorted; files outside any release are ignored."""
    from khobor.contracts.layout import SEMVER

    found: set[Path] = set()
    for name in paths:
        for parent in Path(name).resolve().parents:
            if SEMVER.match(parent.name) and (parent / MANIFEST).is_file():
                found.add(parent)
                break
    return sorted(found)


def hook_report_dir() -> Path:
    """Where the pre-commit hook writes its reports: under the system's temporary directory,
    never in the repository being committed."""
    return Path(tempfile.gettempdir()) / "khobor-quality"


def main(argv: list[str] | None = None) -> int:
    """`python -m khobor.release.validate FILE...`: validate every release a changed file belongs to
    (the pre-commit hook); reports go to `hook_report_dir()/<version>/` (outside the
    repository). Exit 1 when any release fails a gate, 2 when one cannot be read."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(
        prog="python -m khobor.release.validate",
        description="Validate every release a changed file belongs to (the pre-commit hook); "
        "a file outside any release is ignored.",
        epilog="Exit 0 all pass, 1 a gate failed, 2 a release cannot be read.",
    )
    parser.add_argument("files", nargs="*", help="changed files (from pre-commit)")
    files = parser.parse_args(argv).files
    code = 0
    for folder in release_folders_of(files):
        report_dir = hook_report_dir() / folder.name
        try:
            validation = validate_release(folder, report_dir=report_dir)
        except GateInputError as err:
            print(f"khobor: {err}", file=sys.stderr)
            code = 2
            continue
        print_table(validation)
        print(f"reports: {report_dir / REPORT_MD}, {report_dir / REPORT_HTML}")
        if not validation.passed:
            print(f"khobor: {summary_line(validation)}", file=sys.stderr)
            code = max(code, 1)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
