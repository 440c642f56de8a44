"""`dataset.stated_facts`: every fact a release states twice agrees with the data.

The manifest's SHA-256s vouch for the files, but nothing vouches for the manifest: whoever
edits a value can update its checksum too. So its own figures are recounted from the data
(records, split counts, outlets per split, line labels, date range, undated records,
duplicate clusters, quarantined pages by reason, raw inputs and their digest), its `version`
is compared with its folder's name (a `MAJOR.MINOR.PATCH` folder, or the Hub tag it was
downloaded from), the card's and Croissant's, and the facts other tools read back are compared
with the files: Croissant's file digests and sizes and its record counts; the card's licence
(the texts are never licensed: `other`), its `dataset_info` splits and sizes, its data files
and its record count. What an edit can still change after these checks (the card's prose)
only a signature or a pinned digest catches (`khobor.contracts.signing`).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from typing import Any

from khobor.annotate.outlets import SOURCES_FILE
from khobor.contracts.layout import CARD, CROISSANT, INPUTS, SEMVER, UNKNOWN_OUTLET, inputs_digest
from khobor.contracts.policy import SPLIT_NAMES
from khobor.contracts.release_files import UnsafeRelease, open_member
from khobor.gates.config import GatesConfig
from khobor.gates.core import CheckResult, GateInputError, ReleaseData, check_result, literal

CHECK = "dataset.stated_facts"
_CARD_VERSION = re.compile(r"^Release \*\*(?P<version>[^*\n]+)\*\*", re.MULTILINE)
_CARD_RECORDS = re.compile(r"^\| records \| (?P<records>\d+) \|$", re.MULTILINE)
_CROISSANT_COUNTS = re.compile(r"(?P<records>\d+) records, splits (?P<splits>[^.]*)\.")


def recount(release: ReleaseData) -> dict[str, Any]:
    """The manifest's `figures`, counted again from the data files and the quarantine."""
    import pyarrow as pa

    from khobor.contracts.taxonomy import LABELS
    from khobor.gates._arrow import pc

    splits = dict.fromkeys(SPLIT_NAMES, 0)
    for path, rows in release.rows.items():
        splits[release.splits[path]] = splits.get(release.splits[path], 0) + rows
    outlets: dict[str, dict[str, int]] = {}
    labels: Counter[str] = Counter()
    dates: list[Any] = []
    undated = 0
    clusters: list[pa.Array] = []
    for batch in release.batches(["outlet", "lines", "date", "dup_cluster"]):
        table = batch.table
        if "outlet" in table.column_names:
            named = pc.fill_null(table.column("outlet"), UNKNOWN_OUTLET)
            for entry in pc.value_counts(named).to_pylist():
                per_split = outlets.setdefault(entry["values"], dict.fromkeys(SPLIT_NAMES, 0))
                per_split[batch.split] = per_split.get(batch.split, 0) + entry["counts"]
        if "lines" in table.column_names:
            label = pc.struct_field(pc.list_flatten(table.column("lines")), "label")
            for entry in pc.value_counts(label).to_pylist():
                value = entry["values"]
                name = LABELS[value] if isinstance(value, int) and value < len(LABELS) else value
                labels[str(name)] += entry["counts"]
        if "date" in table.column_names:
            column = table.column("date")
            undated += column.null_count
            if column.null_count < len(column):
                bounds = pc.min_max(column).as_py()
                dates += [bounds["min"], bounds["max"]]
        if "dup_cluster" in table.column_names:
            clusters.append(table.column("dup_cluster").combine_chunks())
    sizes = (
        pc.value_counts(pa.chunked_array(clusters, pa.string())).field("counts").to_numpy()
        if clusters
        else []
    )
    return {
        "records": release.num_rows,
        "splits": splits,
        "outlets": {name: outlets[name] for name in sorted(outlets)},
        "line_labels": dict(sorted(labels.items())),
        "date_range": [min(dates).isoformat(), max(dates).isoformat()] if dates else [None, None],
        "undated": undated,
        "dup_clusters": len(sizes),
        "records_in_multi_record_clusters": int(sum(n for n in sizes if n > 1)),
        "quarantined": dict(
            sorted(Counter(str(e.get("quarantine_reason")) for e in release.quarantine).items())
        ),
    }


def _inputs_of(release: ReleaseData) -> tuple[list[str], list[str]] | None:
    """(sources, SHA-256s) of the raw inputs, sorted by source, from the provenance file (or a
    release's manifest written before it); None when that cannot be read."""
    inputs = release.manifest.get("inputs")
    if not isinstance(inputs, dict):
        return None
    if "file" not in inputs:
        rows = [e for e in inputs.get("files", []) if isinstance(e, dict)]
        pairs = sorted((str(e.get("source")), str(e.get("sha256"))) for e in rows)
    else:
        import pyarrow.parquet as pq

        if INPUTS not in release.tree:
            return None
        try:
            table = pq.read_table(release.folder / INPUTS, columns=["source", "sha256"])
        except (OSError, ValueError, KeyError):
            return None
        pairs = list(zip(*(table.column(c).to_pylist() for c in ("source", "sha256")), strict=True))
    return [s for s, _ in pairs], [h for _, h in pairs]


def _read_text(release: ReleaseData, name: str) -> str | None:
    """A small file of the release (card, Croissant) when the manifest lists it, else None."""
    if name not in release.tree:
        return None
    try:
        with os.fdopen(open_member(release.folder, name), "rb") as handle:
            return handle.read().decode("utf-8")
    except (OSError, UnicodeDecodeError, UnsafeRelease) as err:
        raise GateInputError(f"{release.folder / name}: cannot read it ({err})") from None


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _front_matter(card: str) -> dict[str, Any]:
    import yaml

    if not card.startswith("---\n") or "\n---\n" not in card[4:]:
        return {}
    try:
        data = yaml.safe_load(card[4 : card.index("\n---\n", 4)])
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def card_problems(
    card: str, version: str, records: int, splits: dict[str, int], files: list[dict[str, Any]]
) -> list[str]:
    """Where the card disagrees with the release: its licence, `dataset_info`, data files,
    version and record count."""
    from khobor.render.card import LICENSE_NAME

    problems = []
    front = _front_matter(card)
    if front.get("license") != "other" or front.get("license_name") != LICENSE_NAME:
        problems.append(
            f"card: license {front.get('license')!a} ({front.get('license_name')!a}); the texts "
            f"belong to their outlets: other ({LICENSE_NAME})"
        )
    info = _mapping(front.get("dataset_info"))
    stated = {
        str(entry.get("name")): entry.get("num_examples")
        for entry in info.get("splits", [])
        if isinstance(entry, dict)
    }
    if stated != splits:
        problems.append(f"card: dataset_info splits {stated} ≠ the data's {splits}")
    download = sum(int(entry.get("bytes", 0)) for entry in files if entry.get("split"))
    if "download_size" in info and info["download_size"] != download:
        problems.append(f"card: download_size {info['download_size']} ≠ {download} bytes")
    configs = front.get("configs") or []
    patterns = [
        entry.get("path")
        for config in configs
        if isinstance(config, dict)
        for entry in config.get("data_files", [])
        if isinstance(entry, dict)
    ]
    if configs and patterns != [f"data/{split}-*.parquet" for split in SPLIT_NAMES]:
        problems.append(f"card: configs name the data files {patterns}")
    shown = _CARD_VERSION.search(card)
    if shown is None or shown["version"] != version:
        problems.append(f"card: release {shown['version'] if shown else None!a} ≠ {version}")
    count = _CARD_RECORDS.search(card)
    if count is None or int(count["records"]) != records:
        problems.append(f"card: {count['records'] if count else None} records ≠ {records}")
    return problems


def croissant_problems(
    text: str, version: str, records: int, splits: dict[str, int], files: list[dict[str, Any]]
) -> list[str]:
    """Where `croissant.json` disagrees with the release: its version, its record counts, and
    each data file's SHA-256 and size (what a Croissant reader checks a download against)."""
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as err:
        return [f"croissant: not JSON ({err})"]
    if not isinstance(document, dict):
        return ["croissant: not a JSON object"]
    problems = []
    if document.get("version") != version:
        problems.append(f"croissant: version {document.get('version')!a} ≠ {version}")
    stated = {
        str(entry.get("contentUrl")): (entry.get("sha256"), entry.get("contentSize"))
        for entry in document.get("distribution", [])
        if isinstance(entry, dict) and entry.get("@type") == "cr:FileObject"
    }
    actual = {
        str(entry["path"]): (entry.get("sha256"), f"{entry.get('bytes')} B")
        for entry in files
        if entry.get("split")
    }
    for path in sorted(set(stated) | set(actual)):
        if stated.get(path) != actual.get(path):
            problems.append(
                f"croissant: {path}: {stated.get(path)} ≠ the file's {actual.get(path)}"
            )
    counts = _CROISSANT_COUNTS.search(str(document.get("description", "")))
    said = ", ".join(f"{split} {splits[split]}" for split in SPLIT_NAMES)
    if counts is None or int(counts["records"]) != records or counts["splits"] != said:
        problems.append(f"croissant: description does not say {records} records, splits {said}")
    return problems


def stated_facts(
    release: ReleaseData, config: GatesConfig, *, expected_version: str | None = None
) -> CheckResult:
    """Every fact the release states twice agrees (see the module docstring).
    `expected_version`: the version the release must be when its folder's name cannot say
    (a Hub revision `vX.Y.Z`)."""
    manifest = release.manifest
    version = str(manifest.get("version"))
    failing: list[str] = []
    problems: list[str] = []

    def disagree(name: str, problem: str) -> None:
        failing.append(name)
        problems.append(problem)

    folder_version = release.folder.name if SEMVER.match(release.folder.name) else None
    for where, expected in (("folder", folder_version), ("revision", expected_version)):
        if expected is not None and expected != version:
            disagree(f"version:{where}", f"manifest version {version!a} ≠ {where} {expected}")
    figures = _mapping(manifest.get("figures"))
    counted = recount(release)
    for key, value in counted.items():
        if key in figures and figures[key] != value:
            disagree(f"figures.{key}", f"figures.{key}: manifest {figures[key]} ≠ data {value}")
    inputs = _mapping(manifest.get("inputs"))
    listed = _inputs_of(release)
    if listed is None:
        disagree("inputs", "inputs: the raw inputs' list cannot be read")
    else:
        sources, shas = listed
        pages = len(sources) - (SOURCES_FILE in sources)  # the listing is an input, no page
        for key, count, actual in (
            ("figures.inputs", figures.get("inputs"), pages),
            ("inputs.count", inputs.get("count"), len(sources)),
        ):
            if count is not None and count != actual:
                disagree(key, f"{key}: manifest {count} ≠ {actual} inputs listed")
        if "sha256" in inputs and inputs["sha256"] != inputs_digest(sources, shas):
            disagree("inputs.sha256", "inputs.sha256: not the digest of the inputs listed")
    files = [entry for entry in manifest["files"] if isinstance(entry, dict)]
    records, splits = counted["records"], counted["splits"]
    card = _read_text(release, CARD)
    if card is not None:
        for problem in card_problems(card, version, records, splits, files):
            disagree(CARD, problem)
    croissant = _read_text(release, CROISSANT)
    if croissant is not None:
        for problem in croissant_problems(croissant, version, records, splits, files):
            disagree(CROISSANT, problem)
    compared = "folder name" if folder_version else "revision" if expected_version else None
    return check_result(
        CHECK,
        config.level(CHECK),
        failing,
        ok=f"manifest figures, version ({compared or 'no folder name or tag to compare'}), "
        "card and Croissant agree with the data",
        bad="{n} stated facts disagree with the data: " + literal("; ".join(problems[:3])),
        figures={"problems": problems[:50], "version_compared_with": compared},
    )
