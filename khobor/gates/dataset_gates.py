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
  and no data file is unlisted.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from khobor.gates.config import GatesConfig
from khobor.gates.core import (
    CheckResult,
    GateInputError,
    ReleaseData,
    check_result,
    read_manifest,
    read_quarantine,
    skipped,
)
from khobor.policy import SPLIT_NAMES, DedupPolicy, Policy, SplitPolicy
from khobor.release import QUALITY_DIR

# A body line that is only a one- or two-digit number, Bengali or ASCII: a "most read" rank.
RANK_LINE_RE = r"^[০-৯0-9]{1,2}[.)।]?$"
# Punctuation a furniture line may end with ("মন্তব্য করুন:", "সর্বশেষ খবর »").
_TRAILING_MARKS = " \t:：।|»›>-–—•"
# Files a release holds beside its data that the manifest does not list (it cannot list
# itself; quality reports are written after it).
UNLISTED_OK = ("manifest.json",)
UNLISTED_DIRS = (QUALITY_DIR,)


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


def exact_duplicates(release: ReleaseData, config: GatesConfig) -> CheckResult:
    frame = release.frame
    repeated = frame["body"].notna() & frame["body"].duplicated(keep=False)
    ids = frame.loc[repeated, "id"].astype(str).tolist()
    groups = int(frame.loc[repeated, "body"].nunique())
    return check_result(
        "dataset.exact_duplicates",
        config.level("dataset.exact_duplicates"),
        ids,
        ok=f"{len(frame)} bodies, all distinct",
        bad=f"{{n}} records share a body with another ({groups} bodies repeated)",
        figures={"repeated_bodies": groups},
    )


def near_duplicates_across_splits(
    release: ReleaseData, config: GatesConfig, policy: Policy
) -> CheckResult:
    from khobor.gates.neardup import cross_split_near_duplicates

    check = "dataset.near_duplicates_across_splits"
    pairs = cross_split_near_duplicates(
        release.ids(), release.arrow_column("body"), release.split, policy.dedup
    )
    ids = [pair[key] for pair in pairs for key in ("a", "b")]
    shown = "; ".join(
        f"{p['a']} ({p['splits'][0]}) ~ {p['b']} ({p['splits'][1]}), J={p['jaccard']}"
        for p in pairs[:3]
    )
    return check_result(
        check,
        config.level(check),
        ids,
        ok=f"no near-duplicate pair across splits (threshold {policy.dedup.threshold})",
        bad=f"{len(pairs)} near-duplicate pairs across splits: {shown}",
        figures={"pairs": pairs[:50], "threshold": policy.dedup.threshold},
    )


def split_ratios(release: ReleaseData, config: GatesConfig, policy: Policy) -> CheckResult:
    """Each split's record share within max(tolerance, z·sd) of the policy's share, where sd is
    the binomial standard deviation for this many records: a small release is not failed for
    what chance alone does to a hash split."""
    check = "dataset.split_ratios"
    tolerance, z = config.number(check, "tolerance"), config.number(check, "z")
    counts = Counter(release.split)
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


def previous_records(previous: Path) -> dict[str, tuple[str, str]]:
    """`id -> (split, source)` of a previous release."""
    import pyarrow.parquet as pq

    manifest = read_manifest(previous)
    out: dict[str, tuple[str, str]] = {}
    for entry in manifest["files"]:
        if not entry.get("split"):
            continue
        path = previous / entry["path"]
        try:
            table = pq.read_table(path, columns=["id", "source"])
        except (OSError, ValueError, KeyError) as err:
            raise GateInputError(f"{path}: cannot read the previous release ({err})") from None
        for record_id, source in zip(
            table.column("id").to_pylist(), table.column("source").to_pylist(), strict=True
        ):
            out[record_id] = (entry["split"], source)
    return out


def ledger_stability(
    release: ReleaseData, config: GatesConfig, previous: Path | None
) -> CheckResult:
    check = "dataset.ledger_stability"
    level = config.level(check)
    if previous is None:
        return skipped(check, level, "no previous release to compare with")
    before = previous_records(previous)
    now = dict(zip(release.ids(), release.split, strict=True))
    quarantined = {str(entry.get("source")) for entry in release.quarantine}
    moved = sorted(i for i, (split, _) in before.items() if i in now and now[i] != split)
    vanished = sorted(
        i for i, (_, source) in before.items() if i not in now and source not in quarantined
    )
    excused = sum(1 for i, (_, s) in before.items() if i not in now and s in quarantined)
    parts = []
    if moved:
        parts.append(
            f"{len(moved)} moved split ("
            + ", ".join(f"{i}: {before[i][0]}→{now[i]}" for i in moved[:3])
            + ")"
        )
    if vanished:
        parts.append(
            f"{len(vanished)} vanished without a quarantine reason ({', '.join(vanished[:3])})"
        )
    return check_result(
        check,
        level,
        moved + vanished,
        ok=f"{len(before)} records of {previous.name}: none moved, none vanished unexplained",
        bad=f"against {previous.name}: " + "; ".join(parts),
        figures={
            "previous": previous.name,
            "previous_records": len(before),
            "kept": sum(1 for i in before if i in now),
            "moved": len(moved),
            "vanished": len(vanished),
            "quarantined_since": excused,
        },
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

    from khobor.gates._arrow import pc

    check = "dataset.boilerplate_in_body"
    max_words = config.integer(check, "max_promo_line_words")
    whole, ending, promo = _furniture_phrases()
    body, headline = release.arrow_column("body"), release.arrow_column("headline")
    split = pc.split_pattern(body.fill_null(""), "\n")
    parents = np.asarray(pc.list_parent_indices(split))
    lines = pc.utf8_trim_whitespace(pc.list_flatten(split))
    keep = np.asarray(pc.not_equal(lines, ""), dtype=np.bool_)
    lines, parents = lines.filter(pa.array(keep)), parents[keep]
    folded = pc.utf8_rtrim(pc.utf8_lower(lines), characters=_TRAILING_MARKS)
    heads = pc.utf8_lower(pc.utf8_trim_whitespace(headline.fill_null("")))

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
    figures: dict[str, Any] = {}
    for kind, mask in kinds.items():
        found = np.asarray(mask.fill_null(False), dtype=np.bool_)
        figures[kind] = int(found.sum())
        hit |= found
    ids = release.ids()
    rows = sorted(set(parents[hit].tolist()))
    first_line: dict[int, str] = {}
    for position in np.flatnonzero(hit).tolist():
        first_line.setdefault(int(parents[position]), lines[position].as_py())
    examples = [f"{ids[r]}: {first_line[r][:40]!r}" for r in rows[:3]]
    return check_result(
        check,
        config.level(check),
        [ids[r] for r in rows],
        ok=f"no furniture in {len(lines)} body lines",
        bad="{n} bodies carry furniture: " + "; ".join(examples),
        figures=figures,
    )


def inputs_accounted(release: ReleaseData, config: GatesConfig) -> CheckResult:
    """inputs = records + quarantined, in number and source by source."""
    check = "dataset.inputs_accounted"
    manifest = release.manifest
    figures_in = manifest.get("figures", {}) if isinstance(manifest.get("figures"), dict) else {}
    inputs = manifest.get("inputs", {}) if isinstance(manifest.get("inputs"), dict) else {}
    records = len(release.frame)
    quarantined = len(release.quarantine)
    pages = figures_in.get("inputs", inputs.get("count"))
    failing: list[str] = []
    sources = Counter(release.frame["source"].astype(str).tolist())
    sources.update(str(entry.get("source")) for entry in release.quarantine)
    twice = {source for source, n in sources.items() if n > 1}
    if twice:
        mask = release.frame["source"].isin(twice)
        failing += release.frame.loc[mask, "id"].astype(str).tolist()
        failing += [f"source:{s}" for s in twice if s not in set(release.frame["source"])]
    listed = {
        str(entry.get("source")) for entry in inputs.get("files", []) if isinstance(entry, dict)
    }
    if listed:
        # files that are inputs but not pages (sources.csv) have no record either way
        pages_listed = {s for s in listed if s.endswith(".txt") or s in sources}
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
    from khobor.build import sha256_file

    check = "dataset.manifest_checksums"
    folder = release.folder
    failing: list[str] = []
    problems: list[str] = []
    listed: set[str] = set()
    for entry in release.manifest["files"]:
        relative = str(entry.get("path"))
        listed.add(relative)
        path = folder / relative
        if not path.is_file():
            failing.append(relative)
            problems.append(f"{relative}: missing")
            continue
        if sha256_file(path) != entry.get("sha256"):
            failing.append(relative)
            problems.append(f"{relative}: SHA-256 differs from the manifest")
        rows = entry.get("rows")
        if rows is None:
            continue
        if relative in release.tables:
            actual = release.tables[relative].num_rows
        elif relative.endswith(".jsonl"):
            actual = len(read_quarantine(folder)) if relative == "quarantine.jsonl" else rows
        else:
            continue
        if actual != rows:
            failing.append(relative)
            problems.append(f"{relative}: {actual} rows, manifest says {rows}")
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        top = relative.split("/", 1)[0]
        if relative in listed or relative in UNLISTED_OK or top in UNLISTED_DIRS:
            continue
        if top.startswith("."):
            continue  # hidden files (.gitattributes, .cache of a Hub download)
        failing.append(relative)
        problems.append(f"{relative}: not in the manifest")
    return check_result(
        check,
        config.level(check),
        failing,
        ok=f"{len(listed)} files match their SHA-256 and row counts",
        bad="{n} files disagree with the manifest: " + "; ".join(problems[:3]),
        figures={"files": len(listed), "problems": problems[:50]},
    )


DatasetGate = Callable[..., CheckResult]


def run_dataset_gates(
    release: ReleaseData,
    config: GatesConfig,
    *,
    policy: Policy,
    previous: Path | None,
) -> list[CheckResult]:
    policy = release_policy(release, policy)
    return [
        exact_duplicates(release, config),
        near_duplicates_across_splits(release, config, policy),
        split_ratios(release, config, policy),
        ledger_stability(release, config, previous),
        boilerplate_in_body(release, config),
        inputs_accounted(release, config),
        manifest_checksums(release, config),
    ]


def manifest_json(release: ReleaseData) -> str:
    return json.dumps(release.manifest, ensure_ascii=False)
