"""Dataset gates (ours): what no single row can show.

- `exact_duplicates`: no two records with the same body;
- `near_duplicates_across_splits`: recomputed (`khobor.gates.neardup`), never read from the
  `dup_cluster` column;
- `split_ratios`: each split's share of records near the policy's share;
- `ledger_stability`: against the previous release, no record moved split and none vanished
  without a quarantine entry for its source;
- `boilerplate_in_body`: no page furniture in a body (`khobor.lexicons.furniture` phrases,
  rank-number lines, the headline repeated as a body line);
- `inputs_accounted`: raw inputs = records + quarantined, source by source;
- `manifest_checksums`: every file the manifest lists is there with its SHA-256 and row count,
  and the release holds no other file (hidden ones too) but its manifest, signature and
  `quality/` reports;
- `personal_data` (`khobor.gates.personal_data_gate`): personal data left in the records,
  per kind, with the records that hold it;
- `stated_facts`: every fact the release states twice agrees with the data
  (`khobor.gates.facts`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khobor.contracts.layout import MANIFEST, QUARANTINE, is_page_name
from khobor.contracts.policy import SPLIT_NAMES, DedupPolicy, Policy, SplitPolicy
from khobor.contracts.release_files import UnsafeRelease, member, member_problem
from khobor.gates.config import GatesConfig
from khobor.gates.core import (
    BATCH_ROWS,
    MAX_REPORTED_IDS,
    CheckResult,
    FailingRows,
    GateInputError,
    ReleaseData,
    check_result,
    counted_result,
    literal,
    read_manifest,
    resolve_ids,
    skipped,
)
from khobor.gates.personal_data_gate import personal_data
from khobor.text.keys import KEY_TRIM, RANK_LINE

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

    from khobor.gates.neardup import Signed

# A body line that is only a rank number, as the annotator tells one (`textkeys.RANK_LINE`).
RANK_LINE_RE = f"^(?:{RANK_LINE})$"
# A furniture phrase may close a sentence: a line's key is also compared without a final danda.
_CLOSING_MARKS = "।" + KEY_TRIM


def release_policy(release: ReleaseData, fallback: Policy) -> Policy:
    """The dedup and split policy the release was built with (from its manifest), else
    `fallback` (the current `validation/gates.toml`)."""
    recorded = release.manifest.get("policy")
    if not isinstance(recorded, dict):
        return fallback
    try:
        dedup = DedupPolicy(**recorded.get("dedup", {}))
        splits = SplitPolicy(**recorded.get("splits", {}))
    except (TypeError, ValueError):
        return fallback
    return Policy(dedup=dedup, splits=splits)


def body_files(release: ReleaseData) -> list[tuple[Path, int]]:
    """The release's Parquet files with their row counts, in row order (what gets signed)."""
    return [(release.folder / path, rows) for path, rows in release.rows.items()]


def start_signing(release: ReleaseData, policy: Policy) -> Future[Signed]:
    """Sign every body in the background (`neardup.sign_files_in_background`), with the
    policy the release was built with; `run_dataset_gates` takes the result."""
    from khobor.gates.neardup import sign_files_in_background

    return sign_files_in_background(body_files(release), release_policy(release, policy).dedup)


def duplicates(
    release: ReleaseData, config: GatesConfig, policy: Policy, signed: Signed | None = None
) -> tuple[CheckResult, CheckResult]:
    """`exact_duplicates` and `near_duplicates_across_splits` from one signing pass over the
    `body` column (`neardup.sign_files`; `signed` when it was started earlier)."""
    import numpy as np

    from khobor.gates.neardup import cross_split_pairs, exact_groups, sign_files

    if signed is None:
        signed = sign_files(body_files(release), policy.dedup)
    split_of = [release.splits[path] for path in release.rows]
    split_names = sorted(set(split_of))
    split_codes = np.repeat(
        np.asarray([split_names.index(s) for s in split_of], dtype=np.int64),
        list(release.rows.values()),
    )
    exact = FailingRows(release.num_rows)
    groups = exact_groups(signed)
    for group in groups:
        exact.add_rows(group)
    pairs = cross_split_pairs(signed, split_codes, policy.dedup)
    near = FailingRows(release.num_rows)
    near.add_rows([p for a, b, _ in pairs for p in (a, b)])
    id_of = resolve_ids(release, [exact, near, _pair_rows(pairs[:50], release.num_rows)])
    check = "dataset.exact_duplicates"
    exact_result = counted_result(
        check,
        config.level(check),
        exact,
        id_of,
        ok=f"{release.num_rows} bodies, all distinct",
        bad=f"{{n}} records share a body with another ({len(groups)} bodies repeated)",
        figures={"repeated_bodies": len(groups)},
    )
    check = "dataset.near_duplicates_across_splits"
    shown: list[dict[str, Any]] = [
        {
            "a": id_of[a],
            "b": id_of[b],
            "splits": [split_names[split_codes[a]], split_names[split_codes[b]]],
            "jaccard": similarity,
        }
        for a, b, similarity in pairs[:50]
    ]
    summary = "; ".join(
        f"{p['a']} ({p['splits'][0]}) ~ {p['b']} ({p['splits'][1]}), J={p['jaccard']}"
        for p in shown[:3]
    )
    near_result = counted_result(
        check,
        config.level(check),
        near,
        id_of,
        ok=f"no near-duplicate pair across splits (threshold {policy.dedup.threshold})",
        bad=f"{len(pairs)} near-duplicate pairs across splits: {summary}",
        figures={"pairs": shown, "pair_count": len(pairs), "threshold": policy.dedup.threshold},
    )
    return exact_result, near_result


def _pair_rows(pairs: list[tuple[int, int, float]], total: int) -> FailingRows:
    rows = FailingRows(total)
    rows.add_rows([p for a, b, _ in pairs for p in (a, b)])
    return rows


def split_ratios(release: ReleaseData, config: GatesConfig, policy: Policy) -> CheckResult:
    """Each split's record share within max(tolerance, z·sd) of the policy's share, where sd is
    the binomial standard deviation for this many records: a small release is not failed for
    what chance alone does to a hash split."""
    check = "dataset.split_ratios"
    tolerance, z = config.number(check, "tolerance"), config.number(check, "z")
    counts: Counter[str] = Counter()
    for path, rows in release.rows.items():
        counts[release.splits[path]] += rows
    total = sum(counts.values())
    expected = policy.splits.ratios()
    figures: dict[str, Any] = {"records": total}
    off: list[str] = []
    for name in SPLIT_NAMES:
        share = counts.get(name, 0) / total if total else 0.0
        p = expected[name]
        allowed = max(tolerance, z * math.sqrt(p * (1 - p) / total)) if total else 1.0
        figures[name] = {
            "records": counts.get(name, 0),
            "share": round(share, 4),
            "expected": p,
            "allowed_deviation": round(allowed, 4),
        }
        if abs(share - p) > allowed:
            off.append(f"split:{name}")
    unknown = sorted(set(counts) - set(SPLIT_NAMES))
    off += [f"split:{name}" for name in unknown]
    summary = ", ".join(
        f"{name} {figures[name]['share']:.3f} (policy {expected[name]})" for name in SPLIT_NAMES
    )
    return check_result(
        check,
        config.level(check),
        off,
        ok=f"shares {summary}",
        bad=f"{{n}} splits off their share: {summary}"
        + (f"; unknown splits {unknown}" if unknown else ""),
        figures=figures,
    )


def current_splits(release: ReleaseData) -> dict[str, str]:
    """`id -> split` of the release (the `id` column only)."""
    now: dict[str, str] = {}
    for batch in release.batches(["id"]):
        if "id" in batch.table.column_names:
            now.update(dict.fromkeys(batch.table.column("id").to_pylist(), batch.split))
    return now


def ledger_stability(
    release: ReleaseData, config: GatesConfig, previous: Path | None
) -> CheckResult:
    """Streams the previous release's `id`, `source` columns (file by file) against
    `id -> split` of this one."""
    import pyarrow.parquet as pq

    check = "dataset.ledger_stability"
    level = config.level(check)
    if previous is None:
        return skipped(check, level, "no previous release to compare with")
    now = current_splits(release)
    quarantined = {str(entry.get("source")) for entry in release.quarantine}
    moved: list[tuple[str, str]] = []  # (id, split before)
    vanished: list[str] = []
    records = kept = excused = 0
    for entry in read_manifest(previous)["files"]:
        if not entry.get("split"):
            continue
        try:
            path = member(previous, entry["path"])
        except UnsafeRelease as err:
            raise GateInputError(f"the previous release: {err}") from None
        try:
            reader = pq.ParquetFile(path)
            for batch in reader.iter_batches(batch_size=BATCH_ROWS, columns=["id", "source"]):
                ids, sources = batch.column("id").to_pylist(), batch.column("source").to_pylist()
                for record_id, source in zip(ids, sources, strict=True):
                    records += 1
                    split = now.get(record_id)
                    if split is not None:
                        kept += 1
                        if split != entry["split"]:
                            moved.append((record_id, entry["split"]))
                    elif source in quarantined:
                        excused += 1
                    else:
                        vanished.append(record_id)
        except (OSError, ValueError, KeyError) as err:
            raise GateInputError(f"{path}: cannot read the previous release ({err})") from None
    moved.sort()
    vanished.sort()
    parts = []
    if moved:
        parts.append(
            f"{len(moved)} moved split ("
            + ", ".join(f"{i}: {before}→{now[i]}" for i, before in moved[:3])
            + ")"
        )
    if vanished:
        parts.append(
            f"{len(vanished)} vanished without a quarantine reason ({', '.join(vanished[:3])})"
        )
    failing = [i for i, _ in moved] + vanished
    return CheckResult(
        check,
        level,
        not failing,
        f"{records} records of {previous.name}: none moved, none vanished unexplained"
        if not failing
        else f"against {previous.name}: " + "; ".join(parts),
        {
            "previous": previous.name,
            "previous_records": records,
            "kept": kept,
            "moved": len(moved),
            "vanished": len(vanished),
            "quarantined_since": excused,
        },
        sorted(failing)[:MAX_REPORTED_IDS],
        len(set(failing)),
    )


def _furniture_phrases() -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """(whole-line phrases, line-ending phrases, promo phrases), NFC and case-folded."""
    from khobor.lexicons import furniture as lex

    whole = frozenset(lex.COMMENT_PROMPTS + lex.RELATED_HEADERS + lex.COMMENT_SECTION_HEADERS)
    # A multi-word comment prompt at the end of a paragraph ("… মন্তব্য করুন") is furniture
    # glued to the last line; single words ("মন্তব্য") end real sentences too.
    ending = tuple(p for p in lex.COMMENT_PROMPTS if " " in p)
    promo = tuple(p for p in lex.PROMO_PHRASES if " " in p)
    return whole, ending, promo


def boilerplate_in_body(release: ReleaseData, config: GatesConfig) -> CheckResult:
    """Every body line (Arrow, RE2) against the furniture lexicon, the rank-number pattern and
    its page's headline."""
    import numpy as np
    import pyarrow as pa

    check = "dataset.boilerplate_in_body"
    max_words = config.integer(check, "max_promo_line_words")
    phrases = _furniture_phrases()
    failing = FailingRows(release.num_rows)
    figures: Counter[str] = Counter()
    body_lines = 0
    first_line: dict[int, str] = {}  # release position -> its first furniture line (a few)
    for batch in release.batches(["body", "headline"]):
        names = batch.table.column_names
        if "body" not in names or "headline" not in names:
            continue
        rows, lines, hit, kinds = furniture_lines(
            batch.table.column("body").combine_chunks().cast(pa.string()),
            batch.table.column("headline").combine_chunks().cast(pa.string()),
            phrases,
            max_words,
        )
        body_lines += len(lines)
        figures.update(kinds)
        positions = rows + batch.offset
        failing.add_rows(positions[hit])
        for position in np.flatnonzero(hit).tolist():
            if len(first_line) >= 3 and int(positions[position]) not in first_line:
                break
            first_line.setdefault(int(positions[position]), lines[position].as_py())
    id_of = resolve_ids(release, [failing])
    examples = [f"{id_of.get(r, r)}: {first_line[r][:40]!r}" for r in sorted(first_line)[:3]]
    return counted_result(
        check,
        config.level(check),
        failing,
        id_of,
        ok=f"no furniture in {body_lines} body lines",
        bad="{n} bodies carry furniture: " + "; ".join(examples),
        figures=dict(figures),
    )


def furniture_lines(
    body: pa.Array,
    headline: pa.Array,
    phrases: tuple[frozenset[str], tuple[str, ...], tuple[str, ...]],
    max_words: int,
) -> tuple[np.ndarray, pa.Array, np.ndarray, dict[str, int]]:
    """(row of each non-blank body line, the lines, which are furniture, count by kind) of
    some rows."""
    import numpy as np
    import pyarrow as pa

    from khobor.gates._arrow import pc

    whole, ending, promo = phrases
    split = pc.split_pattern(body.fill_null(""), "\n")
    parents = np.asarray(pc.list_parent_indices(split))
    lines = pc.utf8_trim_whitespace(pc.list_flatten(split))
    keep = np.asarray(pc.not_equal(lines, ""), dtype=np.bool_)
    lines, parents = lines.filter(pa.array(keep)), parents[keep]
    folded = _furniture_keys(lines)
    heads = _furniture_keys(headline.fill_null(""))

    def ends_with_any(phrases: tuple[str, ...]) -> Any:
        # lines ending in a phrase's last character, then one hash lookup per phrase length
        found = np.zeros(len(folded), dtype=np.bool_)
        last = pc.utf8_slice_codeunits(folded, start=-1)
        endings = sorted({p[-1] for p in phrases})
        maybe = np.flatnonzero(
            np.asarray(pc.is_in(last, value_set=pa.array(endings)), dtype=np.bool_)
        )
        if not len(maybe):
            return found
        few = folded.take(pa.array(maybe))
        for size in sorted({len(p) for p in phrases}):
            tail = pc.utf8_slice_codeunits(few, start=-size)
            same = [p for p in phrases if len(p) == size]
            hit = np.asarray(pc.is_in(tail, value_set=pa.array(same, pa.string())), dtype=np.bool_)
            found[maybe[hit]] = True
        return found

    # Promo phrases count only in lines of at most `max_words` words; words are counted only
    # in the (few) lines that hold a phrase.
    pattern = "|".join(re.escape(p) for p in promo)
    promo_hit = np.asarray(
        pc.match_substring_regex(folded, pattern).fill_null(False), dtype=np.bool_
    )
    if promo_hit.any():
        matched = np.flatnonzero(promo_hit)
        few = pc.utf8_trim_whitespace(folded.take(pa.array(matched)))
        words = np.asarray(pc.count_substring_regex(few, r"\s+")) + 1
        promo_hit[matched[words > max_words]] = False
    kinds = {
        "lexicon_line": pc.is_in(folded, value_set=pa.array(sorted(whole), pa.string())),
        "comment_prompt_ending": pa.array(ends_with_any(ending)),
        "promo": pa.array(promo_hit),
        "rank_number": pc.match_substring_regex(lines, RANK_LINE_RE),
        "repeated_headline": pc.and_(
            pc.equal(folded, pc.take(heads, pa.array(parents))), pc.not_equal(folded, "")
        ),
    }
    hit = np.zeros(len(lines), dtype=np.bool_)
    figures: dict[str, int] = {}
    for kind, mask in kinds.items():
        found = np.asarray(mask.fill_null(False), dtype=np.bool_)
        figures[kind] = int(found.sum())
        hit |= found
    return parents.astype(np.int64), lines, hit, figures


def _furniture_keys(lines: pa.Array) -> pa.Array:
    """Each line's key (`textkeys.line_keys`, the annotator's), without a closing danda."""
    from khobor.gates._arrow import pc
    from khobor.text.keys import line_keys

    return pc.utf8_rtrim(line_keys(lines), characters=_CLOSING_MARKS)


def _listed_sources(release: ReleaseData, inputs: dict[str, Any]) -> set[str] | None:
    """The raw inputs' sources the release lists: in its provenance file (`khobor.contracts.layout.
    INPUTS`), or, in a release older than that file, in the manifest; None when the file the
    manifest names cannot be read."""
    if "file" not in inputs:
        files = inputs.get("files", [])
        return _plain_sources(
            release.folder / MANIFEST,
            [entry.get("source") for entry in files if isinstance(entry, dict)],
        )
    import pyarrow.parquet as pq

    from khobor.contracts.layout import INPUTS

    if inputs["file"] != INPUTS or INPUTS not in release.tree:  # never a path it chose
        return None
    try:
        table = pq.read_table(release.folder / INPUTS, columns=["source"])
    except (OSError, ValueError, KeyError):  # not Parquet, no such column
        return None
    return _plain_sources(release.folder / INPUTS, table.column("source").to_pylist())


def _plain_sources(where: Path, sources: list[Any]) -> set[str]:
    """The inputs' sources, each a plain relative path (a name inside the raw folder), or the
    list is unreadable input (`GateInputError`)."""
    for source in sources:
        why = member_problem(source)
        if why is not None:
            raise GateInputError(f"{where}: source {source!a} is refused: {why}")
    return {str(source) for source in sources}


def inputs_accounted(release: ReleaseData, config: GatesConfig) -> CheckResult:
    """inputs = records + quarantined, in number and source by source."""
    check = "dataset.inputs_accounted"
    manifest = release.manifest
    figures_in = manifest.get("figures", {}) if isinstance(manifest.get("figures"), dict) else {}
    inputs = manifest.get("inputs", {}) if isinstance(manifest.get("inputs"), dict) else {}
    records = release.num_rows
    quarantined = len(release.quarantine)
    pages = figures_in.get("inputs", inputs.get("count"))
    failing: list[str] = []
    sources: Counter[str] = Counter()
    for batch in release.batches(["source"]):
        if "source" in batch.table.column_names:
            sources.update(str(s) for s in batch.table.column("source").to_pylist())
    record_sources = set(sources)
    sources.update(str(entry.get("source")) for entry in release.quarantine)
    twice = {source for source, n in sources.items() if n > 1}
    if twice:
        rows = FailingRows(records)
        for batch in release.batches(["source"]):
            if "source" in batch.table.column_names:
                values = batch.table.column("source").to_pylist()
                rows.add_rows([batch.offset + i for i, v in enumerate(values) if str(v) in twice])
        id_of = resolve_ids(release, [rows])
        failing += [id_of[p] for p in rows.first()]
        failing += [f"source:{s}" for s in twice if s not in record_sources]
    listed = _listed_sources(release, inputs)
    if listed is None:
        failing.append("manifest:inputs")  # the provenance file cannot be read
    elif listed:
        # files that are inputs but not pages (sources.csv) have no record either way
        pages_listed = {s for s in listed if is_page_name(s) or s in sources}
        failing += [f"source:{s}" for s in sorted(pages_listed - set(sources))]
        unknown = sorted(set(sources) - listed)
        failing += [f"source:{s}" for s in unknown]
    if not isinstance(pages, int) or (pages != records + quarantined and not failing):
        failing.append("manifest:inputs")
    return check_result(
        check,
        config.level(check),
        failing,
        ok=f"{pages} inputs = {records} records + {quarantined} quarantined",
        bad=f"{pages} inputs ≠ {records} records + {quarantined} quarantined, or sources "
        "disagree ({n} failing)",
        figures={"inputs": pages, "records": records, "quarantined": quarantined},
    )


def manifest_checksums(release: ReleaseData, config: GatesConfig) -> CheckResult:
    """Every file the manifest lists is there with its SHA-256 and row count, and the release
    holds no other file (hidden ones too) but the manifest, its signature and `quality/`."""
    from khobor.contracts.release_files import member_sha256, unlisted

    check = "dataset.manifest_checksums"
    folder = release.folder
    failing: list[str] = []
    problems: list[str] = []
    listed: set[str] = set()
    present = set(release.tree)
    for entry in release.manifest["files"]:
        relative = str(entry.get("path"))
        listed.add(relative)
        if relative not in present:
            failing.append(relative)
            problems.append(f"{relative}: missing")
            continue
        if member_sha256(folder, relative) != entry.get("sha256"):
            failing.append(relative)
            problems.append(f"{relative}: SHA-256 differs from the manifest")
        rows = entry.get("rows")
        if rows is None:
            continue
        if relative in release.rows:
            actual = release.rows[relative]
        elif relative.endswith(".jsonl"):
            actual = len(release.quarantine) if relative == QUARANTINE else rows
        else:
            continue
        if actual != rows:
            failing.append(relative)
            problems.append(f"{relative}: {actual} rows, manifest says {rows}")
    for relative in unlisted(release.tree, listed):
        failing.append(relative)
        problems.append(f"{relative}: not in the manifest")
    return check_result(
        check,
        config.level(check),
        failing,
        ok=f"{len(listed)} files match their SHA-256 and row counts; no other file",
        bad="{n} files disagree with the manifest: " + literal("; ".join(problems[:3])),
        figures={"files": len(listed), "problems": problems[:50]},
    )


def run_dataset_gates(
    release: ReleaseData,
    config: GatesConfig,
    *,
    policy: Policy,
    previous: Path | None,
    signing: Future[Signed] | Signed | None = None,
    expected_version: str | None = None,
) -> list[CheckResult]:
    """Every dataset gate. `signing`: the bodies' signatures (`start_signing`'s future, or the
    build's for the release it staged); signed here when None. `expected_version`: what the
    release's version must be when its folder's name cannot say (`facts.stated_facts`)."""
    from khobor.gates.facts import stated_facts

    policy = release_policy(release, policy)
    signed = signing.result() if isinstance(signing, Future) else signing
    exact, near = duplicates(release, config, policy, signed)
    return [
        exact,
        near,
        split_ratios(release, config, policy),
        ledger_stability(release, config, previous),
        boilerplate_in_body(release, config),
        inputs_accounted(release, config),
        manifest_checksums(release, config),
        personal_data(release, config),
        stated_facts(release, config, expected_version=expected_version),
    ]
