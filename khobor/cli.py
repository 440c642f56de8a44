"""The `khobor` command line. Heavy libraries are imported inside the commands that need them."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="khobor: Bengali news pages → annotated, validated, versioned dataset releases.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
schema_app = typer.Typer(help="Schema v1 and its exported forms.", no_args_is_help=True)
app.add_typer(schema_app, name="schema")

EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one line to stderr and return the Exit to raise."""
    typer.echo(f"khobor: {message}", err=True)
    return typer.Exit(code)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files, or folders scanned for *.txt pages.")],
) -> None:
    """Print one JSON object per input page (JSON Lines), or its quarantine reason."""
    from khobor.extract import ExtractContext, MissingPathError, extract_file, iter_inputs, to_json

    missing = [p for p in paths if not p.exists()]
    if missing:
        raise fail(f"{missing[0]}: no such file or directory")
    ctx = ExtractContext()
    out = sys.stdout
    try:
        for item in iter_inputs(paths):
            out.write(json.dumps(to_json(extract_file(item, ctx)), ensure_ascii=False) + "\n")
    except MissingPathError as error:
        raise fail(str(error)) from None


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Option(help="Gold folder.")] = Path("validation/gold"),
    raw: Annotated[Path, typer.Option(help="Folder of the raw pages the gold describes.")] = Path(
        "dataset/raw"
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score the annotator against hand-checked gold annotations."""
    from khobor.evaluate import GoldError, load_gold, render_table, score

    try:
        cases = load_gold(gold)
    except GoldError as error:
        raise fail(str(error)) from None
    if not raw.is_dir():
        raise fail(f"{raw}: raw folder not found")
    report = score(cases, raw)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        render_table(report)


@schema_app.command("export")
def schema_export(
    out: Annotated[Path, typer.Option(help="Target folder.")] = Path("schemas/v1"),
) -> None:
    """Write the language-neutral forms of schema v1 (JSON Schema, pandera YAML, HF features)."""
    from khobor.schema import export_schemas

    for path in export_schemas(out):
        typer.echo(str(path))


@app.command("draft-gold")
def draft_gold(
    page: Annotated[Path, typer.Argument(help="A raw page to draft a gold file for.")],
    comment: Annotated[str, typer.Option(help="Why the page is in the gold set.")] = "",
) -> None:
    """Print a gold file drafted by the annotator, to be checked by hand line by line."""
    from khobor.evaluate import format_gold
    from khobor.extract import ExtractContext, extract_file, iter_inputs, to_json

    if not page.is_file():
        raise fail(f"{page}: no such file")
    item = next(iter_inputs([page]))
    record = to_json(extract_file(item, ExtractContext()))
    if "quarantine_reason" in record:
        raise fail(f"{page}: quarantined ({record['quarantine_reason']}): {record['detail']}", 1)
    typer.echo(format_gold(record, item.source, comment), nl=False)
