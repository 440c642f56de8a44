"""Split assignment: train / validation / test by a stable hash of the duplicate cluster.

Rules, in order of precedence:

1. **The ledger.** A record that was in the previous release keeps that release's split.
2. **No cluster straddles splits.** A cluster takes the split of its ledger members; a new
   record joins its cluster's split. Should a new page link clusters the ledger put in
   different splits, the cluster is divided by ledger split (old records never move) and the
   new members join the part holding the smallest old id (counted in `divided_clusters`).
3. **Stable hash.** A cluster with no ledger member goes where SHA-256(salt, cluster id) falls
   on the cumulative shares (`SplitPolicy`), so it does not depend on the other clusters.
4. **No empty split with three or more clusters.** When the hash leaves a split empty, new
   clusters (never ledger ones) are moved into it, deterministically: from the split with
   the most clusters, the one whose hash position is nearest the empty split's interval.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from khobor.contracts.layout import MANIFEST, SEMVER
from khobor.contracts.policy import SPLIT_NAMES, SplitPolicy


class LedgerError(ValueError):
    """The previous release cannot be read as a ledger."""


def hash_position(cluster_id: str, salt: str) -> float:
    """Where a cluster falls in [0, 1): the first 8 bytes of SHA-256(salt NUL id).

    >>> hash_position("a", "s") == hash_position("a", "s")
    True
    >>> 0 <= hash_position("a", "s") < 1
    True
    """
    digest = hashlib.sha256(f"{salt}\0{cluster_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _intervals(policy: SplitPolicy) -> dict[str, tuple[float, float]]:
    out, low = {}, 0.0
    for name, share in policy.ratios().items():
        out[name] = (low, low + share)
        low += share
    return out


def hash_split(cluster_id: str, policy: SplitPolicy) -> str:
    """The split a new cluster's hash falls in.

    >>> hash_split("x", SplitPolicy(train=1.0, validation=0.0, test=0.0))
    'train'
    """
    position = hash_position(cluster_id, policy.salt)
    intervals = _intervals(policy)
    for name in SPLIT_NAMES:
        low, high = intervals[name]
        if low <= position < high:
            return name
    # rounding of the shares can leave the top of [0, 1) uncovered: the last non-empty share
    return next(name for name in reversed(SPLIT_NAMES) if policy.ratios()[name] > 0)


@dataclass
class SplitAssignment:
    split_of: dict[str, str]  # record id -> split
    cluster_of: dict[str, str]  # record id -> dup_cluster (smallest id of its part)
    kept_from_ledger: int = 0  # records whose split came from the ledger
    divided_clusters: int = 0  # clusters divided because ledger members disagreed
    moved_clusters: list[str] = field(default_factory=list)  # new clusters moved by rebalancing

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SPLIT_NAMES, 0)
        for split in self.split_of.values():
            counts[split] += 1
        return counts

    def summary(self) -> SplitSummary:
        return SplitSummary(
            self.kept_from_ledger, self.divided_clusters, tuple(self.moved_clusters)
        )


@dataclass(frozen=True, slots=True)
class SplitSummary:
    """What a build's `SplitAssignment` did with the ledger, without its maps of every record:
    once the Parquet files are written nothing needs them (the splits are in the files,
    `read_ledger`; their sizes in `Figures.splits`), and at a million records they are ~0.15 GB
    beside a release's gates."""

    kept_from_ledger: int
    divided_clusters: int
    moved_clusters: tuple[str, ...]


def assign_splits(
    clusters: Mapping[str, str], ledger: Mapping[str, str], policy: SplitPolicy
) -> SplitAssignment:
    """Splits for every record of `clusters` (`id -> dup_cluster`); `ledger` is the previous
    release's `id -> split` (ids no longer present are ignored).

    >>> a = assign_splits({"a": "a", "b": "a", "c": "c", "d": "d"}, {}, SplitPolicy())
    >>> a.split_of["a"] == a.split_of["b"], sorted(set(a.split_of.values()))
    (True, ['test', 'train', 'validation'])
    """
    for record_id, split in ledger.items():
        if split not in SPLIT_NAMES:
            raise LedgerError(f"ledger entry {record_id!r} has unknown split {split!r}")
    members: dict[str, list[str]] = {}
    for record_id, cluster in clusters.items():
        members.setdefault(cluster, []).append(record_id)

    # parts: (part id, ledger split or None, member ids)
    parts: list[tuple[str, str | None, list[str]]] = []
    divided = 0
    for cluster in sorted(members):
        ids = sorted(members[cluster])
        old = [i for i in ids if i in ledger]
        old_splits = sorted({ledger[i] for i in old})
        if len(old_splits) <= 1:
            parts.append((ids[0], old_splits[0] if old_splits else None, ids))
            continue
        divided += 1
        new_home = ledger[old[0]]
        for split in old_splits:
            part = [i for i in ids if (ledger.get(i) or new_home) == split]
            parts.append((part[0], split, part))

    split_of_part: dict[str, str] = {}
    fixed: set[str] = set()
    for part_id, ledger_split, _ in parts:
        if ledger_split is not None:
            split_of_part[part_id] = ledger_split
            fixed.add(part_id)
        else:
            split_of_part[part_id] = hash_split(part_id, policy)
    moved = _rebalance(split_of_part, fixed, policy)

    split_of: dict[str, str] = {}
    cluster_of: dict[str, str] = {}
    for part_id, _, ids in parts:
        for record_id in ids:
            split_of[record_id] = split_of_part[part_id]
            cluster_of[record_id] = part_id
    return SplitAssignment(
        split_of=split_of,
        cluster_of=cluster_of,
        kept_from_ledger=sum(1 for i in clusters if i in ledger),
        divided_clusters=divided,
        moved_clusters=moved,
    )


def _rebalance(split_of_part: dict[str, str], fixed: set[str], policy: SplitPolicy) -> list[str]:
    """Fill empty splits (when there are at least as many clusters as splits) by moving new
    clusters; returns the moved cluster ids in the order moved."""
    moved: list[str] = []
    if len(split_of_part) < len(SPLIT_NAMES):
        return moved
    intervals = _intervals(policy)
    while True:
        counts = dict.fromkeys(SPLIT_NAMES, 0)
        for split in split_of_part.values():
            counts[split] += 1
        empty = [name for name in SPLIT_NAMES if counts[name] == 0]
        if not empty:
            return moved
        target = empty[0]
        low, high = intervals[target]
        middle = (low + high) / 2
        donors = [name for name in SPLIT_NAMES if counts[name] >= 2]
        candidates = [
            part
            for part, split in split_of_part.items()
            if part not in fixed and split in donors and part not in moved
        ]
        if not candidates:
            return moved  # every movable cluster is pinned by the ledger
        largest = max(counts[split_of_part[part]] for part in candidates)
        candidates = [part for part in candidates if counts[split_of_part[part]] == largest]
        chosen = min(
            candidates, key=lambda part: (abs(hash_position(part, policy.salt) - middle), part)
        )
        split_of_part[chosen] = target
        moved.append(chosen)


# --- the ledger: the previous release's assignments ------------------------------------------


def parse_version(version: str) -> tuple[int, int, int]:
    """`MAJOR.MINOR.PATCH` as a tuple, for ordering.

    >>> parse_version("1.10.0") > parse_version("1.9.3")
    True
    """
    match = SEMVER.match(version)
    if not match:
        raise ValueError(f"{version!r} is not a MAJOR.MINOR.PATCH version")
    major, minor, patch = match.groups()
    return int(major), int(minor), int(patch)


def release_versions(releases: Path) -> list[str]:
    """Versions of the complete releases (a folder with a manifest) under `releases`, oldest
    first."""
    if not releases.is_dir():
        return []
    found = [
        path.name
        for path in releases.iterdir()
        if SEMVER.match(path.name) and (path / MANIFEST).is_file()
    ]
    return sorted(found, key=parse_version)


def previous_release(releases: Path, below: str | None = None) -> Path | None:
    """The latest release under `releases` (strictly below version `below`, when given)."""
    versions = release_versions(releases)
    if below is not None:
        limit = parse_version(below)
        versions = [v for v in versions if parse_version(v) < limit]
    return releases / versions[-1] if versions else None


def read_ledger(release: Path) -> dict[str, str]:
    """`id -> split` of a release, from the Parquet files its manifest lists."""
    import pyarrow.parquet as pq

    from khobor.contracts.release_files import UnsafeRelease, member

    where = release / MANIFEST
    try:
        manifest = json.loads(member(release, MANIFEST).read_text(encoding="utf-8"))
        files = [
            (e["split"], member(release, e["path"])) for e in manifest["files"] if e.get("split")
        ]
    except UnsafeRelease as err:  # a path outside the release, or a link: never read
        raise LedgerError(f"{where}: cannot read the ledger: {err}") from None
    except (OSError, ValueError, RecursionError, LookupError, TypeError, AttributeError) as err:
        raise LedgerError(
            f"{where}: cannot read the ledger ({type(err).__name__}: {err})"
        ) from None
    ledger: dict[str, str] = {}
    for split, path in files:
        try:
            # `ParquetFile`, not `read_table`: the latter imports pyarrow.dataset and pandas
            with pq.ParquetFile(path) as shard:
                ids = shard.read(columns=["id"]).column("id").to_pylist()
        except (OSError, ValueError, KeyError, TypeError) as err:  # ArrowInvalid is a ValueError
            raise LedgerError(f"{path}: cannot read ids for the ledger ({err})") from None
        for record_id in ids:
            ledger[record_id] = split
    return ledger
