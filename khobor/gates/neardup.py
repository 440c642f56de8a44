"""Near duplicates across splits, recomputed from the bodies (never read from `dup_cluster`).

Two stages, so 100,000 bodies take seconds, not the minutes a per-record MinHash takes:

1. **candidates**, vectorized in Arrow and numpy: bodies are reduced to words the way
   `khobor.dedup.normalize_body` does (invisible marks dropped, case folded, anything but
   letters, digits and marks separating words), shingled into `shingle_words`-word windows,
   and given a 16-value MinHash (multiply-shift permutations of a 64-bit shingle hash); LSH
   with 8 bands of 2 values proposes pairs (at 0.8 Jaccard similarity a pair is missed with
   probability ~3e-5; at 0.6, ~3%). Only pairs whose records sit in different splits are kept.
2. **confirmation** with `khobor.dedup` itself: the same exact-body digest and the same
   MinHash signature (seed, permutations, threshold from the release's dedup policy) the
   build clustered with. A confirmed pair is a near-duplicate edge across splits.

A cluster that straddles splits always has at least one such edge, so checking edges is
enough.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np

from khobor.policy import DedupPolicy

if TYPE_CHECKING:
    import pyarrow as pa

Bodies: TypeAlias = "Sequence[str] | pa.Array"

N_BANDS, ROWS_PER_BAND = 8, 2
_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad")  # as khobor.dedup drops them
_INVISIBLE_RE = r"[\x{200b}-\x{200d}\x{feff}\x{ad}]"
_NOT_WORD_RE = r"[^\pL\pN\pM]+"
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a fast, well-spread 64-bit hash of uint64 values."""
    with np.errstate(over="ignore"):
        z = values + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def _word_codes(bodies: Bodies) -> tuple[np.ndarray, np.ndarray]:
    """(word code per word, offsets per body): words as integer codes, all bodies flat."""
    import pyarrow as pa

    from khobor.gates._arrow import pc

    text = bodies if isinstance(bodies, pa.Array) else pa.array(list(bodies), pa.large_string())
    # drop the invisible marks, only in the (few) bodies that carry one
    carrying = pc.match_substring_regex(text, _INVISIBLE_RE).fill_null(False)
    if pc.any(carrying).as_py():
        cleaned = text.filter(carrying)
        for char in _INVISIBLE:
            cleaned = pc.replace_substring(cleaned, char, "")
        text = pc.replace_with_mask(text, carrying, cleaned)
    text = pc.utf8_lower(text)
    text = pc.utf8_trim_whitespace(pc.replace_substring_regex(text, _NOT_WORD_RE, " "))
    # an empty string splits into one empty word: make it null (no words) first
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.large_string()), text)
    words = pc.utf8_split_whitespace(text)
    offsets = np.asarray(words.offsets, dtype=np.int64)
    flat = words.flatten()
    if len(flat) == 0:
        return np.zeros(0, dtype=np.uint64), offsets
    codes = pc.dictionary_encode(flat).indices
    return np.asarray(codes, dtype=np.int64).astype(np.uint64), offsets


def _shingle_hashes(codes: np.ndarray, offsets: np.ndarray, size: int) -> tuple[np.ndarray, ...]:
    """(hash per shingle, owning body per shingle), shingles of `size` words within a body; a
    body shorter than `size` words is one shingle."""
    n_words = len(codes)
    lengths = np.diff(offsets)
    owner_of_word = np.repeat(np.arange(len(lengths)), lengths)
    hashes_parts, owners_parts = [], []
    prime = np.uint64(0x100000001B3)  # FNV-style multiply-add over the word codes
    if n_words >= size:
        n_starts = n_words - size + 1
        owners = owner_of_word[:n_starts]
        ends_ok = np.arange(n_starts) + size <= offsets[1:][owners]
        h = np.zeros(n_starts, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(size):
                h = h * prime + codes[j : j + n_starts] + np.uint64(1)
        hashes_parts.append(_mix(h[ends_ok]))
        owners_parts.append(owners[ends_ok])
    short = np.flatnonzero((lengths > 0) & (lengths < size))
    if len(short):
        h_short = np.zeros(len(short), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for index, body in enumerate(short):
                value = np.uint64(0)
                for code in codes[offsets[body] : offsets[body + 1]]:
                    value = value * prime + code + np.uint64(1)
                h_short[index] = value
        hashes_parts.append(_mix(h_short))
        owners_parts.append(short)
    if not hashes_parts:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    hashes = np.concatenate(hashes_parts)
    owners = np.concatenate(owners_parts)
    if len(short):
        order = np.argsort(owners, kind="stable")
        hashes, owners = hashes[order], owners[order]
    return hashes, owners


def candidate_pairs(
    bodies: Bodies, splits: Sequence[str], shingle_words: int
) -> set[tuple[int, int]]:
    """Pairs (i < j) of bodies in different splits that LSH proposes as near duplicates."""
    codes, offsets = _word_codes(bodies)
    hashes, owners = _shingle_hashes(codes, offsets, shingle_words)
    if len(hashes) == 0:
        return set()
    bodies_with, starts = np.unique(owners, return_index=True)
    n_values = N_BANDS * ROWS_PER_BAND
    signature = np.empty((len(bodies_with), n_values), dtype=np.uint64)
    rng = np.random.default_rng(20250101)
    multipliers = rng.integers(1, 2**63, n_values, dtype=np.uint64) | np.uint64(1)
    offsets_k = rng.integers(0, 2**63, n_values, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n_values):
            # multiply-shift hashing: one multiply-add per shingle and permutation
            permuted = (hashes * multipliers[k] + offsets_k[k]) >> np.uint64(32)
            signature[:, k] = np.minimum.reduceat(permuted, starts)
    split_code = np.unique(np.asarray(splits), return_inverse=True)[1][bodies_with]
    pairs: set[tuple[int, int]] = set()
    for band in range(N_BANDS):
        cols = signature[:, band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND]
        key = cols[:, 0]
        with np.errstate(over="ignore"):
            for r in range(1, ROWS_PER_BAND):
                key = (key << np.uint64(32)) ^ cols[:, r]
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        same = sorted_key[1:] == sorted_key[:-1]
        if not same.any():
            continue
        # runs of equal keys: only their members are looked at
        in_run = np.zeros(len(order), dtype=np.bool_)
        in_run[1:] |= same
        in_run[:-1] |= same
        members, member_keys = order[in_run], sorted_key[in_run]
        boundaries = np.flatnonzero(member_keys[1:] != member_keys[:-1]) + 1
        for group in np.split(members, boundaries):
            if len(set(split_code[group].tolist())) < 2:
                continue
            # every member against the first member of each other split: O(group size)
            firsts: dict[int, int] = {}
            for member in group.tolist():
                firsts.setdefault(int(split_code[member]), member)
            for member in group.tolist():
                for split, first in firsts.items():
                    if split != split_code[member]:
                        a, b = int(bodies_with[member]), int(bodies_with[first])
                        pairs.add((min(a, b), max(a, b)))
    return pairs


def cross_split_near_duplicates(
    ids: Sequence[str], bodies: Bodies, splits: Sequence[str], policy: DedupPolicy
) -> list[dict[str, Any]]:
    """Confirmed near-duplicate pairs in different splits: `{"a", "b", "splits", "jaccard"}`,
    judged by `khobor.dedup` exactly as the build clusters."""
    from khobor.dedup import Deduper, body_digest

    deduper = Deduper(policy)
    signatures: dict[int, Any] = {}

    def body(index: int) -> str:
        value = bodies[index]
        text = value.as_py() if hasattr(value, "as_py") else value
        return text or ""

    def signature(index: int) -> Any:
        if index not in signatures:
            signatures[index] = deduper.signature(body(index))
        return signatures[index]

    found = []
    for a, b in sorted(candidate_pairs(bodies, splits, policy.shingle_words)):
        if body_digest(body(a)) == body_digest(body(b)):
            similarity = 1.0
        else:
            sig_a, sig_b = signature(a), signature(b)
            if sig_a is None or sig_b is None:
                continue
            similarity = float(sig_a.jaccard(sig_b))
        if similarity >= policy.threshold:
            found.append(
                {
                    "a": ids[a],
                    "b": ids[b],
                    "splits": [splits[a], splits[b]],
                    "jaccard": round(similarity, 3),
                }
            )
    return found
