"""Duplicate clusters: exact duplicates by normalized-body hash, near duplicates by MinHash LSH.

Records are added one at a time (`Deduper.add`, or `Deduper.add_signed` with a digest and a
signature computed elsewhere, e.g. in a worker process by `BodySigner`); only a 16-byte
digest and a MinHash signature are kept per record, never the text. **Exact duplicates** are
decided here, once: a record whose normalized body is one already added is refused, and `add`
returns the position of the record kept (the first); the build quarantines the copy
(`duplicate_body`), `cluster_bodies` puts it in the kept record's cluster. `Deduper.clusters()`
then gives every record added its `dup_cluster`: the smallest id among the records linked to
it by near-duplicate pairs (transitively), so the cluster id does not depend on input order.

**MinHash, vectorised.** The normalized body's words are hashed once each (BLAKE2b, 64 bits,
memoised per process); a shingle's key is a splitmix64 chain over its words' hashes, folded to
32 bits; the `num_perm` permutations are the multiply-add-shift family
`((a·x + b) mod 2⁶⁴) >> 32` (Dietzfelbinger: strongly universal for 32-bit keys), applied to
all shingles of a body at once as one `num_perm × shingles` numpy array. The signature is the
column-wise minimum, `num_perm` unsigned 32-bit values. Nothing depends on the process, the
platform's hash seed or the input order: the same body always gets the same signature.

**LSH, at the end.** `clusters()` bands the signatures (`bands × rows` from `lsh_bands`: a pair
at the threshold is missed with probability at most 1e-6) with `near_pairs`, the one LSH core
the release gates use too: it hashes each band to 64 bits, sorts each band's keys and reads
candidate pairs off runs of equal keys. A candidate pair is kept only when its estimated
Jaccard similarity (share of equal signature values) reaches the threshold (LSH alone also
proposes some pairs below it).

**Memory** (what deduplication must keep, per record added):

* `num_perm × 4` bytes of signature (512 B at the default 128 permutations),
* one flag byte, and the 16-byte exact-duplicate digest as a key of the digest → position
  index that finds a body already added (~130 B an entry with the dict's overhead),
* the record id: one `str` (~65 B for a 16-hex id) in a list plus one dict entry
  (~100 B) for the id → position index,

so about 0.7 KB a record: ~0.7 GB at a million records. `clusters()` adds, for the time it
runs, 8 bytes a record per band key plus an 8-byte sort order (one band at a time), the
confirmed pairs (16 bytes each) and the `id -> dup_cluster` dict it returns (~100 B a record).
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from khobor.contracts.policy import DedupPolicy
from khobor.system.heap import trim_heap
from khobor.text.normalize import is_nfc_fast

# Characters dropped before comparing bodies: zero-width joiners and marks that change the
# bytes, not the words (ZWNJ/ZWJ are used inconsistently in Bengali web text).
_INVISIBLE = (
    "\N{ZERO WIDTH NON-JOINER}",
    "\N{ZERO WIDTH JOINER}",
    "\N{ZERO WIDTH SPACE}",
    "\N{BYTE ORDER MARK}",
    "\N{SOFT HYPHEN}",
)

_SHIFT32 = np.uint64(32)
_WORD_CACHE_MAX = 1 << 20  # memoised word hashes per process (~100 MB when full), then reset


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@functools.cache
def _plane_class() -> str:
    """The character class of letters, digits and combining marks (`str.isalnum` or Unicode
    category M) of the Basic Multilingual Plane, every one listed as ranges (~440 with the
    running Python's Unicode database): `re` compiles it to a bitmap, one lookup a character,
    where a class of `\\w` and the marks tested the category first and the ranges after it
    (`bench/results/docstring_timings.txt`)."""
    words: list[tuple[int, int]] = []
    for code in range(0x10000):
        char = chr(code)
        if char.isalnum() or unicodedata.category(char)[0] == "M":
            _extend(words, code)
    return f"[{_ranges(words)}]"


@functools.cache
def _plane_words() -> re.Pattern[str]:
    """Runs of letters, digits and combining marks in text within the Basic Multilingual
    Plane."""
    return re.compile(f"{_plane_class()}+")


@functools.cache
def _any_words() -> re.Pattern[str]:
    """`_plane_words` for any text. Marks above U+FFFF in a class make `re` test every
    character against a list of ranges, and finding them scans every code point (timings:
    `bench/results/docstring_timings.txt`): built only when a text holds such characters.
    They stand beside `\\w`: exactly `str.isalnum` plus the underscore (turned into a space
    before matching)."""
    marks: list[tuple[int, int]] = []
    for code in range(0x10000, sys.maxunicode + 1):
        if unicodedata.category(chr(code))[0] == "M":
            _extend(marks, code)
    return re.compile(rf"(?:{_plane_class()}|[\w{_ranges(marks)}])+")


def _extend(ranges: list[tuple[int, int]], code: int) -> None:
    """Add `code` to sorted, disjoint `ranges`, codes coming in increasing order."""
    if ranges and ranges[-1][1] == code - 1:
        ranges[-1] = (ranges[-1][0], code)
    else:
        ranges.append((code, code))


def _ranges(ranges: list[tuple[int, int]]) -> str:
    """The inside of a character class holding `ranges`."""
    return "".join(
        re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"
        for low, high in ranges
    )


def normalize_body(text: str) -> str:
    """The body as compared for duplicates: NFC, case-folded, invisible marks dropped,
    punctuation and whitespace collapsed to single spaces.

    >>> normalize_body("ঢাকা।  দেশের\\u200c খবর!\\n\\nAB")
    'ঢাকা দেশের খবর ab'
    """
    return " ".join(_words(text))


def _words(text: str, *, known_nfc: bool = False) -> list[str]:
    """Words: runs of letters, digits and combining marks. Punctuation separates words
    ("দেশ।" and "দেশ" are one word; the danda is punctuation), and Bengali vowel signs,
    which `str.isalnum` rejects (category Mc/Mn), stay inside their word. `known_nfc`: the
    caller knows `text` is NFC (a record's body, whose page `normalize_text` made NFC).

    >>> _words("দেশ। a_b কিম")
    ['দেশ', 'a', 'b', 'কিম']
    """
    if not known_nfc and not is_nfc_fast(text):  # bodies are NFC already: skip the slow check
        text = unicodedata.normalize("NFC", text)
    for mark in _INVISIBLE:  # `str.replace` a few times is faster than `str.translate`
        if mark in text:
            text = text.replace(mark, "")
    text = text.casefold().replace("_", " ")
    return (_any_words() if _ASTRAL.search(text) else _plane_words()).findall(text)


def body_digest(text: str) -> bytes:
    """16-byte digest of the normalized body (exact-duplicate key)."""
    return _digest(normalize_body(text))


def _digest(normalized: str) -> bytes:
    return hashlib.sha256(normalized.encode("utf-8")).digest()[:16]


def shingles(text: str, size: int) -> set[bytes]:
    """Word shingles of the normalized body; a body shorter than `size` words is one shingle.

    >>> sorted(s.decode() for s in shingles("ক খ গ ঘ", 3))
    ['ক খ গ', 'খ গ ঘ']
    >>> shingles("", 3)
    set()
    """
    words = _words(text)
    if not words:
        return set()
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def mix64(values: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser over uint64 values (wrapping arithmetic)."""
    with np.errstate(over="ignore"):
        z = values + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


MAX_MISS = 1e-6  # most probability that LSH fails to propose a pair at the threshold


def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) of the LSH index: among the splits of `num_perm` for which a
    pair exactly at `threshold` is proposed with probability at least 1 - `MAX_MISS`, the one
    proposing the fewest pairs below it (area under the candidate curve on [0, threshold]);
    when none reaches that, the one missing least.

    Recall first: a pair above the threshold that LSH does not propose could end in two
    splits (the `near_duplicates_across_splits` gate would then refuse the release), while a
    pair proposed below it only costs one signature comparison. datasketch's choice (equal
    weights, (9, 13) at 0.8 / 128) misses a pair at 0.85 almost one time in three.

    >>> lsh_bands(0.8, 128)
    (27, 4)
    """
    grid = np.linspace(0.0, 1.0, 4001)
    below = grid <= threshold
    best: tuple[float, float, int, int] | None = None  # (miss beyond MAX_MISS, fp, b, r)
    for rows in range(1, num_perm + 1):
        for bands in range(1, num_perm // rows + 1):
            miss = (1.0 - threshold**rows) ** bands
            candidate = 1.0 - (1.0 - grid[below] ** rows) ** bands
            key = (max(0.0, miss - MAX_MISS), _integral(candidate, grid[below]), bands, rows)
            if best is None or key < best:
                best = key
    assert best is not None
    return best[2], best[3]


def _integral(values: np.ndarray, points: np.ndarray) -> float:
    """Trapezoidal rule."""
    return float(np.sum((values[1:] + values[:-1]) * np.diff(points)) / 2)


MAX_PAIRS_AT_ONCE = 1 << 16  # candidate pairs compared in one numpy step (bounds memory)


def near_pairs(
    signatures: np.ndarray, members: np.ndarray, bands: int, rows: int, threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    """The LSH core of the build (`Deduper`) and the gates (`khobor.gates.neardup`): distinct
    pairs (a < b, positions among `members`, a sorted (k, 2) int64 array) sharing at least one
    band, whose estimated Jaccard similarity (share of equal values) reaches `threshold`, and
    those similarities.

    Every pair of a bucket is compared, however big the bucket: a star from its first member
    would miss two members alike to each other and not to it, and the gates must find every
    link the build made. A big bucket's pairs are compared a block at a time, so memory holds
    the confirmed pairs, not the candidates.
    """
    count = len(signatures)
    kept: list[np.ndarray] = []
    for band in range(bands):
        columns = signatures[members, band * rows : (band + 1) * rows].astype(np.uint64)
        key = np.zeros(len(members), dtype=np.uint64)
        for column in range(columns.shape[1]):
            key = mix64(key ^ columns[:, column])
        for block in _bucket_pairs(members, key):
            similar = _similarity(signatures, block) >= threshold
            kept.append(block[similar, 0] * count + block[similar, 1])
    codes = np.unique(np.concatenate(kept)) if kept else np.zeros(0, dtype=np.int64)
    pairs = np.stack([codes // max(count, 1), codes % max(count, 1)], axis=1).astype(np.int64)
    return pairs, _similarity(signatures, pairs)


def _similarity(signatures: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Share of equal MinHash values of each pair of positions."""
    equal = signatures[pairs[:, 0]] == signatures[pairs[:, 1]]
    return np.count_nonzero(equal, axis=1) / signatures.shape[1]


def _bucket_pairs(members: np.ndarray, key: np.ndarray) -> Iterator[np.ndarray]:
    """Every pair (a < b, positions) of `members` with equal `key`, in blocks of about
    `MAX_PAIRS_AT_ONCE` pairs (a bucket too big for one block comes a row at a time)."""
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, len(ordered)])
    found: list[np.ndarray] = []
    pending = 0
    for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):
        group = np.sort(members[order[start : start + size]]).astype(np.int64)
        if size * (size - 1) // 2 > MAX_PAIRS_AT_ONCE:
            for row in range(size - 1):
                rest = group[row + 1 :]
                yield np.stack([np.full(len(rest), group[row]), rest], axis=1)
            continue
        left, right = np.triu_indices(size, k=1)
        found.append(np.stack([group[left], group[right]], axis=1))
        pending += len(left)
        if pending >= MAX_PAIRS_AT_ONCE:
            yield np.concatenate(found)
            found, pending = [], 0
    if found:
        yield np.concatenate(found)


@dataclass(frozen=True, slots=True, eq=False)
class Signature:
    """A body's MinHash: `num_perm` uint32 values."""

    hashvalues: np.ndarray

    def jaccard(self, other: Signature) -> float:
        """Estimated Jaccard similarity: the share of equal values."""
        if len(self.hashvalues) != len(other.hashvalues):
            raise ValueError("signatures of different num_perm cannot be compared")
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / len(self.hashvalues)


class BodySigner:
    """Computes a body's (exact-duplicate digest, MinHash values or None) — cheap to build,
    picklable, so worker processes sign the bodies they extract."""

    def __init__(self, policy: DedupPolicy) -> None:
        self.policy = policy
        # permutation parameters derived from the seed only (numpy's legacy generator is
        # stable across numpy versions); `a` odd
        rng = np.random.RandomState(policy.seed)
        words = rng.randint(0, 1 << 32, size=(4, policy.num_perm), dtype=np.uint64)
        self._a = ((words[0] << _SHIFT32) | words[1] | np.uint64(1))[:, None]
        self._b = ((words[2] << _SHIFT32) | words[3])[:, None]
        # odd multipliers for a word's position inside a shingle: order matters, "ক খ" ≠ "খ ক"
        positions = np.arange(1, policy.shingle_words + 1, dtype=np.uint64)
        self._position = [np.uint64(v) for v in (mix64(positions) | np.uint64(1)).tolist()]
        self._word_hash: dict[str, int] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"policy": self.policy}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["policy"])  # type: ignore[misc]

    def _hash_words(self, words: list[str]) -> np.ndarray:
        cache = self._word_hash
        if len(cache) > _WORD_CACHE_MAX:
            cache.clear()
        try:
            return np.array([cache[word] for word in words], dtype=np.uint64)
        except KeyError:  # a word not seen yet in this process
            for word in words:
                if word not in cache:
                    digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
                    cache[word] = int.from_bytes(digest, "little")
            return np.array([cache[word] for word in words], dtype=np.uint64)

    def shingle_keys(self, words: list[str]) -> np.ndarray:
        """The 32-bit key of every shingle of a list of normalized words, in order, repeats
        kept: a minimum over a multiset is the minimum over its set, so `minhash` needs no
        `np.unique` (a sort per body) to give the same values."""
        size = self.policy.shingle_words
        hashes = self._hash_words(words)
        count = max(1, len(words) - size + 1)
        width = min(size, len(words))
        key = np.zeros(count, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for offset in range(width):
                key += hashes[offset : offset + count] * self._position[offset]
        return mix64(key) >> _SHIFT32

    def minhash(self, keys: np.ndarray) -> np.ndarray:
        """The `num_perm` uint32 MinHash values of a non-empty multiset of 32-bit keys."""
        with np.errstate(over="ignore"):
            permuted = self._a * keys[None, :]
            permuted += self._b
        # the shift is monotone: the minimum's high half is the minimum of the high halves
        return (permuted.min(axis=1) >> _SHIFT32).astype(np.uint32)

    def sign(self, body: str, *, known_nfc: bool = False) -> tuple[bytes, np.ndarray | None]:
        """(16-byte digest of the normalized body, MinHash values or None for no words);
        `known_nfc`: as `_words`'."""
        words = _words(body, known_nfc=known_nfc)
        digest = _digest(" ".join(words))
        if not words:
            return digest, None
        return digest, self.minhash(self.shingle_keys(words))


class _UnionFind:
    """Union-find over record positions; a root is its set's smallest id."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self.parent: dict[int, int] = {}
        self.touched: set[int] = set()  # positions in a set of two or more

    def find(self, item: int) -> int:
        root = item
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(item, item) != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        self.touched.update((a, b))
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = (ra, rb) if self.ids[ra] < self.ids[rb] else (rb, ra)
            self.parent[high] = low


@dataclass
class DedupStats:
    records: int = 0
    exact_pairs: int = 0  # records refused: their normalized body equals an earlier record's
    near_pairs: int = 0  # LSH candidate pairs confirmed at the threshold
    clusters: int = 0
    clustered_records: int = 0  # records in a cluster of two or more


@dataclass
class Signed:
    """What the near-duplicate and exact-duplicate checks keep per record (about 0.55 KB a
    record at 128 permutations): the 16-byte digest of the raw body (zero for a null body), the
    16-byte digest of the normalized body and the MinHash values, both by `khobor.corpus.dedup`'s
    `BodySigner`, and whether the body has words."""

    raw: np.ndarray  # (n, 2) uint64
    digest: np.ndarray  # (n, 2) uint64
    values: np.ndarray  # (n, num_perm) uint32
    signed: np.ndarray  # (n,) bool

    @classmethod
    def join(cls, parts: Sequence[Signed], num_perm: int) -> Signed:
        if not parts:
            return cls(
                np.zeros((0, 2), np.uint64),
                np.zeros((0, 2), np.uint64),
                np.zeros((0, num_perm), np.uint32),
                np.zeros(0, np.bool_),
            )
        return cls(*(np.concatenate([getattr(p, f) for p in parts]) for f in _FIELDS))


_FIELDS = ("raw", "digest", "values", "signed")


def raw_digest(body: str) -> bytes:
    """16-byte digest of a body as it is (the exact-duplicate gate's key)."""
    return hashlib.blake2b(body.encode("utf-8"), digest_size=16).digest()


@dataclass
class Deduper:
    """Streams (id, body) — or (id, digest, signature) — pairs in; gives `id -> dup_cluster`
    out."""

    policy: DedupPolicy = field(default_factory=DedupPolicy)
    stats: DedupStats = field(default_factory=DedupStats)

    def __post_init__(self) -> None:
        self.signer = BodySigner(self.policy)
        self.bands, self.rows = lsh_bands(self.policy.threshold, self.policy.num_perm)
        self._ids: list[str] = []
        self._position: dict[str, int] = {}
        self._kept: dict[bytes, int] = {}  # normalized-body digest -> position of the record kept
        self._values = bytearray()
        self._signed = bytearray()  # 1 when the record has a signature (a non-empty body)
        self._empty = bytes(4 * self.policy.num_perm)

    def __len__(self) -> int:
        return len(self._ids)

    def position_of(self, record_id: str) -> int | None:
        """The order in which a record was added (0-based), or None when it was not."""
        return self._position.get(record_id)

    def signature(self, text: str) -> Signature | None:
        """The MinHash of a body, or None when it has no words."""
        values = self.signer.sign(text)[1]
        return None if values is None else Signature(values)

    def add(self, record_id: str, body: str) -> int | None:
        """`add_signed` of the body's digest and signature."""
        return self.add_signed(record_id, *self.signer.sign(body))

    def add_signed(self, record_id: str, digest: bytes, values: np.ndarray | None) -> int | None:
        """Add a record by what `BodySigner.sign` (same policy) gave for its body; or, when a
        record with the same normalized body (digest) was added before, refuse it and return
        that record's position: the first copy of an exact body is the one kept."""
        if record_id in self._position:
            raise ValueError(f"record id {record_id!r} added twice")
        if len(digest) != 16:
            raise ValueError(f"record {record_id!r}: digest must be 16 bytes")
        kept = self._kept.setdefault(digest, len(self._ids))
        if kept != len(self._ids):
            self.stats.exact_pairs += 1
            return kept
        self._position[record_id] = len(self._ids)
        self._ids.append(record_id)
        if values is None:
            self._values += self._empty
            self._signed.append(0)
        else:
            if values.shape != (self.policy.num_perm,):
                raise ValueError(f"record {record_id!r}: signature of the wrong length")
            self._values += values.astype("<u4", copy=False).tobytes()
            self._signed.append(1)
        self.stats.records += 1
        return None

    def id_at(self, position: int) -> str:
        """The id of the record added at `position`."""
        return self._ids[position]

    def _signatures(self) -> np.ndarray:
        return np.frombuffer(self._values, dtype="<u4").reshape(-1, self.policy.num_perm)

    def hand_over(self, ids: Sequence[str], raw: bytes) -> Signed:
        """What the duplicate gates would sign of the bodies of records `ids` (in this order),
        from what was added: no body is signed again. `raw`: their `raw_digest`s, joined.
        The deduper is emptied: its maps of ids and digests go before the signatures are
        copied into the gates' order, and its signatures after (at a million records the
        maps are ~0.3 GB and the signatures 0.5 GB: none of them sits beside the copy longer
        than it must)."""
        positions = np.fromiter(
            (self._position[record_id] for record_id in ids), dtype=np.int64, count=len(ids)
        )
        digests = np.zeros((len(self._ids), 2), dtype="<u8")
        if self._kept:  # every record's digest is the key of exactly one entry
            digests[np.fromiter(self._kept.values(), np.int64, len(self._kept))] = np.frombuffer(
                b"".join(self._kept), dtype="<u8"
            ).reshape(-1, 2)
        self._ids, self._position, self._kept = [], {}, {}
        trim_heap()
        values, self._values = self._signatures(), bytearray()
        signed, self._signed = np.frombuffer(self._signed, dtype=np.uint8), bytearray()
        # a fancy index copies once; `astype(copy=False)` does not copy again
        return Signed(
            np.frombuffer(raw, dtype="<u8").reshape(-1, 2).astype(np.uint64),
            digests[positions].astype(np.uint64, copy=False),
            values[positions].astype(np.uint32, copy=False),
            signed[positions].astype(np.bool_, copy=False),
        )

    def clusters(self) -> dict[str, str]:
        """`id -> dup_cluster` for every record added (the smallest id of its cluster)."""
        links = _UnionFind(self._ids)
        signatures = self._signatures()
        members = np.flatnonzero(np.frombuffer(self._signed, dtype=np.uint8))
        pairs, _ = near_pairs(signatures, members, self.bands, self.rows, self.policy.threshold)
        for a, b in pairs.tolist():
            links.union(a, b)
        self.stats.near_pairs = len(pairs)

        result = {record_id: record_id for record_id in self._ids}
        roots = set()
        for position in sorted(links.touched):
            root = links.find(position)
            roots.add(root)
            result[self._ids[position]] = self._ids[root]
        self.stats.clustered_records = len(links.touched)
        self.stats.clusters = len(self._ids) - len(links.touched) + len(roots)
        return result


def cluster_bodies(
    bodies: Mapping[str, str] | Iterable[tuple[str, str]], policy: DedupPolicy | None = None
) -> dict[str, str]:
    """`id -> dup_cluster` for (id, body) pairs; a convenience over `Deduper`.

    >>> cluster_bodies({"b": "এক দুই তিন চার পাঁচ ছয়", "a": "এক দুই তিন চার পাঁচ ছয়!", "c": "অন্য"})
    {'b': 'a', 'a': 'a', 'c': 'c'}
    """
    deduper = Deduper(policy or DedupPolicy())
    items = bodies.items() if isinstance(bodies, Mapping) else bodies
    copies: dict[str, str] = {}  # id -> id of the record kept with the same normalized body
    order = []
    for record_id, body in items:
        order.append(record_id)
        kept = deduper.add(record_id, body)
        if kept is not None:
            copies[record_id] = deduper.id_at(kept)
    clusters = deduper.clusters()
    clusters.update((copy, clusters[kept]) for copy, kept in copies.items())
    smallest: dict[str, str] = {}
    for record_id, cluster in clusters.items():
        smallest[cluster] = min(smallest.get(cluster, record_id), record_id)
    return {record_id: smallest[clusters[record_id]] for record_id in order}


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    """Exact Jaccard similarity of two shingle sets (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0
