"""The `khobor` command line. Heavy libraries are imported inside the commands that need them,
on purpose: `khobor --help` costs ~0.19 s of CPU, and the record schema alone (pyarrow) would
add ~0.11 s, the gates (pandas, pandera) seconds (`python -X importtime -m khobor --help`)."""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer

from khobor.cli.errors import EXIT_REFUSED, EXIT_USAGE, TRACEBACK_VARIABLE, GuardedTyper, one_line
from khobor.contracts.engines import Engine
from khobor.contracts.layout import (
    DEFAULT_BUILD,
    DEFAULT_RAW,
    DEFAULT_RELEASES,
    MANIFEST,
    REPORT_HTML,
    REPORT_JSON,
    REPORT_MD,
    SEMVER,
)
from khobor.contracts.policy import DEFAULT_GATES_PATH, DEFAULT_MINIMUMS_PATH
from khobor.contracts.schema_versions import SCHEMA_VERSIONS

WORKERS_HELP = "Worker processes, at least 1."
WORKERS_DEFAULT = "one per CPU, at most 8"
GATES_DEFAULT = str(DEFAULT_GATES_PATH)


app = GuardedTyper(  # every error: one line on stderr and exit 1 or 2, never a traceback
    help="khobor: Bengali news pages → annotated, validated, versioned dataset releases.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
schema_app = typer.Typer(
    help=f"Record schemas {', '.join('v' + v for v in SCHEMA_VERSIONS)} and their exported forms.",
    no_args_is_help=True,
)
app.add_typer(schema_app, name="schema")


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one line to stderr and return the Exit to raise; after a signal that stopped a
    build or release, the error is its consequence: `Interrupted` is raised instead."""
    from khobor.system.interrupts import raise_if_stopped

    raise_if_stopped()
    if os.environ.get(TRACEBACK_VARIABLE) and sys.exc_info()[1] is not None:
        traceback.print_exc()  # the error being handled, which the line below sums up
    typer.echo(f"khobor: {one_line(message)}", err=True)
    return typer.Exit(code)


def release_version(version: str) -> str:
    """A release version argument: MAJOR.MINOR.PATCH, else a usage error (exit 2)."""
    if not SEMVER.match(version):
        raise fail(f"{version!r} is not a MAJOR.MINOR.PATCH version (e.g. 1.1.0)")
    return version


def _print_version(value: bool) -> None:
    if value:
        from khobor import __version__
        from khobor.contracts.schema import SCHEMA_VERSION

        typer.echo(f"khobor {__version__} (record schema v{SCHEMA_VERSION})")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """khobor: Bengali news pages → annotated, validated, versioned dataset releases."""


@app.command()
def extract(
    paths: Annotated[
        list[Path],
        # readable=False: an unreadable file is quarantined like in a folder, not a usage error
        typer.Argument(help="Files, or folders scanned for *.txt pages.", readable=False),
    ],
    explain: Annotated[
        bool, typer.Option("--explain", help="Add each line's rule and evidence to its object.")
    ] = False,
    corpus: Annotated[
        Path | None,
        typer.Option(
            help="Learn each site's furniture (lines printed under many of its articles) from "
            "the *.txt pages of this folder first, thresholds from validation/gates.toml."
        ),
    ] = None,
) -> None:
    """Print one JSON object per input page (JSON Lines), or its quarantine reason."""
    from khobor.pages.extract import (
        ExtractContext,
        MissingPathError,
        explain_json,
        extract_file_explained,
        iter_inputs,
        to_json,
    )
    from khobor.pages.markup_explain import explain_markup

    missing = [p for p in paths if not (p.exists() or p.is_symlink())]
    if missing:
        raise fail(f"{missing[0]}: no such file or directory")
    ctx = ExtractContext()
    if corpus is not None:
        from khobor.contracts.policy import PolicyError, load_policy
        from khobor.pages.extract import corpus_index

        if not corpus.is_dir():
            raise fail(f"{corpus}: --corpus must be a folder of *.txt pages")
        try:
            ctx.furniture = corpus_index([corpus], ctx, load_policy().furniture)
        except PolicyError as error:
            raise fail(str(error)) from None
    out = sys.stdout
    pages = 0
    try:
        for item in iter_inputs(paths):
            pages += 1
            result, markup = extract_file_explained(item, ctx)
            record = to_json(result)
            if explain:
                texts = [line["text"] for line in record.get("lines", ())]
                evidence = ctx.furniture_for(item.source, texts, ctx.sources_for(item.root))
                record = explain_json(record, ctx.cfg, evidence)
                explain_markup(markup, record)  # issue 25: an HTML page's own evidence
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    except MissingPathError as error:
        raise fail(str(error)) from None
    except OSError as error:
        if error.filename is None:  # pages are quarantined, never raise: this is stdout
            raise fail(f"stdout: {error.strerror or error}") from None
        raise
    if not pages:
        where = ", ".join(str(p) for p in paths)
        raise fail(
            f"{where}: no pages to extract (a folder is scanned for "
            "*.txt, *.html, *.htm, *.warc, *.warc.gz files)",
            1,
        )


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Option(help="Gold folder.")] = Path("validation/gold"),
    raw: Annotated[
        Path, typer.Option(help="Folder of the raw pages the gold describes.")
    ] = DEFAULT_RAW,
    truth: Annotated[
        Path | None,
        typer.Option(
            help="Also score truth of real pages (a truth.json list: headline and body texts, "
            "or the page-tops format of line indexes, told apart by its shape)."
        ),
    ] = None,
    pages: Annotated[
        Path | None,
        typer.Option(help="Folder of the pages the truth describes (default: pages/ beside it)."),
    ] = None,
    rows: Annotated[
        bool,
        typer.Option(
            "--rows", help="Page-tops truth: print a row per page too, as score.py --rows."
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score the annotator against hand-checked gold annotations, and real-page truth if given."""
    from khobor.gates.evaluate import GoldError, load_gold, render_table, score

    try:
        cases = load_gold(gold)
    except GoldError as error:
        raise fail(str(error)) from None
    if not raw.is_dir():
        raise fail(f"{raw}: raw folder not found")
    truth_report: tuple[str, dict] | None = None
    if truth is not None:
        truth_report = _score_truth(truth, pages)
    report = score(cases, raw)
    if as_json:
        both = (
            report if truth_report is None else {"seeds": report, truth_report[0]: truth_report[1]}
        )
        typer.echo(json.dumps(both, ensure_ascii=False, indent=2, sort_keys=True))
        return
    render_table(report)
    if truth_report is None:
        return
    truth_format, figures = truth_report
    from khobor.gates.evaluate_truth import TruthFormat

    if truth_format == TruthFormat.REALTOPS:
        from khobor.gates.evaluate_tops import report_lines

        typer.echo(f"Real page tops — {truth} (as score.py prints it):")
        for line in report_lines(figures, rows):
            typer.echo(line)
    else:
        from khobor.gates.evaluate_truth import render_truth_table

        render_truth_table(figures, str(truth))


def _score_truth(truth: Path, pages: Path | None) -> tuple[str, dict]:
    """`eval --truth`: the truth's format and its report (a malformed truth: exit 2)."""
    from khobor.gates.evaluate_truth import (
        TruthError,
        TruthFormat,
        extract_records,
        load_truth,
        read_truth,
        score_truth,
    )

    try:
        truth_format = read_truth(truth)[0]
        if truth_format is TruthFormat.REALTOPS:
            from khobor.gates.evaluate_tops import load_tops, score_tops

            tops = load_tops(truth)
        else:
            truth_pages = load_truth(truth)
        pages = pages if pages is not None else truth.parent / "pages"
        if not pages.is_dir():
            raise fail(f"{pages}: pages folder not found (give it with --pages)")
        records = extract_records(pages)
        if truth_format is TruthFormat.REALTOPS:
            return truth_format, score_tops(truth, tops, pages, records)
        return truth_format, score_truth(truth_pages, records)
    except TruthError as error:
        raise fail(str(error)) from None


@schema_app.command("export")
def schema_export(
    out: Annotated[
        Path,
        typer.Option(
            help="The schemas/ root; files go to "
            + ", ".join(f"v{v}/" for v in SCHEMA_VERSIONS)
            + " (one folder a version)."
        ),
    ] = Path("schemas"),
) -> None:
    """Write the language-neutral forms of every schema version (JSON Schema, pandera YAML, HF
    features, Arrow schema)."""
    from khobor.contracts.schema import export_schemas

    for path in export_schemas(out):
        typer.echo(str(path))


@app.command("draft-gold")
def draft_gold(
    page: Annotated[Path, typer.Argument(help="A raw page to draft a gold file for.")],
    comment: Annotated[str, typer.Option(help="Why the page is in the gold set.")] = "",
) -> None:
    """Print a gold file drafted by the annotator, to be checked by hand line by line."""
    from khobor.gates.evaluate import format_gold
    from khobor.pages.extract import ExtractContext, extract_file, iter_inputs, to_json

    if not page.is_file():
        raise fail(f"{page}: no such file")
    item = next(iter_inputs([page]))
    record = to_json(extract_file(item, ExtractContext()))
    if "quarantine_reason" in record:
        raise fail(f"{page}: quarantined ({record['quarantine_reason']}): {record['detail']}", 1)
    typer.echo(format_gold(record, item.source, comment), nl=False)


# --- dataset build, release, Hub, datasheet ----------------------------------------------------


@app.command()
def build(
    raw: Annotated[Path, typer.Option(help="Folder of raw pages.")] = DEFAULT_RAW,
    out: Annotated[Path, typer.Option(help="Working folder (replaced).")] = DEFAULT_BUILD,
    releases: Annotated[
        Path, typer.Option(help="Releases folder; its latest release is the split ledger.")
    ] = DEFAULT_RELEASES,
    gates: Annotated[
        Path | None, typer.Option(help="Policy file.", show_default=GATES_DEFAULT)
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help=WORKERS_HELP, show_default=WORKERS_DEFAULT)
    ] = None,
    engine: Annotated[
        Engine,
        typer.Option(help="local: worker processes; datatrove: its pipeline executor."),
    ] = Engine.LOCAL,
) -> None:
    """Raw pages → records → duplicate clusters → splits, into a working folder."""
    from khobor.contracts.policy import PolicyError, load_policy
    from khobor.corpus.splits import LedgerError, previous_release, read_ledger
    from khobor.pipeline import (
        BuildError,
        BuildRefused,
        Ledger,
        default_workers,
        print_summary,
        rich_progress,
        write_working_build,
    )
    from khobor.system.interrupts import install_for_command

    install_for_command()
    if not raw.is_dir():
        raise fail(f"{raw}: raw folder not found")
    try:
        policy = load_policy(gates)
        latest = previous_release(releases)
        ledger = Ledger(latest.name, read_ledger(latest)) if latest else None
        with rich_progress() as progress:
            result = write_working_build(
                raw,
                out,
                policy=policy,
                ledger=ledger,
                workers=workers or default_workers(),
                progress=progress,
                engine=engine.value,
                protected=(releases,),  # never replaced, as --raw
            )
    except BuildRefused as error:  # no records, or an --out khobor must not replace
        raise fail(str(error), 1) from None
    except (PolicyError, LedgerError, BuildError) as error:
        raise fail(str(error)) from None
    print_summary(result)


@app.command()
def release(
    version: Annotated[str, typer.Argument(help="Semantic version, e.g. 1.0.0.")],
    raw: Annotated[Path, typer.Option(help="Folder of raw pages.")] = DEFAULT_RAW,
    releases: Annotated[Path, typer.Option(help="Releases folder.")] = DEFAULT_RELEASES,
    gates: Annotated[
        Path | None, typer.Option(help="Policy file.", show_default=GATES_DEFAULT)
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help=WORKERS_HELP, show_default=WORKERS_DEFAULT)
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(help="Replace a different existing VERSION (only one not yet published)."),
    ] = False,
    sign_key: Annotated[
        Path | None,
        typer.Option(
            "--sign-key",
            help="Sign the release (release.sig) with this PEM private key before publishing.",
        ),
    ] = None,
) -> None:
    """Write dataset/releases/VERSION/ atomically; an existing version is only ever confirmed."""
    from khobor.contracts.policy import PolicyError, load_policy
    from khobor.contracts.signing import SigningError
    from khobor.corpus.splits import LedgerError
    from khobor.pipeline import (
        BuildError,
        BuildRefused,
        default_workers,
        print_summary,
        rich_progress,
    )
    from khobor.release.write import Outcome, ReleaseRefused
    from khobor.release.write import release as write_release
    from khobor.system.interrupts import install_for_command

    install_for_command()
    release_version(version)
    if not raw.is_dir():
        raise fail(f"{raw}: raw folder not found")
    try:
        policy = load_policy(gates)
        with rich_progress() as progress:
            report = write_release(
                version,
                raw=raw,
                releases=releases,
                policy=policy,
                workers=workers or default_workers(),
                progress=progress,
                replace=replace,
                gates=gates,
                sign_key=sign_key,
            )
    except BuildRefused as error:  # no records, or an --out khobor must not replace
        raise fail(str(error), 1) from None
    except (PolicyError, LedgerError, BuildError, SigningError) as error:
        raise fail(str(error)) from None
    except ReleaseRefused as error:
        raise fail(str(error), 1) from None
    if report.outcome is Outcome.IDENTICAL:
        typer.echo(
            f"release {version} exists and a rebuild gives identical bytes: {report.path} "
            f"(release digest {report.digest})"
        )
        return
    print_summary(report.build)
    signed = "; signed: release.sig" if report.signed else ""
    typer.echo(f"released {version}: {report.path} (release digest {report.digest}{signed})")


@app.command()
def push(
    version: Annotated[str, typer.Argument(help="Release to upload, e.g. 1.0.0.")],
    repo_id: Annotated[str, typer.Option("--repo-id", help="Hub dataset repo, ORG/NAME.")],
    releases: Annotated[Path, typer.Option(help="Releases folder.")] = DEFAULT_RELEASES,
    private: Annotated[bool, typer.Option(help="Create the repo as private.")] = False,
) -> None:
    """Upload a release to the Hugging Face Hub and tag it vVERSION (token: HF_TOKEN or login):
    every gate runs first, and exactly the release it passed goes up."""
    import tempfile

    from khobor.gates.core import GateInputError
    from khobor.release.hub import HubError, missing_token_message, push_release
    from khobor.release.validate import summary_line, validate_release

    folder = releases / release_version(version)
    if not (folder / MANIFEST).is_file():
        raise fail(f"{folder}: no such release (run `khobor release {version}` first)")
    missing = missing_token_message()
    if missing is not None:
        raise fail(missing, 1)
    report_dir = Path(tempfile.mkdtemp(prefix=f"khobor-push-{version}-"))
    try:
        validation = validate_release(folder, report_dir=report_dir)
    except GateInputError as error:
        raise fail(str(error)) from None
    if not validation.passed:
        raise fail(
            f"{summary_line(validation)}; nothing uploaded (reports: {report_dir / 'report.md'})",
            1,
        )
    try:
        result = push_release(folder, repo_id, validation=validation, private=private or None)
    except HubError as error:
        raise fail(str(error), 1) from None
    typer.echo(f"pushed {version} to {result.repo_id} (tag {result.tag}, commit {result.commit})")


@app.command()
def pull(
    repo_id: Annotated[str, typer.Argument(help="Hub dataset repo, ORG/NAME.")],
    dest: Annotated[Path, typer.Argument(help="Folder to download into.")],
    revision: Annotated[str, typer.Option(help="Tag, branch or commit, e.g. v1.0.0.")] = "main",
) -> None:
    """Download a release from the Hub and check it against its manifest."""
    from khobor.release.hub import HubError, HubUnreachable, pull_release

    try:
        path = pull_release(repo_id, revision, dest)
    except HubError as error:
        raise fail(str(error), EXIT_REFUSED) from None
    except HubUnreachable as error:
        raise fail(str(error)) from None
    typer.echo(f"pulled {repo_id}@{revision} into {path}")


@app.command()
def datasheet(
    release_dir: Annotated[
        Path | None,
        typer.Option("--release", help="Release folder.", show_default="the latest release"),
    ] = None,
    releases: Annotated[Path, typer.Option(help="Releases folder.")] = DEFAULT_RELEASES,
    path: Annotated[Path, typer.Option("--datasheet", help="Datasheet file.")] = Path(
        "DATASHEET.md"
    ),
    check: Annotated[
        bool, typer.Option(help="Exit 1 if the figures are stale; write nothing.")
    ] = False,
) -> None:
    """Regenerate the figures block of DATASHEET.md from the latest release."""
    from khobor.corpus.splits import previous_release
    from khobor.release.datasheet import DatasheetError, updated_datasheet
    from khobor.release.hub import HubError

    folder = release_dir or previous_release(releases)
    if folder is None or not (folder / MANIFEST).is_file():
        raise fail(f"{release_dir or releases}: no release found")
    try:
        current, fresh = updated_datasheet(path, folder)
    except (DatasheetError, HubError) as error:
        raise fail(str(error)) from None
    if current == fresh:
        typer.echo(f"{path}: figures of {folder.name} are up to date")
    elif check:
        raise fail(f"{path}: figures are stale; run `khobor datasheet`", 1)
    else:
        path.write_text(fresh, encoding="utf-8")
        typer.echo(f"{path}: figures updated from {folder.name}")


@app.command()
def validate(
    target: Annotated[
        str,
        typer.Argument(help="Release folder, or Hub dataset ORG/NAME or ORG/NAME@REVISION."),
    ],
    report_dir: Annotated[
        Path,
        typer.Option(
            "--report-dir",
            help="Where report.json, report.md and report.html go (never inside the release).",
        ),
    ] = Path("khobor-quality"),
    previous: Annotated[
        Path | None,
        typer.Option(
            help="Previous release to check the ledger and drift against.",
            show_default="the latest lower version beside the release",
        ),
    ] = None,
    gates: Annotated[
        Path | None, typer.Option(help="Policy file.", show_default=GATES_DEFAULT)
    ] = None,
    gold: Annotated[Path, typer.Option(help="Gold folder.")] = Path("validation/gold"),
    raw: Annotated[Path, typer.Option(help="Raw pages the gold describes.")] = DEFAULT_RAW,
    download_dir: Annotated[
        Path | None,
        typer.Option(help="Where a Hub revision is downloaded.", show_default="a temporary folder"),
    ] = None,
    html: Annotated[
        bool,
        typer.Option(help="Write report.html (one self-contained page, readable offline)."),
    ] = True,
    public_key: Annotated[
        Path | None,
        typer.Option(
            "--public-key",
            help="Check the release's signature (release.sig) against this PEM public key.",
        ),
    ] = None,
    digest: Annotated[
        str | None,
        typer.Option(
            "--digest", help="Check the release digest against this one (sha256:…, pinned)."
        ),
    ] = None,
) -> None:
    """Run every release gate; exit 0 (passed), 1 (a gate failed) or 2 (unreadable input)."""
    from khobor.gates.anchors import normal_digest
    from khobor.gates.core import GateInputError
    from khobor.gates.report import print_table
    from khobor.release.validate import (
        AUTO,
        expected_version_of,
        resolve_target,
        summary_line,
        validate_release,
    )

    pinned = None
    if digest is not None:
        pinned = normal_digest(digest)
        if pinned is None:
            raise fail(f"--digest {digest!a}: not a SHA-256 (sha256: and 64 hex digits)")
    if public_key is not None and not public_key.is_file():
        raise fail(f"{public_key}: no such public key file")
    try:
        folder = resolve_target(target, download_dir=download_dir)
        if report_dir.resolve().is_relative_to(folder.resolve()):
            raise fail(f"{report_dir}: reports must not be written inside the release {folder}")
        validation = validate_release(
            folder,
            gates=gates,
            previous=previous if previous is not None else AUTO,
            report_dir=report_dir,
            gold=gold,
            raw=raw,
            html=html,
            expected_version=expected_version_of(target),
            public_key=public_key,
            digest=pinned,
        )
    except GateInputError as error:
        raise fail(str(error)) from None
    print_table(validation)
    names = (REPORT_MD, REPORT_JSON, *((REPORT_HTML,) if html else ()))
    typer.echo("reports: " + ", ".join(str(report_dir / name) for name in names))
    if not validation.passed:
        raise fail(summary_line(validation), 1)


@app.command("accuracy-minimums")
def accuracy_minimums(
    allow_lower: Annotated[
        bool, typer.Option("--allow-lower", help="Allow a minimum to drop.")
    ] = False,
    minimums: Annotated[Path, typer.Option(help="Minimums file.")] = DEFAULT_MINIMUMS_PATH,
    gold: Annotated[Path, typer.Option(help="Gold folder.")] = Path("validation/gold"),
    raw: Annotated[Path, typer.Option(help="Raw pages the gold describes.")] = DEFAULT_RAW,
) -> None:
    """Store the annotator's current gold scores as the accuracy gate's minimums."""
    from khobor.gates.accuracy import update_minimums
    from khobor.gates.core import GateInputError

    if not raw.is_dir():
        raise fail(f"{raw}: raw folder not found")
    try:
        update = update_minimums(minimums, gold=gold, raw=raw, allow_lower=allow_lower)
    except GateInputError as error:
        raise fail(str(error)) from None
    drops = ", ".join(f"{k} {old:.3f}→{new:.3f}" for k, (old, new) in update.lowered.items())
    if not update.written:
        raise fail(f"{minimums}: would lower {drops}; pass --allow-lower to accept", 1)
    typer.echo(
        f"{minimums}: {len(update.minimums)} minimums stored for gold "
        f"{update.gold_sha256[:12]}" + (f" (lowered: {drops})" if drops else "")
    )
