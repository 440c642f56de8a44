"""Near duplicates across splits, recomputed from the bodies (never read from `dup_cluster`).

Every body is signed by `khobor.corpus.dedup.BodySigner` (the 16-byte digest of the normalized
body and the `num_perm` MinHash values the build clustered with), a batch of row groups at a
time, in worker processes on a big release (`sign_files`); only the signatures are kept
(about 0.55 KB a record). `cross_split_pairs` then links records as `khobor.corpus.dedup.Deduper`
does: the same normalized body, or an LSH candidate (`lsh_bands` of the release's policy)
confirmed at the threshold by the share of equal MinHash values; a pair is reported when its
records sit in different splits. A cluster that straddles splits always has at least one such
edge, so checking edges is enough.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np

from khobor.contracts.policy import DedupPolicy
from khobor.corpus.dedup import Signed, raw_digest

if TYPE_CHECKING:
    import pyarrow as pa

Bodies: TypeAlias = "Sequence[str] | pa.Array"


def sign_bodies(bodies: Sequence[str | None], policy: DedupPolicy) -> Signed:
    """`BodySigner.sign` of every body, plus a digest of the raw body."""
    from khobor.corpus.dedup import BodySigner

    signer = _signer(policy)
    assert isinstance(signer, BodySigner)
    n = len(bodies)
    raw = bytearray(16 * n)
    digest = bytearray(16 * n)
    values = np.zeros((n, policy.num_perm), dtype=np.uint32)
    signed = np.zeros(n, dtype=np.bool_)
    for index, body in enumerate(bodies):
        if body is None:
            continue
        raw[16 * index : 16 * index + 16] = raw_digest(body)
        found, minhash = signer.sign(body)
        digest[16 * index : 16 * index + 16] = found
        if minhash is not None:
            values[index], signed[index] = minhash, True
    return Signed(
        np.frombuffer(bytes(raw), dtype="<u8").reshape(n, 2),
        np.frombuffer(bytes(digest), dtype="<u8").reshape(n, 2),
        values,
        signed,
    )


_SIGNERS: dict[DedupPolicy, Any] = {}


def _signer(policy: DedupPolicy) -> Any:
    from khobor.corpus.dedup import BodySigner

    if policy not in _SIGNERS:
        _SIGNERS[policy] = BodySigner(policy)
    return _SIGNERS[policy]


def sign_row_groups(path: str, groups: list[int], policy: DedupPolicy) -> Signed:
    """Worker: sign the bodies of some row groups of one Parquet file."""
    import pyarrow.parquet as pq

    table = pq.ParquetFile(path).read_row_groups(groups, columns=["body"])
    return sign_bodies(table.column("body").to_pylist(), policy)


PARALLEL_MIN_ROWS = 20_000  # below this, worker processes cost more than they save
TASK_ROWS = 20_000  # rows per signing task


def sign_files(files: Sequence[tuple[Path, int]], policy: DedupPolicy) -> Signed:
    """Sign every body of the Parquet files (path, rows) in order, in worker processes (one
    per CPU) when there are many; each task reads and signs ~`TASK_ROWS` rows."""
    import os
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    import pyarrow.parquet as pq

    tasks: list[tuple[str, list[int]]] = []
    for path, _ in files:
        metadata = pq.ParquetFile(path).metadata
        groups: list[int] = []
        size = 0
        for group in range(metadata.num_row_groups):
            groups.append(group)
            size += metadata.row_group(group).num_rows
            if size >= TASK_ROWS:
                tasks.append((str(path), groups))
                groups, size = [], 0
        if groups:
            tasks.append((str(path), groups))
    total = sum(rows for _, rows in files)
    workers = os.cpu_count() or 1
    if total < PARALLEL_MIN_ROWS or workers < 2 or len(tasks) < 2:
        parts = [sign_row_groups(path, groups, policy) for path, groups in tasks]
    else:
        from khobor.system.atomic import (
            die_with_parent,  # a killed `khobor` leaves no signer behind
        )
        from khobor.system.interrupts import deferred

        with ProcessPoolExecutor(
            workers,
            mp_context=get_context("spawn"),
            initializer=die_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            with deferred():  # the processes start in these submits
                signed = pool.map(
                    sign_row_groups,
                    [t[0] for t in tasks],
                    [t[1] for t in tasks],
                    [policy] * len(tasks),
                )
            parts = list(signed)
    return Signed.join(parts, policy.num_perm)


def sign_files_in_background(
    files: Sequence[tuple[Path, int]], policy: DedupPolicy
) -> Future[Signed]:
    """`sign_files` started now, from a helper thread: the signing processes run while the
    calling process goes on with other gates (pandera, Great Expectations use one core)."""
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(1, thread_name_prefix="khobor-sign")
    try:
        return pool.submit(sign_files, list(files), policy)
    finally:
        pool.shutdown(wait=False)  # the thread ends when the signing does


def _groups_of(keys: np.ndarray) -> list[np.ndarray]:
    """Positions sharing a key (rows of `keys`, (n, k) uint64), groups of two or more."""
    if not len(keys):
        return []
    _, inverse, counts = np.unique(keys, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.ravel()
    repeated = np.flatnonzero(counts > 1)
    if not len(repeated):
        return []
    members = np.flatnonzero(np.isin(inverse, repeated))
    order = members[np.argsort(inverse[members], kind="stable")]
    bounds = np.flatnonzero(np.diff(inverse[order])) + 1
    return np.split(order, bounds)


def exact_groups(signed: Signed) -> list[np.ndarray]:
    """Positions of records sharing a raw body, group by group."""
    present = np.flatnonzero(signed.raw.any(axis=1))
    return [present[g] for g in _groups_of(signed.raw[present])]


MAX_LINKED_COPIES = 64  # copies of one normalized body paired with another record, at most


def cross_split_pairs(
    signed: Signed, split_codes: np.ndarray, policy: DedupPolicy
) -> list[tuple[int, int, float]]:
    """Confirmed near-duplicate pairs (a < b, positions) in different splits, with their
    estimated Jaccard similarity, as `khobor.corpus.dedup.Deduper` links records: the same
    normalized body (similarity 1), or `khobor.corpus.dedup.near_pairs` (the build's LSH core, with
    `lsh_bands` of the policy) over one record per normalized body."""
    from khobor.corpus.dedup import lsh_bands, near_pairs

    count = len(signed.signed)
    members_of = np.arange(count)
    # exact (normalized) duplicates: one representative per digest
    _, first, inverse = np.unique(signed.digest, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    representative = first[inverse]
    groups: dict[int, list[int]] = {}
    for position in np.flatnonzero(representative != members_of).tolist():
        groups.setdefault(int(representative[position]), [int(representative[position])]).append(
            position
        )
    found: dict[tuple[int, int], float] = {}

    def link(group_a: list[int], group_b: list[int], similarity: float) -> None:
        for a in group_a[:MAX_LINKED_COPIES]:
            for b in group_b[:MAX_LINKED_COPIES]:
                if a != b and split_codes[a] != split_codes[b]:
                    key = (min(a, b), max(a, b))
                    found[key] = max(found.get(key, 0.0), similarity)

    for group in groups.values():
        link(group, group, 1.0)
    reps = np.flatnonzero(signed.signed & (representative == members_of))
    bands, rows = lsh_bands(policy.threshold, policy.num_perm)
    pairs, similarities = near_pairs(signed.values, reps, bands, rows, policy.threshold)
    for (a, b), similarity in zip(pairs.tolist(), similarities.tolist(), strict=True):
        link(groups.get(a, [a]), groups.get(b, [b]), round(similarity, 3))
    return sorted((a, b, similarity) for (a, b), similarity in found.items())


def cross_split_near_duplicates(
    ids: Sequence[str], bodies: Bodies, splits: Sequence[str], policy: DedupPolicy
) -> list[dict[str, Any]]:
    """Confirmed near-duplicate pairs in different splits: `{"a", "b", "splits", "jaccard"}`,
    judged by `khobor.corpus.dedup` exactly as the build clusters (bodies in memory: a few)."""
    texts = bodies.to_pylist() if hasattr(bodies, "to_pylist") else list(bodies)
    codes = np.unique(np.asarray(splits), return_inverse=True)[1].ravel()
    return [
        {"a": ids[a], "b": ids[b], "splits": [splits[a], splits[b]], "jaccard": similarity}
        for a, b, similarity in cross_split_pairs(sign_bodies(texts, policy), codes, policy)
    ]
